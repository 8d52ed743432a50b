#!/usr/bin/env bash
# Publishes move/jobs with the aptos CLI.
#
#   JOBS_ADDRESS   publisher account address (required), bound to the `jobs_addr` named address
#   APTOS_PROFILE  aptos CLI profile holding the publisher key and node URL (default: default)
#
# For Movement: Bardock testnet (chain id 250) https://testnet.movementnetwork.xyz/v1,
# mainnet (chain id 126) https://mainnet.movementnetwork.xyz/v1 — configure the profile with
# `aptos init --profile <name> --network custom --rest-url <url>`.
# The local dev chain does not need this: it runs the module natively at 0x4a6f6273.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="$here/move/jobs"

if ! command -v aptos >/dev/null 2>&1; then
    echo "publish-jobs: the aptos CLI is not installed (https://aptos.dev/tools/aptos-cli/)." >&2
    echo "publish-jobs: nothing was compiled or published." >&2
    exit 1
fi
if [[ -z "${JOBS_ADDRESS:-}" ]]; then
    echo "publish-jobs: set JOBS_ADDRESS to the publisher's account address." >&2
    exit 2
fi
profile="${APTOS_PROFILE:-default}"

echo "publish-jobs: compiling $package for jobs_addr=$JOBS_ADDRESS"
aptos move compile --package-dir "$package" --named-addresses "jobs_addr=$JOBS_ADDRESS"
echo "publish-jobs: publishing with profile $profile"
aptos move publish --package-dir "$package" --named-addresses "jobs_addr=$JOBS_ADDRESS" \
    --profile "$profile" --assume-yes
echo "publish-jobs: published. Register operators with:"
echo "  aptos move run --profile $profile --function-id $JOBS_ADDRESS::jobs::add_operator --args address:<operator>"
