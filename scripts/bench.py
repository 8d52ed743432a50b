#!/usr/bin/env python3
"""`make bench`: measures the system on real parts and writes target/bench/report.{json,md}.

Each measure runs beside its ceiling (the limit of the part beneath it) in the same run, so the
report shows a ratio and not just a number. Nothing here is a test: it never fails on a slow
number, it reports it.

    scripts/bench.py [--only post_token_request,end_to_end,notifications,ledger_run,pipeline,chain_batching,
                             chain_cost]
                     [--quick] [--ledger-repeats N] [--chain-backlog GRANTS] [--localnet-env FILE]

--quick leaves out the 10 M-user ledger run (about 8 minutes of the whole). --ledger-repeats sets
how many times the 100 k and 1 M ledger runs are repeated, each beside its ceiling (default 3;
the report judges medians). --chain-backlog sets chain_batching's backlog (default 100000 grant
requests).

notifications (issue 17) runs end_to_end's load twice, webhooks off then on (a local receiver,
`webhook-sink` from the e2e crate, verifying every signature with the `standardwebhooks` crate),
and reports settle -> webhook received p50/p99 and both runs' end-to-end figures (report.json key
`notifications`).

chain_cost runs on a real Movement local chain (the Movement CLI's `node run-localnet`, found by
scripts/movement-cli.sh): the one described by --localnet-env (an env file as scripts/localnet.sh
writes it: NODE_URL, FAUCET_URL), else one it starts with scripts/localnet.sh and stops after. It
publishes today's contract (move/baseline), the one in move/jobs, and each design under
move/experiments/ from fresh accounts and measures each (devnet/examples/chain-cost.rs).
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import tempfile
import time
import urllib.request

import webhook_receiver
from harness import ROOT, Env, System, campaign_env, free_port, ledger_run, log, psql, run, seed_users, wait_http

OUT = os.path.join(ROOT, "target", "bench")
# The build bench runs (chain_cost, which needs no Env, names its binary by it).
PROFILE = "release"
RELEASE = os.path.join(ROOT, "target", PROFILE)


WRK_LUA = r"""
local counter = 0
local thread_id = 0
function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
-- A few campaigns and many users, as in a real campaign: each (user, campaign) pair once.
function request()
  counter = counter + 1
  local user = tid * PER_THREAD + math.floor(counter / 4) + 1
  local path = "/token-request?user_id=user-" .. user .. "&campaign_id=bench-" .. RUN .. "-" .. (counter % 4)
  return wrk.format("POST", path)
end
response = function(status, headers, body)
  if status ~= 202 then
    errors = (errors or 0) + 1
  end
end
"""


def parse_wrk(out):
    def dur(s):
        m = re.match(r"([\d.]+)(us|ms|s)", s)
        v = float(m.group(1))
        return {"us": v / 1000, "ms": v, "s": v * 1000}[m.group(2)]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {p: dur(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    if sock:
        errors += sum(int(x) for x in sock.groups())
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return rps, lat, errors, total


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk from Debian")
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True, check=True)
    if not shutil.which("wrk"):
        sys.exit("bench: missing 'wrk' (apt-get install wrk)")


def measure_post_token_request(env, duration=30, connections=64):
    ensure_wrk()
    db = env.database("bench_api")
    users = 400_000
    seed_users(env, db, users, without_wallet_every=0)
    port = free_port()
    p = env.spawn("campaign-api", [env.binary("campaign-svc")],
                  campaign_env(env, db, port, REQUESTS_TOPIC="bench-requests",
                               REQUESTS_SUBSCRIPTION="bench-requests-sub",
                               REQUESTS_DEAD_LETTER_TOPIC="bench-requests-dlq"))
    wait_http(f"http://127.0.0.1:{port}/ready")
    def script(tag):
        path = os.path.join(env.state, f"post-{tag}.lua")
        with open(path, "w") as f:
            f.write(f"PER_THREAD = {users // 2}\nRUN = \"{tag}{int(time.time())}\"\n" + WRK_LUA)
        return path
    base = f"http://127.0.0.1:{port}"
    log(f"post_token_request: warm-up 5 s, then {duration} s with {connections} connections")
    subprocess.run(["wrk", "-t2", f"-c{connections}", "-d5s", "-s", script("warm"), base], capture_output=True)
    out = run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", script("main"), base])
    rps, lat, errors, total = parse_wrk(out)
    grants = int(psql(db, "SELECT count(*) FROM grants"))
    env.stop(p)

    log("post_token_request ceiling: pgbench, one equivalent lookup + insert transaction per request")
    sql = os.path.join(env.state, "insert.sql")
    with open(sql, "w") as f:
        f.write(
            "\\set uid random(1, 399999)\n"
            "\\set c random(1, 1000000000)\n"
            "\\set k random(1, 1000000000)\n"
            "BEGIN;\n"
            "SELECT token_amount FROM campaigns WHERE campaign_id = 'x';\n"
            "SELECT user_id, wallet_address, balance FROM users WHERE user_id = 'user-' || :uid;\n"
            "INSERT INTO grants (request_id, source, user_id, campaign_id, wallet_address, token_amount, "
            "token_type, dedupe_key, request_fingerprint, traceparent) VALUES (grant_request_id(), 'campaign', "
            "'user-' || :uid, 'pgb-' || :client_id || '-' || :c, '0x' || md5('w') || md5('x'), 100, "
            "'GRANT', 'pgb' || :client_id || '-' || :k, md5('f'), '00-x') ON CONFLICT DO NOTHING;\n"
            "END;\n")
    pg = run(["pgbench", "-n", "-M", "prepared", "-c", str(connections), "-j", "2", "-T", str(duration),
              "-f", sql, db])
    tps = float(re.search(r"tps = ([\d.]+)", pg).group(1))
    return {
        "name": "post_token_request",
        "value": round(rps, 1), "unit": "req/s",
        "p50_ms": lat.get("50"), "p99_ms": lat.get("99"),
        "errors": errors, "requests": total, "grants_recorded": grants,
        "ceiling": round(tps, 1), "ceiling_what": "pgbench: lookup + insert transaction, same Postgres, same connections",
        "ratio": round(rps / tps, 3),
        "target": ">= 5000 req/s, p99 <= 25 ms, 0 errors, ratio >= 0.7",
        "met": rps >= 5000 and (lat.get("99") or 1e9) <= 25 and errors == 0 and rps / tps >= 0.7,
    }


def measure_ledger_run(env, sizes, repeats):
    """Each size is seeded once into a template database; every run gets a fresh copy of it, so the
    repeats start from the same rows. Sizes up to 1 M run `repeats` times (this VM's run-to-run
    noise is +-15-25 %: one run says little), 10 M once; the report keeps every run and judges the
    medians."""
    rows = []
    for n in sizes:
        template = f"bench_ledger_seed_{n}"
        seed_db = env.database(template)
        log(f"ledger_run: seeding {n:,} users")
        seed_users(env, seed_db, n)
        for rep in range(1, (repeats if n <= 1_000_000 else 1) + 1):
            db = env.database(f"bench_ledger_{n}", template=template)
            quiesce(db)
            log(f"ledger_run: running the ledger over {n:,} users (run {rep})")
            start = time.time()
            outcome = ledger_run(env, db)
            wall = time.time() - start
            secs = outcome["duration_ms"] / 1000
            row = {"users": n, "run": rep, "seconds": round(secs, 2), "wall_seconds": round(wall, 2),
                   "users_per_sec": round(n / secs), "grants_created": outcome["grants_created"]}
            log(f"ledger_run: {n:,} users in {secs:.2f} s ({n / secs:,.0f} users/s)")
            # The run leaves fresh rows for autovacuum; vacuum them now, not during the ceiling.
            psql(db, "VACUUM ANALYZE grants")
            psql(db, "VACUUM ANALYZE user_ledger")
            quiesce(db)
            ceiling = ledger_ceiling(db)
            row.update({"ceiling_seconds": round(ceiling, 2), "ratio": round(ceiling / secs, 3)})
            log(f"ledger_run ceiling: the same rows written without reading or checking anything: {ceiling:.2f} s")
            rows.append(row)
            psql(env.admin_url, f"DROP DATABASE bench_ledger_{n}")
        psql(env.admin_url, f"DROP DATABASE {template}")
    summary = []
    for n in sizes:
        runs = [r for r in rows if r["users"] == n]
        med = statistics.median(r["seconds"] for r in runs)
        ceil = statistics.median(r["ceiling_seconds"] for r in runs)
        summary.append({"users": n, "runs": len(runs), "median_seconds": round(med, 2),
                        "min_seconds": min(r["seconds"] for r in runs),
                        "max_seconds": max(r["seconds"] for r in runs),
                        "median_ceiling_seconds": round(ceil, 2), "ratio": round(ceil / med, 3),
                        "users_per_sec": round(n / med)})
    by = {s["users"]: s for s in summary}
    one_m = by.get(1_000_000, {}).get("median_seconds")
    result = {"name": "ledger_run", "runs": rows, "summary": summary, "unit": "s", "value": one_m,
              "ceiling": by.get(1_000_000, {}).get("median_ceiling_seconds"),
              "ceiling_what": "1 M users: the same grant and user_ledger rows inserted into copies of the "
                              "tables (same indexes and checks), 2 connections in parallel, nothing read or validated",
              "ratio": by.get(1_000_000, {}).get("ratio"),
              "target": "1 M users <= 10 s; 10 M <= 12 x the 1 M time (medians)"}
    met = one_m is not None and one_m <= 10
    if 10_000_000 in by and one_m:
        result["growth_10m_over_1m"] = round(by[10_000_000]["median_seconds"] / one_m, 2)
        met = met and result["growth_10m_over_1m"] <= 12
    result["met"] = met
    return result


def quiesce(db, deadline=600):
    """Starts a timed phase on a quiet Postgres: no autovacuum worker busy on any database, and a
    fresh checkpoint (so neither side of a comparison pays for the other's dirty pages)."""
    start = time.time()
    while time.time() - start < deadline:
        busy = psql(db, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")
        if busy.strip() == "0":
            break
        time.sleep(1)
    else:
        log(f"autovacuum still busy after {deadline} s; timing anyway")
    psql(db, "CHECKPOINT")


def ledger_ceiling(db, workers=2):
    """What writing a run's rows costs by itself: one grant per user with a wallet and a balance,
    and one user_ledger row each, inserted into copies of the two tables (LIKE ... INCLUDING ALL:
    the same indexes, checks and defaults) from `workers` connections at once, as the ledger's
    partitions do, with none of the reading, joining or wallet validation. Returns seconds."""
    psql(db, "CREATE TABLE ceiling_grants (LIKE grants INCLUDING ALL); "
             "CREATE TABLE ceiling_ledger (LIKE user_ledger INCLUDING ALL)")
    def part(k):
        where = (f"wallet_address IS NOT NULL AND balance > 0 "
                 f"AND abs(hashtext(user_id)::bigint) % {workers} = {k}")
        psql(db, f"""
            INSERT INTO ceiling_grants (request_id, source, user_id, campaign_id, run_id, wallet_address,
                                        coins, token_amount, token_type)
            SELECT grant_request_id(), 'ledger', user_id, 'ledger', 1, wallet_address, balance, balance, 'GRANT'
            FROM users WHERE {where};
            INSERT INTO ceiling_ledger (user_id, credited) SELECT user_id, balance FROM users WHERE {where}""")
    threads = [threading.Thread(target=part, args=(k,)) for k in range(workers)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.time() - start


def measure_end_to_end(env, rate=1000, duration=60):
    users = 100_000
    system = System(env, "e2e", users, signers=2, block_ms=250)
    run_tag = f"e{int(time.time())}"
    try:
        log(f"end_to_end: offering {rate} grants/s for {duration} s (250 ms blocks)")
        out = run([env.binary("loadgen"), "--url", system.url, "--rate", str(rate), "--duration-secs",
                   str(duration), "--users", str(users - 1), "--run", run_tag])
        load = json.loads(out.splitlines()[-1])
        where = f"campaign_id LIKE 'load-{run_tag}-%'"
        settled = system.wait_settled(where, 120)
        row = psql(system.db, f"""
            SELECT count(*), count(*) FILTER (WHERE status = 'completed'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM settled_at - created_at)),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM settled_at - created_at))
            FROM grants WHERE {where}""").split("|")
        total, completed, p50, p99 = int(row[0]), int(row[1]), float(row[2] or "nan"), float(row[3] or "nan")
        stats = system.stats()
    finally:
        system.stop()
    lost = load["accepted"] - completed
    return {
        "name": "end_to_end", "value": round(p50, 3), "unit": "s (p50, recorded to completed)",
        "p50_s": round(p50, 3), "p99_s": round(p99, 3), "offered_rate": rate,
        "achieved_rate": round(load["achieved_rate"], 1), "accepted": load["accepted"],
        "http_errors": load["errors"], "rejected_4xx": load.get("rejected_4xx"),
        "completed": completed, "lost": lost, "settled": settled,
        "post_p50_ms": round(load["p50_ms"], 2), "post_p99_ms": round(load["p99_ms"], 2),
        "grants_per_tx": stats.get("grants_per_batch"),
        "target": "p50 <= 0.75 s, p99 <= 2 s, nothing lost",
        "met": p50 <= 0.75 and p99 <= 2 and lost == 0 and settled,
    }


def measure_pipeline(env, grants=300_000):
    system = System(env, "pipeline", grants, signers=4, block_ms=250,
                    chain_extra={"PUBSUB_STREAMS": "4"}, campaign_extra={"OUTBOX_WORKERS": "2"})
    try:
        log(f"pipeline: a ledger run records ~{grants:,} grants; measuring how fast they complete")
        created = ledger_run(env, system.db)["grants_created"]
        samples = []
        start = time.time()
        while time.time() - start < 240:
            done = int(psql(system.db, "SELECT count(*) FROM grants WHERE status IN ('completed','failed')"))
            samples.append((time.time() - start, done))
            if done >= created:
                break
            time.sleep(1)
        elapsed, done = samples[-1]
        # Sustained rate: between 10% and 90% of the grants (ramp-up and tail excluded).
        lo = next((t, d) for t, d in samples if d >= created * 0.1)
        hi = next(((t, d) for t, d in samples if d >= created * 0.9), samples[-1])
        sustained = (hi[1] - lo[1]) / max(hi[0] - lo[0], 1e-9)
        stats = system.stats()
    finally:
        system.stop()
    log("pipeline ceiling: the emulator's raw publish -> pull rate with the same 4 connections")
    ceiling = json.loads(run([env.binary("pubsub-ceiling"), "--count", "200000", "--streams", "4"],
                             env=dict(os.environ, PUBSUB_EMULATOR_HOST=env.emulator)).splitlines()[-1])
    return {
        "name": "pipeline", "value": round(sustained), "unit": "grants/s",
        "grants": created, "settled": done, "seconds": round(elapsed, 1),
        "grants_per_tx": stats.get("grants_per_batch"),
        "ceiling": round(ceiling["pull_per_sec"]), "ceiling_what": "emulator publish -> pull, 4 connections",
        "ratio": round(sustained / ceiling["pull_per_sec"], 3),
        # Each grant crosses the emulator twice (its request, then its result).
        "ceiling_per_grant": round(ceiling["pull_per_sec"] / 2),
        "ratio_per_grant": round(sustained / (ceiling["pull_per_sec"] / 2), 3),
        "target": ">= 5000 grants/s", "met": sustained >= 5000 and done >= created,
    }


class WebhookSink:
    """`webhook-sink` (e2e/src/bin/webhook-sink.rs) as the benchmark's receiver: compiled, every
    signature verified with the `standardwebhooks` crate, so that the receiver is not what is
    measured (the Python receiver of the chaos run costs a third of a core at 1,000 events/s,
    in this process). The same face as webhook_receiver.WebhookReceiver for what the measure
    uses: url, set_secret, snapshot (event id -> receipt), unverified, stop."""

    class Receipt:
        def __init__(self, event_type, request_id, first_at):
            self.event_type, self.request_id, self.first_at = event_type, request_id, first_at

    def __init__(self, env, port):
        self.port = port
        self.url = f"http://127.0.0.1:{port}/hooks/grants"
        self.unverified = 0
        self.proc = subprocess.Popen([env.binary("webhook-sink"), "--port", str(port)])
        wait_http(f"http://127.0.0.1:{port}/control/receipts")

    def _call(self, method, path, data=None):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method, data=data)
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.read()

    def set_secret(self, secret):
        self._call("PUT", "/control/secret", secret.encode())

    def snapshot(self):
        got = json.loads(self._call("GET", "/control/receipts"))
        self.unverified = got["unverified"]
        return {e[0]: self.Receipt(e[1], e[2], e[3]) for e in got["events"]}

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def measure_notifications(env, rate=1000, duration=60, users=100_000):
    """Issue 17: the end-to-end run of `end_to_end` twice, on fresh databases, first with webhooks
    off (no WEBHOOK_SECRETS_KEY: events are recorded and fanned out, nothing is delivered), then on,
    with a receiver (WebhookSink: keep-alive, every signature verified with the `standardwebhooks`
    crate) registered for grant.completed and grant.failed before the load.
    Webhook settings are the production defaults, but for local URLs being allowed. Reports each
    run's recorded -> completed p50/p99, and with webhooks on, settle (the grant's settled_at) ->
    the receiver's first 2xx answer, p50/p99, and how many completed grants' events never came."""
    import webhook_receiver
    started = time.time()
    runs = {}
    for mode in ("off", "on"):
        extra = {}
        if mode == "on":
            extra = {"WEBHOOK_SECRETS_KEY": webhook_receiver.secrets_key(), "WEBHOOK_ALLOW_INSECURE_URLS": "true"}
        system = System(env, f"notifications_{mode}", users, signers=2, block_ms=250, campaign_extra=extra)
        receiver = None
        run_tag = f"n{mode}{int(time.time())}"
        try:
            if mode == "on":
                receiver = WebhookSink(env, free_port())
                webhook_receiver.register(system.url, receiver, ["grant.completed", "grant.failed"], "bench receiver")
            log(f"notifications: webhooks {mode}: offering {rate} grants/s for {duration} s")
            out = run([env.binary("loadgen"), "--url", system.url, "--rate", str(rate), "--duration-secs",
                       str(duration), "--users", str(users - 1), "--run", run_tag])
            load = json.loads(out.splitlines()[-1])
            where = f"campaign_id LIKE 'load-{run_tag}-%'"
            settled = system.wait_settled(where, 120)
            row = psql(system.db, f"""
                SELECT count(*) FILTER (WHERE status = 'completed'),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM settled_at - created_at)),
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM settled_at - created_at))
                FROM grants WHERE {where}""").split("|")
            figures = {"accepted": load["accepted"], "achieved_rate": round(load["achieved_rate"], 1),
                       "completed": int(row[0]), "lost": load["accepted"] - int(row[0]), "settled": settled,
                       "p50_s": round(float(row[1] or "nan"), 3), "p99_s": round(float(row[2] or "nan"), 3)}
            if receiver is not None:
                settled_at = dict(
                    (rid, float(at)) for rid, at in (line.split("|") for line in psql(
                        system.db, f"SELECT request_id, extract(epoch FROM settled_at) FROM grants "
                                   f"WHERE {where} AND status = 'completed'").splitlines()))
                deadline = time.time() + 60
                while time.time() < deadline:
                    got = {r.request_id: r.first_at for r in receiver.snapshot().values()
                           if r.event_type == "grant.completed"}
                    if all(rid in got for rid in settled_at):
                        break
                    time.sleep(0.5)
                latencies = sorted(got[rid] - at for rid, at in settled_at.items() if rid in got)
                receiver.snapshot()  # the final count of requests that did not verify
                figures.update({
                    "webhook_received": len(latencies), "webhook_missing": len(settled_at) - len(latencies),
                    "webhook_unverified": receiver.unverified,
                    "settle_to_webhook_p50_s": round(statistics.median(latencies), 3) if latencies else None,
                    "settle_to_webhook_p99_s": round(latencies[int(0.99 * (len(latencies) - 1))], 3) if latencies else None,
                })
            runs[mode] = figures
            log(f"notifications: webhooks {mode}: {figures}")
        finally:
            if receiver is not None:
                receiver.stop()
            system.stop()
    off, on = runs["off"], runs["on"]
    p99 = on.get("settle_to_webhook_p99_s")
    overhead = {k: round(on[k] / off[k] - 1, 3) for k in ("p50_s", "p99_s") if off[k]}
    return {
        "name": "notifications", "value": on.get("settle_to_webhook_p50_s"),
        "unit": "s (p50, grant settled to webhook received)",
        "settle_to_webhook_p50_s": on.get("settle_to_webhook_p50_s"), "settle_to_webhook_p99_s": p99,
        "offered_rate": rate, "seconds": duration, "webhooks_off": off, "webhooks_on": on,
        "end_to_end_overhead": overhead,
        "ceiling": off["p50_s"], "ceiling_what": "end to end recorded -> completed p50 with webhooks off (same run)",
        "ratio": round(on["p50_s"] / off["p50_s"], 3) if off["p50_s"] else None,
        "target": "at 1,000 grants/s: settle -> webhook p99 <= 1 s; end to end with webhooks on within 10 % of off; "
                  "nothing lost or missing",
        # The target is set at 1,000 grants/s: a run offering less cannot meet it.
        "met": (rate >= 1000 and p99 is not None and p99 <= 1.0 and all(v <= 0.10 for v in overhead.values())
                and on["webhook_missing"] == 0 and on["webhook_unverified"] == 0 and off["lost"] == on["lost"] == 0),
        "wall_seconds": round(time.time() - started, 1),
    }


def last_json(out):
    """The last stdout line that is a JSON object (the bench examples print their figures there)."""
    for line in reversed(out.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError("no JSON line in the output")


def measure_chain_batching(env, grants=100_000, block_ms=250, ceiling_jobs=100, ceiling_job_grants=251):
    """chain-svc alone at saturation (the chain-svc bench example: a backlog on the emulator, the
    dev chain and chain-svc in one process) with 1 and 4 signers, beside the dev chain's own
    committed throughput (the devnet bench example) with the same block time, in jobs of the size
    chain-svc sends by default (251: the dev chain, like the real VM, aborts much larger jobs at
    the execution limit, so the old 1,000-grant ceiling no longer commits)."""
    started = time.time()
    runs = []
    for signers in (1, 4):
        log(f"chain_batching: {grants:,}-grant backlog, {signers} signer(s), {block_ms} ms blocks")
        out = run([env.binary("examples/chain-bench"), str(signers), str(grants)],
                  env=dict(os.environ, PUBSUB_EMULATOR_HOST=env.emulator))
        r = last_json(out)
        st = r["stats"]
        runs.append({"signers": signers, "grants": grants, "seconds": round(r["elapsed_secs"], 2),
                     "grants_per_sec": round(r["grants_per_sec"]), "transactions": r["transactions"],
                     "grants_per_tx": round(r["grants_per_tx_avg"], 1),
                     "grants_per_tx_last": r["grants_per_tx_last"], "completed": st["completed"],
                     "already_paid": st["already_paid"], "failed": st["failed"],
                     "transactions_expired": st["transactions_expired"],
                     "transactions_refused": st["transactions_refused"]})
        log(f"chain_batching: {signers} signer(s): {r['grants_per_sec']:,.0f} grants/s, "
            f"{r['grants_per_tx_avg']:.1f} grants/tx over {r['transactions']} transactions")
    log(f"chain_batching ceiling: the dev chain alone, 4 signers x {ceiling_jobs} jobs x "
        f"{ceiling_job_grants} grants, {block_ms} ms blocks")
    c = last_json(run([env.binary("examples/devnet-bench"), "--signers", "4", "--jobs-per-signer", str(ceiling_jobs),
                       "--grants", str(ceiling_job_grants), "--block-time-ms", str(block_ms)]))
    ceiling = c["grants_per_sec"]
    log(f"chain_batching ceiling: {ceiling:,.0f} grants/s ({c['transactions_per_sec']:.1f} committed tx/s)")
    by = {x["signers"]: x for x in runs}
    for x in runs:
        x["ratio"] = round(x["grants_per_sec"] / ceiling, 3)
    per_tx = min(x["grants_per_tx"] for x in runs)  # the target holds for both signer counts
    all_paid = all(x["completed"] + x["already_paid"] == x["grants"] and x["failed"] == 0 for x in runs)
    return {
        "name": "chain_batching", "value": by[4]["grants_per_sec"], "unit": "grants/s (4 signers)",
        "grants_per_tx": per_tx, "grants_per_tx_1_signer": by[1]["grants_per_tx"],
        "grants_per_tx_4_signers": by[4]["grants_per_tx"], "grants_per_sec_1_signer": by[1]["grants_per_sec"],
        "grants_per_sec_4_signers": by[4]["grants_per_sec"], "backlog": grants, "block_time_ms": block_ms,
        "runs": runs, "all_paid": all_paid,
        "ceiling": round(ceiling), "ceiling_what": f"the dev chain alone: committed grants/s, 4 signers, "
                                                   f"{ceiling_job_grants}-grant jobs, {block_ms} ms blocks",
        "ceiling_tx_per_sec": round(c["transactions_per_sec"], 1), "ceiling_transactions": c["transactions"],
        "ratio": by[4]["ratio"], "ratio_1_signer": by[1]["ratio"],
        "target": ">= 500 grants/tx", "met": per_tx >= 500 and all_paid,
        "wall_seconds": round(time.time() - started, 1),
    }


def read_env_file(path):
    values = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                k, v = line.strip().split("=", 1)
                values[k] = v
    return values


CHAIN_COST_TARGETS = {"octas_per_grant_existing": ("<=", 4_400), "octas_per_grant_new": ("<=", 58_000),
                      "max_grants_per_tx_existing": (">=", 525), "max_grants_per_tx_new": (">=", 450)}


def measure_chain_cost(localnet_env=None):
    """Octas per grant and the largest committing job, existing and new recipients, on the real
    Move VM: today's contract (move/baseline) beside move/jobs and every design in
    move/experiments/."""
    started = time.time()
    cli = run([f"{ROOT}/scripts/movement-cli.sh"])
    own = None
    if localnet_env:
        chain = read_env_file(localnet_env)
    else:
        own = tempfile.mkdtemp(prefix="bench-localnet-", dir=os.path.join(ROOT, "target"))
        log(f"chain_cost: starting a Movement local chain in {own}")
        run([f"{ROOT}/scripts/localnet.sh", "start", own, "--operators", "0", "--watch-pid", str(os.getpid())])
        chain = read_env_file(os.path.join(own, "env"))
    variants = [("baseline", "move/baseline"), ("current", "move/jobs")]
    exp_dir = os.path.join(ROOT, "move", "experiments")
    if os.path.isdir(exp_dir):
        variants += [(d, f"move/experiments/{d}") for d in sorted(os.listdir(exp_dir))
                     if os.path.isfile(os.path.join(exp_dir, d, "Move.toml"))]
    cmd = [f"{RELEASE}/examples/chain-cost", "--node", chain["NODE_URL"], "--faucet", chain["FAUCET_URL"]]
    for name, path in variants:
        cmd += ["--variant", f"{name}={os.path.join(ROOT, path)}"]
    try:
        log(f"chain_cost: measuring {', '.join(n for n, _ in variants)} on {chain['NODE_URL']}")
        out = run(cmd, env=dict(os.environ, MOVEMENT_CLI=cli), cwd=ROOT)
    finally:
        if own:
            subprocess.run([f"{ROOT}/scripts/localnet.sh", "stop", own], capture_output=True)
            shutil.rmtree(own, ignore_errors=True)
    measured = last_json(out)["variants"]
    keys = list(CHAIN_COST_TARGETS)
    summary = {name: {k: m[k] for k in keys} for name, m in measured.items()}
    current = summary["current"]
    met = all((current[k] <= v) if op == "<=" else (current[k] >= v) for k, (op, v) in CHAIN_COST_TARGETS.items())
    return {
        "name": "chain_cost", "value": current["octas_per_grant_existing"], "unit": "octas/grant (existing recipients)",
        "baseline": summary["baseline"], "current": current,
        "experiments": {n: m for n, m in summary.items() if n not in ("baseline", "current")},
        "detail": measured,
        "ceiling": summary["baseline"]["octas_per_grant_existing"], "ceiling_what": "today's contract (move/baseline)",
        "ratio": round(current["octas_per_grant_existing"] / summary["baseline"]["octas_per_grant_existing"], 3),
        "target": "existing <= 4,400 octas/grant, new <= 58,000; largest job existing >= 525, new >= 450",
        "met": met, "wall_seconds": round(time.time() - started, 1),
    }


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = re.search(r"model name\s*:\s*(.*)", f.read()).group(1)
    except Exception:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem, 1),
            "kernel": platform.release(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def write_report(results):
    os.makedirs(OUT, exist_ok=True)
    report = {"machine": machine(), "measures": results}
    for r in results:
        if r["name"] == "chain_cost" and "baseline" in r:
            report["chain_cost"] = {"baseline": r["baseline"], "current": r["current"],
                                    "experiments": r["experiments"]}
        if r["name"] == "notifications" and "webhooks_on" in r:
            report["notifications"] = {k: r[k] for k in (
                "settle_to_webhook_p50_s", "settle_to_webhook_p99_s", "offered_rate", "seconds",
                "webhooks_off", "webhooks_on", "end_to_end_overhead", "met")}
    with open(os.path.join(OUT, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    lines = ["# Benchmark report", "",
             f"Machine: {report['machine']['cpus']} cores ({report['machine']['cpu']}), "
             f"{report['machine']['memory_gib']} GiB, {report['machine']['date']}", "",
             "| measure | value | ceiling | ratio | target | met |", "|---|---|---|---|---|---|"]
    for r in results:
        value = f"{r.get('value')} {r.get('unit', '')}"
        if "p99_ms" in r:
            value += f" (p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, errors {r['errors']})"
        if r["name"] == "end_to_end" and "p99_s" in r:
            value += (f" (p99 {r['p99_s']} s; {r['accepted']:,} accepted at {r['achieved_rate']}/s, "
                      f"{r['completed']:,} completed, {r['lost']} lost, {r['http_errors']} errors, "
                      f"{r['rejected_4xx']} refused with 4xx)")
        if r["name"] == "ledger_run" and "growth_10m_over_1m" in r:
            value += f" for 1 M users (10 M: {r['growth_10m_over_1m']} x the 1 M time)"
        if r["name"] == "pipeline" and "ceiling_per_grant" in r:
            value += (f" ({r['settled']:,} of {r['grants']:,} settled; each grant crosses the emulator twice, "
                      f"so its per-grant ceiling is {r['ceiling_per_grant']:,}/s: ratio {r['ratio_per_grant']})")
        if r["name"] == "notifications" and "webhooks_on" in r:
            on, off = r["webhooks_on"], r["webhooks_off"]
            value += (f" (p99 {r['settle_to_webhook_p99_s']} s; {on['webhook_received']:,} events received, "
                      f"{on['webhook_missing']} missing; end to end p50/p99 {on['p50_s']}/{on['p99_s']} s with "
                      f"webhooks, {off['p50_s']}/{off['p99_s']} s without)")
        if r["name"] == "chain_batching" and "runs" in r:
            value += (f" ({r['grants_per_sec_1_signer']} with 1 signer, ratio {r['ratio_1_signer']}; grants/tx "
                      f"{r['grants_per_tx_1_signer']} with 1 signer, {r['grants_per_tx_4_signers']} with 4; "
                      f"{r['backlog']:,} backlog)")
        lines.append(f"| {r['name']} | {value} | {r.get('ceiling', '–')} | {r.get('ratio', '–')} | "
                     f"{r.get('target', '')} | {'yes' if r.get('met') else 'no'} |")
    for r in results:
        if r["name"] == "ledger_run" and "summary" in r:
            lines += ["", f"Ledger runs (ceiling: {r['ceiling_what'].split(': ', 1)[-1]}); medians over the runs:",
                      "", "| users | runs | median s | min s | max s | users/s | ceiling s (median) | ratio |",
                      "|---|---|---|---|---|---|---|---|"]
            for x in r["summary"]:
                lines.append(f"| {x['users']:,} | {x['runs']} | {x['median_seconds']} | {x['min_seconds']} | "
                             f"{x['max_seconds']} | {x['users_per_sec']:,} | {x['median_ceiling_seconds']} | "
                             f"{x['ratio']} |")
            lines += ["", "Every ledger run:", "",
                      "| users | run | seconds | users/s | grants | ceiling s | ratio |", "|---|---|---|---|---|---|---|"]
            for x in r["runs"]:
                lines.append(f"| {x['users']:,} | {x['run']} | {x['seconds']} | {x['users_per_sec']:,} | "
                             f"{x['grants_created']:,} | {x['ceiling_seconds']} | {x['ratio']} |")
        if r["name"] == "chain_batching" and "runs" in r:
            lines += ["", f"chain-svc alone ({r['backlog']:,}-grant backlog, {r['block_time_ms']} ms blocks; "
                      f"ceiling: {r['ceiling_what']}, {r['ceiling']:,} grants/s = {r['ceiling_tx_per_sec']} tx/s):", "",
                      "| signers | seconds | grants/s | ratio | transactions | grants/tx | paid | failed |",
                      "|---|---|---|---|---|---|---|---|"]
            for x in r["runs"]:
                lines.append(f"| {x['signers']} | {x['seconds']} | {x['grants_per_sec']:,} | {x['ratio']} | "
                             f"{x['transactions']} | {x['grants_per_tx']} | {x['completed'] + x['already_paid']:,} | "
                             f"{x['failed']} |")
        if r["name"] == "chain_cost" and "baseline" in r:
            lines += ["", "chain_cost (real Move VM, gas price 100; octas per grant over ten 100-grant jobs after a "
                      "warm-up, refunds deducted; largest "
                      "job that commits):", "",
                      "| contract | octas/grant existing | octas/grant new | largest job existing | largest job new |",
                      "|---|---|---|---|---|"]
            for name, m in [("baseline", r["baseline"]), ("current", r["current"])] + sorted(r["experiments"].items()):
                lines.append(f"| {name} | {m['octas_per_grant_existing']:,} | {m['octas_per_grant_new']:,} | "
                             f"{m['max_grants_per_tx_existing']} | {m['max_grants_per_tx_new']} |")
    with open(os.path.join(OUT, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def main():
    # SIGTERM unwinds like Ctrl-C, so everything started is stopped by the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="post_token_request,end_to_end,notifications,ledger_run,pipeline,"
                                      "chain_batching,chain_cost")
    ap.add_argument("--quick", action="store_true", help="leave out the 10 M-user ledger run")
    ap.add_argument("--ledger-repeats", type=int, default=3, metavar="N",
                    help="ledger_run: runs (each with its ceiling) per size up to 1 M users (default 3)")
    ap.add_argument("--chain-backlog", type=int, default=100_000, metavar="GRANTS",
                    help="chain_batching: grant requests in the backlog (default 100000)")
    ap.add_argument("--notifications-rate", type=int, default=1000, metavar="GRANTS_PER_S",
                    help="notifications: grants/s offered (default 1000, the target's rate; lower shows "
                         "the delivery path with CPU to spare)")
    ap.add_argument("--localnet-env", metavar="FILE",
                    help="chain_cost: a running local chain's env file (scripts/localnet.sh); default: start one")
    args = ap.parse_args()
    if args.ledger_repeats < 1:
        ap.error("--ledger-repeats must be at least 1")
    if args.notifications_rate < 1:
        ap.error("--notifications-rate must be at least 1")
    only = set(args.only.split(","))
    if only != {"chain_cost"}:
        log("building release binaries")
        subprocess.run(["cargo", "build", "--release", "-p", "campaign-svc", "-p", "chain-svc", "-p", "devnet",
                        "-p", "e2e", "--bins"], cwd=ROOT, check=True)
    if "chain_batching" in only:
        log("building the chain-svc and devnet bench examples (release)")
        subprocess.run(["cargo", "build", "--release", "-p", "chain-svc", "--example", "chain-bench",
                        "-p", "devnet", "--example", "devnet-bench"], cwd=ROOT, check=True)
    if "chain_cost" in only:
        log("building the chain-cost bench example (release)")
        subprocess.run(["cargo", "build", "--release", "-p", "devnet", "--example", "chain-cost"], cwd=ROOT, check=True)
    if only == {"chain_cost"}:
        # Needs neither Postgres nor the emulator.
        try:
            results = [measure_chain_cost(args.localnet_env)]
        except Exception as e:
            results = [{"name": "chain_cost", "error": str(e), "met": False}]
        log(f"chain_cost: {results[-1]}")
        write_report(results)
        return
    env = Env(profile=PROFILE)
    results = []
    try:
        env.start()
        sizes = [100_000, 1_000_000] + ([] if args.quick else [10_000_000])
        measures = [
            ("post_token_request", lambda: measure_post_token_request(env)),
            ("end_to_end", lambda: measure_end_to_end(env)),
            ("notifications", lambda: measure_notifications(env, rate=args.notifications_rate)),
            ("ledger_run", lambda: measure_ledger_run(env, sizes, args.ledger_repeats)),
            ("pipeline", lambda: measure_pipeline(env)),
            ("chain_batching", lambda: measure_chain_batching(env, grants=args.chain_backlog)),
            ("chain_cost", lambda: measure_chain_cost(args.localnet_env)),
        ]
        for name, measure in measures:
            if name not in only:
                continue
            try:
                results.append(measure())
            except Exception as e:  # a broken measure is reported, the others still run
                results.append({"name": name, "error": str(e), "met": False})
            log(f"{name}: {results[-1]}")
    finally:
        env.close()
    write_report(results)


if __name__ == "__main__":
    main()
