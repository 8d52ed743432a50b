#!/usr/bin/env bash
# Publishes move/jobs with the Movement CLI (found by scripts/movement-cli.sh).
#
# The publisher's account becomes the module's address (`jobs_addr`) and its only admin. Name the
# publisher either way:
#   JOBS_PROFILE=NAME            a Movement CLI profile holding the key and node URL
#                                (`movement init --profile NAME ...`; profiles are read from
#                                ./.movement/config.yaml of the directory this is run from)
#   JOBS_PRIVATE_KEY=0x...       the publisher's Ed25519 private key, hex
#   JOBS_NODE_URL=https://…/v1   with the key: the node's REST API
# Arguments are passed on to `movement move publish` (e.g. --max-gas 20000 --gas-unit-price 100).
#
#   JOBS_PRIVATE_KEY=0x… JOBS_NODE_URL=https://testnet.movementnetwork.xyz/v1 scripts/publish-jobs.sh
#
# Movement: Bardock testnet (chain id 250) https://testnet.movementnetwork.xyz/v1, mainnet (chain
# id 126) https://mainnet.movementnetwork.xyz/v1. The account must exist and be funded: publishing
# measured 5,101 gas units on a local chain, and a node only accepts a transaction whose
# max gas × gas price the account can pay. `scripts/localnet.sh start` publishes on its own chain.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
package="$here/move/jobs"

die() { echo "publish-jobs: $*" >&2; exit 1; }

cli=$("$here/scripts/movement-cli.sh") || exit 1

# Scratch space: the build output (kept out of move/jobs, where other builds may be running) and,
# with JOBS_PRIVATE_KEY, the profile made from it. Removed on exit: it may hold the key.
work=$(umask 077 && mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs the CLI in directory $1 (where it looks for .movement/config.yaml) and fails with its
# output when it fails or reports a committed transaction as unsuccessful.
run_cli() {
    local cwd=$1 what=$2 out
    shift 2
    if ! out=$(cd "$cwd" && "$cli" "$@" </dev/null 2>&1); then
        echo "$out" >&2
        die "$what failed"
    fi
    case "$out" in
        *'"success": false'*) echo "$out" >&2; die "$what was committed but did not succeed" ;;
    esac
    printf '%s\n' "$out"
}

if [[ -n "${JOBS_PRIVATE_KEY:-}" ]]; then
    [[ -z "${JOBS_PROFILE:-}" ]] || die "set JOBS_PROFILE or JOBS_PRIVATE_KEY, not both."
    [[ -n "${JOBS_NODE_URL:-}" ]] || die "JOBS_PRIVATE_KEY needs JOBS_NODE_URL (the node's REST API, e.g. https://testnet.movementnetwork.xyz/v1)."
    cli_dir=$work
    profile=publisher
    # `init` derives the account address from the key (asking the node, so a rotated key still
    # finds its account) and writes the profile into $work/.movement/config.yaml.
    run_cli "$cli_dir" "reading the publisher key" init --profile "$profile" --network custom \
        --rest-url "$JOBS_NODE_URL" --private-key "$JOBS_PRIVATE_KEY" --skip-faucet --assume-yes >/dev/null
elif [[ -n "${JOBS_PROFILE:-}" ]]; then
    cli_dir=$PWD
    profile=$JOBS_PROFILE
else
    die "say who publishes: JOBS_PROFILE=<Movement CLI profile>, or JOBS_PRIVATE_KEY=<hex> with JOBS_NODE_URL=<REST URL>."
fi

shown=$(run_cli "$cli_dir" "reading profile $profile" config show-profiles --profile "$profile")
address=$(printf '%s\n' "$shown" | sed -n 's/^ *"account": "\(0x\)\{0,1\}\([0-9a-fA-F]*\)".*/0x\2/p')
rest_url=$(printf '%s\n' "$shown" | sed -n 's/^ *"rest_url": "\([^"]*\)".*/\1/p')
[[ -n "$address" ]] || die "profile $profile not found (or has no account) in $cli_dir/.movement/config.yaml."
[[ -n "$rest_url" ]] || die "profile $profile has no REST URL."
node=${rest_url%/}
[[ "$node" == */v1 ]] || node="$node/v1"

# A missing account is the commonest failure; say so before the CLI compiles and simulates.
status=$(curl -s -o /dev/null -w '%{http_code}' "$node/accounts/$address") \
    || die "the node at $node does not answer."
case "$status" in
    200) ;;
    404) die "the publisher $address has no account on $node: create and fund it first." ;;
    *) die "GET $node/accounts/$address answered HTTP $status." ;;
esac

echo "publish-jobs: publishing $package as $address to $node"
run_cli "$cli_dir" "publishing move/jobs" move publish --profile "$profile" --package-dir "$package" \
    --output-dir "$work/build" --named-addresses "jobs_addr=$address" \
    --skip-fetch-latest-git-deps --assume-yes "$@"

# The module is on chain once the node serves it.
curl -sf -o /dev/null "$node/accounts/$address/module/jobs" \
    || die "the publish committed but $node does not serve $address::jobs."
echo "publish-jobs: $address::jobs is published; $address is its admin. Register operators with:"
if [[ -n "${JOBS_PRIVATE_KEY:-}" ]]; then signer_args="--private-key <publisher key> --url $node"; else signer_args="--profile $profile"; fi
echo "  $cli move run $signer_args --function-id $address::jobs::add_operator --args address:<operator>"
