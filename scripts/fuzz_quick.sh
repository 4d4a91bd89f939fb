#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ briefly, so anyone can repeat the fuzzing of issue 9.
#
#   scripts/fuzz_quick.sh                 # each target for 30 s
#   FUZZ_SECONDS=600 scripts/fuzz_quick.sh  # each target for 10 minutes
#   scripts/fuzz_quick.sh csv_long ffi_json # only these targets
#
# Installs cargo-fuzz when it is missing (about 3 minutes). cargo-fuzz needs nightly features:
# on a stable toolchain RUSTC_BOOTSTRAP=1 allows them (set here). Each target starts from its
# committed corpus in fuzz/corpus/<target>; new inputs go to a scratch copy under
# $FUZZ_WORK (default target/fuzz-work), so the committed corpus only changes when you
# minimise into it (cargo fuzz cmin). Crashes are written to $FUZZ_WORK/artifacts/<target>/;
# reproduce one with `RUSTC_BOOTSTRAP=1 cargo fuzz run -O <target> <file>` in fuzz/, then add
# a test to core/tests/fuzz_regressions.rs.
#
# Not part of the test command (too slow); the regression tests are what CI runs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${FUZZ_SECONDS:-30}"
rss_mb="${FUZZ_RSS_MB:-2048}"
work="${FUZZ_WORK:-$root/target/fuzz-work}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz is missing: installing it (about 3 minutes)"
    cargo install cargo-fuzz --locked
fi

cd "$root/fuzz"
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

cargo fuzz build -O

status=0
for t in "${targets[@]}"; do
    mkdir -p "$work/corpus/$t" "$work/artifacts/$t" "corpus/$t"
    echo "== $t: ${seconds}s"
    log="$work/$t.log"
    if cargo fuzz run -O "$t" "$work/corpus/$t" "corpus/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb="$rss_mb" -timeout=10 -max_len=8192 \
        -artifact_prefix="$work/artifacts/$t/" -print_final_stats=1 >"$log" 2>&1; then
        runs="$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')"
        echo "   ok: ${runs:-?} runs"
    else
        status=1
        echo "   FINDING: see $log and $work/artifacts/$t/"
        grep -E 'panicked|ERROR|SUMMARY' "$log" | head -5 || true
    fi
done
exit "$status"
