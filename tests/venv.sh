# Shared by the scripts that need a Python venv (python/run_tests.sh,
# examples/scale-out/run_test.sh, bench/run_all): source it, then call the functions.
#
#   pick_python              sets $python: $PYTHON if set, else python3.11, else python3;
#                            exits with a message when there is none.
#   ensure_venv VENV FILE... creates VENV and pip-installs each requirements FILE into it
#                            (an argument that is not a file is installed as a requirement
#                            itself, e.g. "maturin==1.16.0"), unless VENV already holds
#                            exactly these: their hash and the interpreter's version are kept
#                            in VENV/.requirements.sha256, and the venv is rebuilt from scratch
#                            when it changes.
#   install_wheel VENV PROFILE
#                            builds the `outcomes` wheel from python/ with maturin (found in
#                            the venv: --no-build-isolation) in the cargo PROFILE (dev or
#                            release) and installs it into VENV, replacing any installed one.
#
# Needs $root (the repository root) set by the caller, and `say` for progress lines.

pick_python() {
  python="${PYTHON:-}"
  if [ -z "$python" ]; then
    for candidate in python3.11 python3; do
      if command -v "$candidate" >/dev/null; then python="$candidate"; break; fi
    done
  fi
  [ -n "$python" ] || { echo "python3 not found: install CPython 3.9 or newer" >&2; exit 1; }
}

ensure_venv() {
  local venv="$1"; shift
  local want have
  # The key: each requirements file's bytes (or the requirement's text) and the interpreter's
  # version, hashed by the interpreter itself (no sha256sum needed).
  want="$("$python" -c 'import hashlib, os, sys
h = hashlib.sha256()
for a in sys.argv[1:]:
    h.update(open(a, "rb").read() if os.path.isfile(a) else a.encode())
    h.update(b"\0")
h.update(sys.version.encode())
print(h.hexdigest())' "$@")"
  have="$(cat "$venv/.requirements.sha256" 2>/dev/null || true)"
  if [ "$want" = "$have" ] && [ -x "$venv/bin/python" ]; then
    say "reusing venv $venv"
    return
  fi
  say "creating venv $venv with $("$python" --version 2>&1)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  local args=() a
  for a in "$@"; do
    if [ -f "$a" ]; then args+=(-r "$a"); else args+=("$a"); fi
  done
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${args[@]}"
  echo "$want" > "$venv/.requirements.sha256"
  say "venv ready"
}

install_wheel() {
  local venv="$1" profile="$2"
  command -v cargo >/dev/null || { echo "cargo not found: install Rust (https://rustup.rs)" >&2; exit 1; }
  say "building and installing the wheel ($profile profile)"
  PATH="$venv/bin:$PATH" MATURIN_PEP517_ARGS="--profile $profile" "$venv/bin/python" -m pip install \
    --quiet --disable-pip-version-check --no-build-isolation --force-reinstall --no-deps "$root/python"
}
