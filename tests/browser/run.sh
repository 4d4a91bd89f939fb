#!/usr/bin/env bash
# Real-browser check of the HTML annual reviews: opens every examples/*/review-2024-25.html in
# headless Chromium (Chrome DevTools Protocol over a pipe, Python standard library only) and
# fails on console errors, uncaught exceptions, any request other than the file itself, or no
# rendered <svg>. Saves docs/review-screenshot.png (the Sherwood Forest review's first screen).
# Installs Debian's chromium with apt-get when it is missing. Prints "N passed, M failed".
#
# Environment:
#   CHROMIUM  the browser to drive (default: chromium on PATH, else /usr/bin/chromium)
#   PYTHON    interpreter (default: python3; needs 3.9 or newer, no packages)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  if ! command -v apt-get >/dev/null; then
    echo "chromium not found and apt-get not available: install Chromium and set CHROMIUM" >&2
    echo "0 passed, 1 failed"; exit 1
  fi
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "::: browser: installing chromium with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q chromium >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q chromium >/dev/null; } \
    || { echo "apt-get install chromium failed" >&2; echo "0 passed, 1 failed"; exit 1; }
  chromium="$(command -v chromium)"
fi

python="${PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "python3 not found" >&2; echo "0 passed, 1 failed"; exit 1; }
exec "$python" tests/browser/check_reviews.py --chromium "$chromium" "$@"
