#!/usr/bin/env python3
"""The parts scripts/bench.py and scripts/chaos.py run the system on: one Postgres cluster and one
Pub/Sub emulator for a run (`Env`), the three services on a fresh ledger database (`System`), and
the ports they listen on.

`Env` carries what differs between its users as parameters: the build whose binaries run
(`profile`: bench runs release, `make test`'s chaos run debug) and how ports are picked (`port`:
bench takes any free port; chaos takes `stable_port`, because it kills and restarts every part on
the port it had).

The shell scripts pick their ports here too:

    scripts/harness.py free-ports [N]     # N (default 1) distinct free ports on 127.0.0.1, one line
"""

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What log lines start with: the script that runs (bench, chaos).
PROGRAM = os.path.splitext(os.path.basename(sys.argv[0] or "harness"))[0] or "harness"


def log(msg):
    print(f"{PROGRAM}: {msg}", flush=True)


def free_ports(n):
    """`n` distinct free ports on 127.0.0.1, picked by the kernel (from its ephemeral range) while
    all are held open."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            socks.append(s)
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def free_port():
    return free_ports(1)[0]


def stable_port():
    """A free port below the kernel's ephemeral range. A part that is killed and restarted on its
    own port needs one: a port from the ephemeral range (what binding port 0 returns) can be taken
    by any outgoing connection on the machine while its owner is down, and the restart then fails
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
    return free_port()


def run(cmd, **kw):
    p = subprocess.run(cmd, text=True, capture_output=True, **kw)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise RuntimeError(f"{cmd[0]} exited with {p.returncode}")
    return p.stdout.strip()


def psql(url, sql):
    return run(["psql", url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql])


def wait_http(url, deadline=60):
    start = time.time()
    while time.time() - start < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except Exception:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not become ready")


class Env:
    """One durable Postgres cluster and one Pub/Sub emulator for a whole run, the build whose
    binaries it runs (`profile`: target/release or target/debug) and how its parts' ports are
    picked (`port`: a function returning a free port)."""

    def __init__(self, profile="release", port=free_port):
        self.procs = []
        self.bin_dir = os.path.join(ROOT, "target", profile)
        self.port = port
        os.makedirs(os.path.join(ROOT, "target"), exist_ok=True)
        self.state = tempfile.mkdtemp(prefix="bench-", dir=os.path.join(ROOT, "target"))
        os.chmod(self.state, 0o755)  # the postgres user must reach its data dir
        self.pg_dir = os.path.join(self.state, "pg")
        self.pg_port = port()
        self.ps_port = port()
        # One message signing key for the run, shared by every campaign-svc and chain-svc.
        self.signing_keys = os.path.join(self.state, "signing-keys")
        key = run([f"{ROOT}/scripts/gen-signing-key.sh", "bench"])
        fd = os.open(self.signing_keys, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key + "\n")

    def binary(self, name):
        """The path of one of the workspace's binaries (or `examples/NAME`) in this run's build."""
        return os.path.join(self.bin_dir, name)

    def start(self):
        log(f"starting PostgreSQL (durable: fsync on) on :{self.pg_port}")
        self.admin_url = run(
            [f"{ROOT}/scripts/postgres.sh", "start", self.pg_dir, str(self.pg_port), "--durable",
             "--watch-pid", str(os.getpid())])
        log(f"starting the Pub/Sub emulator on :{self.ps_port}")
        env = dict(os.environ, PUBSUB_PIDFILE=os.path.join(self.state, "pubsub.pgid"))
        self.emulator = run(
            [f"{ROOT}/scripts/pubsub-emulator.sh", "start", str(self.ps_port), "--watch-pid",
             str(os.getpid()), "--log", os.path.join(self.state, "pubsub.log")], env=env)

    def database(self, name, template=None):
        """A fresh database (a copy of `template` if given); returns its URL."""
        psql(self.admin_url, f"DROP DATABASE IF EXISTS {name}")
        psql(self.admin_url, f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return self.admin_url.rsplit("/", 1)[0] + "/" + name

    def spawn(self, name, cmd, env):
        logf = open(os.path.join(self.state, f"{name}.log"), "a")
        p = subprocess.Popen(cmd, env=dict(os.environ, **env), stdout=logf, stderr=subprocess.STDOUT,
                             start_new_session=True)
        self.procs.append(p)
        return p

    def stop(self, p):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
        if p in self.procs:
            self.procs.remove(p)

    def close(self):
        for p in list(self.procs):
            self.stop(p)
        env = dict(os.environ, PUBSUB_PIDFILE=os.path.join(self.state, "pubsub.pgid"))
        subprocess.run([f"{ROOT}/scripts/pubsub-emulator.sh", "stop", str(self.ps_port)], env=env)
        subprocess.run([f"{ROOT}/scripts/postgres.sh", "stop", self.pg_dir], capture_output=True)
        shutil.rmtree(self.state, ignore_errors=True)


def campaign_env(env, db_url, port, **extra):
    e = {
        "DATABASE_URL": db_url,
        "PORT": str(port),
        "BIND_ADDRESS": "127.0.0.1",
        "PUBSUB_EMULATOR_HOST": env.emulator,
        "GCP_PROJECT_ID": "test-project",
        "LEDGER_SCHEDULE": "off",
        "RUST_LOG": "warn",
        "LOG_FORMAT": "json",
        "DB_MAX_CONNECTIONS": "48",
        "MESSAGE_SIGNING_KEYS_FILE": env.signing_keys,
    }
    e.update({k: str(v) for k, v in extra.items()})
    return e


def seed_users(env, db_url, n, without_wallet_every=100):
    """Generated users straight in SQL (the same shape `campaign-svc seed-users` makes): every
    `without_wallet_every`-th has no wallet (0: all have one), every 20th a zero balance."""
    run([env.binary("campaign-svc"), "seed-users", "--count", "0"],
        env=dict(os.environ, DATABASE_URL=db_url, LOG_FORMAT="json", RUST_LOG="warn"))
    psql(db_url, f"""
        INSERT INTO users (user_id, wallet_address, balance)
        SELECT 'user-' || i,
               CASE WHEN {without_wallet_every} > 0 AND i % {max(without_wallet_every, 1)} = 0 THEN NULL
                    ELSE '0x' || md5('w' || i) || md5('x' || i) END,
               CASE WHEN i % 20 = 0 THEN 0 ELSE (hashint4(i::int) & 65535) + 1 END
        FROM generate_series(1, {n}) AS i ON CONFLICT DO NOTHING""")
    psql(db_url, "VACUUM ANALYZE users")


def ledger_run(env, db_url):
    """One `campaign-svc ledger-run` on `db_url`: its outcome (the JSON line it prints last)."""
    out = run([env.binary("campaign-svc"), "ledger-run"], env=campaign_env(env, db_url, 0))
    return json.loads(out.splitlines()[-1])


class System:
    """devnet + chain-svc + campaign-svc as real binaries (the Env's build) on one fresh ledger
    database, on ports the Env picks."""

    def __init__(self, env, name, users, signers=1, block_ms=250, tag=None, campaign_extra=None,
                 chain_extra=None):
        self.env = env
        self.tag = tag or name
        self.db = env.database(f"bench_{name}")
        seed_users(env, self.db, users)
        self.keys = [os.urandom(32).hex() for _ in range(signers)]
        self.devnet_port, self.chain_port, self.campaign_port = env.port(), env.port(), env.port()
        self.node = f"http://127.0.0.1:{self.devnet_port}/v1"
        topics = {
            "REQUESTS_TOPIC": f"{self.tag}-requests", "REQUESTS_SUBSCRIPTION": f"{self.tag}-requests-sub",
            "REQUESTS_DEAD_LETTER_TOPIC": f"{self.tag}-requests-dlq", "RESULTS_TOPIC": f"{self.tag}-results",
            "RESULTS_SUBSCRIPTION": f"{self.tag}-results-sub", "RESULTS_DEAD_LETTER_TOPIC": f"{self.tag}-results-dlq",
        }
        self.name = name
        self.specs = {
            "devnet": ([env.binary("devnet")], {
                "DEVNET_LISTEN": f"127.0.0.1:{self.devnet_port}", "DEVNET_OPERATOR_KEYS": ",".join(self.keys),
                "DEVNET_BLOCK_TIME_MS": str(block_ms), "RUST_LOG": "warn"}, self.node),
            "campaign": ([env.binary("campaign-svc")],
                         campaign_env(env, self.db, self.campaign_port, **topics, **(campaign_extra or {})),
                         f"http://127.0.0.1:{self.campaign_port}/ready"),
            "chain": ([env.binary("chain-svc")], {
                "PORT": str(self.chain_port), "NODE_URL": self.node, "SIGNER_KEYS": ",".join(self.keys),
                "PUBSUB_EMULATOR_HOST": env.emulator, "GCP_PROJECT_ID": "test-project",
                "MESSAGE_SIGNING_KEYS_FILE": env.signing_keys,
                "LOG_FORMAT": "json", "RUST_LOG": "warn", **topics, **(chain_extra or {})},
                      f"http://127.0.0.1:{self.chain_port}/ready"),
        }
        self.procs = {}
        for kind in ("devnet", "campaign", "chain"):
            self.start(kind)
        self.url = f"http://127.0.0.1:{self.campaign_port}"

    def start(self, kind, wait=True):
        cmd, env_vars, ready = self.specs[kind]
        self.procs[kind] = self.env.spawn(f"{self.name}-{kind}", cmd, env_vars)
        if wait:
            wait_http(ready, deadline=120)

    def kill(self, kind):
        """SIGKILL: no drain, no goodbye."""
        p = self.procs[kind]
        if p.poll() is None:
            p.kill()
            p.wait()
        if p in self.env.procs:
            self.env.procs.remove(p)

    @property
    def devnet(self):
        return self.procs["devnet"]

    @property
    def campaign(self):
        return self.procs["campaign"]

    @property
    def chain(self):
        return self.procs["chain"]

    def stop(self):
        for p in (self.chain, self.campaign, self.devnet):
            self.env.stop(p)

    def stats(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.chain_port}/stats", timeout=5) as r:
            return json.loads(r.read())

    def wait_settled(self, where, deadline):
        start = time.time()
        while time.time() - start < deadline:
            open_ = int(psql(self.db, f"SELECT count(*) FROM grants WHERE {where} AND status IN ('pending','submitted')"))
            if open_ == 0:
                return True
            time.sleep(0.5)
        return False


def main(argv):
    if len(argv) in (1, 2) and argv[0] == "free-ports" and (len(argv) == 1 or argv[1].isdigit()):
        print(" ".join(map(str, free_ports(int(argv[1]) if len(argv) == 2 else 1))))
        return 0
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
