//! The library version, at run time and in the header.
//!
//! The header carries `#define OUTCOMES_VERSION "x.y.z"` (written by `ffi/cbindgen.toml`
//! `after_includes`, since cbindgen does not export string constants) and the three numeric
//! parts below. Tests check all of them against `CARGO_PKG_VERSION`, so a header that does not
//! match the library is caught, as `SQLite` does with `sqlite3_libversion_number`.

use std::ffi::{CStr, c_char};

use crate::guard::guard_or;

/// Major version of liboutcomes (the `x` of `x.y.z`), as the header was generated.
pub const OUTCOMES_VERSION_MAJOR: u32 = 0;

/// Minor version of liboutcomes (the `y` of `x.y.z`), as the header was generated.
pub const OUTCOMES_VERSION_MINOR: u32 = 1;

/// Patch version of liboutcomes (the `z` of `x.y.z`), as the header was generated.
pub const OUTCOMES_VERSION_PATCH: u32 = 0;

/// The version of the library actually loaded, as "x.y.z". It equals the header's
/// `OUTCOMES_VERSION` macro when the header and library come from the same build; compare them
/// at start-up (`strcmp(oc_version(), OUTCOMES_VERSION) == 0`) to catch a mismatch.
///
/// Ownership and lifetime: a static string owned by the library; never free it. Never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn oc_version() -> *const c_char {
    const VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(v) => v,
            Err(_) => panic!("CARGO_PKG_VERSION holds a NUL byte"),
        };
    guard_or(c"".as_ptr(), || VERSION.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_parts_match_the_package_version() {
        assert_eq!(
            OUTCOMES_VERSION_MAJOR.to_string(),
            env!("CARGO_PKG_VERSION_MAJOR")
        );
        assert_eq!(
            OUTCOMES_VERSION_MINOR.to_string(),
            env!("CARGO_PKG_VERSION_MINOR")
        );
        assert_eq!(
            OUTCOMES_VERSION_PATCH.to_string(),
            env!("CARGO_PKG_VERSION_PATCH")
        );
        // SAFETY: oc_version returns a static NUL-terminated string.
        let v = unsafe { CStr::from_ptr(oc_version()) };
        assert_eq!(v.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn header_and_cbindgen_config_carry_the_package_version() {
        let dir = env!("CARGO_MANIFEST_DIR");
        let define = format!("#define OUTCOMES_VERSION \"{}\"", env!("CARGO_PKG_VERSION"));
        let config = std::fs::read_to_string(format!("{dir}/cbindgen.toml")).unwrap();
        assert!(
            config.contains(&define),
            "ffi/cbindgen.toml after_includes must hold {define}; update it with the version"
        );
        let header = std::fs::read_to_string(format!("{dir}/../include/outcomes.h")).unwrap();
        assert!(
            header.contains(&define),
            "include/outcomes.h must hold {define}; regenerate it with tests/c/run.sh"
        );
        for (name, value) in [
            ("OUTCOMES_VERSION_MAJOR", OUTCOMES_VERSION_MAJOR),
            ("OUTCOMES_VERSION_MINOR", OUTCOMES_VERSION_MINOR),
            ("OUTCOMES_VERSION_PATCH", OUTCOMES_VERSION_PATCH),
        ] {
            let line = format!("#define {name} {value}");
            assert!(
                header.contains(&line),
                "include/outcomes.h must hold {line}"
            );
        }
    }
}
