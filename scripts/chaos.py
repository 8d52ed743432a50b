#!/usr/bin/env python3
"""`make chaos`: the whole system under load while everything that can fail, fails; then an audit.

While a ledger run's grants and a stream of `POST /token-request` flow through the system, it
SIGKILLs chain-svc and campaign-svc at random moments (restarting them), restarts the Pub/Sub
emulator (which loses every message it held) and Postgres, and, on the dev chain, switches the
chain's fault modes on and off. Then it drains and audits, asking the contract itself:

* lost:        grants accepted (202) or recorded that never reached a final state;
* double_paid: wallets holding more tokens on-chain than the ledger says it paid them, and
               failed grants the contract has in fact paid (their coins were released);
* mismatched:  completed grants the contract does not know as paid, or whose recorded
               transaction hash is not the real hash of the transaction that paid them (the
               `paid_grant` view names it by operator and sequence number; the node's
               `GET /v1/accounts/{operator}/transactions?start={seq}&limit=1` gives its hash),
               and wallets holding less than recorded.

Notifications (issue 17) are audited too. A webhook receiver started by this run
(scripts/webhook_receiver.py: a game backend's HTTP server that verifies every signature with the
`standardwebhooks` library from PyPI) is registered through `POST /admin/webhooks` for
`grant.completed` and `grant.failed` before any grant settles. During the run it answers 500,
then holds requests past campaign-svc's webhook timeout, then is down (connections refused), and
then recovers; campaign-svc runs with short retry delays (WEBHOOK_RETRY_BASE_MS / _MAX_MS) so a
recovered receiver is caught up within seconds, not the production schedule's hours. After the
drain it waits for the receiver to catch up, then counts:

* webhook_missing:    settled grants whose event (the one recorded with the grant's final status,
                      under its original event id) the receiver never accepted;
* webhook_unexpected: accepted events that are not a settled grant's recorded event (an unknown
                      id, a grant that did not settle, a grant.completed for an unpaid grant);
* webhook_unverified: requests whose signature did not verify (or whose body's id is not the
                      `webhook-id`).

It prints `chaos: grants=N lost=L double_paid=D mismatched=M webhook_missing=W
webhook_unexpected=U webhook_unverified=V` and exits non-zero unless all six are zero.

--chain picks the chain. `devnet` (default) is the dev chain, with its fault modes (latency,
5xx, 429, dropped submissions, aborted jobs) toggled throughout. `localnet` is Movement's real
local chain (the real Move VM and REST API), started for this run by scripts/localnet.sh, which
publishes move/jobs from a new account and registers two operators: the kills, restarts and the
audit run against the real contract, and chain faults stay off (they are a dev-chain feature:
a real node has no switch for them). The contract is new each run, so every wallet's balance of
its token starts at zero. It needs the Movement CLI (scripts/movement-cli.sh says where it looks).

The emulator, unlike Pub/Sub, stops delivering on a subscription whose streaming-pull client was
SIGKILLed, so the chaos phase ends with one more emulator restart (a bus outage that loses every
message in flight); recovery after it relies on campaign-svc republishing unsettled grants
(RESEND_AFTER_SECS) under the same grant ids.

    scripts/chaos.py [--users 100000] [--seconds 150] [--kills 20] [--rate 150] [--short]
                     [--chain devnet|localnet] [--seed N] [--no-build] [--profile release|debug]

`make test` runs `--short --no-build --profile debug`. The random choices (kill order, pauses,
fault toggles) follow `--seed` (printed at the start; timing still varies from run to run). On a
failure the services', emulator's, chain's and Postgres's logs are kept in target/chaos-logs/.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import webhook_receiver  # noqa: E402
from harness import ROOT, Env, System, ledger_run, log, psql, run, stable_port  # noqa: E402
from webhook_receiver import WebhookReceiver  # noqa: E402


def clock(started):
    return f"{time.time() - started:.0f} s"


def post_json(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def patiently(ask, attempts=6):
    """Asks again when a request is slow or refused: every read here is of settled state, so the
    answer cannot change between tries, and a busy machine cannot fail the audit; only a wrong
    answer can."""
    for attempt in range(attempts):
        try:
            return ask()
        except (OSError, ValueError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.5 * 2 ** attempt)


def view(node, function, args):
    """`POST /v1/view`: the function's return values as the node renders them in JSON."""
    return patiently(lambda: post_json(
        f"{node}/view", {"function": function, "type_arguments": [], "arguments": args}))


def get_json(url):
    def ask():
        with urllib.request.urlopen(url, timeout=10) as r:
            return json.loads(r.read())
    return patiently(ask)


def full_address(address):
    """An account address in its long form (0x + 64 hex digits), whichever form a node printed."""
    return "0x" + address.lower().removeprefix("0x").rjust(64, "0")


def paying_transaction_hash(node, operator, sequence_number):
    """The real hash of the transaction operator sent with this sequence number, as the node
    reports it; checked to be that transaction (sender and sequence number), not a neighbour."""
    txs = get_json(f"{node}/accounts/{operator}/transactions?start={sequence_number}&limit=1")
    if (len(txs) != 1 or full_address(txs[0].get("sender", "")) != full_address(operator)
            or txs[0].get("sequence_number") != str(sequence_number)):
        raise RuntimeError(f"audit: the node has no transaction {sequence_number} of {operator}: {txs!r:.300}")
    return txs[0]["hash"].lower()


def ask_all(items, ask, what, threads=8):
    """`ask(item)` for every item, `threads` at a time; the answers in the items' order. An
    audit that could not ask is a failed run, said plainly."""
    answers = [None] * len(items)
    errors = []

    def worker(k):
        try:
            for i in range(k, len(items), threads):
                answers[i] = ask(items[i])
        except Exception as e:
            errors.append(e)

    workers = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    if errors:
        raise RuntimeError(f"audit: {what}: {errors[0]}") from errors[0]
    return answers


class LocalChain:
    """Movement's local chain for one chaos run (scripts/localnet.sh): a new chain with move/jobs
    published from a new account and `operators` funded, registered operators. `settings` holds
    what localnet.sh prints (NODE_URL, CHAIN_ID, JOBS_ADDRESS, SIGNER_KEYS, ...)."""

    def __init__(self, state):
        self.dir = os.path.join(state, "localnet")
        self.log = os.path.join(state, "localnet.log")
        self.settings = None

    def start(self, operators, fund_octas):
        log(f"starting Movement's local chain and publishing move/jobs ({operators} operators, "
            f"{fund_octas / 1e8:,.0f} MOVE each)")
        # stderr passes through: localnet.sh says what it is doing and, on a failure, why.
        p = subprocess.run([f"{ROOT}/scripts/localnet.sh", "start", self.dir, "--operators", str(operators),
                            "--fund", str(fund_octas), "--watch-pid", str(os.getpid()), "--log", self.log],
                           stdout=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"the local chain did not start (localnet.sh exited with {p.returncode}; "
                               f"log: {self.log})")
        self.settings = dict(line.split("=", 1) for line in p.stdout.splitlines() if "=" in line)
        return self.settings

    def stop(self):
        subprocess.run([f"{ROOT}/scripts/localnet.sh", "stop", self.dir])


class LocalnetSystem(System):
    """campaign-svc and chain-svc as in harness.System, with chain-svc on the local chain
    (its node, chain id, Jobs address and operator keys) instead of a dev chain. The chain is not
    one of the system's processes: it was started before and is never killed."""

    def __init__(self, env, chain, name, users, chain_extra=None, **kw):
        self.local = chain.settings
        chain_extra = dict(chain_extra or {}, **{k: self.local[k] for k in
                                                 ("NODE_URL", "CHAIN_ID", "JOBS_ADDRESS", "SIGNER_KEYS")})
        super().__init__(env, name, users, chain_extra=chain_extra, **kw)
        self.node = self.local["NODE_URL"]
        self.jobs = self.local["JOBS_ADDRESS"]

    def start(self, kind, wait=True):
        # System starts its dev chain with the services; here the chain is already running.
        if kind != "devnet":
            super().start(kind, wait)

    def stop(self):
        for p in (self.chain, self.campaign):
            self.env.stop(p)


class Chaos:
    def __init__(self, env, system, args, receiver):
        self.env, self.system, self.args, self.receiver = env, system, args, receiver
        self.kills = {"chain": 0, "campaign": 0}
        self.restarts = {"emulator": 0, "postgres": 0}
        self.faults_on = 0
        # A dev-chain feature (devnet's POST /admin/faults): a real node has no fault switch.
        self.chain_faults = args.chain == "devnet"
        self.stop = threading.Event()
        self.webhook_phases = {}  # failure mode -> deliveries it failed

    def restart_emulator(self):
        log("restarting the Pub/Sub emulator (everything it held is lost)")
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
        log("restarting Postgres")
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

    def webhook_faults(self):
        """The receiver fails, each way a receiver fails, then recovers for good: from 15 % of the
        run, once it has taken a first event (grants settle), it answers 500, then holds requests
        past the timeout, then is down. Each phase lasts
        at least `WEBHOOK_PHASE_SECS` and until it has hit deliveries (requests answered 500 or
        held; for the outage, attempts campaign-svc recorded as failed without an answer), so a
        slow machine, on which grants settle later, still sees every failure; a phase ends anyway
        after the run's length."""
        if self.stop.wait(0.15 * self.args.seconds):
            return self.receiver.set_mode("ok")
        while self.receiver.answered["ok"] == 0:
            if self.stop.wait(0.5):
                return self.receiver.set_mode("ok")
        for mode in ("500", "hang", "down"):
            log(f"webhook receiver {WEBHOOK_MODE_NAMES[mode]}")
            began, hit_before = time.time(), self.webhook_hits(mode)
            self.receiver.set_mode(mode)
            while not self.stop.wait(0.5):
                elapsed = time.time() - began
                hits = self.webhook_hits(mode) - hit_before
                if (elapsed >= WEBHOOK_PHASE_SECS and hits >= WEBHOOK_PHASE_HITS) or elapsed > self.args.seconds:
                    break
            self.webhook_phases[mode] = self.webhook_hits(mode) - hit_before
            if self.stop.is_set():
                break
        log(f"webhook receiver {WEBHOOK_MODE_NAMES['ok']}")
        self.receiver.set_mode("ok")

    def webhook_hits(self, mode):
        """Deliveries the receiver failed so far in `mode`'s way."""
        if mode != "down":
            return self.receiver.answered[mode]
        try:  # refused connections are seen only by the sender, which records them
            return int(psql(self.system.db, "SELECT count(*) FROM webhook_attempts WHERE status_code IS NULL "
                                            "AND error NOT LIKE 'no answer%'"))
        except RuntimeError:  # Postgres is being restarted: ask again on the next tick
            return 0

    def run(self):
        faults = threading.Thread(target=self.webhook_faults)
        faults.start()
        try:
            self._run()
        finally:
            self.stop.set()
            faults.join()

    def _run(self):
        end = time.time() + self.args.seconds
        emulator_at = {self.args.seconds * 0.3, self.args.seconds * 0.65} if self.args.emulator_restarts else set()
        postgres_at = {self.args.seconds * 0.45, self.args.seconds * 0.8} if self.args.postgres_restarts else set()
        start = time.time()
        faults = True  # the chain misbehaves from the start, then on and off at random
        if self.chain_faults:
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
            # Drawn on both chains, so one seed makes the same kill sequence on each.
            if random.random() < 0.25 and self.chain_faults:
                faults = not faults
                self.set_faults(faults)
            kind = min(self.kills, key=self.kills.get) if random.random() < 0.5 else random.choice(list(self.kills))
            self.kill_and_restart(kind)
            time.sleep(random.uniform(0.5, 2.5))
        if self.chain_faults:
            self.set_faults(False)
        # The emulator (unlike Pub/Sub) stops delivering on a subscription whose streaming-pull
        # client was killed (NoSuchMethodError in ServerCallImpl.closedInternal in its log), so
        # the last act is one more bus outage that loses everything in flight: from here the
        # system must recover on its own (campaign-svc republishes unsettled grants under the
        # same ids; the contract pays each id once).
        self.restart_emulator()


WEBHOOK_MODE_NAMES = {"500": "answers 500", "hang": "holds requests past the timeout",
                      "down": "is down (connections refused)", "ok": "recovers"}
# campaign-svc's webhook settings for the run: a short timeout (so a held request fails in
# seconds) and retries at most a second apart (so a recovered receiver is caught up in seconds;
# production retries for a day, up to 6 h apart).
WEBHOOK_SETTINGS = {"WEBHOOK_ALLOW_INSECURE_URLS": "true", "WEBHOOK_TIMEOUT_SECS": "2",
                    "WEBHOOK_RETRY_BASE_MS": "250", "WEBHOOK_RETRY_MAX_MS": "1000",
                    "WEBHOOK_ENDPOINT_CONCURRENCY": "8"}
NOTIFIED_TYPES = ["grant.completed", "grant.failed"]
# Each receiver failure lasts at least this long and until it has failed this many deliveries.
WEBHOOK_PHASE_SECS = 3
WEBHOOK_PHASE_HITS = 10


def webhook_gaps(db, receiver):
    """(missing, unexpected) as the docstring defines them, against the database as it is now."""
    settled = dict(line.split("|") for line in psql(
        db, "SELECT request_id, status FROM grants WHERE status IN ('completed', 'failed')").splitlines())
    recorded = {}
    for line in psql(db, "SELECT event_id, request_id, event_type FROM notification_events "
                         "WHERE event_type IN ('grant.completed', 'grant.failed')").splitlines():
        event_id, request_id, event_type = line.split("|")
        recorded[event_id] = (request_id, event_type)
    accepted = receiver.snapshot()
    notified = set()
    unexpected = 0
    for event_id, receipt in accepted.items():
        record = recorded.get(event_id)
        status = settled.get(receipt.request_id)
        if (record != (receipt.request_id, receipt.event_type) or status is None
                or (receipt.event_type == "grant.completed" and status != "completed")):
            unexpected += 1
        else:
            notified.add((receipt.request_id, receipt.event_type))
    missing = sum(1 for rid, status in settled.items() if (rid, f"grant.{status}") not in notified)
    return missing, unexpected, accepted


def wait_for_webhooks(db, receiver, deadline):
    """Waits until every settled grant's event was accepted (or `deadline` seconds pass); returns
    (missing, unexpected, accepted events)."""
    start = time.time()
    while True:
        missing, unexpected, accepted = webhook_gaps(db, receiver)
        if missing == 0 or time.time() - start > deadline:
            log(f"webhooks caught up in {clock(start)} ({missing:,} settled grants' events still "
                f"missing)")
            return missing, unexpected, accepted
        time.sleep(1)


def audit(system, accepted_by_api, load_tag):
    db, node, jobs = system.db, system.node, system.jobs
    lost = int(psql(db, "SELECT count(*) FROM grants WHERE status NOT IN ('completed', 'failed')"))
    recorded = int(psql(db, f"SELECT count(*) FROM grants WHERE campaign_id LIKE 'chaos-{load_tag}-%'"))
    lost += max(accepted_by_api - recorded, 0)
    total = int(psql(db, "SELECT count(*) FROM grants"))
    rows = [line.split("|") for line in
            psql(db, "SELECT request_id, status, coalesce(transaction_hash, '') FROM grants").splitlines()]
    double_paid = mismatched = 0
    log(f"audit: asking the contract about {len(rows):,} grants")

    def paid_grant(row):
        answer = view(node, f"{jobs}::jobs::paid_grant", ["0x" + row[0].replace("-", "")])
        if len(answer) != 4:
            raise RuntimeError(f"{jobs}::jobs::paid_grant answered {answer!r}, not [found, job_id, "
                               f"operator, sequence_number]: the chain runs an older Jobs module")
        found, _job, operator, seq = answer
        return found, (full_address(operator), int(seq))

    paid = ask_all(rows, paid_grant, "the chain did not answer the paid_grant view")
    # Many grants share a paying transaction (a batch): each is resolved once.
    payments = sorted({payment for found, payment in paid if found})
    log(f"audit: resolving the real hashes of {len(payments):,} paying transactions")
    hashes = dict(zip(payments, ask_all(payments, lambda pay: paying_transaction_hash(node, *pay),
                                         "the node did not name a paying transaction")))
    completed = failed = 0
    for (_rid, status, tx), (found, payment) in zip(rows, paid):
        if status == "completed":
            completed += 1
            if not found or hashes[payment] != tx.lower():
                mismatched += 1
        elif status == "failed":
            failed += 1
            if found:
                double_paid += 1
    log(f"audit: {completed:,} completed grants checked against the real hash of the transaction "
        f"that paid them, {failed:,} failed ones against the contract's paid set")
    log("audit: comparing on-chain balances with the ledger's paid totals")
    wallets = [line.split("|") for line in psql(
        db, "SELECT wallet_address, sum(token_amount) FILTER (WHERE status = 'completed') "
            "FROM grants GROUP BY wallet_address").splitlines()]
    balances = ask_all(wallets, lambda w: int(view(node, f"{jobs}::jobs::balance", [w[0]])[0]),
                       "the chain did not answer the balance view")
    for (_wallet, paid_total), onchain in zip(wallets, balances):
        paid_total = int(paid_total or 0)
        if onchain > paid_total:
            double_paid += 1
        elif onchain < paid_total:
            mismatched += 1
    return total, lost, double_paid, mismatched


# The dev chain's built-in Jobs module ("Jobs" in ASCII).
DEVNET_JOBS_ADDRESS = "0x4a6f6273"
CHAIN_NAMES = {"devnet": "dev chain", "localnet": "local chain (Movement's real VM)"}
# chain-svc's signers: operator keys made up for the dev chain, or accounts localnet.sh creates.
OPERATORS = 2


def operator_funding(args):
    """MOVE (in octas) for each operator of a local-chain run: three times what its share of the
    run's grants costs at the real VM's price of a grant to a new recipient (973 gas units; every
    generated wallet is new to the chain) and the minimum gas price of 100 octas, and never less
    than localnet.sh's default of 100 MOVE. Resent batches pay again for skips, hence the margin."""
    grants = args.users + args.rate * args.seconds
    return max(10_000_000_000, 3 * grants * 1_000 * 100 // OPERATORS)


def main():
    # SIGTERM unwinds like Ctrl-C, so everything started is stopped by the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # The receiver verifies with the standardwebhooks library: this re-runs the script in a venv
    # that has it when this Python does not (installed once into target/).
    webhook_receiver.ensure_library()
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
    ap.add_argument("--chain", default="devnet", choices=["devnet", "localnet"],
                    help="devnet: the dev chain, with its fault modes toggled; localnet: Movement's real "
                         "local chain (scripts/localnet.sh), no chain faults (a dev-chain feature)")
    args = ap.parse_args()
    args.seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    random.seed(args.seed)
    args.emulator_restarts = args.postgres_restarts = True
    if args.short:
        args.users, args.seconds, args.kills, args.rate = 5_000, 30, 5, 50
    if args.chain == "localnet" and subprocess.run([f"{ROOT}/scripts/movement-cli.sh"],
                                                   stdout=subprocess.DEVNULL).returncode != 0:
        # movement-cli.sh has said where it looked and how to install the CLI.
        sys.exit("chaos: --chain localnet needs the Movement CLI")
    if not args.no_build:
        log(f"building {args.profile} binaries")
        subprocess.run(["cargo", "build"] + (["--release"] if args.profile == "release" else []) +
                       ["-p", "campaign-svc", "-p", "chain-svc"] +
                       (["-p", "devnet"] if args.chain == "devnet" else []) + ["-p", "e2e", "--bins"],
                       cwd=ROOT, check=True)
    # Every part keeps its port across its restarts (see stable_port).
    env = Env(profile=args.profile, port=stable_port)
    code = 1
    load = None
    local_chain = None
    receiver = None
    started = time.time()
    tag = f"c{int(started)}"
    log(f"seed {args.seed} on the {CHAIN_NAMES[args.chain]} ({args.users:,} users, {args.seconds} s, "
        f"{args.kills}+ kills of each service, {args.rate} requests/s, {args.profile} binaries)")
    if args.chain != "devnet":
        log("chain faults off: they are a dev-chain feature (devnet's /admin/faults), and a real "
            "node has no switch for them; kills and restarts run as on the dev chain")
    try:
        env.start()
        system_args = dict(signers=OPERATORS, block_ms=250, tag=tag,
                           campaign_extra={"RESEND_AFTER_SECS": "20", "ACK_DEADLINE_SECS": "10",
                                           "WEBHOOK_SECRETS_KEY": webhook_receiver.secrets_key(),
                                           **WEBHOOK_SETTINGS},
                           chain_extra={"TX_EXPIRATION_SECS": "8", "ACK_DEADLINE_SECS": "10",
                                        "NODE_TIMEOUT_MS": "3000"})
        if args.chain == "localnet":
            local_chain = LocalChain(env.state)
            local_chain.start(OPERATORS, operator_funding(args))
            system = LocalnetSystem(env, local_chain, "chaos", args.users, **system_args)
        else:
            system = System(env, "chaos", args.users, **system_args)
            system.jobs = DEVNET_JOBS_ADDRESS
        # Held requests outlast campaign-svc's timeout; the port is kept across the receiver's
        # outage (see stable_port).
        receiver = WebhookReceiver(stable_port(), hold_secs=int(WEBHOOK_SETTINGS["WEBHOOK_TIMEOUT_SECS"]) + 1.5)
        receiver.start()
        endpoint = webhook_receiver.register(system.url, receiver, NOTIFIED_TYPES, "chaos receiver")
        log(f"webhook receiver on {receiver.url} registered as {endpoint} for {', '.join(NOTIFIED_TYPES)}")
        log(f"ledger run over {args.users:,} users")
        created = ledger_run(env, system.db)["grants_created"]
        log(f"{created:,} ledger grants recorded")
        load = subprocess.Popen([env.binary("loadgen"), "--url", system.url, "--rate", str(args.rate),
                                 "--duration-secs", str(args.seconds), "--users", str(args.users - 1),
                                 "--run", tag, "--campaign-prefix", "chaos"],
                                stdout=subprocess.PIPE, text=True)
        chaos = Chaos(env, system, args, receiver)
        chaos_start = time.time()
        chaos.run()
        report = json.loads(load.communicate()[0].splitlines()[-1])
        log(f"done in {clock(chaos_start)}: kills {chaos.kills}, restarts {chaos.restarts}, "
            f"fault rounds {chaos.faults_on}; API accepted {report['accepted']:,} of {report['sent']:,}")
        log("draining (every grant must reach a final state)")
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
        log(f"drained in {clock(start)} ({open_:,} grants still open)")
        # Deliveries leased by a campaign-svc that was killed wait out their lease (the webhook
        # timeout + 20 s) before they are retried; two minutes bounds a stuck run.
        missing, unexpected, accepted = wait_for_webhooks(system.db, receiver, 120)
        phases = chaos.webhook_phases
        log(f"webhooks: {len(accepted):,} events accepted ({sum(r.count for r in accepted.values()) - len(accepted):,} "
            f"more than once, as at-least-once allows); while failing the receiver answered 500 to "
            f"{phases.get('500', 0):,} attempts, held {phases.get('hang', 0):,} past the timeout and was down for "
            f"{phases.get('down', 0):,}; it answered 204 {receiver.answered['ok']:,} times")
        audit_start = time.time()
        total, lost, double_paid, mismatched = audit(system, report["accepted"], tag)
        log(f"audited in {clock(audit_start)}; whole run {clock(started)}")
        print(f"chaos: grants={total} lost={lost} double_paid={double_paid} mismatched={mismatched} "
              f"webhook_missing={missing} webhook_unexpected={unexpected} "
              f"webhook_unverified={receiver.unverified}", flush=True)
        code = 0 if lost == double_paid == mismatched == missing == unexpected == receiver.unverified == 0 else 1
        system.stop()
    finally:
        if load is not None and load.poll() is None:
            load.kill()
            load.wait()
        if receiver is not None:
            receiver.stop()
        if local_chain is not None:
            # Before env.close(), which deletes the state directory the chain was started from.
            local_chain.stop()
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
        log(f"logs of this run kept in {dest}")
    except OSError as e:
        log(f"could not keep the logs: {e}")


if __name__ == "__main__":
    main()
