#!/usr/bin/env bash
# `make upgrade-check`: upgrade without forgetting, on a real Movement local chain. Publishes the
# contract move/jobs replaced (move/experiments/leaves, deployed until 2026-12-02) from a new
# account, pays a grant with it, publishes today's move/jobs over it (the package's `compatible`
# upgrade policy) and passes only if the chain took the upgrade and the new code refuses the id
# paid under the old one (`GrantSkipped` naming the first payment, `paid_grant` finding it):
# devnet/examples/upgrade-check.rs, the check docs/deploy.md's upgrade procedure runs against the
# deployed commit.
#
#   UPGRADE_LOCALNET_ENV=FILE   use the running local chain FILE describes (localnet.sh's DIR/env:
#                               NODE_URL, FAUCET_URL); else one is started and stopped here
#   UPGRADE_OLD=DIR             the version to upgrade from (default move/experiments/leaves)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
old=${UPGRADE_OLD:-move/experiments/leaves}
cli=$(scripts/movement-cli.sh) || { echo "upgrade-check: the Movement CLI is missing (see above)" >&2; exit 1; }

ln_dir=""
cleanup() { if [ -n "$ln_dir" ]; then scripts/localnet.sh stop "$ln_dir" >/dev/null 2>&1 || true; rm -rf "$ln_dir"; fi; }
trap cleanup EXIT INT TERM
env_file=${UPGRADE_LOCALNET_ENV:-}
if [ -z "$env_file" ]; then
  ln_dir=$root/target/testkit/upgrade-ln-$$
  mkdir -p "$ln_dir"
  scripts/localnet.sh start "$ln_dir" --operators 0 --watch-pid $$ --log "$ln_dir.log" >/dev/null
  env_file=$ln_dir/env
fi
node_url=$(sed -n 's/^NODE_URL=//p' "$env_file")
faucet_url=$(sed -n 's/^FAUCET_URL=//p' "$env_file")
[ -n "$node_url" ] && [ -n "$faucet_url" ] || { echo "upgrade-check: $env_file has no NODE_URL / FAUCET_URL" >&2; exit 1; }

cargo build --quiet -p devnet --example upgrade-check
echo "upgrade-check: $old -> move/jobs on $node_url"
MOVEMENT_CLI=$cli target/debug/examples/upgrade-check --node "$node_url" --faucet "$faucet_url" \
  --old "$old" --new move/jobs
echo "upgrade-check: passed"
