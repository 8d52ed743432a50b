#!/usr/bin/env bash
# `make api-fuzz`: OpenAPI-driven fuzzing of campaign-svc's HTTP API with schemathesis.
#
# Installs a pinned schemathesis into target/api-fuzz/venv (from PyPI, once), builds campaign-svc
# (debug), starts it on a free port against a fresh database with its own topics, the demo game
# users, one API key holding every scope and rate limits far above what the fuzzer sends, then
# runs schemathesis against its GET /openapi.json twice:
#   authed  with the key: every operation, schema-valid and schema-violating inputs, stateful
#           sequences over the spec's links; not_a_server_error plus status code, content type,
#           response schema and header conformance, negative data rejection, 405s with Allow,
#           and that the key is really needed (ignored_auth)
#   no-key  without a key: the unauthenticated paths; the same conformance checks
# Then, from campaign-svc's own /metrics: it answered no request with a 5xx, and no protected
# operation answered 2xx without a key. Exits non-zero on any failure, after a short summary.
#
# Reuses TESTKIT_DATABASE_URL / PUBSUB_EMULATOR_HOST when exported (scripts/test.sh does), making
# a database of its own inside; else starts its own Postgres and emulator. Stops everything it
# started, whatever happens. Logs and JUnit reports: target/api-fuzz/last/ (or the failed run's
# directory, which is kept).
#
# Environment: API_FUZZ_EXAMPLES (test cases per operation and phase, default 50),
# API_FUZZ_SEED (default random, printed: rerun a failure with it), API_FUZZ_WORKERS (default 1:
# Python < 3.11.8 can fail parsing ASTs in several threads at once, CPython gh-106905),
# API_FUZZ_CHECKS (schemathesis checks for both passes instead of the defaults), API_FUZZ_ARGS
# (more schemathesis options for both passes, e.g. "--report har").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

SCHEMATHESIS_VERSION=4.32.5
CONFORMANCE=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,unsupported_method,allow_header_conformance
CHECKS=${API_FUZZ_CHECKS:-$CONFORMANCE,negative_data_rejection,missing_required_header,ignored_auth}
NO_KEY_CHECKS=$CONFORMANCE
EXAMPLES=${API_FUZZ_EXAMPLES:-50}
WORKERS=${API_FUZZ_WORKERS:-1}
SEED=${API_FUZZ_SEED:-$(( (RANDOM << 15) | RANDOM ))}

say() { echo "api-fuzz: $*"; }
die() { echo "api-fuzz: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "missing '$1'. $2"; }
need cargo "Install Rust (https://rustup.rs)."
need python3 "Install Python 3 (with the venv module, e.g. 'apt-get install python3-venv')."
need psql "Install the PostgreSQL client, e.g. 'apt-get install postgresql-client'."
need curl "Install curl."

state=$root/target/api-fuzz
run_dir=$state/run-$$
mkdir -p "$run_dir"
started=$(date +%s)
free_port() { python3 "$root/scripts/harness.py" free-ports; }

svc_pid=""; fuzz_pid=""; own_pg=""; own_ps_port=""; admin_url=""; db_name=""
cleanup() {
  local rc=$?
  if [ -n "$fuzz_pid" ]; then kill -TERM "$fuzz_pid" 2>/dev/null || true; fi
  if [ -n "$svc_pid" ] && kill -0 "$svc_pid" 2>/dev/null; then
    kill -TERM "$svc_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$svc_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$svc_pid" 2>/dev/null || true
    wait "$svc_pid" 2>/dev/null || true
  fi
  if [ -n "$db_name" ] && [ -z "$own_pg" ]; then
    psql -q "$admin_url" -c "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [ -n "$own_ps_port" ]; then
    PUBSUB_PIDFILE=$run_dir/pubsub.pgid scripts/pubsub-emulator.sh stop "$own_ps_port" || true
  fi
  if [ -n "$own_pg" ]; then
    scripts/postgres.sh stop "$own_pg" >/dev/null 2>&1 || true
    rm -rf "$own_pg" "$own_pg.initdb.log"
  fi
  # Keep the last run's logs and reports for reading; a failed run keeps its own directory.
  if [ $rc = 0 ] && [ -d "$run_dir" ]; then rm -rf "$state/last"; mv "$run_dir" "$state/last"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. schemathesis, pinned, in a venv under target/ (reused while it has the pinned version).
venv=$state/venv
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]; then
  say "installing schemathesis $SCHEMATHESIS_VERSION into ${venv#"$root"/}"
  rm -rf "$venv"
  python3 -m venv "$venv" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" \
    || die "pip could not install schemathesis==$SCHEMATHESIS_VERSION"
fi

# 2. Postgres and the Pub/Sub emulator: the exported ones, or our own.
if [ -n "${TESTKIT_DATABASE_URL:-}" ]; then
  admin_url=$TESTKIT_DATABASE_URL
else
  need java "The Pub/Sub emulator needs Java 11+, e.g. 'apt-get install openjdk-17-jre-headless'."
  own_pg=$run_dir/pg
  pg_port=$(free_port)
  say "starting PostgreSQL on 127.0.0.1:$pg_port"
  admin_url=$(scripts/postgres.sh start "$own_pg" "$pg_port" --watch-pid $$)
fi
if [ -n "${PUBSUB_EMULATOR_HOST:-}" ]; then
  emulator=$PUBSUB_EMULATOR_HOST
else
  need java "The Pub/Sub emulator needs Java 11+, e.g. 'apt-get install openjdk-17-jre-headless'."
  own_ps_port=$(free_port)
  say "starting the Pub/Sub emulator on 127.0.0.1:$own_ps_port"
  emulator=$(PUBSUB_PIDFILE=$run_dir/pubsub.pgid scripts/pubsub-emulator.sh start "$own_ps_port" \
    --watch-pid $$ --log "$run_dir/pubsub.log")
fi
db_name=api_fuzz_$$
psql -q -v ON_ERROR_STOP=1 "$admin_url" -c "CREATE DATABASE $db_name" >/dev/null
database_url=${admin_url%/*}/$db_name

# 3. campaign-svc: debug build, fresh database, unique topics, one key with every scope, rate
#    limits far above what the fuzzer sends (so it measures the API, not 429s).
# `cargo test --workspace --no-run` leaves target/debug/campaign-svc built with the test build's
# feature set: a no-op after `make test`'s nextest run, where `cargo build -p campaign-svc` would
# rebuild the dependencies without the dev-dependencies' features (minutes on a cold CI machine).
say "building campaign-svc"
cargo test --workspace --no-run --quiet
bin=$root/target/debug/campaign-svc
key=api-fuzz-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
port=$(free_port)
base=http://127.0.0.1:$port
t=api-fuzz-$$
export DATABASE_URL=$database_url PUBSUB_EMULATOR_HOST=$emulator GCP_PROJECT_ID=test-project
export REQUESTS_TOPIC=$t-requests REQUESTS_SUBSCRIPTION=$t-requests-sub REQUESTS_DEAD_LETTER_TOPIC=$t-requests-dlq
export RESULTS_TOPIC=$t-results RESULTS_SUBSCRIPTION=$t-results-sub RESULTS_DEAD_LETTER_TOPIC=$t-results-dlq
export LOG_FORMAT=json RUST_LOG=${RUST_LOG:-info}
# A message signing key of this run (the service refuses to start without one).
export MESSAGE_SIGNING_KEYS_FILE=$run_dir/signing-keys
( umask 077; scripts/gen-signing-key.sh api-fuzz >"$MESSAGE_SIGNING_KEYS_FILE" )
"$bin" seed-users --count 50 >/dev/null
PORT=$port BIND_ADDRESS=127.0.0.1 LEDGER_SCHEDULE=off \
  API_KEYS="grant+read+admin:$("$bin" hash-key "$key")" \
  RATE_LIMIT_PER_KEY=100000 RATE_LIMIT_PER_KEY_BURST=100000 \
  RATE_LIMIT_PER_IP=100000 RATE_LIMIT_PER_IP_BURST=100000 \
  "$bin" >"$run_dir/campaign-svc.log" 2>&1 &
svc_pid=$!
for _ in $(seq 1 300); do
  curl -sf "$base/ready" >/dev/null 2>&1 && break
  kill -0 "$svc_pid" 2>/dev/null || { tail -30 "$run_dir/campaign-svc.log" >&2; die "campaign-svc exited during start-up"; }
  sleep 0.2
done
curl -sf "$base/ready" >/dev/null || die "campaign-svc not ready within 60 s (log: ${run_dir#"$root"/}/campaign-svc.log)"
say "campaign-svc (pid $svc_pid) ready on $base; schemathesis $SCHEMATHESIS_VERSION, seed $SEED, $EXAMPLES examples per operation and phase"

# What campaign-svc itself counted (http_requests_total on /metrics): "route method status count".
counts() {
  local metrics
  metrics=$(curl -sf "$base/metrics") \
    || die "campaign-svc stopped answering (log: ${run_dir#"$root"/}/campaign-svc.log)"
  echo "$metrics" | awk '/^http_requests_total\{/ {
    match($0, /route="[^"]*"/); r = substr($0, RSTART + 7, RLENGTH - 8)
    match($0, /status="[0-9]+"/); s = substr($0, RSTART + 8, 3)
    match($0, /method="[A-Z]+"/); m = substr($0, RSTART + 8, RLENGTH - 9)
    print r, m, s, $NF }'
}
# Requests counted between two snapshots, optionally only those matching an awk condition on
# r (route) and s (status).
delta() { # before-file after-file [condition]
  awk -v cond="${3:-all}" '
    FILENAME == ARGV[1] { b[$1 " " $2 " " $3] = $4; next }
    { r = $1; s = $3; d = $4 - b[$1 " " $2 " " $3] }
    cond == "5xx" && s !~ /^5/ { next }
    cond == "protected_2xx" && (s !~ /^2/ || r ~ /^\/(health|ready|metrics|openapi\.json)$/) { next }
    { n += d }
    END { printf "%d\n", n }' "$1" "$2"
}

# 4. The two passes.
failed=0
summary=()
total_cases=0
total_fails=0
fuzz() { # name, checks, extra schemathesis args...
  local name=$1 checks=$2; shift 2
  local log=$run_dir/$name.log rc=0
  counts >"$run_dir/$name.before"
  say "pass '$name'"
  # In the background and waited for, so that a signal reaches the cleanup at once.
  # shellcheck disable=SC2086 # API_FUZZ_ARGS is split into options on purpose
  (cd "$state" && exec "$venv/bin/schemathesis" run "$base/openapi.json" \
    --checks "$checks" --max-examples "$EXAMPLES" --seed "$SEED" --workers "$WORKERS" \
    --generation-database none --request-timeout 15 --no-color --output-truncate true \
    --report junit --report-junit-path "$run_dir/$name.junit.xml" \
    "$@" ${API_FUZZ_ARGS:-}) >"$log" 2>&1 &
  fuzz_pid=$!
  wait "$fuzz_pid" || rc=$?
  fuzz_pid=""
  counts >"$run_dir/$name.after"
  local ops cases fails
  ops=$(grep -oE 'Tested: *[0-9]+' "$log" | grep -oE '[0-9]+' | tail -1 || true)
  cases=$(grep -oE '[0-9]+ generated' "$log" | grep -oE '[0-9]+' | tail -1 || true)
  fails=$(grep -oE '[0-9]+ (unique )?failures?' "$log" | tail -1 | grep -oE '^[0-9]+' || true)
  total_cases=$((total_cases + ${cases:-0})); total_fails=$((total_fails + ${fails:-0}))
  summary+=("$(printf '%-7s operations=%s test_cases=%s requests=%s failures=%s' "$name" "${ops:-?}" \
    "${cases:-?}" "$(delta "$run_dir/$name.before" "$run_dir/$name.after")" "${fails:-0}")")
  if [ $rc != 0 ]; then
    failed=1
    if grep -qE '^=+ (FAILURES|ERRORS) =+$' "$log"; then
      sed -n '/^=* \(FAILURES\|ERRORS\) =*$/,$p' "$log" | head -200 >&2
    else
      tail -40 "$log" >&2
    fi
    echo "api-fuzz: pass '$name' failed, exit $rc (full output: ${log#"$root"/})" >&2
  fi
}
# With the key: every check that applies to this API. positive_data_acceptance is left out on
# purpose: schema-valid ids of users the game does not know are rightly refused with 422.
fuzz authed "$CHECKS" -H "X-API-Key: $key"
# Without a key: the same conformance, and (below) nothing but the probes may answer 2xx.
fuzz no-key "${API_FUZZ_CHECKS:-$NO_KEY_CHECKS}" --phases examples,coverage,fuzzing --warnings off
counts >"$run_dir/end"
server_errors=$(delta /dev/null "$run_dir/end" 5xx)
open_doors=$(delta "$run_dir/no-key.before" "$run_dir/no-key.after" protected_2xx)
statuses=$(awk '{ n[$3] += $4 } END { for (s in n) printf "%s=%d\n", s, n[s] }' "$run_dir/end" | sort | tr '\n' ' ')

elapsed=$(( $(date +%s) - started ))
say "summary (schemathesis $SCHEMATHESIS_VERSION, seed $SEED, ${elapsed}s):"
for line in "${summary[@]}"; do echo "  $line"; done
echo "  campaign-svc's answers by status (its /metrics, both passes): ${statuses% }"
echo "  5xx answers: $server_errors; 2xx from a protected operation without a key: $open_doors"
if [ "$server_errors" != 0 ]; then
  failed=1
  grep -E '"level":"(ERROR|WARN)"' "$run_dir/campaign-svc.log" | tail -20 >&2 || true
fi
[ "$open_doors" = 0 ] || failed=1
# The plain closing line test-output readers look for: test cases passed and failed.
[ $failed = 0 ] || [ "$total_fails" != 0 ] || total_fails=1
echo "api-fuzz: $((total_cases - total_fails)) passed, $total_fails failed"
if [ $failed != 0 ]; then
  say "FAILED (reproduce with API_FUZZ_SEED=$SEED scripts/api-fuzz.sh; logs in ${run_dir#"$root"/})"
  exit 1
fi
say "passed"
