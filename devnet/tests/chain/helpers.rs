//! Test harness: an in-process dev chain on a free port, driven through aptos-sdk's own client.

use std::time::Duration;

use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::{
    InputEntryFunctionData, SignedTransaction, TransactionBuilder, TransactionPayload,
    sign_transaction,
};
use aptos_sdk::types::{AccountAddress, ChainId};
use aptos_sdk::{Aptos, AptosConfig};
use devnet::{Address, Devnet, DevnetConfig, DevnetHandle};
use serde_json::Value;

/// A running dev chain plus SDK clients and the genesis accounts.
pub struct TestChain {
    pub handle: DevnetHandle,
    /// Client with the SDK's default retry policy.
    pub aptos: Aptos,
    /// Client without retries: errors surface exactly as the node sent them.
    pub strict: Aptos,
    pub operator: Ed25519Account,
    pub admin: Ed25519Account,
    pub http: reqwest::Client,
}

pub async fn spawn() -> TestChain {
    spawn_with(DevnetConfig::for_tests()).await
}

pub async fn spawn_with(config: DevnetConfig) -> TestChain {
    let handle = Devnet::start(config).await.expect("dev chain starts");
    let aptos = Aptos::new(
        AptosConfig::custom(&handle.url())
            .unwrap()
            .with_timeout(Duration::from_secs(10)),
    )
    .unwrap();
    let strict = Aptos::new(AptosConfig::custom(&handle.url()).unwrap().without_retry()).unwrap();
    let operator = Ed25519Account::from_private_key_hex(&handle.operator_keys()[0]).unwrap();
    let admin = Ed25519Account::from_private_key_hex(&handle.admin_keys()[0]).unwrap();
    TestChain {
        handle,
        aptos,
        strict,
        operator,
        admin,
        http: reqwest::Client::new(),
    }
}

/// Converts an SDK address to the dev chain's.
pub fn addr(a: AccountAddress) -> Address {
    Address(a.to_bytes())
}

/// A fresh 16-byte grant id (UUID v7).
pub fn grant_id() -> Vec<u8> {
    use std::sync::atomic::{AtomicU64, Ordering};
    // UUID v7 as campaign-svc makes them: milliseconds first (never going back, so ids made in
    // one test are time-ordered as in production), version 7, random bits.
    static LAST_MS: AtomicU64 = AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let ms = LAST_MS.fetch_max(now, Ordering::SeqCst).max(now);
    uuid_v7(ms, &mut rand::thread_rng())
}

/// A UUID v7 of `ms` (milliseconds since the epoch) with its random bits from `rng`.
fn uuid_v7(ms: u64, rng: &mut impl rand::RngCore) -> Vec<u8> {
    let mut id = vec![0u8; 16];
    rng.fill_bytes(&mut id[6..]);
    id[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    id[6] = 0x70 | (id[6] & 0x0f);
    id[8] = 0x80 | (id[8] & 0x3f);
    id
}

/// `n` grant ids made as [`grant_id`] makes them, but from a fixed clock and seed: `per_ms` to
/// each millisecond. With the real clock how many share a millisecond follows the machine's pace,
/// and with it the order the job meets them in and the work of sorting them (its execution gas):
/// a test that asserts gas uses these.
pub fn grant_ids_seeded(n: usize, per_ms: usize, seed: u64) -> Vec<Vec<u8>> {
    use rand::SeedableRng;
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let start_ms: u64 = 1_764_633_600_000; // 2025-12-02T00:00:00Z
    (0..n)
        .map(|i| uuid_v7(start_ms + (i / per_ms.max(1)) as u64, &mut rng))
        .collect()
}

/// A random recipient address.
pub fn recipient() -> AccountAddress {
    Ed25519Account::generate().address()
}

impl TestChain {
    pub fn jobs_fn(&self, name: &str) -> String {
        format!(
            "{}::jobs::{name}",
            self.handle.jobs_address().to_long_string()
        )
    }

    /// `jobs::submit_job` payload built with the SDK's builder.
    pub fn job_payload(
        &self,
        job_id: u64,
        grants: &[(AccountAddress, u64, Vec<u8>)],
    ) -> TransactionPayload {
        InputEntryFunctionData::new(&self.jobs_fn("submit_job"))
            .arg(job_id)
            .arg(grants.iter().map(|g| g.0).collect::<Vec<_>>())
            .arg(grants.iter().map(|g| g.1).collect::<Vec<u64>>())
            .arg(grants.iter().map(|g| g.2.clone()).collect::<Vec<Vec<u8>>>())
            .build()
            .unwrap()
    }

    /// `n` fresh grants of `amount` each.
    pub fn grants(n: usize, amount: u64) -> Vec<(AccountAddress, u64, Vec<u8>)> {
        (0..n).map(|_| (recipient(), amount, grant_id())).collect()
    }

    /// [`TestChain::grants`] with ids from [`grant_ids_seeded`] (`per_ms` to a millisecond): the
    /// same job costs the same gas on every run.
    pub fn grants_seeded(
        n: usize,
        amount: u64,
        per_ms: usize,
        seed: u64,
    ) -> Vec<(AccountAddress, u64, Vec<u8>)> {
        grant_ids_seeded(n, per_ms, seed)
            .into_iter()
            .map(|id| (recipient(), amount, id))
            .collect()
    }

    /// Builds and signs with explicit fields (defaults: chain id of the chain, 2,000,000 gas,
    /// price 100, 60 s expiry); `tweak` may change any builder field.
    pub fn sign(
        &self,
        account: &Ed25519Account,
        seq: u64,
        payload: TransactionPayload,
        tweak: impl FnOnce(TransactionBuilder) -> TransactionBuilder,
    ) -> SignedTransaction {
        let builder = TransactionBuilder::new()
            .sender(account.address())
            .sequence_number(seq)
            .payload(payload)
            .max_gas_amount(2_000_000)
            .gas_unit_price(100)
            .expiration_from_now(60)
            .chain_id(ChainId::new(self.handle.chain_id()));
        let raw = tweak(builder).build().unwrap();
        sign_transaction(&raw, account).unwrap()
    }

    pub async fn seq(&self, account: &Ed25519Account) -> u64 {
        self.aptos
            .get_sequence_number(account.address())
            .await
            .unwrap()
    }

    /// Submits and waits; returns the committed transaction JSON (success or not).
    pub async fn submit_and_commit(&self, signed: &SignedTransaction) -> Value {
        self.aptos
            .submit_transaction(signed)
            .await
            .expect("accepted");
        self.committed(&signed.hash().unwrap()).await
    }

    /// Polls by hash until the transaction has a version (or panics after 10 s).
    pub async fn committed(&self, hash: &aptos_sdk::HashValue) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(r) = self.aptos.fullnode().get_transaction_by_hash(hash).await
                && r.data.get("version").is_some()
            {
                return r.data;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "transaction {hash} never committed"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// POSTs raw bytes to `/v1/transactions`; returns status and JSON body.
    pub async fn post_bcs(&self, path: &str, bytes: Vec<u8>) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}/{path}", self.handle.url()))
            .header("content-type", "application/x.aptos.signed_transaction+bcs")
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn view(&self, function: &str, args: Vec<Value>) -> Vec<Value> {
        self.aptos
            .view(function, vec![], args)
            .await
            .unwrap_or_else(|e| panic!("view {function}: {e}"))
    }
}

/// Events of a committed transaction with the given struct name.
pub fn events_named<'a>(txn: &'a Value, name: &str) -> Vec<&'a Value> {
    txn["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["type"]
                .as_str()
                .unwrap()
                .ends_with(&format!("::jobs::{name}"))
        })
        .collect()
}
