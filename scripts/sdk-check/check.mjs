// Ordinary work through the official Aptos TypeScript SDK, step by step, against one node:
// ledger and account info, APT balance (coin and fungible-asset views), a Jobs view, building
// jobs::submit_job WITHOUT handing the SDK the ABI (it fetches the module), submitting it, and
// reading the result back by hash, by version, through the account's transactions and its block.
//
//   NODE_URL=http://127.0.0.1:8090/v1 JOBS_ADDRESS=0x4a6f6273 OPERATOR_KEY=0x... node check.mjs
//
// OPERATOR_KEY is the private key of an operator registered with that Jobs module (the dev chain
// prints one at start-up; on a real chain, the publisher of move/jobs is one). Each step prints
// "ok <step>" or "FAIL <step>: <why>"; the last line is "sdk-check ts: N passed, M failed".
import {
  Account,
  Aptos,
  AptosConfig,
  Ed25519PrivateKey,
  Network,
} from "@aptos-labs/ts-sdk";
import { randomBytes } from "node:crypto";

const nodeUrl = process.env.NODE_URL;
// The SDK takes non-special addresses in full (64 hex digits) only.
const jobs = process.env.JOBS_ADDRESS && `0x${process.env.JOBS_ADDRESS.replace(/^0x/, "").padStart(64, "0")}`;
const key = process.env.OPERATOR_KEY;
if (!nodeUrl || !jobs || !key) {
  console.error("usage: NODE_URL=… JOBS_ADDRESS=0x… OPERATOR_KEY=0x… node check.mjs");
  process.exit(2);
}

const aptos = new Aptos(new AptosConfig({ network: Network.CUSTOM, fullnode: nodeUrl }));
const operator = Account.fromPrivateKey({ privateKey: new Ed25519PrivateKey(key) });
const address = operator.accountAddress;
let passed = 0;
let failed = 0;

async function step(name, run) {
  try {
    const detail = await run();
    passed += 1;
    console.log(`ok ${name}${detail === undefined ? "" : `: ${detail}`}`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${(e && (e.message || e.toString()) || e).toString().split("\n")[0]}`);
  }
}

function expect(condition, what) {
  if (!condition) throw new Error(`expected ${what}`);
}

await step("getLedgerInfo", async () => {
  const info = await aptos.getLedgerInfo();
  return `chain ${info.chain_id}, version ${info.ledger_version}`;
});
await step("getAccountInfo", async () => {
  const info = await aptos.getAccountInfo({ accountAddress: address });
  return `sequence_number ${info.sequence_number}`;
});
await step("getAccountAPTAmount (view 0x1::coin::balance, BCS)", async () => {
  const octas = await aptos.getAccountAPTAmount({ accountAddress: address });
  expect(octas > 0, "a funded operator");
  return `${octas} octas`;
});
await step("getAccountCoinAmount faMetadataAddress 0xa (views coin::paired_coin, coin::balance)", async () => {
  const octas = await aptos.getAccountCoinAmount({ accountAddress: address, faMetadataAddress: "0xa" });
  return `${octas}`;
});
await step("getAccountResource 0x1::account::Account", async () => {
  const r = await aptos.getAccountResource({ accountAddress: address, resourceType: "0x1::account::Account" });
  return `sequence_number ${r.sequence_number}`;
});
await step("getAccountResources", async () => {
  const all = await aptos.getAccountResources({ accountAddress: address });
  return all.map((r) => r.type).join(", ");
});
await step("getAccountModule jobs", async () => {
  const m = await aptos.getAccountModule({ accountAddress: jobs, moduleName: "jobs" });
  return `${m.abi.exposed_functions.length} functions`;
});
await step("view jobs::is_operator (ABI fetched by the SDK)", async () => {
  const [isOperator] = await aptos.view({
    payload: { function: `${jobs}::jobs::is_operator`, functionArguments: [address.toString()] },
  });
  expect(isOperator === true, "the key to be a registered operator");
  return `${isOperator}`;
});
await step("viewJson 0x1::account::exists_at", async () => {
  const [exists] = await aptos.viewJson({
    payload: { function: "0x1::account::exists_at", functionArguments: [address.toString()] },
  });
  expect(exists === true, "exists_at true");
  return `${exists}`;
});

let committed;
await step("build jobs::submit_job without the ABI, sign, submit, wait", async () => {
  const recipient = Account.generate().accountAddress.toString();
  // vector<u8> takes bytes: the SDK would encode a hex *string* as its UTF-8 text.
  const grantId = new Uint8Array(randomBytes(16));
  const transaction = await aptos.transaction.build.simple({
    sender: address,
    data: {
      function: `${jobs}::jobs::submit_job`,
      functionArguments: [Date.now(), [recipient], [5], [grantId]],
    },
    options: { maxGasAmount: 20000 },
  });
  const pending = await aptos.signAndSubmitTransaction({ signer: operator, transaction });
  committed = await aptos.waitForTransaction({ transactionHash: pending.hash });
  expect(committed.success === true, `success, got ${committed.vm_status}`);
  const names = committed.events.map((e) => e.type.split("::").pop());
  expect(names.includes("GrantPaid"), `a GrantPaid event, got ${names.join(", ")}`);
  return `version ${committed.version}, gas ${committed.gas_used}, events ${names.join(", ")}`;
});
await step("getTransactionByVersion", async () => {
  const t = await aptos.getTransactionByVersion({ ledgerVersion: BigInt(committed.version) });
  expect(t.hash === committed.hash, "the same transaction");
});
await step("getAccountTransactions (latest page)", async () => {
  const listed = await aptos.getAccountTransactions({ accountAddress: address, options: { limit: 5 } });
  expect(listed.some((t) => t.hash === committed.hash), "the job among the latest");
  return `${listed.length} listed`;
});
await step("getBlockByVersion + getBlockByHeight withTransactions", async () => {
  const block = await aptos.getBlockByVersion({ ledgerVersion: BigInt(committed.version) });
  const full = await aptos.getBlockByHeight({
    blockHeight: BigInt(block.block_height),
    options: { withTransactions: true },
  });
  expect(full.transactions.some((t) => t.hash === committed.hash), "the job in its block");
  return `height ${block.block_height}, versions ${block.first_version}..${block.last_version}`;
});
await step("getTransactions (latest)", async () => {
  const latest = await aptos.getTransactions({ options: { limit: 3 } });
  return latest.map((t) => t.type).join(", ");
});

console.log(`sdk-check ts: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
