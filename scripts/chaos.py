#!/usr/bin/env python3
"""`make chaos`: the whole system under load while everything that can fail, fails; then an audit.

While a ledger run's grants and a stream of `POST /token-request` flow through the system, it
SIGKILLs chain-svc and campaign-svc at random moments (restarting them), restarts the Pub/Sub
emulator (which loses every message it held) and Postgres, and switches the dev chain's fault
modes on and off. Then it drains and audits:

* lost:        grants accepted (202) or recorded that never reached a final state;
* double_paid: wallets holding more tokens on-chain than the ledger says it paid them, and
               failed grants the contract has in fact paid (their coins were released);
* mismatched:  completed grants the contract does not know as paid, or whose recorded
               transaction differs from the contract's, and wallets holding less than recorded.

It prints `chaos: grants=N lost=L double_paid=D mismatched=M` and exits non-zero unless all
three are zero.

The emulator, unlike Pub/Sub, stops delivering on a subscription whose streaming-pull client was
SIGKILLed, so the chaos phase ends with one more emulator restart (a bus outage that loses every
message in flight); recovery after it relies on campaign-svc republishing unsettled grants
(RESEND_AFTER_SECS) under the same grant ids.

    scripts/chaos.py [--users 100000] [--seconds 150] [--kills 20] [--rate 150] [--short]
                     [--seed N] [--no-build] [--profile release|debug]

`make test` runs `--short --no-build --profile debug`. The random choices (kill order, pauses,
fault toggles) follow `--seed` (printed at the start; timing still varies from run to run). On a
failure the services', emulator's and Postgres's logs are kept in target/chaos-logs/.
"""

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
from bench import ROOT, Env, System, log, psql, run  # noqa: E402

ephemeral_port = bench.free_port


def stable_port():
    """A free port below the kernel's ephemeral range. Every part here is killed and restarted on
    its own port; a port from the ephemeral range (what binding port 0 returns) can be taken by
    any outgoing connection on the machine while its owner is down, and the restart then fails
    to bind. Ports below the range are only ever taken by an explicit bind."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    low = max(low, 2048)
    for _ in range(1000):
        port = random.SystemRandom().randrange(max(1024, low - 12000), low)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    return ephemeral_port()


def clock(started):
    return f"{time.time() - started:.0f} s"


def post_json(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def view(node, function, args, attempts=6):
    """A view call; a slow or refused request is asked again (the answer is the same: reads of
    settled state), so a busy machine cannot fail the audit, only a wrong answer can."""
    for attempt in range(attempts):
        try:
            return post_json(f"{node}/view", {"function": function, "type_arguments": [], "arguments": args})
        except (OSError, ValueError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.5 * 2 ** attempt)


class Chaos:
    def __init__(self, env, system, args):
        self.env, self.system, self.args = env, system, args
        self.kills = {"chain": 0, "campaign": 0}
        self.restarts = {"emulator": 0, "postgres": 0}
        self.faults_on = 0
        self.stop = threading.Event()

    def restart_emulator(self):
        log("chaos: restarting the Pub/Sub emulator (everything it held is lost)")
        env = dict(os.environ, PUBSUB_PIDFILE=os.path.join(self.env.state, "pubsub.pgid"))
        subprocess.run([f"{ROOT}/scripts/pubsub-emulator.sh", "stop", str(self.env.ps_port)], env=env)
        run([f"{ROOT}/scripts/pubsub-emulator.sh", "start", str(self.env.ps_port), "--watch-pid",
             str(os.getpid()), "--log", os.path.join(self.env.state, "pubsub.log")], env=env)
        # A fresh emulator has no topics: the services create them at start-up, so restart both
        # (abruptly, like everything else here).
        for kind in ("campaign", "chain"):
            self.system.kill(kind)
            self.system.start(kind)
        self.restarts["emulator"] += 1

    def restart_postgres(self):
        log("chaos: restarting Postgres")
        subprocess.run([f"{ROOT}/scripts/postgres.sh", "stop", self.env.pg_dir], capture_output=True)
        time.sleep(random.uniform(0.5, 2))
        run([f"{ROOT}/scripts/postgres.sh", "start", self.env.pg_dir, str(self.env.pg_port), "--durable"])
        self.restarts["postgres"] += 1

    def set_faults(self, on):
        faults = {"latency_ms": 40, "http_5xx_rate": 0.1, "http_429_rate": 0.1, "retry_after_secs": 1,
                  "drop_rate": 0.05, "job_abort_rate": 0.05} if on else {}
        post_json(f"http://127.0.0.1:{self.system.devnet_port}/admin/faults", faults)
        if on:
            self.faults_on += 1

    def kill_and_restart(self, kind):
        self.system.kill(kind)
        self.kills[kind] += 1
        time.sleep(random.uniform(0.1, 1.0))
        self.system.start(kind)

    def run(self):
        end = time.time() + self.args.seconds
        emulator_at = {self.args.seconds * 0.3, self.args.seconds * 0.65} if self.args.emulator_restarts else set()
        postgres_at = {self.args.seconds * 0.45, self.args.seconds * 0.8} if self.args.postgres_restarts else set()
        start = time.time()
        faults = True  # the chain misbehaves from the start, then on and off at random
        self.set_faults(True)
        while time.time() < end or min(self.kills.values()) < self.args.kills:
            elapsed = time.time() - start
            for t in sorted(emulator_at):
                if elapsed >= t:
                    emulator_at.discard(t)
                    self.restart_emulator()
            for t in sorted(postgres_at):
                if elapsed >= t:
                    postgres_at.discard(t)
                    self.restart_postgres()
            if random.random() < 0.25:
                faults = not faults
                self.set_faults(faults)
            kind = min(self.kills, key=self.kills.get) if random.random() < 0.5 else random.choice(list(self.kills))
            self.kill_and_restart(kind)
            time.sleep(random.uniform(0.5, 2.5))
        self.set_faults(False)
        # The emulator (unlike Pub/Sub) stops delivering on a subscription whose streaming-pull
        # client was killed (NoSuchMethodError in ServerCallImpl.closedInternal in its log), so
        # the last act is one more bus outage that loses everything in flight: from here the
        # system must recover on its own (campaign-svc republishes unsettled grants under the
        # same ids; the contract pays each id once).
        self.restart_emulator()


def audit(system, accepted_by_api, load_tag):
    db, node = system.db, system.node
    jobs = "0x4a6f6273"
    lost = int(psql(db, "SELECT count(*) FROM grants WHERE status NOT IN ('completed', 'failed')"))
    recorded = int(psql(db, f"SELECT count(*) FROM grants WHERE campaign_id LIKE 'chaos-{load_tag}-%'"))
    lost += max(accepted_by_api - recorded, 0)
    total = int(psql(db, "SELECT count(*) FROM grants"))
    rows = psql(db, "SELECT request_id, status, coalesce(transaction_hash, '') FROM grants").splitlines()
    double_paid = mismatched = 0
    log(f"audit: asking the contract about {len(rows):,} grants")
    results = [None] * len(rows)
    errors = []

    def worker(k, n):
        try:
            for i in range(k, len(rows), n):
                rid, status, tx = rows[i].split("|")
                found, _job, paid_hash = view(node, f"{jobs}::jobs::paid_grant", ["0x" + rid.replace("-", "")])
                results[i] = (status, tx, found, paid_hash)
        except Exception as e:  # an audit that could not ask is a failed run, said plainly
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k, 8)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"audit: the dev chain did not answer: {errors[0]!r}")
    for status, tx, found, paid_hash in results:
        if status == "completed" and (not found or paid_hash != tx):
            mismatched += 1
        if status == "failed" and found:
            double_paid += 1
    log("audit: comparing on-chain balances with the ledger's paid totals")
    wallets = psql(db, "SELECT wallet_address, sum(token_amount) FILTER (WHERE status = 'completed') "
                       "FROM grants GROUP BY wallet_address").splitlines()
    for line in wallets:
        wallet, paid = line.split("|")
        paid = int(paid or 0)
        onchain = int(view(node, f"{jobs}::jobs::balance", [wallet])[0])
        if onchain > paid:
            double_paid += 1
        elif onchain < paid:
            mismatched += 1
    return total, lost, double_paid, mismatched


def main():
    # SIGTERM unwinds like Ctrl-C, so everything started is stopped by the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=100_000)
    ap.add_argument("--seconds", type=int, default=150)
    ap.add_argument("--kills", type=int, default=20, help="at least this many SIGKILLs of each service")
    ap.add_argument("--rate", type=int, default=150, help="POST /token-request per second alongside")
    ap.add_argument("--short", action="store_true", help="a quick variant: 5,000 users, 5 kills each")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--profile", default="release", choices=["release", "debug"],
                    help="which build's binaries to run (make test uses debug)")
    ap.add_argument("--seed", type=int, default=None, help="seed of the random choices (default: random)")
    args = ap.parse_args()
    args.seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    random.seed(args.seed)
    # Ports every part keeps across its restarts (see stable_port); bench's Env and System pick
    # theirs through bench.free_port.
    bench.free_port = stable_port
    args.emulator_restarts = args.postgres_restarts = True
    if args.short:
        args.users, args.seconds, args.kills, args.rate = 5_000, 30, 5, 50
    bench.RELEASE = os.path.join(ROOT, "target", args.profile)
    if not args.no_build:
        log(f"building {args.profile} binaries")
        subprocess.run(["cargo", "build"] + (["--release"] if args.profile == "release" else []) +
                       ["-p", "campaign-svc", "-p", "chain-svc", "-p", "devnet", "-p", "e2e", "--bins"],
                       cwd=ROOT, check=True)
    env = Env()
    code = 1
    load = None
    started = time.time()
    tag = f"c{int(started)}"
    log(f"chaos: seed {args.seed} ({args.users:,} users, {args.seconds} s, {args.kills}+ kills of each "
        f"service, {args.rate} requests/s, {args.profile} binaries)")
    try:
        env.start()
        system = System(env, "chaos", args.users, signers=2, block_ms=250, tag=tag,
                        campaign_extra={"RESEND_AFTER_SECS": "20", "ACK_DEADLINE_SECS": "10"},
                        chain_extra={"TX_EXPIRATION_SECS": "8", "ACK_DEADLINE_SECS": "10",
                                     "NODE_TIMEOUT_MS": "3000"})
        log(f"chaos: ledger run over {args.users:,} users")
        out = run([f"{bench.RELEASE}/campaign-svc", "ledger-run", "--once"],
                  env=bench.campaign_env(env, system.db, 0))
        log(f"chaos: {json.loads(out.splitlines()[-1])['grants_created']:,} ledger grants recorded")
        load = subprocess.Popen([f"{bench.RELEASE}/loadgen", "--url", system.url, "--rate", str(args.rate),
                                 "--duration-secs", str(args.seconds), "--users", str(args.users - 1),
                                 "--run", tag, "--campaign-prefix", "chaos"],
                                stdout=subprocess.PIPE, text=True)
        chaos = Chaos(env, system, args)
        chaos_start = time.time()
        chaos.run()
        report = json.loads(load.communicate()[0].splitlines()[-1])
        log(f"chaos: done in {clock(chaos_start)}: kills {chaos.kills}, restarts {chaos.restarts}, "
            f"fault rounds {chaos.faults_on}; API accepted {report['accepted']:,} of {report['sent']:,}")
        log("chaos: draining (every grant must reach a final state)")
        # Recovery after the final bus outage rests on the republish (RESEND_AFTER_SECS=20): a
        # healthy short run drains in seconds (7-17 s on a busy 2-core machine), a long one within
        # a minute or two. Ten minutes only bounds a stuck run, whose open grants the audit then
        # counts as lost.
        start = time.time()
        while time.time() - start < 600:
            open_ = int(psql(system.db, "SELECT count(*) FROM grants WHERE status NOT IN ('completed', 'failed')"))
            if open_ == 0:
                break
            time.sleep(2)
        log(f"chaos: drained in {clock(start)} ({open_:,} grants still open)")
        audit_start = time.time()
        total, lost, double_paid, mismatched = audit(system, report["accepted"], tag)
        log(f"chaos: audited in {clock(audit_start)}; whole run {clock(started)}")
        print(f"chaos: grants={total} lost={lost} double_paid={double_paid} mismatched={mismatched}", flush=True)
        code = 0 if lost == double_paid == mismatched == 0 else 1
        system.stop()
    finally:
        if load is not None and load.poll() is None:
            load.kill()
            load.wait()
        if code != 0:
            keep_logs(env, tag)
        env.close()
    sys.exit(code)


def keep_logs(env, tag):
    """Copies every log of a failed (or interrupted) run out of the state directory, which
    env.close() deletes."""
    dest = os.path.join(ROOT, "target", "chaos-logs", tag)
    try:
        os.makedirs(dest, exist_ok=True)
        for name in os.listdir(env.state):
            if name.endswith(".log"):
                shutil.copy2(os.path.join(env.state, name), dest)
        pg_log = os.path.join(env.pg_dir, "postgres.log")
        if os.path.exists(pg_log):
            shutil.copy2(pg_log, os.path.join(dest, "postgres.log"))
        log(f"chaos: logs of this run kept in {dest}")
    except OSError as e:
        log(f"chaos: could not keep the logs: {e}")


if __name__ == "__main__":
    main()
