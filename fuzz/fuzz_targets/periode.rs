//! Any text as a period, date, month or code.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pipeline::bron::proefdraai::periode(data);
});
