#!/usr/bin/env python3
"""Fits the dev chain's gas model of `jobs::submit_job` (move/jobs: paid ids in a trie of shared
leaves) to real-VM runs, and prints the constants `devnet/src/gas/job.rs` uses.

The dev chain must charge what the real Move VM charges (conformance compares execution and IO
within 1 % or 2 units, and the largest committing job exactly), and a job's cost depends on the
paid-id trie it meets: the leaves it loads, the ids in them, the ids it sorts and merges, the
leaves it writes or splits. This replays the contract's own algorithm (`submit_job`,
`merge_fresh`, `put_leaf`, the order of `table::contains` calls) over every committed job of
`measure-gas` runs, in order, so each job meets the trie it really met; counts what it does
(the same counts as `devnet/src/gas/job.rs`'s `replay`); and fits execution and IO units to those
counts by least squares. The intrinsic gas of the transaction's size and the per-byte cost of
grant ids are the gas schedule's and are taken off before fitting. Jobs that hit a limit are
replayed on a copy (they change nothing) and checked to land on the chain's side of the limits;
those stopped by execution give the IO the dev chain reports at that limit (`READ_IO*`).

    MOVEMENT_CLI=../shared/tools/movement cargo run -p devnet --example measure-gas -- \\
        --node $NODE_URL --faucet $FAUCET_URL --publish --ids uuid-v7 \\
        --bisect new,existing --bisect-high 1000 > run1.jsonl
    python3 devnet/examples/fit-leaves-gas.py --node $NODE_URL --args-cache args.json run1.jsonl [run2.jsonl ...]

Each JSON-lines file must be one run from its own fresh deployment (the replay starts from an
empty trie); the grant ids come from each transaction's payload on the chain (`--node`), kept in
`--args-cache` so the fit can be run again once that chain is gone. Only jobs at gas price 100
are fitted (the others still change the replayed state). `--vectors` prints the counts and units
of the fixed jobs `devnet/src/gas/job.rs`'s tests hold the Rust replay to.
"""

import argparse
import concurrent.futures
import copy
import json
import os
import sys
import urllib.error
import urllib.request

# The contract's constants (move/jobs/sources/jobs.move).
STRIDE = 4
LEAF_CAPACITY = 1024
PAYMENTS_PER_SLOT = 64
SPLIT_MARK = 1 << 127

# What execution and IO are fitted to (besides an intercept). The names are `Counts`' fields in
# devnet/src/gas/job.rs.
EXECUTION_FEATURES = [
    "paid", "stores_created", "skipped", "failed", "bad_id", "contains_calls", "bytes_read",
    "leaves_loaded", "search_steps", "payment_lookups", "ids_sorted_in_order", "ids_sorted_merged",
    "held_scan_steps", "leaves_written", "bytes_written", "splits", "ids_copied_by_splits",
    "split_children", "leaves_opened", "trie_touched", "paying", "payment_bytes_read",
    "search_tail_hits",
]
# Jobs weigh by the conformance tolerance they must meet (1 %, or 2 units) to this power: 0 fits
# every unit alike (large jobs dominate), 1 fits in tolerance units (small jobs dominate).
WEIGHT_POWER = float(os.environ.get("FIT_WEIGHT_POWER", "0"))

IO_FEATURES = [
    "grants", "paid", "stores_created", "stores_existing", "any_store_created",
    "any_store_existing", "slots_read", "payment_slots_read", "payment_bytes_read",
    "leaves_written", "slots_created", "payment_slot_bytes", "paying", "trie_touched",
]


def node_key(depth, prefix):
    return (1 << depth) | prefix


def prefix_of(key, depth):
    return 0 if depth == 0 else key >> (128 - depth)


def leaf_bytes(n):
    """BCS size of a `PaidNode { split, ids, payments }` holding n ids."""
    uleb = 1 if n < 128 else 2
    return 1 + 2 * uleb + 24 * n


class Jobs:
    """The replayed state: trie nodes by key (`(ids, payment numbers)`), payments, stores."""

    def __init__(self):
        self.nodes = {}
        self.next_payment = 0
        self.stores = set()


def replay(jobs, recipients, amounts, grant_ids):
    """Runs one job on `jobs` as the contract does; returns its counts."""
    f = {}

    def inc(k, v=1):
        f[k] = f.get(k, 0) + v

    f["grants"] = len(grant_ids)
    f["id_bytes"] = sum(len(g) for g in grant_ids)
    held, held_depth, held_prefix, held_fresh = [], [], [], []
    parent_depth = parent_prefix = 0
    known_payment = None
    in_job, read, payment_slots_read, loaded = set(), set(), set(), set()
    for recipient, amount, grant_id in zip(recipients, amounts, grant_ids):
        if len(grant_id) != 16:
            inc("bad_id")
            continue
        key = int.from_bytes(grant_id, "big")
        k = len(held)
        while k > 0 and prefix_of(key, held_depth[k - 1]) != held_prefix[k - 1]:
            k -= 1
            inc("held_scan_steps")
        if k == 0:
            depth = parent_depth + STRIDE if (
                parent_depth > 0 and prefix_of(key, parent_depth) == parent_prefix) else 0
            while True:
                node = node_key(depth, prefix_of(key, depth))
                inc("contains_calls")
                if node not in read:
                    read.add(node)
                    inc("slots_read")
                    if node in jobs.nodes:
                        inc("bytes_read", leaf_bytes(len(jobs.nodes[node][0])))
                if node in jobs.nodes:
                    break
                inc("contains_calls")
                mark = node | SPLIT_MARK
                if mark not in read:
                    read.add(mark)
                    inc("slots_read")
                    if mark in jobs.nodes:
                        inc("bytes_read", leaf_bytes(0))
                if mark not in jobs.nodes:
                    break
                depth += STRIDE
            node = node_key(depth, prefix_of(key, depth))
            if node in jobs.nodes:
                leaf = jobs.nodes.pop(node)
                inc("leaves_loaded")
                loaded.add(node)
            else:
                leaf = ([], [])
                inc("leaves_opened")
            f["trie_touched"] = 1
            held.append(leaf)
            held_depth.append(depth)
            held_prefix.append(prefix_of(key, depth))
            held_fresh.append([])
            if depth >= STRIDE:
                parent_depth = depth - STRIDE
                parent_prefix = prefix_of(key, parent_depth)
            k = len(held)
        ids, payments = held[k - 1]
        at = None
        if not ids or ids[-1] >= key:
            lo, hi = 0, len(ids)
            while lo < hi:
                inc("search_steps")
                mid = (lo + hi) // 2
                if ids[mid] == key:
                    at = mid
                    break
                if ids[mid] < key:
                    lo = mid + 1
                else:
                    hi = mid
        else:
            inc("search_tail_hits")
        if at is not None:
            if payments[at] != known_payment:
                inc("payment_lookups")
                known_payment = payments[at]
                slot = payments[at] // PAYMENTS_PER_SLOT
                if slot not in payment_slots_read:
                    payment_slots_read.add(slot)
                    inc("payment_slots_read")
                    records = PAYMENTS_PER_SLOT if slot < jobs.next_payment // PAYMENTS_PER_SLOT \
                        else jobs.next_payment % PAYMENTS_PER_SLOT
                    inc("payment_bytes_read", 48 * records + 1)
            inc("skipped")
        elif recipient == 0 or amount == 0:
            inc("failed")
        else:
            held_fresh[k - 1].append(key)
            inc("paid")
            if recipient not in in_job:
                inc("stores_existing" if recipient in jobs.stores else "stores_created")
            in_job.add(recipient)
    for (ids, payments), depth, prefix, fresh in zip(held, held_depth, held_prefix, held_fresh):
        fresh = sort_counting(fresh, inc)
        if fresh:
            merged = sorted(list(zip(ids, payments)) + [(x, jobs.next_payment) for x in fresh])
            ids, payments = [i for i, _ in merged], [p for _, p in merged]
        put_leaf(jobs, depth, prefix, (ids, payments), inc, loaded)
    f["any_store_created"] = int(f.get("stores_created", 0) > 0)
    f["any_store_existing"] = int(f.get("stores_existing", 0) > 0)
    if f.get("paid"):
        f["paying"] = 1
        f["payment_slot_bytes"] = 48 * (jobs.next_payment % PAYMENTS_PER_SLOT + 1)
        jobs.next_payment += 1
    jobs.stores |= in_job
    return f


def sort_counting(ids, inc):
    """The contract's bottom-up merge sort, counting ids copied in order and ids merged."""
    n, width = len(ids), 1
    while width < n:
        out, lo = [], 0
        while lo < n:
            mid, hi = min(lo + width, n), min(lo + 2 * width, n)
            if mid < hi and ids[mid - 1] <= ids[mid]:
                inc("ids_sorted_in_order", hi - lo)
            else:
                inc("ids_sorted_merged", hi - lo)
            out += sorted(ids[lo:hi])
            lo = hi
        ids, width = out, width * 2
    return ids


def put_leaf(jobs, depth, prefix, leaf, inc, loaded):
    count = len(leaf[0])
    node = node_key(depth, prefix)
    if count == 0:
        return
    if count <= LEAF_CAPACITY or depth + STRIDE > 124:
        jobs.nodes[node] = leaf
        inc("leaves_written")
        inc("bytes_written", leaf_bytes(count))
        if node not in loaded:
            inc("slots_created")
        return
    inc("splits")
    inc("ids_copied_by_splits", count)
    jobs.nodes[node | SPLIT_MARK] = ([], [])
    inc("slots_created")
    inc("leaves_written")
    inc("bytes_written", leaf_bytes(0))
    child_depth, i = depth + STRIDE, 0
    while i < count:
        child, j = prefix_of(leaf[0][i], child_depth), i
        while j < count and prefix_of(leaf[0][j], child_depth) == child:
            j += 1
        inc("split_children")
        put_leaf(jobs, child_depth, child, (leaf[0][i:j], leaf[1][i:j]), inc, loaded)
        i = j


def intrinsic(txn_bytes):
    """The schedule's intrinsic gas of a transaction, internal units."""
    return 2_760_000 + 1_158 * max(0, txn_bytes - 600)


def known(target, f, txn_bytes):
    """The schedule's part of `target` (not fitted), gas units: the intrinsic gas and the grant
    ids' bytes; for IO also every byte of the trie nodes written (`storage_io_per_state_byte_write`,
    89), which is what makes a big leaf dearer to write back than a small one."""
    if target == "execution":
        return (intrinsic(txn_bytes) + 75 * f["id_bytes"]) / 1e6
    return 89 * (txn_bytes + f["id_bytes"] + f.get("bytes_written", 0)) / 1e6


def least_squares(rows, targets):
    """Coefficients (intercept first) minimising squared error; columns scaled for stability."""
    width = len(rows[0])
    scale = [max(abs(r[j]) for r in rows) or 1.0 for j in range(width)]
    a = [[v / s for v, s in zip(r, scale)] for r in rows]
    m = [[sum(r[i] * r[j] for r in a) for j in range(width)]
         + [sum(r[i] * t for r, t in zip(a, targets))] for i in range(width)]
    for c in range(width):
        p = max(range(c, width), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            m[c][c] = 1e-12
        for r in range(width):
            if r != c:
                q = m[r][c] / m[c][c]
                for j in range(c, width + 1):
                    m[r][j] -= q * m[c][j]
    return [m[i][width] / m[i][i] / scale[i] for i in range(width)]


def predict(target, model, f, txn_bytes):
    coefficients, names = model
    return (coefficients[0] + sum(c * f.get(n, 0) for c, n in zip(coefficients[1:], names))
            + known(target, f, txn_bytes))


def payload_arguments(node, hashes, cache_path):
    """Each transaction's payload arguments, from the cache file or the node (then cached)."""
    cache = json.load(open(cache_path)) if cache_path and os.path.exists(cache_path) else {}
    missing = [h for h in hashes if h not in cache]
    if missing and node:

        def get(h):
            try:
                with urllib.request.urlopen(f"{node}/transactions/by_hash/{h}") as resp:
                    return h, json.load(resp)["payload"]["arguments"]
            except urllib.error.HTTPError as e:
                if e.code == 404:  # made on another chain (a run given for its cached jobs)
                    return h, None
                raise
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            cache.update((h, a) for h, a in pool.map(get, missing) if a is not None)
        if cache_path:
            json.dump(cache, open(cache_path, "w"))
    return cache


def fit(runs, node, cache_path):
    fitted, at_limit = [], []
    for run in runs:
        jobs_run = [json.loads(line) for line in open(run)
                    if line.startswith("{") and '"call"' in line]
        jobs_run = [m for m in jobs_run if m["call"] == "submit_job"
                    and (m["success"] or "LIMIT_REACHED" in m["vm_status"])]
        payloads = payload_arguments(node, [m["hash"] for m in jobs_run], cache_path)
        if any(m["success"] and m["hash"] not in payloads for m in jobs_run):
            sys.exit(f"{run}: committed jobs whose arguments are neither cached nor given --node")
        # A job stopped by a limit changed nothing: without its arguments it is only not checked.
        jobs_run = [m for m in jobs_run if m["hash"] in payloads]
        jobs = Jobs()
        for m in jobs_run:
            a = payloads[m["hash"]]
            recipients = [int(x, 16) for x in a[1]]
            amounts = [int(x) for x in a[2]]
            grant_ids = [bytes.fromhex(x[2:]) for x in a[3]]
            state = jobs if m["success"] else copy.deepcopy(jobs)
            f = replay(state, recipients, amounts, grant_ids)
            if m["price"] == 100:
                (fitted if m["success"] else at_limit).append((run, m, f))
        print(f"{run}: {len(jobs_run)} jobs replayed", file=sys.stderr)

    models = {}
    for target, names in (("execution", EXECUTION_FEATURES), ("io", IO_FEATURES)):
        # Each job weighs by the conformance tolerance it must meet (`WEIGHT_POWER`).
        weights = [max(2.0, 0.01 * m[target]) ** -WEIGHT_POWER for _, m, _ in fitted]
        rows = [[w] + [w * float(f.get(n, 0)) for n in names]
                for w, (_, _, f) in zip(weights, fitted)]
        targets = [w * (m[target] - known(target, f, m["txn_bytes"]))
                   for w, (_, m, f) in zip(weights, fitted)]
        models[target] = (least_squares(rows, targets), names)
        residuals = [m[target] - predict(target, models[target], f, m["txn_bytes"])
                     for _, m, f in fitted]
        outside = [(r, m) for r, (_, m, _) in zip(residuals, fitted)
                   if abs(r) > max(2, 0.01 * m[target])]
        print(f"## {target}: {len(fitted)} committed jobs, largest |residual| "
              f"{max(abs(r) for r in residuals):.2f} units, {len(outside)} outside the "
              "conformance tolerance (1 %, or 2 units)")
        print(f"  {'intercept':24} {models[target][0][0]:.9f}")
        for name, c in zip(names, models[target][0][1:]):
            print(f"  {name:24} {c:.9f}")
        for r, m in sorted(outside, key=lambda x: -abs(x[0]))[:10]:
            print(f"  outside: {m['kind']} n={m['n']} real {m[target]} residual {r:+.2f}")

    # Whether the model puts each large job on the side of the VM's limits the chain did.
    limits = {"execution": 920, "io": 1000}
    checked, misses = 0, []
    for run, m, f in fitted + at_limit:
        if m["n"] < 400:
            continue
        checked += 1
        p = {t: predict(t, models[t], f, m["txn_bytes"]) for t in models}
        if m["success"]:
            wrong = any(p[t] > limits[t] for t in limits)
        else:
            stopped_by = "execution" if "EXECUTION" in m["vm_status"] else "io"
            wrong = p[stopped_by] <= limits[stopped_by]
        if wrong:
            misses.append(f"{run} {m['kind']} n={m['n']} {m['vm_status'][:24]} predicted "
                          f"execution {p['execution']:.1f} io {p['io']:.1f}")
    print(f"## limits: {checked - len(misses)} of {checked} jobs of 400+ grants on the chain's "
          "side of the execution and IO limits")
    for miss in misses:
        print(f"  miss: {miss}")
    read_io(models, at_limit)
    return models


# The schedule's read IO (internal units): `storage_io_per_state_slot_read`, `..._byte_read`.
READ_IO_PER_SLOT = 302_385
READ_IO_PER_BYTE = 151
# The reads before the grants (the Jobs resource, the operator's entry), `READ_IO` in job.rs.
READ_IO_BEFORE_GRANTS = 1_499_740


def read_io(models, at_limit):
    """What `devnet/src/gas/job.rs` charges as IO when execution passes its limit (`READ_IO*`).
    The loop over the grants (each one's store read) runs before the job's costly tail (sorting
    and merging the paid ids, writing the leaves back), and the measured jobs stopped by
    execution (650-1,000 grants) had made every grant's reads by then: their IO is the reads of
    the whole job, n x a store's read plus the trie's slots and bytes (the schedule's, not
    fitted), the transaction's bytes (charged first) and the reads before the grants. Fitted: an intercept and a read per store created
    and per existing store."""
    rows, targets, stopped = [], [], []
    for _, m, f in at_limit:
        if "EXECUTION" not in m["vm_status"]:
            continue
        known_reads = (READ_IO_PER_SLOT * (f.get("slots_read", 0) + f.get("payment_slots_read", 0))
                       + READ_IO_PER_BYTE * (f.get("bytes_read", 0) + f.get("payment_bytes_read", 0))
                       + 89 * m["txn_bytes"])
        rows.append([1.0, float(f.get("stores_created", 0)), float(f.get("stores_existing", 0))])
        targets.append(m["io"] * 1e6 - known_reads)
        stopped.append(m)
    if len(rows) < 3:
        print(f"## read IO at the execution limit: {len(rows)} jobs, too few to fit")
        return
    c = least_squares(rows, targets)
    print(f"## IO at the execution limit ({len(rows)} jobs stopped by execution), internal units: "
          f"READ_IO {c[0]:.0f}, READ_IO_PER_STORE_CREATED {c[1]:.0f}, "
          f"READ_IO_PER_EXISTING_STORE {c[2]:.0f}")
    # The chain reports whole units, rounded up.
    residuals = [(-(-(sum(a * b for a, b in zip(c, r)) + m["io"] * 1e6 - t) // 1e6) - m["io"], m)
                 for r, t, m in zip(rows, targets, stopped)]
    print(f"  {sum(1 for r, _ in residuals if r == 0)} of {len(residuals)} exact, largest "
          f"|residual| {max(abs(r) for r, _ in residuals):.0f} units")


MASK64 = (1 << 64) - 1


def splitmix(x):
    z = (x + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def uuid_v7(ms, i):
    """The test vectors' ids: `uuid_v7` of devnet/src/gas/job.rs's tests, byte for byte."""
    r = splitmix((ms << 20) | i)
    out = (0x0190_0000_0000 + ms).to_bytes(8, "big")[2:]
    out += bytes([0x70 | ((r >> 60) & 0x0F), (r >> 52) & 0xFF, 0x80 | ((r >> 46) & 0x3F)])
    return out + (r & ((1 << 56) - 1)).to_bytes(8, "big")[1:]


def paid_jobs(ids, payments):
    """A state whose paid ids are `ids` (payment number 0), `payments` payments recorded."""
    jobs = Jobs()
    keys = sorted(int.from_bytes(g, "big") for g in ids)
    put_leaf(jobs, 0, 0, (keys, [0] * len(keys)), lambda k, v=1: None, set())
    jobs.next_payment = payments
    return jobs


def vectors(models):
    """The jobs `the_replay_counts_what_the_fit_tool_counts` (devnet/src/gas/job.rs) holds the
    Rust replay and model to: their counts and the units this fit gives them."""
    holder = 1
    cases = [
        ("100 paid to one holder, in a leaf of 200",
         paid_jobs([uuid_v7(0, i) for i in range(200)], 2),
         [holder] * 100, [uuid_v7(1, i) for i in range(100)]),
        ("300 ids paid again",
         paid_jobs([uuid_v7(0, i) for i in range(300)], 1),
         [holder] * 300, [uuid_v7(0, i) for i in range(300)]),
        ("100 ids splitting a 1,000-id root leaf",
         paid_jobs([uuid_v7(i // 10, i) for i in range(1000)], 1),
         [holder] * 100, [uuid_v7(200, i) for i in range(100)]),
    ]
    for name, jobs, recipients, ids in cases:
        jobs.stores.add(holder)
        f = replay(jobs, recipients, [1] * len(ids), ids)
        txn_bytes = 131 + 57 * len(ids)
        units = {t: predict(t, models[t], f, txn_bytes) for t in models}
        print(f"## vector: {name}: execution {units['execution']:.3f} io {units['io']:.3f}")
        print("  " + " ".join(f"{k}={v}" for k, v in sorted(f.items())))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--node", help="REST URL of the chain the runs were made on, ending in /v1")
    parser.add_argument("--args-cache", help="JSON file of payload arguments by transaction hash")
    parser.add_argument("runs", nargs="+", help="measure-gas JSON-lines outputs, one per deployment")
    parser.add_argument("--vectors", action="store_true",
                        help="also print the test vectors' counts and units under this fit")
    args = parser.parse_args()
    models = fit(args.runs, args.node, args.args_cache)
    if args.vectors:
        vectors(models)


if __name__ == "__main__":
    main()
