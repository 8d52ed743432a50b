#!/usr/bin/env bash
# Benchmarks the dev chain: committed transactions/s and grants/s for 500-grant jobs, submitted
# over HTTP through aptos-sdk by several operator accounts. Arguments go to the bench example:
#   scripts/bench-devnet.sh --signers 4 --jobs-per-signer 50 --grants 500 --block-time-ms 250
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec cargo run --quiet --release -p devnet --example devnet-bench -- "$@"
