#!/usr/bin/env python3
"""Fits a per-job gas model of the `leaves` Jobs design (move/experiments/leaves) to real-VM runs.

The dev chain must charge what the real Move VM charges (conformance compares execution within
1 % and the largest committing job exactly), and `leaves` costs depend on its paid-id trie: the
leaves a job loads, the ids in them, the ids it sorts and merges, the leaves it writes or splits.
This replays the contract's own algorithm (`submit_job`, `merge_fresh`, `put_leaf`, the order of
`table::contains` calls) over every committed job of a `measure-gas` run, in order, so each job
gets the trie it really met, counts those operations, and fits execution and IO units to them by
least squares. Jobs that hit a limit are replayed on a copy (they change nothing) and their
predicted execution and IO printed beside the chain's, so the model can be checked against the
largest committing jobs.

    MOVEMENT_CLI=../shared/tools/movement cargo run -p devnet --example measure-gas -- \\
        --node $NODE_URL --faucet $FAUCET_URL --publish --package-dir move/experiments/leaves \\
        --ids uuid-v7 --bisect new,existing --bisect-high 1000 > run1.jsonl
    python3 devnet/examples/fit-leaves-gas.py --node $NODE_URL run1.jsonl [run2.jsonl ...]

Each JSON-lines file must be one run from its own fresh deployment (the replay starts from an
empty trie); the grant ids come from each transaction's payload on the chain (`--node`).
Only jobs at gas price 100 are fitted (the others still change the replayed state).
"""

import argparse
import concurrent.futures
import copy
import json
import sys
import urllib.request

# The contract's constants (move/experiments/leaves/sources/jobs.move).
STRIDE = 4
LEAF_CAPACITY = 1024
PAYMENTS_PER_SLOT = 64
SPLIT_MARK = 1 << 127

EXECUTION_FEATURES = [
    "trie_touched", "paying", "grants", "paid", "stores_created", "skipped", "failed", "bad_id", "contains_calls",
    "leaves_loaded", "ids_loaded", "search_steps", "payment_lookups", "ids_sorted_in_order",
    "ids_sorted_merged", "held_scan_steps", "ids_written", "splits", "ids_copied_by_splits",
    "leaves_opened",
]
# Counted but not fitted: `ids_appended` is `paid` in every measured job, since UUID v7 ids come
# after a leaf's; `ids_merged_into_leaf` (the full merge) is 0 in them all.
COUNTED_ONLY = ["ids_appended", "ids_merged_into_leaf"]
IO_FEATURES = [
    "trie_touched", "paying", "grants", "paid", "stores_created", "stores_existing", "contains_calls", "leaves_loaded",
    "ids_loaded",
    "ids_written", "splits", "leaves_opened", "payment_slots_opened", "payment_slot_bytes",
    "txn_bytes",
]


def node_key(depth, prefix):
    return (1 << depth) | prefix


def prefix_of(key, depth):
    return 0 if depth == 0 else key >> (128 - depth)


class Jobs:
    """The replayed state: trie nodes by key (`(ids, payment numbers)`), payments, stores."""

    def __init__(self):
        self.nodes = {}
        self.next_payment = 0
        self.stores = set()


def replay(jobs, recipients, amounts, grant_ids):
    """Runs one job on `jobs` as the contract does; returns its operation counts."""
    f = dict.fromkeys(EXECUTION_FEATURES + IO_FEATURES + COUNTED_ONLY, 0)
    f["grants"] = len(grant_ids)
    held, held_depth, held_prefix, held_fresh = [], [], [], []
    parent_depth = parent_prefix = 0
    known_payment = None
    in_job = set()
    for recipient, amount, grant_id in zip(recipients, amounts, grant_ids):
        if len(grant_id) != 16:
            f["bad_id"] += 1
            continue
        key = int.from_bytes(grant_id, "big")
        k = len(held)
        while k > 0 and prefix_of(key, held_depth[k - 1]) != held_prefix[k - 1]:
            k -= 1
            f["held_scan_steps"] += 1
        if k == 0:
            depth = parent_depth + STRIDE if (
                parent_depth > 0 and prefix_of(key, parent_depth) == parent_prefix) else 0
            while True:
                f["contains_calls"] += 1
                node = node_key(depth, prefix_of(key, depth))
                if node in jobs.nodes:
                    break
                f["contains_calls"] += 1
                if (node | SPLIT_MARK) not in jobs.nodes:
                    break
                depth += STRIDE
            node = node_key(depth, prefix_of(key, depth))
            if node in jobs.nodes:
                leaf = jobs.nodes.pop(node)
                f["leaves_loaded"] += 1
                f["ids_loaded"] += len(leaf[0])
            else:
                leaf = ([], [])
                f["leaves_opened"] += 1
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
                f["search_steps"] += 1
                mid = (lo + hi) // 2
                if ids[mid] == key:
                    at = mid
                    break
                if ids[mid] < key:
                    lo = mid + 1
                else:
                    hi = mid
        if at is not None:
            if payments[at] != known_payment:
                f["payment_lookups"] += 1
                known_payment = payments[at]
            f["skipped"] += 1
        elif recipient == 0 or amount == 0:
            f["failed"] += 1
        else:
            held_fresh[k - 1].append(key)
            f["paid"] += 1
            if recipient not in in_job:
                f["stores_existing" if recipient in jobs.stores else "stores_created"] += 1
            in_job.add(recipient)
    for (ids, payments), depth, prefix, fresh in zip(held, held_depth, held_prefix, held_fresh):
        fresh = sort_counting(fresh, f)
        if fresh and (not ids or ids[-1] < fresh[0]):
            f["ids_appended"] += len(fresh)
        elif fresh:
            f["ids_merged_into_leaf"] += len(ids) + len(fresh)
        if fresh:
            merged = sorted(list(zip(ids, payments)) + [(x, jobs.next_payment) for x in fresh])
            ids, payments = [i for i, _ in merged], [p for _, p in merged]
        put_leaf(jobs, depth, prefix, (ids, payments), f)
    if f["paid"]:
        f["paying"] = 1
        if jobs.next_payment % PAYMENTS_PER_SLOT == 0:
            f["payment_slots_opened"] += 1
        # The slot is rewritten whole: 48 bytes a record.
        f["payment_slot_bytes"] = 48 * (jobs.next_payment % PAYMENTS_PER_SLOT + 1)
        jobs.next_payment += 1
    jobs.stores |= in_job
    return f


def sort_counting(ids, f):
    """The contract's bottom-up merge sort, counting ids copied in order and ids merged."""
    n, width = len(ids), 1
    while width < n:
        out, lo = [], 0
        while lo < n:
            mid, hi = min(lo + width, n), min(lo + 2 * width, n)
            if mid < hi and ids[mid - 1] <= ids[mid]:
                f["ids_sorted_in_order"] += hi - lo
            else:
                f["ids_sorted_merged"] += hi - lo
            out += sorted(ids[lo:hi])
            lo = hi
        ids, width = out, width * 2
    return ids


def put_leaf(jobs, depth, prefix, leaf, f):
    count = len(leaf[0])
    if count == 0:
        return
    if count <= LEAF_CAPACITY or depth + STRIDE > 124:
        jobs.nodes[node_key(depth, prefix)] = leaf
        f["ids_written"] += count
        return
    f["splits"] += 1
    f["ids_copied_by_splits"] += count
    jobs.nodes[node_key(depth, prefix) | SPLIT_MARK] = ([], [])
    child_depth, i = depth + STRIDE, 0
    while i < count:
        child, j = prefix_of(leaf[0][i], child_depth), i
        while j < count and prefix_of(leaf[0][j], child_depth) == child:
            j += 1
        put_leaf(jobs, child_depth, child, (leaf[0][i:j], leaf[1][i:j]), f)
        i = j


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


def predict(coefficients, names, f):
    return coefficients[0] + sum(c * f[n] for c, n in zip(coefficients[1:], names))


def fetch_arguments(node, hashes):
    def get(h):
        with urllib.request.urlopen(f"{node}/transactions/by_hash/{h}") as resp:
            return h, json.load(resp)["payload"]["arguments"]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        return dict(pool.map(get, hashes))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--node", required=True, help="REST URL of the chain, ending in /v1")
    parser.add_argument("runs", nargs="+", help="measure-gas JSON-lines outputs, one per deployment")
    args = parser.parse_args()

    fitted, at_limit = [], []
    for run in args.runs:
        jobs_run = [json.loads(line) for line in open(run)
                    if line.startswith("{") and '"call"' in line]
        jobs_run = [m for m in jobs_run if m["call"] == "submit_job"
                    and (m["success"] or "LIMIT_REACHED" in m["vm_status"])]
        payloads = fetch_arguments(args.node, [m["hash"] for m in jobs_run])
        jobs = Jobs()
        for m in jobs_run:
            a = payloads[m["hash"]]
            recipients = [int(x, 16) for x in a[1]]
            amounts = [int(x) for x in a[2]]
            grant_ids = [bytes.fromhex(x[2:]) for x in a[3]]
            state = jobs if m["success"] else copy.deepcopy(jobs)
            f = replay(state, recipients, amounts, grant_ids)
            f["txn_bytes"] = m["txn_bytes"]
            if m["price"] == 100:
                (fitted if m["success"] else at_limit).append((run, m, f))
        print(f"{run}: {len(jobs_run)} jobs replayed", file=sys.stderr)

    models = {}
    for target, names in (("execution", EXECUTION_FEATURES), ("io", IO_FEATURES)):
        rows = [[1.0] + [float(f[n]) for n in names] for _, _, f in fitted]
        coefficients = least_squares(rows, [float(m[target]) for _, m, _ in fitted])
        residuals = [m[target] - predict(coefficients, names, f) for _, m, f in fitted]
        models[target] = (coefficients, names)
        print(f"## {target}: {len(fitted)} committed jobs, largest |residual| "
              f"{max(abs(r) for r in residuals):.2f} units")
        print(f"  {'intercept':24} {coefficients[0]:10.4f}")
        for name, c in zip(names, coefficients[1:]):
            print(f"  {name:24} {c:10.4f}")

    # Whether the model puts each large job on the side of the VM's limits the chain did: a
    # committed one within both, one stopped by a limit over that limit.
    limits = {"execution": 920, "io": 1000}
    checked, misses = 0, []
    for run, m, f in fitted + at_limit:
        if m["n"] < 400:
            continue
        checked += 1
        predicted = {t: predict(c, names, f) for t, (c, names) in models.items()}
        if m["success"]:
            wrong = any(predicted[t] > limits[t] for t in limits)
        else:
            stopped_by = "execution" if "EXECUTION" in m["vm_status"] else "io"
            wrong = predicted[stopped_by] <= limits[stopped_by]
        if wrong:
            misses.append(f"{run} {m['kind']} n={m['n']} {m['vm_status'][:24]} predicted "
                          f"execution {predicted['execution']:.1f} io {predicted['io']:.1f}")
    print(f"## limits: {checked - len(misses)} of {checked} jobs of 400+ grants on the chain's "
          "side of the execution and IO limits")
    for miss in misses:
        print(f"  miss: {miss}")

if __name__ == "__main__":
    main()
