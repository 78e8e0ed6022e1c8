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

# The caller as a user's own project builds it, outside this workspace:
# with the getting-started section's dependency lines, and with the plain
# `aws-config = "1"` and `aws-sdk-lambda = "1"` a user would write first
# (whose default `rustls` feature adds hyper 0.14, rustls 0.21 and ring).
# Each in a project of its own under target/, stripped as a deployment is.
own_project() {
    local name=$1 sdk_lines=$2 project=$target/binary-size/$1
    rm -rf "$project" && mkdir -p "$project/src"
    cp examples/caller/src/lib.rs examples/caller/src/main.rs "$project/src/"
    cp Cargo.lock "$project/"
    if [ "$name" = plain ]; then
        # The SDK is its own dependency here, not lambda-client's re-export.
        sed -i '/^use lambda_client::aws_sdk_lambda;$/d' "$project/src/main.rs"
    fi
    cat >"$project/Cargo.toml" <<TOML
[package]
name = "caller"
version = "0.1.0"
edition = "2024"

[workspace]

[dependencies]
contract = { path = "$PWD/examples/contract" }
lambda-client = { path = "$PWD/runtime", features = ["client", "callee"] }
$sdk_lines
lambda_runtime = "1"
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
TOML
    (cd "$project" && CARGO_TARGET_DIR="$target/binary-size/target-$name" cargo build --release --quiet)
    strip -o "$project/caller" "$target/binary-size/target-$name/release/caller"
    stat -c %s "$project/caller"
}
guided=$(own_project guided 'aws-config = { version = "1", default-features = false, features = ["default-https-client", "rt-tokio"] }')
plain=$(own_project plain $'aws-config = "1"\naws-sdk-lambda = "1"')
printf '%-16s %10s bytes (stripped)\n' "caller, guided" "$guided" "caller, plain" "$plain"
echo "SAVED by the getting-started lines: $((plain - guided)) bytes, $(ratio "$guided" "$plain") of the plain build"
