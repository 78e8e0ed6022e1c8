#!/usr/bin/env bash
# The end-to-end tests under `cargo lambda watch`.
#
# Installs cargo-lambda 1.9.2 from PyPI into a virtual environment under
# target/ (`--no-deps`: the ziglang wheel is only for cross-compiling), serves
# the workspace's functions on a free loopback port, runs the tests that a
# plain `cargo test` marks ignored, and stops the server. With `bench`, it
# runs the local Lambda's benchmark instead, which then measures cargo lambda
# watch too.
#
#   tests/cargo-lambda.sh [arguments for the test binaries]
#   tests/cargo-lambda.sh bench [--release]
set -euo pipefail
cd "$(dirname "$0")/.."

# `bench` measures cargo lambda watch as it runs by default (the function
# built in debug); `bench --release` with `cargo lambda watch --release`.
bench=
profile=()
if [ "${1:-}" = bench ]; then
    bench=yes
    shift
    if [ "${1:-}" = --release ]; then
        profile=(--release)
        shift
    fi
fi

target=${CARGO_TARGET_DIR:-$PWD/target}
venv=$target/cargo-lambda-venv
version=1.9.2
# A venv left by another version is replaced, not trusted.
if [ -x "$venv/bin/cargo-lambda" ] && ! "$venv/bin/cargo-lambda" lambda --version 2>/dev/null | grep -q " $version"; then
    rm -rf "$venv"
fi
if [ ! -x "$venv/bin/cargo-lambda" ]; then
    if python3 -m venv "$venv"; then
        "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps "cargo-lambda==$version"
    else
        # A Python without the venv module: pip alone, into the same place.
        python3 -m pip install --quiet --disable-pip-version-check --no-deps --prefix "$venv" "cargo-lambda==$version"
    fi
fi
export PATH="$venv/bin:$PATH"
if ! cargo lambda --version | grep -q " $version"; then
    echo "cargo lambda is not $version: $(cargo lambda --version)" >&2
    exit 1
fi

# The functions, built now so that no invoke waits for a compile, or starts
# one while another runs. cargo lambda builds in the same target directory
# (through CARGO_TARGET_DIR, not --target-dir) with `cargo run --bin NAME`
# from the workspace's root, whose features are the whole workspace's: the
# same build as this one, so it finds them fresh.
cargo build "${profile[@]}" --workspace --bins
if [ -z "$bench" ]; then
    cargo test -p lambda-client-tests --test cargo_lambda --test conformance --no-run
fi

log=$target/cargo-lambda-watch.log
watch_pid=
stop() {
    if [ -n "$watch_pid" ]; then
        kill -TERM -- "-$watch_pid" 2>/dev/null || true
        wait "$watch_pid" 2>/dev/null || true
    fi
}
trap stop EXIT

# A free port is picked, released, then bound by cargo lambda: another
# process may take it in between, so a start that fails is tried again on
# another port.
for attempt in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    endpoint="http://127.0.0.1:$port"
    # Its own process group, so that stopping it also stops the function it
    # runs. The function `caller` calls `invoked` through this same server,
    # with dummy credentials, as a function in a VPC would through its
    # endpoint.
    CARGO_TARGET_DIR=$target setsid cargo lambda watch "${profile[@]}" --ignore-changes -A 127.0.0.1 -P "$port" \
        --env-var "AWS_ENDPOINT_URL_LAMBDA=$endpoint,AWS_ACCESS_KEY_ID=e2e,AWS_SECRET_ACCESS_KEY=e2e,AWS_REGION=us-east-1" \
        >"$log" 2>&1 &
    watch_pid=$!
    listening=
    for _ in $(seq 100); do
        # Listening, and by cargo lambda rather than whoever took the port.
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && kill -0 "$watch_pid" 2>/dev/null; then
            listening=yes
            break
        fi
        if ! kill -0 "$watch_pid" 2>/dev/null; then break; fi
        sleep 0.1
    done
    if [ -n "$listening" ]; then break; fi
    echo "cargo lambda watch did not start on port $port (attempt $attempt):" >&2
    cat "$log" >&2
    stop
    watch_pid=
done
if [ -z "$listening" ]; then
    exit 1
fi

export LAMBDA_CLIENT_CARGO_LAMBDA="$endpoint"
export LAMBDA_CLIENT_CARGO_LAMBDA_LOG="$log"
if [ -z "$bench" ]; then
    cargo test -p lambda-client-tests --test cargo_lambda --test conformance -- --ignored "$@"
else
    cargo bench -p lambda-client-tests --bench local_lambda
fi
