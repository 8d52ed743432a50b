#!/usr/bin/env bash
# chain-svc throughput at saturation: a backlog of grant requests on the Pub/Sub emulator, the dev
# chain and chain-svc in one process (release build), with 1 and then 4 signers. Prints grants/s
# and grants per transaction. Not a test; needs Java (the emulator) like the test suite.
#
#   scripts/bench-chain.sh [GRANTS]     (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
grants=${1:-20000}
cargo build --release -p chain-svc --example chain-bench
for signers in 1 4; do
  cargo run --quiet --release -p chain-svc --example chain-bench -- "$signers" "$grants"
done
