//! `Observations::from_fingertips_csv_reader` never panics on any bytes; what loads writes to
//! the long CSV and JSON and reads back to the same rows.
#![no_main]

use libfuzzer_sys::fuzz_target;
use outcomes_core::data::Observations;
use outcomes_fuzz::{check_observation_round_trips, check_skipping_agrees};

fuzz_target!(|data: &[u8]| {
    let strict = Observations::from_fingertips_csv_reader(data);
    let skipping = Observations::from_fingertips_csv_reader_skipping(data);
    check_skipping_agrees(&strict, &skipping);
    if let Ok(obs) = strict {
        check_observation_round_trips(&obs);
    }
});
