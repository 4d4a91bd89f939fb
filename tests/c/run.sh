#!/usr/bin/env bash
# Builds liboutcomes and runs the C tests against it. Exits non-zero on any failure.
#
#   tests/c/run.sh
#
# 1. cargo build -p outcomes-ffi (dev profile; CARGO_TARGET_DIR or ./target).
# 2. Header drift: regenerates include/outcomes.h with cbindgen 0.29.4 into a temporary file
#    and fails if it differs from the committed header. cbindgen 0.29.4 is installed when
#    missing, unless OUTCOMES_SKIP_HEADER_CHECK=1, which skips the check with a message.
# 3. The header alone compiles as C99 (-pedantic) and C++11/C++17.
# 4. tests/c/test_*.c compiled with gcc -std=c11 -Wall -Wextra -Werror against the shared
#    library and against the static library, and once as C++17; all run.
# 4a. tests/c/test_bad_inputs.c: every case of tests/bad-inputs/manifest.csv (shared library).
# 5. valgrind (definite and indirect leaks are errors) on the shared and static builds (the
#    review test, the slowest, on the shared build only; the bad-input corpus once), with a control program that leaks on
#    purpose to show the check can fail.
# 6. AddressSanitizer + UndefinedBehaviorSanitizer build (linked with the static library so
#    the whole program is one image), LeakSanitizer on, with the same leak control.
# 7. ffi/install.sh into a temporary prefix; examples/c/validate_framework.c and
#    examples/c/evaluate_framework.c built with pkg-config from that prefix and run under
#    valgrind (validate: exit 0 clean, 1 with errors; evaluate: a status table for an example,
#    exit 1 for a framework with errors); examples/c/annual_review.c prints Sherwood Forest's
#    2024/25 review (with its progress file) exactly as committed (review-2024-25.md under
#    valgrind, .html), and exits 1 naming a bad year or format; the examples in ffi/README.md
#    built shared (pkg-config) and static, and run.
# 8. tests/c/ctypes_smoke.py: Python's ctypes loads liboutcomes.so as a foreign host would.
# The last line is the total "N passed, M failed" of the C test programs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
lib="$target/debug"
fixtures="$root/tests/c/fixtures"
work="$(mktemp -d "${TMPDIR:-/tmp}/outcomes-c-tests.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export RUST_BACKTRACE=0
start=$SECONDS
total_passed=0
total_failed=0

step() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - start)); }
die() { echo "FAILED: $*" >&2; exit 1; }

need() { # need COMMAND APT_PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "$1 is missing; installing $2"
    if command -v apt-get >/dev/null 2>&1; then
        if [[ $(id -u) -eq 0 ]]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" >/dev/null ||
                { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" >/dev/null; }
        else
            sudo DEBIAN_FRONTEND=noninteractive apt-get install -y "$2" >/dev/null
        fi
    fi
    command -v "$1" >/dev/null 2>&1 || die "$1 is required (apt-get install $2)"
}
need gcc gcc
need g++ g++
need valgrind valgrind
need pkg-config pkg-config
need python3 python3

# Runs a test binary, checks its exit code and its last line "N passed, M failed", and adds
# the counts to the totals (only for the first, plain run of each test: `count` = 1).
run_test() { # run_test LABEL COUNT COMMAND...
    local label="$1" count="$2"
    shift 2
    local out="$work/$label.out" rc=0
    "$@" "$fixtures" "$work" >"$out" 2>"$out.err" || rc=$?
    local last
    last="$(tail -n 1 "$out")"
    if [[ $rc -ne 0 || ! "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
        cat "$out.err" >&2
        die "$label: exit $rc, last line: $last"
    fi
    printf '  %-28s %s\n' "$label" "$last"
    if [[ $count == 1 ]]; then
        total_passed=$((total_passed + BASH_REMATCH[1]))
        total_failed=$((total_failed + BASH_REMATCH[2]))
    fi
}

step "cargo build -p outcomes-ffi"
cargo build -p outcomes-ffi --quiet
[[ -f "$lib/liboutcomes.so" && -f "$lib/liboutcomes.a" ]] || die "no liboutcomes in $lib"

step "header drift check (cbindgen 0.29.4)"
cbindgen_ok() { command -v cbindgen >/dev/null 2>&1 && [[ "$(cbindgen --version)" == "cbindgen 0.29.4" ]]; }
if ! cbindgen_ok; then
    if [[ "${OUTCOMES_SKIP_HEADER_CHECK:-0}" == 1 ]]; then
        echo "  SKIPPED: cbindgen 0.29.4 is not installed and OUTCOMES_SKIP_HEADER_CHECK=1;"
        echo "  include/outcomes.h was NOT checked against ffi/src."
    else
        echo "  installing cbindgen 0.29.4 (about 2 minutes, once)"
        cargo install cbindgen --version 0.29.4 --locked --quiet
        cbindgen_ok || die "cbindgen 0.29.4 not on PATH after install (add ~/.cargo/bin to PATH)"
    fi
fi
if cbindgen_ok; then
    cbindgen --quiet --config ffi/cbindgen.toml --crate outcomes-ffi --output "$work/outcomes.h" ffi
    if ! diff -u include/outcomes.h "$work/outcomes.h"; then
        die "include/outcomes.h is out of date; regenerate it with:
  cbindgen --config ffi/cbindgen.toml --crate outcomes-ffi --output include/outcomes.h ffi"
    fi
    echo "  include/outcomes.h matches ffi/src"
fi

step "header compiles alone as C99, C11, C++11 and C++17"
printf '#include "outcomes.h"\nint main(void) { return (int)OC_STATUS_OK; }\n' >"$work/header_only.c"
gcc -std=c99 -pedantic -Wall -Wextra -Werror -Iinclude -fsyntax-only "$work/header_only.c"
gcc -std=c11 -pedantic -Wall -Wextra -Werror -Iinclude -fsyntax-only "$work/header_only.c"
g++ -std=c++11 -pedantic -Wall -Wextra -Werror -Iinclude -fsyntax-only -x c++ "$work/header_only.c"
g++ -std=c++17 -pedantic -Wall -Wextra -Werror -Iinclude -fsyntax-only -x c++ "$work/header_only.c"
echo "  ok"

cflags=(-std=c11 -Wall -Wextra -Werror -g -Iinclude -Itests/c)
cxxflags=(-std=c++17 -Wall -Wextra -Werror -g -Iinclude -Itests/c)
shared_libs=(-L"$lib" -loutcomes -Wl,-rpath,"$lib" -lpthread -lm)
static_libs=("$lib/liboutcomes.a" -lpthread -ldl -lm)
tests=(test_api test_stats test_evaluate test_review test_threads)

step "build tests: shared, static, C++"
for t in "${tests[@]}"; do
    gcc "${cflags[@]}" "tests/c/$t.c" "${shared_libs[@]}" -o "$work/$t-shared"
    gcc "${cflags[@]}" "tests/c/$t.c" "${static_libs[@]}" -o "$work/$t-static"
    g++ "${cxxflags[@]}" -x c++ "tests/c/$t.c" -x none "${shared_libs[@]}" -o "$work/$t-cxx"
done
echo "  ok"

step "run tests"
for t in "${tests[@]}"; do
    run_test "$t (shared)" 1 "$work/$t-shared"
    run_test "$t (static)" 0 "$work/$t-static"
    run_test "$t (C++)" 0 "$work/$t-cxx"
done

step "bad-input corpus (tests/bad-inputs/manifest.csv)"
# Every case of the corpus shared with the CLI and Python: plainly, then once under valgrind.
gcc "${cflags[@]}" tests/c/test_bad_inputs.c "${shared_libs[@]}" -o "$work/test_bad_inputs"
run_test "test_bad_inputs" 1 "$work/test_bad_inputs"

step "valgrind"
vg=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1)
cat >"$work/leak_control.c" <<'EOF'
/* Leaks a string from the library on purpose: the leak checkers must catch it. */
#include <stdio.h>
#include <string.h>
#include "outcomes.h"
int main(void) {
    const char *json = "{\"schema_version\": 1, \"id\": \"x\", \"title\": \"X\","
                       " \"period\": {\"from\": \"2023/24\", \"to\": \"2027/28\"}}";
    oc_framework *fw = NULL;
    char *out = NULL;
    if (oc_framework_from_json(json, strlen(json), &fw) != OC_STATUS_OK) return 3;
    if (oc_framework_to_json(fw, &out) != OC_STATUS_OK) return 3;
    out = NULL; /* the only pointer to the string is lost */
    oc_framework_free(fw);
    puts("leaked");
    return 0;
}
EOF
gcc "${cflags[@]}" "$work/leak_control.c" "${shared_libs[@]}" -o "$work/leak_control"
if "${vg[@]}" "$work/leak_control" >/dev/null 2>&1; then
    die "valgrind did not report the deliberate leak in leak_control.c; the leak check is not working"
fi
echo "  control: valgrind reports the deliberate leak"
for t in "${tests[@]}"; do
    run_test "$t (valgrind, shared)" 0 "${vg[@]}" "$work/$t-shared"
    # test_review renders every example's review four times over (about 12 s of CPU under
    # valgrind): it runs under valgrind once, on the shared build; its static build runs
    # plainly above and under ASan below, which links the static library.
    [[ $t == test_review ]] && continue
    run_test "$t (valgrind, static)" 0 "${vg[@]}" "$work/$t-static"
done
run_test "test_bad_inputs (valgrind)" 0 "${vg[@]}" "$work/test_bad_inputs"

step "AddressSanitizer + UndefinedBehaviorSanitizer"
san=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
gcc "${cflags[@]}" "${san[@]}" "$work/leak_control.c" "${static_libs[@]}" -o "$work/leak_control-asan"
if "$work/leak_control-asan" >/dev/null 2>&1; then
    die "LeakSanitizer did not report the deliberate leak in leak_control.c"
fi
echo "  control: LeakSanitizer reports the deliberate leak"
for t in "${tests[@]}"; do
    gcc "${cflags[@]}" "${san[@]}" "tests/c/$t.c" "${static_libs[@]}" -o "$work/$t-asan"
    run_test "$t (ASan+UBSan)" 0 "$work/$t-asan"
done
unset ASAN_OPTIONS UBSAN_OPTIONS

step "install to a temporary prefix; example built with pkg-config"
ffi/install.sh "$work/prefix" "$lib" >/dev/null
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
[[ "$(pkg-config --modversion outcomes)" == "$(sed -n 's/^#define OUTCOMES_VERSION "\(.*\)"$/\1/p' include/outcomes.h)" ]] ||
    die "outcomes.pc version does not match the header"
# shellcheck disable=SC2046 # pkg-config output is a list of flags
gcc -std=c11 -Wall -Wextra -Werror examples/c/validate_framework.c \
    $(pkg-config --cflags --libs outcomes) -Wl,-rpath,"$work/prefix/lib" \
    -o "$work/validate_framework"
"${vg[@]}" "$work/validate_framework" "$fixtures/framework.toml" >"$work/ex1.out" ||
    die "validate_framework on framework.toml: expected exit 0"
grep -q "framework.toml: 0 errors, 0 warnings" "$work/ex1.out" || die "unexpected output: $(cat "$work/ex1.out")"
rc=0
"${vg[@]}" "$work/validate_framework" "$fixtures/problems.toml" >"$work/ex2.out" || rc=$?
[[ $rc -eq 1 ]] || die "validate_framework on problems.toml: expected exit 1, got $rc"
grep -q '^error: measures\[0\].targets\[0\].by: "2024/26" is not a financial year' "$work/ex2.out" ||
    die "unexpected output: $(cat "$work/ex2.out")"
grep -q "problems.toml: 1 error, 1 warning" "$work/ex2.out" || die "unexpected output: $(cat "$work/ex2.out")"
rc=0
"$work/validate_framework" "$work/none.toml" >/dev/null 2>"$work/ex3.err" || rc=$?
[[ $rc -eq 1 ]] && grep -q "cannot load" "$work/ex3.err" || die "validate_framework on a missing file: expected exit 1"
# evaluate_framework: a status table for an example, and exit 1 for a framework with errors.
# shellcheck disable=SC2046
gcc -std=c11 -Wall -Wextra -Werror examples/c/evaluate_framework.c \
    $(pkg-config --cflags --libs outcomes) -Wl,-rpath,"$work/prefix/lib" \
    -o "$work/evaluate_framework"
ex=examples/notts-joint-forward-plan
"${vg[@]}" "$work/evaluate_framework" "$ex/framework.toml" "$ex/observations.csv" \
    '{"as_of": "2026-03-31"}' >"$work/ex4.out" || die "evaluate_framework on $ex: expected exit 0"
grep -q '^measure  *area  *status$' "$work/ex4.out" && grep -q '^13 rows: achieved' "$work/ex4.out" &&
    grep -q '^waiting-times  *Nottingham and Nottinghamshire ICS  *[a-z_]*$' "$work/ex4.out" ||
    die "unexpected evaluate_framework output: $(cat "$work/ex4.out")"
rc=0
"$work/evaluate_framework" "$fixtures/problems.toml" "$fixtures/observations.csv" >/dev/null \
    2>"$work/ex5.err" || rc=$?
[[ $rc -eq 1 ]] && grep -q '^cannot evaluate: measures\[0\].targets\[0\].by: ' "$work/ex5.err" ||
    die "evaluate_framework on problems.toml: expected exit 1 and the first error, got $rc"
sed 's/^/  /' "$work/ex4.out" | tail -n 4
# annual_review: with its progress file, Sherwood Forest's review is exactly the committed
# rendering (Markdown under valgrind, HTML plain); a bad year or format is exit 1 naming it.
# shellcheck disable=SC2046
gcc -std=c11 -Wall -Wextra -Werror examples/c/annual_review.c \
    $(pkg-config --cflags --libs outcomes) -Wl,-rpath,"$work/prefix/lib" \
    -o "$work/annual_review"
sf=examples/sherwood-forest-partnerships
"${vg[@]}" "$work/annual_review" --progress "$sf/progress-2024-25.toml" "$sf/framework.toml" \
    "$sf/observations.csv" 2024/25 >"$work/ex7.md" || die "annual_review on $sf: expected exit 0"
cmp -s "$work/ex7.md" "$sf/review-2024-25.md" ||
    die "annual_review (md) differs from $sf/review-2024-25.md: $(diff "$work/ex7.md" "$sf/review-2024-25.md" | head -n 5)"
"$work/annual_review" --progress "$sf/progress-2024-25.toml" "$sf/framework.toml" \
    "$sf/observations.csv" 2024/25 html >"$work/ex7.html" || die "annual_review html: expected exit 0"
cmp -s "$work/ex7.html" "$sf/review-2024-25.html" ||
    die "annual_review (html) differs from $sf/review-2024-25.html"
"$work/annual_review" "$sf/framework.toml" "$sf/observations.csv" 2024/25 >"$work/ex8.md" &&
    grep -q '^# Annual review 2024/25: ' "$work/ex8.md" ||
    die "annual_review without a progress file: expected a review"
rc=0
"$work/annual_review" "$sf/framework.toml" "$sf/observations.csv" 2024 >/dev/null 2>"$work/ex9.err" || rc=$?
[[ $rc -eq 1 ]] && grep -q '^cannot review: year: "2024" is a calendar year period' "$work/ex9.err" ||
    die "annual_review with year 2024: expected exit 1 naming the year, got $rc: $(cat "$work/ex9.err")"
rc=0
"$work/annual_review" "$sf/framework.toml" "$sf/observations.csv" 2024/25 pdf >/dev/null \
    2>"$work/ex10.err" || rc=$?
[[ $rc -eq 1 ]] && grep -q '^cannot review: format: "pdf" is not a review format' "$work/ex10.err" ||
    die "annual_review with format pdf: expected exit 1 naming the format, got $rc"
rc=0
"$work/annual_review" "$sf/framework.toml" >/dev/null 2>&1 || rc=$?
[[ $rc -eq 2 ]] || die "annual_review with one argument: expected exit 2 (usage), got $rc"
echo "  annual_review: $sf 2024/25 with its progress file is review-2024-25.md and .html"
# The examples in ffi/README.md ("Using from C") compile and run as shown: each ```c block is
# one program (1: validate, 2: evaluate, 3: annual review).
awk '/^```c$/{n++; f=1; next} /^```$/{f=0} f{print > (dir "/readme_example_" n ".c")}' \
    dir="$work" ffi/README.md
[[ -f "$work/readme_example_1.c" && -f "$work/readme_example_2.c" && -f "$work/readme_example_3.c" ]] ||
    die "ffi/README.md should hold three C examples"
for n in 1 2 3; do
    # shellcheck disable=SC2046
    gcc -std=c11 -Wall -Wextra -Werror "$work/readme_example_$n.c" \
        $(pkg-config --cflags --libs outcomes) -Wl,-rpath,"$work/prefix/lib" \
        -o "$work/readme_example_$n"
    gcc -std=c11 -Wall -Wextra -Werror "$work/readme_example_$n.c" -I"$work/prefix/include" \
        "$work/prefix/lib/liboutcomes.a" -lpthread -ldl -lm -o "$work/readme_example_$n-static"
done
"$work/readme_example_1" "$fixtures/problems.toml" | grep -q '"code":"bad_period"' ||
    die "the first ffi/README.md example did not print the diagnostics"
[[ "$("$work/readme_example_1-static" "$fixtures/framework.toml")" == "[]" ]] ||
    die "the first ffi/README.md example (static) did not print []"
"${vg[@]}" "$work/readme_example_2" "$ex/framework.toml" "$ex/observations.csv" >"$work/ex6.out" ||
    die "the second ffi/README.md example failed"
grep -Eq '"framework": ?"' "$work/ex6.out" && grep -q '^measure,title,area' "$work/ex6.out" ||
    die "the second ffi/README.md example did not print the evaluation: $(head -c 400 "$work/ex6.out")"
"$work/readme_example_2-static" "$fixtures/problems.toml" "$fixtures/observations.csv" \
    >/dev/null 2>&1 && die "the second ffi/README.md example (static) should fail on problems.toml"
"$work/readme_example_3" "$ex/framework.toml" "$ex/observations.csv" >"$work/ex11.md" ||
    die "the third ffi/README.md example failed"
cmp -s "$work/ex11.md" "$ex/review-2024-25.md" ||
    die "the third ffi/README.md example did not print $ex/review-2024-25.md"
rc=0
"$work/readme_example_3-static" "$fixtures/problems.toml" "$fixtures/observations.csv" \
    >/dev/null 2>"$work/ex12.err" || rc=$?
[[ $rc -eq 1 ]] && grep -q '^measures\[0\].targets\[0\].by: ' "$work/ex12.err" ||
    die "the third ffi/README.md example (static) should fail on problems.toml naming the error"
echo "  ffi/README.md examples build (shared via pkg-config, static) and run"
sed 's/^/  /' "$work/ex2.out"
echo "  example ok (clean: exit 0; problems: exit 1; missing file: exit 1)"

step "Python ctypes smoke test (a foreign host)"
run_test "ctypes_smoke.py" 1 python3 tests/c/ctypes_smoke.py "$lib/liboutcomes.so"

step "done in $((SECONDS - start))s"
echo "$total_passed passed, $total_failed failed"
[[ $total_failed -eq 0 ]]
