#!/usr/bin/env bash
# Installs liboutcomes (shared and static), include/outcomes.h and outcomes.pc under PREFIX.
#
#   ffi/install.sh PREFIX [BUILD_DIR]
#
# BUILD_DIR holds liboutcomes.so and liboutcomes.a; default ${CARGO_TARGET_DIR:-target}/release
# (build it first: cargo build --release -p outcomes-ffi). Then, with PKG_CONFIG_PATH set to
# PREFIX/lib/pkgconfig when PREFIX is not a system prefix:
#   cc app.c $(pkg-config --cflags --libs outcomes)                                  # shared
#   cc app.c -IPREFIX/include PREFIX/lib/liboutcomes.a -lpthread -ldl -lm            # static
# See ffi/README.md, "Using from C".
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 PREFIX [BUILD_DIR]" >&2
    exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$1"
build="${2:-${CARGO_TARGET_DIR:-$root/target}/release}"
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"

for f in liboutcomes.so liboutcomes.a; do
    if [[ ! -f "$build/$f" ]]; then
        echo "error: $build/$f not found; build it with: cargo build --release -p outcomes-ffi" >&2
        exit 1
    fi
done
version="$(sed -n 's/^#define OUTCOMES_VERSION "\(.*\)"$/\1/p' "$root/include/outcomes.h")"
if [[ -z "$version" ]]; then
    echo "error: no OUTCOMES_VERSION in $root/include/outcomes.h" >&2
    exit 1
fi

install -d "$prefix/include" "$prefix/lib/pkgconfig"
install -m 644 "$root/include/outcomes.h" "$prefix/include/outcomes.h"
install -m 755 "$build/liboutcomes.so" "$prefix/lib/liboutcomes.so"
install -m 644 "$build/liboutcomes.a" "$prefix/lib/liboutcomes.a"
sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" "$root/ffi/outcomes.pc.in" \
    > "$prefix/lib/pkgconfig/outcomes.pc"
echo "installed liboutcomes $version under $prefix"
