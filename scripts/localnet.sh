#!/usr/bin/env bash
# A throwaway Movement local chain (`movement node run-localnet`: the real Move VM, gas schedule
# and REST API, plus a faucet) with move/jobs published on it, for tests, chaos runs and
# `make run CHAIN=localnet`.
#
#   scripts/localnet.sh start DIR [--operators N] [--watch-pid PID] [--api-port P] [--faucet-port P]
#                                 [--fund OCTAS] [--log FILE]
#       start a new chain (genesis) with all its state in DIR, on free ports (every port the node
#       opens is moved off its fixed default, so several chains can run side by side), wait until it
#       is ready, publish move/jobs from a new publisher account (the contract's admin), create, fund
#       and register N operator accounts (default 2), then print chain-svc's settings as shell lines
#       (also written to DIR/env, mode 600):
#         NODE_URL CHAIN_ID JOBS_ADDRESS SIGNER_KEYS OPERATOR_ADDRESSES ADMIN_ADDRESS ADMIN_KEY
#         FAUCET_URL LOCALNET_DIR
#       --operators N    operator accounts to create and register (0 is allowed)
#       --watch-pid PID  stop the chain once process PID has exited
#       --api-port P, --faucet-port P   fixed REST and faucet ports instead of free ones
#       --fund OCTAS     faucet funding of each operator (default 100 MOVE; the publisher gets 10)
#       --log FILE       the node's console output (default DIR/localnet.log)
#   scripts/localnet.sh stop DIR
#       stop the chain started from DIR (and only it) and delete its data, keys and profiles
#
# The CLI is the one scripts/movement-cli.sh finds ($MOVEMENT_CLI, PATH, ../shared/tools/movement).
# Every file the CLI writes (its .movement/ profiles, which hold the keys, and the package build)
# stays in DIR: it runs with DIR as its working directory on a copy of move/jobs.
set -euo pipefail

die() { echo "localnet.sh: $*" >&2; exit 1; }
say() { echo "localnet.sh: $*" >&2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
self=$here/$(basename "${BASH_SOURCE[0]}")

# The CLI's telemetry would call out to the internet from every command and from the node.
export APTOS_DISABLE_TELEMETRY=true

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

alive() { [ -n "${1:-}" ] && kill -0 -- "-$1" 2>/dev/null; }

# True when process PID still runs a command line naming DIR: a pid file left behind by a chain or
# reaper that is long gone never gets a recycled pid killed.
started_from() { ps -o args= -p "$1" 2>/dev/null | grep -qF -- "$2"; }

# Stops the chain started from DIR: its process group (DIR/pgid) with SIGINT first (the CLI then
# runs its shutdown steps), then SIGTERM, then SIGKILL; and its reaper (DIR/reaper.pid), which
# removes that file itself before it calls `stop`.
stop_chain() {
  local dir=$1 pgid reaper
  if [ -f "$dir/reaper.pid" ]; then
    reaper=$(cat "$dir/reaper.pid")
    rm -f "$dir/reaper.pid"
    if started_from "$reaper" "$dir"; then kill -TERM "$reaper" 2>/dev/null || true; fi
  fi
  if [ -f "$dir/pgid" ]; then
    pgid=$(cat "$dir/pgid")
    if alive "$pgid" && started_from "$pgid" "$dir/chain"; then
      kill -INT -- "-$pgid" 2>/dev/null || true
      for _ in $(seq 1 100); do alive "$pgid" || break; sleep 0.1; done
      alive "$pgid" && kill -TERM -- "-$pgid" 2>/dev/null
      for _ in $(seq 1 30); do alive "$pgid" || break; sleep 0.1; done
      alive "$pgid" && kill -KILL -- "-$pgid" 2>/dev/null
    fi
    rm -f "$dir/pgid"
  fi
  # The chain's data and every key: nothing of it is reusable once the chain is gone.
  rm -rf "$dir/chain" "$dir/.movement" "$dir/jobs" "$dir/env" "$dir/node-config.yaml"
}

# N free TCP ports on 127.0.0.1, all distinct (held open together while they are picked).
free_ports() { python3 "$root/scripts/harness.py" free-ports "$1"; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A field of a profile in DIR/.movement/config.yaml (the CLI writes one `key: value` per line).
profile_field() {
  awk -v head="  $2:" -v key="$3:" '
    $0 == head { on = 1; next }
    on && /^  [^ ]/ { on = 0 }
    on && $1 == key { v = $2; gsub(/"/, "", v); print v; exit }
  ' "$1/.movement/config.yaml"
}

# A profile's account address and private key, both as 0x-prefixed hex.
profile_address() {
  local a
  a=$(profile_field "$1" "$2" account)
  [ -n "$a" ] || die "profile $2 has no account in $1/.movement/config.yaml"
  echo "0x${a#0x}"
}
profile_key() {
  local k
  k=$(profile_field "$1" "$2" private_key)
  k=${k#ed25519-priv-}
  [ -n "$k" ] || die "profile $2 has no private key in $1/.movement/config.yaml"
  echo "0x${k#0x}"
}

# Waits (up to 60 s) until the node has committed transaction HASH and checks that it succeeded.
wait_committed() {
  local node=$1 hash=$2 what=$3 body end=$((SECONDS + 60))
  while [ $SECONDS -lt $end ]; do
    body=$(curl -s --max-time 15 "$node/transactions/wait_by_hash/$hash" || true)
    case "$body" in
      *'"type":"user_transaction"'*)
        case "$body" in
          *'"success":true'*) return 0 ;;
          *) die "$what ($hash) failed on chain: $(grep -o '"vm_status":"[^"]*"' <<<"$body")" ;;
        esac ;;
    esac
    sleep 0.5
  done
  die "$what ($hash) was not committed within 60 s"
}

# Asks the faucet to fund ADDRESS with OCTAS (creating the account); prints the transaction hashes.
mint() {
  local faucet=$1 address=$2 octas=$3 hashes
  hashes=$(curl -sf -X POST "$faucet/mint?amount=$octas&address=$address") \
    || die "the faucet refused to fund $address"
  tr -d '[]"' <<<"$hashes" | tr ',' '\n' | sed 's/^0x//; s/^/0x/'
}

# Runs the CLI in DIR (so .movement/ lands there), its output appended to DIR/cli.log; on a
# non-zero exit or a transaction that did not succeed, shows the output and fails.
cli_in() {
  local dir=$1 what=$2 out
  shift 2
  out=$(cd "$dir" && "$cli" "$@" </dev/null 2>&1) || { echo "$out" >&2; die "$what failed"; }
  printf '$ movement %s\n%s\n' "$*" "$out" >>"$dir/cli.log"
  case "$out" in
    *'"success": false'*) echo "$out" >&2; die "$what did not succeed on chain" ;;
  esac
}

# The state dir and whether the chain came up: globals, because the EXIT trap reads them after
# start() has returned.
dir=""
ready=0

start() {
  dir=${1:?DIR}
  shift
  local operators=2 watch="" api_port="" faucet_port="" fund_octas=10000000000 log=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --operators) operators=$2; shift 2 ;;
      --watch-pid) watch=$2; shift 2 ;;
      --api-port) api_port=$2; shift 2 ;;
      --faucet-port) faucet_port=$2; shift 2 ;;
      --fund) fund_octas=$2; shift 2 ;;
      --log) log=$2; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  [[ $operators =~ ^[0-9]+$ ]] || die "--operators must be a number"
  [[ $fund_octas =~ ^[0-9]+$ ]] || die "--fund must be a number of octas"
  command -v curl >/dev/null 2>&1 || die "missing 'curl'."
  command -v python3 >/dev/null 2>&1 || die "missing 'python3' (it picks the free ports)."
  cli=$("$here/movement-cli.sh") || die "no Movement CLI (see scripts/movement-cli.sh)"

  # Keys land in DIR (the env file, the CLI's profiles): readable by this user only.
  umask 077
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  if [ -f "$dir/pgid" ] && alive "$(cat "$dir/pgid")"; then
    die "a local chain started from $dir is still running (pgid $(cat "$dir/pgid")); 'scripts/localnet.sh stop $dir' stops it"
  fi
  stop_chain "$dir"
  : >"$dir/cli.log"
  log=${log:-$dir/localnet.log}

  # From here on, a failure or an interrupt stops the chain again: the caller gets either a ready
  # chain or nothing left running.
  trap '[ $ready = 1 ] || stop_chain "$dir"' EXIT
  trap 'exit 130' INT TERM

  # Every port the node listens on. The node's defaults (REST 8080, metrics 9101, admin 9102,
  # backup 6186, validator network 6180, full-node network 6181) are fixed, so each is moved to a
  # free one; the VFN network and the safety-rules service already take OS-assigned ports.
  local i p_api p_faucet p_ready p_metrics p_admin p_backup p_validator p_fullnode attempt
  local t0 t_ready pgid
  for attempt in 1 2 3; do
    read -r p_api p_faucet p_ready p_metrics p_admin p_backup p_validator p_fullnode \
      <<<"$(free_ports 8)"
    p_api=${api_port:-$p_api}
    p_faucet=${faucet_port:-$p_faucet}
    for i in "$p_api" "$p_faucet"; do
      port_free "$i" || die "port $i is in use"
    done
    # The node's configuration, given whole with --config-path. The shorter --test-config-override
    # cannot do it: the CLI sets the state-sync driver's progress check to 10 s after merging an
    # override, and a new single-node chain bootstraps only at such a check, so the first
    # transaction would commit ~10 s after "ready". This file is what the CLI would build (its
    # single-node tweaks, checked field by field against its own config), except for the ports
    # and a 200 ms progress check: the first commit comes ~2 s after start instead of ~12 s.
    cat >"$dir/node-config.yaml" <<YAML
base:
  role: validator
api:
  address: "127.0.0.1:$p_api"
inspection_service:
  address: "127.0.0.1"
  port: $p_metrics
admin_service:
  address: "127.0.0.1"
  port: $p_admin
storage:
  backup_service_address: "127.0.0.1:$p_backup"
validator_network:
  network_id: validator
  listen_address: "/ip4/127.0.0.1/tcp/$p_validator"
  discovery_method: onchain
  mutual_authentication: true
  max_concurrent_network_reqs: 1
  connectivity_check_interval_ms: 10000
  max_connection_delay_ms: 10000
  ping_interval_ms: 10000
  runtime_threads: 1
full_node_networks:
  - network_id:
      private: vfn
    listen_address: "/ip4/127.0.0.1/tcp/$p_fullnode"
    connectivity_check_interval_ms: 10000
    max_connection_delay_ms: 10000
    ping_interval_ms: 10000
    runtime_threads: 1
consensus:
  quorum_store_poll_time_ms: 1000
  quorum_store:
    num_workers_for_remote_batches: 1
execution:
  concurrency_level: 1
  num_proof_reading_threads: 1
  paranoid_hot_potato_verification: false
  paranoid_type_verification: false
  processed_transactions_detailed_counters: false
peer_monitoring_service:
  max_concurrent_requests: 1
  enable_peer_monitoring_client: false
mempool:
  shared_mempool_max_concurrent_inbound_syncs: 1
  default_failovers: 1
  max_broadcasts_per_peer: 1
state_sync:
  state_sync_driver:
    enable_auto_bootstrapping: true
    max_connection_deadline_secs: 1
    progress_check_interval_ms: 200
  data_streaming_service:
    progress_check_interval_ms: 10000
YAML
    t0=$(now)
    (cd "$dir" && exec setsid "$cli" node run-localnet --test-dir "$dir/chain" --force-restart \
      --assume-yes --no-txn-stream --do-not-delegate --faucet-port "$p_faucet" \
      --ready-server-listen-port "$p_ready" --config-path "$dir/node-config.yaml" \
      >"$log" 2>&1 </dev/null) &
    pgid=$!
    echo "$pgid" >"$dir/pgid"
    # Once setsid has run (in the background child, so wait for it), the CLI leads its own process
    # group: stopping that group stops exactly the chain.
    for _ in $(seq 1 50); do
      [ "$(ps -o pgid= -p "$pgid" | tr -d ' ')" = "$pgid" ] && break
      kill -0 "$pgid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pgid" 2>/dev/null && [ "$(ps -o pgid= -p "$pgid" | tr -d ' ')" != "$pgid" ]; then
      kill -TERM "$pgid" 2>/dev/null
      die "the CLI did not get its own process group"
    fi
    t_ready=""
    for _ in $(seq 1 1200); do
      if curl -sf --max-time 2 "http://127.0.0.1:$p_ready/" 2>/dev/null | grep -q '"not_ready":\[\]'; then
        t_ready=$(since "$t0"); break
      fi
      alive "$pgid" || break
      sleep 0.1
    done
    [ -n "$t_ready" ] && break
    if alive "$pgid"; then
      stop_chain "$dir"
      die "the local chain was not ready within 120 s (log: $log)"
    fi
    rm -f "$dir/pgid"
    if grep -qi "address already in use" "$log" && [ -z "$api_port$faucet_port" ] && [ $attempt -lt 3 ]; then
      say "a port was taken between picking and binding; retrying on other ports"
      continue
    fi
    tail -20 "$log" >&2
    die "the local chain exited during start-up (log: $log)"
  done

  if [ -n "$watch" ]; then
    # A reaper in its own session: it outlives a crashed or killed caller and stops the chain.
    setsid bash -c "while kill -0 $watch 2>/dev/null; do sleep 1; done
      rm -f '$dir/reaper.pid'; exec '$self' stop '$dir'" </dev/null >/dev/null 2>&1 &
    echo $! >"$dir/reaper.pid"
  fi

  local node=http://127.0.0.1:$p_api/v1 faucet=http://127.0.0.1:$p_faucet chain_id
  chain_id=$(curl -sf "$node" | grep -o '"chain_id":[0-9]*' | cut -d: -f2) \
    || die "the node at $node does not answer GET /v1"
  say "chain $chain_id ready in ${t_ready} s at $node (faucet $faucet, log $log)"

  # Accounts: the CLI makes each key and profile; the faucet creates and funds the account.
  local t1 i op hash admin_address admin_key jobs_address
  local -a op_addresses=() op_keys=()
  t1=$(now)
  cli_in "$dir" "creating the publisher profile" init --profile publisher --network custom \
    --rest-url "$node" --faucet-url "$faucet" --skip-faucet --assume-yes
  for i in $(seq 1 "$operators"); do
    cli_in "$dir" "creating the operator-$i profile" init --profile "operator-$i" --network custom \
      --rest-url "$node" --faucet-url "$faucet" --skip-faucet --assume-yes
  done
  admin_address=$(profile_address "$dir" publisher)
  admin_key=$(profile_key "$dir" publisher)
  for i in $(seq 1 "$operators"); do
    op_addresses+=("$(profile_address "$dir" "operator-$i")")
    op_keys+=("$(profile_key "$dir" "operator-$i")")
  done
  # Publishing needs max gas (2,000,000 units at price 100) = 2 MOVE of balance to be accepted.
  # Every mint is submitted first, then all are awaited: they commit together.
  local mints
  mints=$(mint "$faucet" "$admin_address" 1000000000)
  for op in "${op_addresses[@]}"; do mints+=$'\n'$(mint "$faucet" "$op" "$fund_octas"); done
  for hash in $mints; do wait_committed "$node" "$hash" "a faucet transfer"; done
  local t_accounts
  t_accounts=$(since "$t1")

  # Publish a copy of the package: the CLI writes its build next to the sources, and other
  # builds of move/jobs (other addresses, tests) must not race with this one.
  local t2 t_publish
  t2=$(now)
  mkdir -p "$dir/jobs"
  tar -C "$root/move/jobs" --exclude=./build -cf - . | tar -C "$dir/jobs" -xf -
  cli_in "$dir" "publishing move/jobs" move publish --profile publisher --package-dir "$dir/jobs" \
    --named-addresses jobs_addr=publisher --skip-fetch-latest-git-deps --assume-yes
  jobs_address=$admin_address
  t_publish=$(since "$t2")

  local t3 t_operators
  t3=$(now)
  for op in "${op_addresses[@]}"; do
    cli_in "$dir" "registering operator $op" move run --profile publisher \
      --function-id "$jobs_address::jobs::add_operator" --args "address:$op" --assume-yes
    curl -sf "$node/view" -H 'Content-Type: application/json' \
      -d "{\"function\":\"$jobs_address::jobs::is_operator\",\"type_arguments\":[],\"arguments\":[\"$op\"]}" \
      | grep -qx '\[true\]' || die "$op is not an operator after jobs::add_operator"
  done
  t_operators=$(since "$t3")

  local signer_keys operator_addresses
  signer_keys=$(IFS=,; echo "${op_keys[*]:-}")
  operator_addresses=$(IFS=,; echo "${op_addresses[*]:-}")
  cat >"$dir/env" <<EOF
NODE_URL=$node
CHAIN_ID=$chain_id
JOBS_ADDRESS=$jobs_address
SIGNER_KEYS=$signer_keys
OPERATOR_ADDRESSES=$operator_addresses
ADMIN_ADDRESS=$admin_address
ADMIN_KEY=$admin_key
FAUCET_URL=$faucet
LOCALNET_DIR=$dir
EOF
  say "accounts funded in ${t_accounts} s, move/jobs published in ${t_publish} s, $operators operator(s) registered in ${t_operators} s"
  ready=1
  cat "$dir/env"
}

cmd=${1:-}
shift || true
case "$cmd" in
  start) start "$@" ;;
  stop)
    dir=${1:?DIR}
    [ -d "$dir" ] || exit 0
    stop_chain "$(cd "$dir" && pwd -P)"
    ;;
  *) sed -n '2,25p' "$0"; exit 2 ;;
esac
