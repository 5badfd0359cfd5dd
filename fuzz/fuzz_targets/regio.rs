//! Any text as a region configuration (TOML).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pipeline::bron::proefdraai::regio(data);
});
