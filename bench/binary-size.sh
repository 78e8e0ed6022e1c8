#!/usr/bin/env bash
# The binary-size figure: the release binaries of the example functions
# against the same functions written without lambda-client, each package
# built on its own so that Cargo unifies no features across them.
#
#   bench/binary-size.sh
set -euo pipefail
cd "$(dirname "$0")/.."

target=${CARGO_TARGET_DIR:-$PWD/target}
size() {
    cargo build --release --quiet -p "$1"
    stat -c %s "$target/release/$2"
}
ratio() { python3 -c "print(f'{$1 / $2:.3f}')"; }

invoked=$(size invoked invoked)
bare_invoked=$(size bare-invoked bare-invoked)
caller=$(size caller caller)
bare_caller=$(size bare-caller bare-caller)

printf '%-16s %10s bytes\n' invoked "$invoked" bare-invoked "$bare_invoked" caller "$caller" bare-caller "$bare_caller"
echo "RATIO invoked/bare-invoked $(ratio "$invoked" "$bare_invoked")"
echo "RATIO caller/bare-caller $(ratio "$caller" "$bare_caller")"
