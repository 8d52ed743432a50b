#!/usr/bin/env bash
# The Google Pub/Sub emulator for tests, benchmarks and `make run`.
#
#   scripts/pubsub-emulator.sh start PORT [--watch-pid PID] [--project P] [--log FILE]
#       start on 127.0.0.1:PORT in its own process group, wait until it answers, print host:port
#       and write the process group id to $PUBSUB_PIDFILE (default /tmp/pubsub-emulator-PORT.pgid)
#       --watch-pid PID  stop it once process PID has exited
#   scripts/pubsub-emulator.sh stop PORT
#
# gcloud runs the emulator as a Java child: stopping only gcloud would orphan it, so the whole
# process group is stopped.
set -euo pipefail

die() { echo "pubsub-emulator.sh: $*" >&2; exit 1; }

launcher() {
  local root
  if command -v gcloud >/dev/null 2>&1; then
    root=$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null || true)
    if [ -n "$root" ] && [ -x "$root/platform/pubsub-emulator/bin/cloud-pubsub-emulator" ]; then
      echo "$root/platform/pubsub-emulator/bin/cloud-pubsub-emulator"; return
    fi
  fi
  for root in /usr/lib/google-cloud-sdk /usr/share/google-cloud-sdk /google-cloud-sdk; do
    [ -x "$root/platform/pubsub-emulator/bin/cloud-pubsub-emulator" ] && { echo "$root/platform/pubsub-emulator/bin/cloud-pubsub-emulator"; return; }
  done
  die "missing the Pub/Sub emulator. Install it with 'gcloud components install pubsub-emulator' (or apt-get install google-cloud-cli-pubsub-emulator), plus Java 11+, or use 'docker compose up'."
}

cmd=${1:-}; shift || true
case "$cmd" in
  start)
    port=${1:?PORT}; shift
    watch=""; project=test-project; log=/tmp/pubsub-emulator-$port.log
    while [ $# -gt 0 ]; do
      case "$1" in
        --watch-pid) watch=$2; shift 2;;
        --project) project=$2; shift 2;;
        --log) log=$2; shift 2;;
        *) die "unknown option $1";;
      esac
    done
    command -v java >/dev/null 2>&1 || die "missing 'java' (Java 11+), which the Pub/Sub emulator needs."
    command -v curl >/dev/null 2>&1 || die "missing 'curl'."
    bin=$(launcher)
    pidfile=${PUBSUB_PIDFILE:-/tmp/pubsub-emulator-$port.pgid}
    setsid "$bin" --host=127.0.0.1 --port="$port" >"$log" 2>&1 </dev/null &
    pgid=$!
    echo "$pgid" >"$pidfile"
    if [ -n "$watch" ]; then
      setsid bash -c "while kill -0 $watch 2>/dev/null; do sleep 1; done; kill -TERM -- -$pgid 2>/dev/null; sleep 2; kill -KILL -- -$pgid 2>/dev/null" \
        </dev/null >/dev/null 2>&1 &
    fi
    for _ in $(seq 1 600); do
      if curl -sf "http://127.0.0.1:$port/v1/projects/$project/topics" >/dev/null 2>&1; then
        echo "127.0.0.1:$port"; exit 0
      fi
      kill -0 "$pgid" 2>/dev/null || { tail -20 "$log" >&2; die "the emulator exited during start-up"; }
      sleep 0.1
    done
    kill -TERM -- -"$pgid" 2>/dev/null || true
    die "the emulator did not answer within 60 s (log: $log)"
    ;;
  stop)
    port=${1:?PORT}
    pidfile=${PUBSUB_PIDFILE:-/tmp/pubsub-emulator-$port.pgid}
    [ -f "$pidfile" ] || exit 0
    pgid=$(cat "$pidfile")
    kill -TERM -- -"$pgid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 -- -"$pgid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- -"$pgid" 2>/dev/null || true
    rm -f "$pidfile"
    ;;
  *)
    sed -n '2,11p' "$0"; exit 2;;
esac
