#!/usr/bin/env bash
# Builds the `outcomes` wheel (dev profile) into a venv and runs the Python checks:
# mypy.stubtest of the extension module against its hand-written stub, mypy --strict over the
# tests, and pytest (run from the repository root, so the installed package is the one tested).
# Needs only CPython >= 3.9 (3.11 in CI) and Rust. Exits non-zero on any failure, including
# pytest collecting no tests (its exit code 5).
#
# Environment:
#   PYTHON             interpreter used to create the venv (default: python3.11, else python3)
#   OUTCOMES_VENV      venv location (default: $CARGO_TARGET_DIR/../.venv, else <repo>/.venv)
#   CARGO_TARGET_DIR   shared cargo target directory (default: <repo>/target)
# The venv is reused while python/requirements-test.txt and the interpreter are unchanged (their
# hash is kept in $OUTCOMES_VENV/.requirements.sha256); otherwise it is rebuilt from scratch
# (tests/venv.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export RUST_BACKTRACE=0
export PYTHONDONTWRITEBYTECODE=1
venv="${OUTCOMES_VENV:-$(cd "$CARGO_TARGET_DIR/.." 2>/dev/null && pwd || echo "$root")/.venv}"
requirements="$root/python/requirements-test.txt"
t0=$SECONDS
say() { echo "::: python: $* ($((SECONDS - t0)) s)"; }

. "$root/tests/venv.sh"
pick_python
command -v cargo >/dev/null || { echo "cargo not found: install Rust (https://rustup.rs)" >&2; exit 1; }

# 1. The venv, rebuilt only when the pinned requirements or the interpreter change.
ensure_venv "$venv" "$requirements"
export PATH="$venv/bin:$PATH"
py="$venv/bin/python"
export MYPY_CACHE_DIR="$venv/.mypy_cache"

# 2. Build and install the wheel in the dev profile. The backend shells out to `maturin`,
#    found through PATH in the venv; --no-build-isolation keeps pip from fetching it again.
install_wheel "$venv" dev
"$py" -c 'import outcomes, sys; print("installed outcomes", outcomes.__version__, "from", outcomes.__file__); sys.exit(0 if "site-packages" in outcomes.__file__ else 1)'

# 3. Stubs and types.
say "stubtest"
"$py" -m mypy.stubtest outcomes._outcomes
say "mypy --strict python/tests"
"$py" -m mypy --strict python/tests
(cd "$root/python" && "$py" -m mypy --strict outcomes)

# 4. Tests, from the repository root (inside python/ the source tree would shadow the wheel).
say "pytest"
status=0
"$py" -m pytest -q -p no:cacheprovider python/tests || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure" >&2
  exit 1
fi
[ "$status" -eq 0 ] || exit "$status"
say "all Python checks passed"
