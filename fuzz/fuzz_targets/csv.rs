//! Any bytes as a delivered CSV file: decode, read, map the header, validate every row.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pipeline::bron::proefdraai::csv(data);
});
