#!/usr/bin/env bash
# `make conformance`: one suite, two chains. Starts the dev chain (the devnet binary, free port) and
# a real Movement local chain (scripts/localnet.sh: run-localnet with move/jobs published), runs
# the conformance binary against both side by side (the local chain is the reference: the dev
# chain's gas, limits and ABI must agree with it), stops exactly what it started, and exits with
# the suite's status. The last line is `conformance: devnet N passed, localnet N passed, F failed`.
#
#   scripts/conformance.sh [conformance options, e.g. --only gas,abort]
#
# Environment:
#   CONFORMANCE_LOCALNET_ENV=FILE  use the local chain FILE describes (NODE_URL, FAUCET_URL,
#                                  JOBS_ADDRESS, ADMIN_KEY, CHAIN_ID; e.g. localnet.sh's DIR/env)
#                                  instead of starting one
#   LOCALNET_URL=…/v1              the same from variables: with LOCALNET_FAUCET_URL,
#                                  LOCALNET_JOBS_ADDRESS, LOCALNET_ADMIN_KEY, LOCALNET_CHAIN_ID (4)
#   CONFORMANCE_DEVNET_ENV=FILE    use a running dev chain instead of starting one
#   CONFORMANCE_SKIP_LOCALNET=1    run against the dev chain alone (when the Movement CLI is
#                                  missing); nothing is then compared with the real chain
#   MOVEMENT_CLI                   the CLI, as scripts/movement-cli.sh looks for it
# The suite pauses the Jobs contract for a moment (E_PAUSED): point it only at a Jobs deployment
# nobody else submits to meanwhile. Report: target/conformance/report.json.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

say() { echo "conformance: $*" >&2; }
die() { say "$*"; exit 1; }
command -v cargo >/dev/null 2>&1 || die "missing 'cargo'. Install Rust (https://rustup.rs)."
command -v python3 >/dev/null 2>&1 || die "missing 'python3' (it makes the dev chain's admin key)."

state=$root/target/conformance
mkdir -p "$state"
run_id=$$
localnet_dir=""
devnet_pid=""
devnet_reaper=""
status=1

# Decide about the local chain before the build: a missing CLI should fail in a second, not after
# minutes of compiling.
localnet_env=""
if [ -n "${CONFORMANCE_LOCALNET_ENV:-}" ]; then
  [ -r "$CONFORMANCE_LOCALNET_ENV" ] || die "CONFORMANCE_LOCALNET_ENV=$CONFORMANCE_LOCALNET_ENV is not a readable file"
  localnet_env=$CONFORMANCE_LOCALNET_ENV
  localnet_mode="given ($localnet_env)"
elif [ -n "${LOCALNET_URL:-}" ]; then
  for v in LOCALNET_FAUCET_URL LOCALNET_JOBS_ADDRESS LOCALNET_ADMIN_KEY; do
    [ -n "${!v:-}" ] || die "LOCALNET_URL is set but $v is not"
  done
  localnet_env=$state/localnet-$run_id.env
  (umask 077; cat >"$localnet_env" <<EOF
NODE_URL=$LOCALNET_URL
FAUCET_URL=$LOCALNET_FAUCET_URL
JOBS_ADDRESS=$LOCALNET_JOBS_ADDRESS
ADMIN_KEY=$LOCALNET_ADMIN_KEY
CHAIN_ID=${LOCALNET_CHAIN_ID:-4}
EOF
  )
  localnet_mode="given ($LOCALNET_URL)"
elif [ "${CONFORMANCE_SKIP_LOCALNET:-0}" = 1 ]; then
  localnet_mode=skipped
else
  if ! cli_error=$(scripts/movement-cli.sh 2>&1 >/dev/null); then
    say "the Movement CLI is missing, so no real local chain can be started to hold the dev chain to:"
    say "  ${cli_error#movement-cli.sh: }"
    die "install it (or set MOVEMENT_CLI), point CONFORMANCE_LOCALNET_ENV at a running local chain, or set CONFORMANCE_SKIP_LOCALNET=1 to run against the dev chain alone"
  fi
  localnet_mode=start
fi

cleanup() {
  if [ -n "$devnet_pid" ] && kill -0 "$devnet_pid" 2>/dev/null; then
    kill -TERM "$devnet_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$devnet_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$devnet_pid" 2>/dev/null || true
  fi
  if [ -n "$devnet_reaper" ]; then kill -TERM "$devnet_reaper" 2>/dev/null || true; fi
  if [ -n "$localnet_dir" ]; then scripts/localnet.sh stop "$localnet_dir" || true; fi
  rm -f "$state/devnet-$run_id.env" "$state/localnet-$run_id.env"
  # A passing run's logs are of no further use; a failing run's stay for the diagnosis.
  if [ "$status" = 0 ]; then rm -rf "$state/devnet-$run_id.log" ${localnet_dir:+"$localnet_dir"}; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "building devnet and the conformance suite"
cargo build --quiet -p devnet --bin devnet -p conformance --bin conformance
bin=${CARGO_TARGET_DIR:-$root/target}/debug

targets=()
if [ -n "${CONFORMANCE_DEVNET_ENV:-}" ]; then
  [ -r "$CONFORMANCE_DEVNET_ENV" ] || die "CONFORMANCE_DEVNET_ENV=$CONFORMANCE_DEVNET_ENV is not a readable file"
  targets+=("devnet=$CONFORMANCE_DEVNET_ENV")
else
  # A dev chain on a free port with an admin key of our own (passed by environment, not argv).
  devnet_log=$state/devnet-$run_id.log
  admin_key=0x$(python3 -c 'import secrets; print(secrets.token_hex(32))')
  DEVNET_ADMIN_KEYS=$admin_key RUST_LOG=${RUST_LOG:-warn} \
    "$bin/devnet" --listen 127.0.0.1:0 >"$devnet_log" 2>&1 </dev/null &
  devnet_pid=$!
  # A reaper: if this script is killed outright, the dev chain does not outlive it.
  setsid bash -c "while kill -0 $run_id 2>/dev/null; do sleep 1; done
    ps -o args= -p $devnet_pid 2>/dev/null | grep -qF '$bin/devnet' && kill -TERM $devnet_pid" \
    </dev/null >/dev/null 2>&1 &
  devnet_reaper=$!
  url=""
  for _ in $(seq 1 300); do
    url=$(sed -n 's/.*listening on \(http[^ ]*\/v1\).*/\1/p' "$devnet_log" | head -1)
    [ -n "$url" ] && break
    kill -0 "$devnet_pid" 2>/dev/null || { tail -20 "$devnet_log" >&2; die "the dev chain exited during start-up"; }
    sleep 0.1
  done
  [ -n "$url" ] || die "the dev chain did not report its address within 30 s (log: $devnet_log)"
  jobs=$(sed -n 's/.*jobs module \(0x[0-9a-f]*\)::jobs.*/\1/p' "$devnet_log" | head -1)
  chain_id=$(sed -n 's/.*chain id \([0-9]*\),.*/\1/p' "$devnet_log" | head -1)
  [ -n "$jobs" ] && [ -n "$chain_id" ] || die "could not read the dev chain's Jobs address and chain id (log: $devnet_log)"
  (umask 077; printf 'NODE_URL=%s\nJOBS_ADDRESS=%s\nADMIN_KEY=%s\nCHAIN_ID=%s\n' \
    "$url" "$jobs" "$admin_key" "$chain_id" >"$state/devnet-$run_id.env")
  targets+=("devnet=$state/devnet-$run_id.env")
  say "dev chain at $url (pid $devnet_pid, log $devnet_log)"
fi

case "$localnet_mode" in
  start)
    localnet_dir=$state/localnet-$run_id
    say "starting a real local chain (scripts/localnet.sh, state in $localnet_dir)"
    scripts/localnet.sh start "$localnet_dir" --operators 0 --watch-pid $run_id >/dev/null \
      || die "the local chain did not start (log: $localnet_dir/localnet.log)"
    targets+=("localnet=$localnet_dir/env")
    ;;
  skipped)
    say "CONFORMANCE_SKIP_LOCALNET=1: the dev chain alone; nothing is compared with the real chain"
    ;;
  *)
    say "local chain $localnet_mode"
    targets+=("localnet=$localnet_env")
    ;;
esac

args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done
status=0
"$bin/conformance" "${args[@]}" --reference localnet --report "$state/report.json" "$@" || status=$?
exit $status
