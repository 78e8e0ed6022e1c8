#!/usr/bin/env bash
# The end-to-end tests under `cargo lambda watch`.
#
# Installs cargo-lambda 1.9.2 from PyPI into a virtual environment under
# target/ (`--no-deps`: the ziglang wheel is only for cross-compiling), serves
# the workspace's functions on a free loopback port, runs the tests that a
# plain `cargo test` marks ignored, and stops the server.
#
#   tests/cargo-lambda.sh [arguments for the test binaries]
set -euo pipefail
cd "$(dirname "$0")/.."

target=${CARGO_TARGET_DIR:-$PWD/target}
venv=$target/cargo-lambda-venv
if [ ! -x "$venv/bin/cargo-lambda" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps cargo-lambda==1.9.2
fi
export PATH="$venv/bin:$PATH"
cargo lambda --version

# Built now, so that the first invoke does not wait for a compile. cargo lambda
# builds in the same target directory (through CARGO_TARGET_DIR, not
# --target-dir) and finds it fresh.
cargo build -p examples --bin invoked
cargo test -p lambda-client-tests --test cargo_lambda --test conformance --no-run

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$target/cargo-lambda-watch.log
# Its own process group, so that stopping it also stops the function it runs.
CARGO_TARGET_DIR=$target setsid cargo lambda watch --ignore-changes -A 127.0.0.1 -P "$port" >"$log" 2>&1 &
watch_pid=$!
stop() { kill -TERM -- "-$watch_pid" 2>/dev/null || true; wait "$watch_pid" 2>/dev/null || true; }
trap stop EXIT

for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    if ! kill -0 "$watch_pid" 2>/dev/null; then
        echo "cargo lambda watch exited:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done

export LAMBDA_CLIENT_CARGO_LAMBDA="http://127.0.0.1:$port"
export LAMBDA_CLIENT_CARGO_LAMBDA_LOG="$log"
cargo test -p lambda-client-tests --test cargo_lambda --test conformance -- --ignored "$@"
