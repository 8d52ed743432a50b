#!/usr/bin/env bash
# Benchmarks the dev chain: committed transactions/s and grants/s for 300-grant jobs, submitted
# over HTTP through aptos-sdk by several operator accounts. Arguments go to the bench example:
#   scripts/bench-devnet.sh --signers 4 --jobs-per-signer 50 --grants 300 --block-time-ms 250
# (jobs past about 314 grants to new recipients hit the execution limit, as on the real VM)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec cargo run --quiet --release -p devnet --example devnet-bench -- "$@"
