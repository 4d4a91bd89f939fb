#!/usr/bin/env bash
# Runs every test of the project from a fresh clone: formatting, lints, Rust unit, property,
# integration and doc tests, the bad-input corpus through the CLI, the bundled examples, the
# HTML reviews in headless Chromium, the C ABI tests, the Python wheel and the scale-out recipes
# (PySpark and Dask on a small slice). Installs what it needs.
# Prints "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never RUST_BACKTRACE=0
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export PROPTEST_CASES="${PROPTEST_CASES:-256}"

passed=0; failed=0; failures=()
step() {
  local name="$1"; shift
  echo "::: $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); echo "::: $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); echo "::: $name: FAILED ($((SECONDS - start)) s)"
  fi
}

need_rust() {
  command -v cargo >/dev/null || { echo "cargo not found: install Rust (https://rustup.rs)"; return 1; }
  if command -v rustup >/dev/null; then
    rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
    rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
  fi
  return 0
}

examples_run() {
  local ok=0 out
  out="$(mktemp)"
  for dir in examples/*/; do
    [ -f "$dir/framework.toml" ] || continue
    local data=()
    [ -f "$dir/observations.csv" ] && data+=(--data "$dir/observations.csv")
    for p in "$dir"/progress-*.toml; do [ -f "$p" ] && data+=(--progress "$p"); done
    for cmd in validate evaluate; do
      if ! "$CARGO_TARGET_DIR/debug/outcomes" "$cmd" "$dir/framework.toml" "${data[@]}" >"$out"; then
        echo "example $dir: outcomes $cmd failed:"; cat "$out"; ok=1
      else
        tail -n 1 "$out"
      fi
    done
  done
  rm -f "$out"
  return $ok
}

step "toolchain" need_rust
step "cargo fmt --check" cargo fmt --all -- --check
step "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings
step "cargo test (unit, property, integration, doc)" cargo test --workspace
step "cargo build (cli)" cargo build -p outcomes-cli
step "examples validate and evaluate" examples_run
step "HTML reviews in headless Chromium" bash tests/browser/run.sh
if [ -x tests/c/run.sh ] || [ -f tests/c/run.sh ]; then
  step "C ABI tests (shared, static, C++, valgrind, ASan)" bash tests/c/run.sh
fi
if [ -f python/run_tests.sh ]; then
  step "Python wheel (build, stubtest, mypy --strict, pytest)" bash python/run_tests.sh
fi
# After the wheel step, so its wheel build is incremental. Needs Java 17 for PySpark.
if [ -f examples/scale-out/run_test.sh ]; then
  step "Scale-out recipes (PySpark mapInArrow, Dask map_partitions) on a slice" bash examples/scale-out/run_test.sh
fi

echo
if [ "$failed" -gt 0 ]; then echo "failed steps: ${failures[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
