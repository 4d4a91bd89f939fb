#!/usr/bin/env bash
# The scale-out test: runs the Spark (mapInArrow, local[2]) and Dask (map_partitions) recipes
# on a small synthetic slice and checks that their combined measure tables equal one
# Framework.evaluate over the same slice, exactly (check_slice.py). Exits non-zero on any
# difference.
#
# Builds its own venv from examples/scale-out/requirements.txt (pandas < 3 for PySpark) and
# installs the `outcomes` wheel into it. Needs CPython 3.11 (or 3.9+), Rust, and Java 17 for
# Spark. First run: about 3 minutes of pip installs plus the wheel build; after that the venv
# is reused while requirements.txt and the interpreter are unchanged.
#
# Environment:
#   PYTHON                interpreter for the venv (default: python3.11, else python3)
#   SCALE_OUT_VENV        venv location (default: $CARGO_TARGET_DIR/scale-out-venv)
#   OUTCOMES_WHEEL        an already-built outcomes wheel to install instead of building one
#   CARGO_TARGET_DIR      shared cargo target directory (default: <repo>/target)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export PYTHONDONTWRITEBYTECODE=1
venv="${SCALE_OUT_VENV:-$CARGO_TARGET_DIR/scale-out-venv}"
requirements="$here/requirements.txt"
t0=$SECONDS
say() { echo "::: scale-out: $* ($((SECONDS - t0)) s)"; }

. "$root/tests/venv.sh"
pick_python
command -v java >/dev/null || { echo "java not found: PySpark needs Java 17 (e.g. apt-get install openjdk-17-jre-headless)" >&2; exit 1; }

# 1. The venv, rebuilt only when the pinned requirements or the interpreter change.
ensure_venv "$venv" "$requirements"
py="$venv/bin/python"
export PATH="$venv/bin:$PATH"

# 2. The wheel: the one given, else built in the dev profile as python/run_tests.sh does.
if [ -n "${OUTCOMES_WHEEL:-}" ]; then
  say "installing $OUTCOMES_WHEEL"
  "$py" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$OUTCOMES_WHEEL"
else
  install_wheel "$venv" dev
fi
"$py" -c 'import outcomes, pandas, pyspark, dask; print("outcomes", outcomes.__version__, "pandas", pandas.__version__, "pyspark", pyspark.__version__, "dask", dask.__version__)'

# 3. The recipes on a small slice, against one process. Spark stays on 127.0.0.1, UI off.
say "recipes on a small slice"
export SPARK_LOCAL_IP=127.0.0.1
(cd "$here" && "$py" check_slice.py --practices 60 --indicators 4 --months 24 --partitions 4)
say "scale-out recipes passed"
