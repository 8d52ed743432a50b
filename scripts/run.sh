#!/usr/bin/env bash
# `make run`: the whole system on this machine, no Docker needed.
#
#   scripts/run.sh         build, then start Postgres, the Pub/Sub emulator, the chain,
#                          campaign-svc and chain-svc; seed a demo game table; print URLs and curl
#                          examples; Ctrl-C stops everything this script started (and nothing else)
#   scripts/run.sh infra   only Postgres, the emulator and the chain (`make dev`); the services
#                          then run in their own terminals with `make run-campaign` / `make run-chain`
#   scripts/run.sh campaign | chain
#                          one service in the foreground against a running `make dev`
#
# CHAIN picks the chain: `devnet` (default) is our dev chain, a development tool with the Jobs
# module built in; `localnet` is Movement's real local chain (`movement node run-localnet`, started
# by scripts/localnet.sh, which publishes move/jobs and registers LOCALNET_OPERATORS operators,
# default 2); it needs the Movement CLI (scripts/movement-cli.sh says where it looks).
#
# Ports: campaign-svc 8080, chain-svc 8081, Pub/Sub emulator 8681, Postgres 55432, the chain's REST
# API 8090 (dev chain or local chain), the local chain's faucet 8091 (override with CAMPAIGN_PORT,
# CHAIN_PORT, PUBSUB_PORT, PG_PORT, DEVNET_PORT, LOCALNET_PORT, LOCALNET_FAUCET_PORT); the local
# chain's other ports are free ones. State and logs live in .run/ (deleted at the next start).
# PROFILE=release builds optimised.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mode=${1:-all}
state=$root/.run
CAMPAIGN_PORT=${CAMPAIGN_PORT:-8080}
CHAIN_PORT=${CHAIN_PORT:-8081}
PUBSUB_PORT=${PUBSUB_PORT:-8681}
DEVNET_PORT=${DEVNET_PORT:-8090}
LOCALNET_PORT=${LOCALNET_PORT:-8090}
LOCALNET_FAUCET_PORT=${LOCALNET_FAUCET_PORT:-8091}
LOCALNET_OPERATORS=${LOCALNET_OPERATORS:-2}
CHAIN=${CHAIN:-devnet}
PG_PORT=${PG_PORT:-55432}
PROFILE=${PROFILE:-dev}
bindir=$root/target/$([ "$PROFILE" = release ] && echo release || echo debug)

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31mrun:\033[0m %s\n' "$*" >&2; exit 1; }

check_prerequisites() {
  local missing=0
  hint() { printf '  - %s\n' "$*" >&2; missing=1; }
  command -v cargo >/dev/null || hint "cargo: install Rust 1.95+ from https://rustup.rs"
  command -v curl >/dev/null || hint "curl: apt-get install curl"
  command -v psql >/dev/null || hint "psql: apt-get install postgresql-client"
  { command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } \
    || hint "initdb/pg_ctl (PostgreSQL server): apt-get install postgresql"
  command -v java >/dev/null || hint "java 11+ (for the Pub/Sub emulator): apt-get install openjdk-17-jre-headless"
  command -v gcloud >/dev/null || ls /usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator >/dev/null 2>&1 \
    || hint "the Pub/Sub emulator: install the Google Cloud CLI, then 'gcloud components install pubsub-emulator' (or apt-get install google-cloud-cli-pubsub-emulator)"
  command -v python3 >/dev/null || hint "python3"
  if [ "$CHAIN" = localnet ] && ! scripts/movement-cli.sh >/dev/null 2>&1; then
    hint "the Movement CLI (CHAIN=localnet): $(scripts/movement-cli.sh 2>&1 | sed 's/^movement-cli.sh: //')"
  fi
  if [ $missing = 1 ]; then
    echo "run: the prerequisites above are missing. Install them, or use 'docker compose up' instead (see README)." >&2
    exit 1
  fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_http() { # name url seconds pid
  local name=$1 url=$2 secs=$3 pid=${4:-}
  printf '    waiting for %s ' "$name"
  for _ in $(seq 1 $((secs * 5))); do
    if curl -sf "$url" >/dev/null 2>&1; then echo " ready"; return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo; tail -30 "$state/logs/$name.log" >&2; fail "$name exited during start-up (log: .run/logs/$name.log)"
    fi
    printf '.'; sleep 0.2
  done
  echo; fail "$name did not become ready within ${secs}s (log: .run/logs/$name.log)"
}

load_env() {
  [ -f "$state/env" ] || fail "nothing is running: start 'make dev' (or 'make run') first"
  # shellcheck disable=SC1091
  source "$state/env"
}

campaign_env() {
  export DATABASE_URL PUBSUB_EMULATOR_HOST GCP_PROJECT_ID=test-project PORT=$CAMPAIGN_PORT
  export MESSAGE_SIGNING_KEYS_FILE
  export LEDGER_SCHEDULE=${LEDGER_SCHEDULE:-1m} LOG_FORMAT=${LOG_FORMAT:-pretty} RUST_LOG=${RUST_LOG:-info}
  # The stuck-grant endpoint asks chain-svc; webhooks work against local receivers (development).
  export CHAIN_SVC_URL=${CHAIN_SVC_URL:-http://127.0.0.1:$CHAIN_PORT}
  export WEBHOOK_SECRETS_KEY WEBHOOK_ALLOW_INSECURE_URLS=${WEBHOOK_ALLOW_INSECURE_URLS:-true}
}

chain_env() {
  export NODE_URL SIGNER_KEYS PUBSUB_EMULATOR_HOST GCP_PROJECT_ID=test-project PORT=$CHAIN_PORT
  export MESSAGE_SIGNING_KEYS_FILE
  export LOG_FORMAT=${LOG_FORMAT:-pretty} RUST_LOG=${RUST_LOG:-info}
  # The local chain's Jobs address and chain id; the dev chain's are chain-svc's defaults.
  if [ -n "${JOBS_ADDRESS:-}" ]; then export JOBS_ADDRESS CHAIN_ID; fi
}

case "$CHAIN" in
  devnet) chain_port=$DEVNET_PORT ;;
  localnet) chain_port=$LOCALNET_PORT ;;
  *) fail "CHAIN=$CHAIN: use CHAIN=devnet (the dev chain) or CHAIN=localnet (Movement's local chain)" ;;
esac

case "$mode" in
  campaign) load_env; campaign_env; exec "$bindir/campaign-svc" ;;
  chain) load_env; chain_env; exec "$bindir/chain-svc" ;;
  all|infra) ;;
  *) sed -n '2,17p' "$0"; exit 2 ;;
esac

check_prerequisites
for p in $PG_PORT $PUBSUB_PORT $chain_port $([ "$CHAIN" = localnet ] && echo "$LOCALNET_FAUCET_PORT") \
  $([ "$mode" = all ] && echo "$CAMPAIGN_PORT $CHAIN_PORT"); do
  port_free "$p" || fail "port $p is in use (is 'make run' already running? 'make stop' stops it; or set the *_PORT variables)"
done

say "building ($PROFILE profile)"
cargo build $([ "$PROFILE" = release ] && echo --release) -p campaign-svc -p chain-svc \
  $([ "$CHAIN" = devnet ] && echo -p devnet) --bins

if [ -f "$state/run.pid" ] && kill -0 "$(cat "$state/run.pid")" 2>/dev/null; then
  fail "another 'make run' (pid $(cat "$state/run.pid")) is running; 'make stop' stops it"
fi
rm -rf "$state"; mkdir -p "$state/logs"; chmod 755 "$state"
echo $$ >"$state/run.pid"

children=()
cleanup() {
  trap - EXIT INT TERM
  echo; say "stopping"
  for pid in "${children[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${children[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$CHAIN" = localnet ]; then scripts/localnet.sh stop "$state/localnet" || true; fi
  PUBSUB_PIDFILE=$state/pubsub.pgid scripts/pubsub-emulator.sh stop "$PUBSUB_PORT" || true
  scripts/postgres.sh stop "$state/pg" >/dev/null 2>&1 || true
  rm -f "$state/run.pid" "$state/env"
  say "stopped"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
admin_url=$(scripts/postgres.sh start "$state/pg" "$PG_PORT" --watch-pid $$)
psql "$admin_url" -qc "CREATE DATABASE ledger" >/dev/null
DATABASE_URL=${admin_url%/*}/ledger

say "starting the Pub/Sub emulator on 127.0.0.1:$PUBSUB_PORT (about 10 s)"
PUBSUB_EMULATOR_HOST=$(PUBSUB_PIDFILE=$state/pubsub.pgid scripts/pubsub-emulator.sh start "$PUBSUB_PORT" \
  --watch-pid $$ --log "$state/logs/pubsub-emulator.log")

if [ "$CHAIN" = devnet ]; then
  say "starting the dev chain on 127.0.0.1:$DEVNET_PORT (a development tool, not Movement)"
  SIGNER_KEYS=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
  NODE_URL=http://127.0.0.1:$DEVNET_PORT/v1
  DEVNET_LISTEN=127.0.0.1:$DEVNET_PORT DEVNET_OPERATOR_KEYS=$SIGNER_KEYS RUST_LOG=${RUST_LOG:-info} \
    "$bindir/devnet" >"$state/logs/devnet.log" 2>&1 &
  children+=($!)
  wait_http devnet "$NODE_URL" 30 $!
  chain_lines="NODE_URL=$NODE_URL
SIGNER_KEYS=$SIGNER_KEYS"
  chain_name="dev chain  "
else
  say "starting Movement's local chain on 127.0.0.1:$LOCALNET_PORT and publishing move/jobs (about 15 s)"
  chain_lines=$(scripts/localnet.sh start "$state/localnet" --operators "$LOCALNET_OPERATORS" \
    --api-port "$LOCALNET_PORT" --faucet-port "$LOCALNET_FAUCET_PORT" --watch-pid $$ \
    --log "$state/logs/localnet.log") || fail "the local chain did not start (log: .run/logs/localnet.log)"
  eval "$chain_lines"
  # The chain runs in its own process group (not a child of this script): a watcher child stands
  # in for it, so that the chain exiting ends `make run` like any service exiting does.
  localnet_pgid=$(cat "$state/localnet/pgid")
  ( while kill -0 -- "-$localnet_pgid" 2>/dev/null; do sleep 1; done
    echo "the local chain exited (log: .run/logs/localnet.log)" >&2 ) &
  children+=($!)
  chain_name="local chain"
fi

# One message signing key for this run, shared by both services (README "Message signing").
MESSAGE_SIGNING_KEYS_FILE=$state/signing-keys
( umask 077; { echo "# make run's key, made at start; development only"
  scripts/gen-signing-key.sh "run-$(date -u +%Y%m%d)"; } >"$MESSAGE_SIGNING_KEYS_FILE" )

# The key webhook secrets are sealed with (README "Notifications"), one per run: development only.
WEBHOOK_SECRETS_KEY=$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')

cat >"$state/env" <<EOF
CHAIN=$CHAIN
DATABASE_URL=$DATABASE_URL
PUBSUB_EMULATOR_HOST=$PUBSUB_EMULATOR_HOST
MESSAGE_SIGNING_KEYS_FILE=$MESSAGE_SIGNING_KEYS_FILE
WEBHOOK_SECRETS_KEY=$WEBHOOK_SECRETS_KEY
$chain_lines
EOF
chmod 600 "$state/env"

say "seeding the demo game table (alice, bob, carol + 1,000 generated users)"
DATABASE_URL=$DATABASE_URL LOG_FORMAT=pretty RUST_LOG=warn "$bindir/campaign-svc" seed-users --count 1000

if [ "$mode" = infra ]; then
  say "infrastructure is up. In other terminals: 'make run-campaign' and 'make run-chain'. Ctrl-C stops it."
  wait
  exit 0
fi

say "starting campaign-svc on :$CAMPAIGN_PORT"
( campaign_env; exec "$bindir/campaign-svc" ) >"$state/logs/campaign-svc.log" 2>&1 &
children+=($!)
wait_http campaign-svc "http://127.0.0.1:$CAMPAIGN_PORT/ready" 60 $!

say "starting chain-svc on :$CHAIN_PORT"
( chain_env; exec "$bindir/chain-svc" ) >"$state/logs/chain-svc.log" 2>&1 &
children+=($!)
wait_http chain-svc "http://127.0.0.1:$CHAIN_PORT/ready" 60 $!

cat <<EOF

  Everything is up (logs: .run/logs/, 'make logs'; Ctrl-C stops everything).

  campaign-svc   http://localhost:$CAMPAIGN_PORT      (ledger runs every ${LEDGER_SCHEDULE:-1m})
  chain-svc      http://localhost:$CHAIN_PORT/stats
  Pub/Sub        http://localhost:$PUBSUB_PORT/v1/projects/test-project/topics
  $chain_name    $NODE_URL$([ "$CHAIN" = localnet ] && printf '\n  faucet         %s   (Jobs at %s)' "$FAUCET_URL" "$JOBS_ADDRESS")
  Postgres       $DATABASE_URL

  Try:
    curl -X POST "http://localhost:$CAMPAIGN_PORT/token-request?user_id=alice&campaign_id=summer"
    curl "http://localhost:$CAMPAIGN_PORT/status?user_id=alice"
    curl -X POST http://localhost:$CAMPAIGN_PORT/admin/ledger-runs
    curl http://localhost:$CHAIN_PORT/stats

EOF
wait -n "${children[@]}" || true
fail "a service exited; see .run/logs/"
