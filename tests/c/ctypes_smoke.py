#!/usr/bin/env python3
"""Calls liboutcomes the way a foreign host would: Python's ctypes, standard library only.

    python3 tests/c/ctypes_smoke.py path/to/liboutcomes.so FIXTURES_DIR [TMP_DIR]

(TMP_DIR, which tests/c/run.sh passes to every test, is not used.)

Declares the C signatures from include/outcomes.h by hand, as a host without a binding
generator must, and checks oc_version, oc_proportion (a PHEindicatormethods 2.1.0 reference
case and the x > n error), and oc_framework_from_path / oc_framework_validate / the free
functions. Strings the library returns are taken as void pointers so that they can be given
back to oc_string_free; ctypes' c_char_p would copy them and lose the pointer. The last line
is "N passed, M failed"; the exit status is 0 only when nothing failed.
"""

import ctypes
import json
import math
import os
import sys

OC_STATUS_OK = 0
OC_STATUS_NULL_ARGUMENT = 1
OC_STATUS_IO_ERROR = 8
OC_STATUS_METHOD_ERROR = 7

passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}", file=sys.stderr)


class Framework(ctypes.Structure):
    """The opaque oc_framework: only pointers to it are used."""


def load(path):
    lib = ctypes.CDLL(path)
    c_double_p = ctypes.POINTER(ctypes.c_double)
    framework_p = ctypes.POINTER(Framework)
    # oc_status is a uint32_t.
    sigs = {
        "oc_version": ([], ctypes.c_char_p),
        "oc_last_error_message": ([], ctypes.c_char_p),
        "oc_last_error_path": ([], ctypes.c_char_p),
        "oc_string_free": ([ctypes.c_void_p], None),
        "oc_proportion": (
            [c_double_p, c_double_p, ctypes.c_size_t, ctypes.c_double, ctypes.c_double,
             c_double_p, c_double_p, c_double_p],
            ctypes.c_uint32,
        ),
        "oc_framework_from_path": (
            [ctypes.c_char_p, ctypes.POINTER(framework_p)], ctypes.c_uint32),
        "oc_framework_validate": (
            [framework_p, ctypes.POINTER(ctypes.c_void_p)], ctypes.c_uint32),
        "oc_framework_free": ([framework_p], None),
    }
    for name, (args, res) in sigs.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = res
    return lib


def take_string(lib, ptr):
    """Copies a library string and frees it with oc_string_free."""
    check(ptr.value is not None, "a string came back")
    text = ctypes.string_at(ptr.value).decode("utf-8")
    lib.oc_string_free(ptr)
    return text


def header_version(root):
    with open(os.path.join(root, "include", "outcomes.h"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#define OUTCOMES_VERSION "):
                return line.split('"')[1]
    return None


def close(a, b):
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    lib = load(sys.argv[1])
    fixtures = sys.argv[2]
    root = os.path.normpath(os.path.join(fixtures, "..", "..", ".."))

    version = lib.oc_version().decode()
    check(version == header_version(root), f"oc_version {version} equals the header's")

    # 65 / 100 at 95% (PHEindicatormethods 2.1.0 phe_proportion test data), as a percentage,
    # and 1 / 100 at 99.8% as a fraction.
    doubles = ctypes.c_double * 2
    x, n = doubles(65.0, 1.0), doubles(100.0, 100.0)
    value, lower, upper = doubles(), doubles(), doubles()
    status = lib.oc_proportion(x, n, 1, 0.95, 100.0, value, lower, upper)
    check(status == OC_STATUS_OK, f"oc_proportion status {status}")
    check(value[0] == 65.0, f"value {value[0]}")
    check(close(lower[0], 55.25444329688797), f"lower {lower[0]}")
    check(close(upper[0], 73.63575175690247), f"upper {upper[0]}")
    status = lib.oc_proportion(
        ctypes.cast(ctypes.byref(x, 8), ctypes.POINTER(ctypes.c_double)),
        ctypes.cast(ctypes.byref(n, 8), ctypes.POINTER(ctypes.c_double)),
        1, 0.998, 1.0, value, lower, upper)
    check(status == OC_STATUS_OK and close(lower[0], 0.000873065697299977)
          and close(upper[0], 0.1045544528370582), "1/100 at 99.8%")
    # NaN in, NaN out.
    x[0] = math.nan
    check(lib.oc_proportion(x, n, 1, 0.95, 1.0, value, lower, upper) == OC_STATUS_OK
          and math.isnan(value[0]), "NaN gives NaN")
    # x > n names the row.
    x[0], x[1] = 5.0, 150.0
    status = lib.oc_proportion(x, n, 2, 0.95, 1.0, value, lower, upper)
    check(status == OC_STATUS_METHOD_ERROR, f"x > n status {status}")
    check(lib.oc_last_error_path() == b"x[1]", f"path {lib.oc_last_error_path()!r}")
    check(lib.oc_last_error_message().startswith(b"x[1]: x[1] = 150 is greater than n[1] = 100"),
          f"message {lib.oc_last_error_message()!r}")
    # NULL arrays with a length.
    check(lib.oc_proportion(None, n, 2, 0.95, 1.0, value, lower, upper)
          == OC_STATUS_NULL_ARGUMENT, "NULL x")

    # Frameworks: load, validate, free.
    fw = ctypes.POINTER(Framework)()
    out = ctypes.c_void_p()
    status = lib.oc_framework_from_path(
        os.path.join(fixtures, "problems.toml").encode(), ctypes.byref(fw))
    check(status == OC_STATUS_OK and bool(fw), f"oc_framework_from_path status {status}")
    status = lib.oc_framework_validate(fw, ctypes.byref(out))
    check(status == OC_STATUS_OK, f"oc_framework_validate status {status}")
    diagnostics = json.loads(take_string(lib, out))
    check([d["severity"] for d in diagnostics] == ["error", "warning"], f"{diagnostics}")
    check(diagnostics[0]["path"] == "measures[0].targets[0].by", f"{diagnostics[0]}")
    check(diagnostics[0]["code"] == "bad_period", f"{diagnostics[0]}")
    lib.oc_framework_free(fw)
    lib.oc_framework_free(None)
    lib.oc_string_free(None)

    missing = os.path.join(fixtures, "no-such-framework.toml").encode()
    fw = ctypes.POINTER(Framework)()
    status = lib.oc_framework_from_path(missing, ctypes.byref(fw))
    check(status == OC_STATUS_IO_ERROR and not fw, f"missing file status {status}")
    check(lib.oc_last_error_path() == missing, f"path {lib.oc_last_error_path()!r}")
    check(lib.oc_framework_from_path(missing, None) == OC_STATUS_NULL_ARGUMENT, "NULL out")
    check(lib.oc_last_error_path() == b"out", "NULL out is named")

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
