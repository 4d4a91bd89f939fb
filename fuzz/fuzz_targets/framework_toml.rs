//! `Framework::from_toml_str` then `validate()` never panic; a framework that loads saves to
//! TOML (and, when its numbers are finite, JSON) and loads back unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use outcomes_core::model::Framework;
use outcomes_fuzz::check_framework_round_trips;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(fw) = Framework::from_toml_str(text) {
        check_framework_round_trips(&fw);
    }
});
