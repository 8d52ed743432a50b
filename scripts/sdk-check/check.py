"""Ordinary work through the official Aptos Python SDK (`pip install aptos-sdk`), step by step,
against one node: ledger and account info, APT balance (a BCS view), resources, the Jobs module,
views (JSON and BCS), a jobs::submit_job built from BCS arguments, submitted and read back by
hash, by version, through the account's transactions and its block.

    NODE_URL=http://127.0.0.1:8090/v1 JOBS_ADDRESS=0x4a6f6273 OPERATOR_KEY=0x... python3 check.py

OPERATOR_KEY is the private key of an operator registered with that Jobs module. Each step prints
"ok <step>" or "FAIL <step>: <why>"; the last line is "sdk-check py: N passed, M failed".
"""

import asyncio
import os
import secrets
import sys
import time

from aptos_sdk.account import Account
from aptos_sdk.account_address import AccountAddress
from aptos_sdk.async_client import ClientConfig, RestClient
from aptos_sdk.bcs import Serializer
from aptos_sdk.transactions import EntryFunction, TransactionArgument, TransactionPayload


class Steps:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    async def run(self, name, coroutine):
        try:
            detail = await coroutine
            self.passed += 1
            print(f"ok {name}" + ("" if detail is None else f": {detail}"))
            return True
        except Exception as e:  # every failure is reported, the run goes on
            self.failed += 1
            print(f"FAIL {name}: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
            return False


def expect(condition, what):
    if not condition:
        raise AssertionError(f"expected {what}")


async def main() -> int:
    node_url = os.environ.get("NODE_URL")
    jobs_raw = os.environ.get("JOBS_ADDRESS")
    key = os.environ.get("OPERATOR_KEY")
    if not (node_url and jobs_raw and key):
        print("usage: NODE_URL=… JOBS_ADDRESS=0x… OPERATOR_KEY=0x… python3 check.py", file=sys.stderr)
        return 2
    jobs = AccountAddress.from_str_relaxed(jobs_raw)
    operator = Account.load_key(key)
    address = operator.address()
    client = RestClient(node_url, ClientConfig(max_gas_amount=20_000))
    steps = Steps()
    state = {}

    async def ledger():
        info = await client.info()
        return f"chain {info['chain_id']}, version {info['ledger_version']}"

    async def balance():
        octas = await client.account_balance(address)
        expect(octas > 0, "a funded operator")
        return f"{octas} octas"

    async def sequence_number():
        return str(await client.account_sequence_number(address))

    async def resource():
        r = await client.account_resource(address, "0x1::account::Account")
        return f"sequence_number {r['data']['sequence_number']}"

    async def resources():
        return ", ".join(r["type"] for r in await client.account_resources(address))

    async def module():
        m = await client.account_module(jobs, "jobs")
        return f"{len(m['abi']['exposed_functions'])} functions"

    async def view_json():
        answer = await client.view(f"{jobs}::jobs::is_operator", [], [str(address)])
        expect(answer.strip() == b"[true]", f"[true], got {answer!r}")
        return answer.decode()

    async def view_bcs():
        answer = await client.view_bcs_payload(
            f"{jobs}::jobs", "is_operator", [], [TransactionArgument(address, Serializer.struct)]
        )
        expect(answer == [True], f"[True], got {answer!r}")
        return str(answer)

    async def submit_job():
        recipient = Account.generate().address()
        payload = EntryFunction.natural(
            f"{jobs}::jobs",
            "submit_job",
            [],
            [
                TransactionArgument(int(time.time() * 1000), Serializer.u64),
                TransactionArgument([recipient], Serializer.sequence_serializer(Serializer.struct)),
                TransactionArgument([5], Serializer.sequence_serializer(Serializer.u64)),
                TransactionArgument(
                    [secrets.token_bytes(16)], Serializer.sequence_serializer(Serializer.to_bytes)
                ),
            ],
        )
        signed = await client.create_bcs_signed_transaction(operator, TransactionPayload(payload))
        txn_hash = await client.submit_bcs_transaction(signed)
        await client.wait_for_transaction(txn_hash)
        committed = await client.transaction_by_hash(txn_hash)
        names = [e["type"].split("::")[-1] for e in committed["events"]]
        expect(committed["success"], f"success, got {committed['vm_status']}")
        expect("GrantPaid" in names, f"a GrantPaid event, got {names}")
        state["txn"] = committed
        return f"version {committed['version']}, gas {committed['gas_used']}, events {', '.join(names)}"

    async def by_version():
        t = await client.transaction_by_version(int(state["txn"]["version"]))
        expect(t["hash"] == state["txn"]["hash"], "the same transaction")

    async def by_account():
        listed = await client.transactions_by_account(address, limit=5)
        expect(any(t["hash"] == state["txn"]["hash"] for t in listed), "the job among the latest")
        return f"{len(listed)} listed"

    async def blocks():
        block = await client.blocks_by_version(int(state["txn"]["version"]))
        full = await client.blocks_by_height(int(block["block_height"]), with_transactions=True)
        expect(any(t["hash"] == state["txn"]["hash"] for t in full["transactions"]), "the job in its block")
        return f"height {block['block_height']}, versions {block['first_version']}..{block['last_version']}"

    async def latest():
        return ", ".join(t["type"] for t in await client.transactions(limit=3))

    await steps.run("info", ledger())
    await steps.run("account_balance (BCS view 0x1::coin::balance)", balance())
    await steps.run("account_sequence_number", sequence_number())
    await steps.run("account_resource 0x1::account::Account", resource())
    await steps.run("account_resources", resources())
    await steps.run("account_module jobs", module())
    await steps.run("view jobs::is_operator (JSON)", view_json())
    await steps.run("view_bcs_payload jobs::is_operator (BCS)", view_bcs())
    if await steps.run("submit_job from BCS arguments, wait, by hash", submit_job()):
        await steps.run("transaction_by_version", by_version())
        await steps.run("transactions_by_account (latest page)", by_account())
        await steps.run("blocks_by_version + blocks_by_height with_transactions", blocks())
    await steps.run("transactions (latest)", latest())
    await client.close()
    print(f"sdk-check py: {steps.passed} passed, {steps.failed} failed")
    return 0 if steps.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
