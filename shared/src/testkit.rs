//! The real parts the integration tests run against, started once per test process.
//!
//! * PostgreSQL: `TESTKIT_DATABASE_URL` (an admin URL) when the caller already runs a server
//!   (`make test` does, once for the whole run); otherwise a throwaway cluster started by
//!   `scripts/postgres.sh` on a free port, with data under `target/testkit/`, stopped by a reaper
//!   when this process exits, even if it is killed.
//! * The Pub/Sub emulator: `PUBSUB_EMULATOR_HOST` when set; otherwise started by
//!   `scripts/pubsub-emulator.sh` on a free port, stopped the same way.
//! * The real Movement local chain, for tests that run on both chains ([`localnet`]):
//!   `TESTKIT_LOCALNET_ENV` (the `env` file of a chain `scripts/localnet.sh` started) when set;
//!   otherwise one started by that script for this process, stopped the same way.
//!
//! * Message signing keys: [`signing_config`] writes one key file per test process.
//!
//! Each test then takes its own database ([`fresh_database`]) and its own topic names
//! ([`unique_id`]), so tests run in parallel without seeing each other. What every crate's tests
//! share lives here once: waiting for a condition ([`wait_until`], [`eventually`]) and reading a
//! subscription ([`Collector`]).

use aptos_sdk::account::Ed25519Account;
use aptos_sdk::transaction::InputEntryFunctionData;
use aptos_sdk::{AccountAddress, Aptos, AptosConfig};
use rand::RngCore;
use std::collections::HashMap;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The repository root (where `scripts/` lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("shared/ sits in the repository root")
        .to_path_buf()
}

/// A TCP port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("cannot bind an ephemeral port")
}

fn run_script(script: &str, args: &[String]) -> String {
    let path = repo_root().join("scripts").join(script);
    let out = Command::new("bash")
        .arg(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", path.display()));
    if !out.status.success() {
        panic!(
            "{} failed:\n{}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The admin URL of the test PostgreSQL server (`.../postgres`), starting one if needed.
pub fn postgres_admin_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        if let Ok(url) = std::env::var("TESTKIT_DATABASE_URL") {
            return url;
        }
        let dir = repo_root().join("target").join("testkit").join(format!(
            "pg-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(dir.parent().unwrap()).expect("create target/testkit");
        run_script(
            "postgres.sh",
            &[
                "start".into(),
                dir.display().to_string(),
                free_port().to_string(),
                "--watch-pid".into(),
                std::process::id().to_string(),
            ],
        )
    })
}

/// Creates an empty database with a unique name and returns its URL. The `CREATE DATABASE` goes
/// through sqlx on a thread of its own (so this works inside or outside a Tokio runtime), not a
/// `psql` subprocess.
pub fn fresh_database() -> String {
    let admin = postgres_admin_url();
    let name = format!("t_{}", uuid::Uuid::new_v4().simple());
    let statement = format!("CREATE DATABASE {name}");
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for CREATE DATABASE")
            .block_on(async move {
                use sqlx::Connection;
                let mut conn = sqlx::PgConnection::connect(admin).await?;
                sqlx::query(&statement).execute(&mut conn).await?;
                conn.close().await
            })
    })
    .join()
    .expect("the CREATE DATABASE thread panicked")
    .unwrap_or_else(|e| panic!("CREATE DATABASE failed: {e}"));
    let base = admin.rsplit_once('/').expect("admin URL has a path").0;
    format!("{base}/{name}")
}

/// Polls `check` every 50 ms until it holds; panics naming `what` after `deadline`.
pub async fn wait_until(what: &str, deadline: Duration, mut check: impl FnMut() -> bool) {
    eventually(what, deadline, || std::future::ready(check())).await
}

/// Polls the asynchronous `check` every 50 ms until it holds; panics naming `what` after
/// `deadline`.
pub async fn eventually<F, Fut>(what: &str, deadline: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = std::time::Instant::now();
    while !check().await {
        assert!(
            start.elapsed() < deadline,
            "timed out after {deadline:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One message a [`Collector`] received: its data and attributes.
pub type Received = Arc<Mutex<Vec<(Vec<u8>, HashMap<String, String>)>>>;

/// Collects (and acks) every message of a subscription until dropped.
pub struct Collector {
    /// What arrived, in arrival order.
    pub messages: Received,
    shutdown: crate::shutdown::Shutdown,
}

impl Collector {
    /// Starts pulling `subscription` (one stream).
    pub fn start(bus: &crate::pubsub::PubSub, subscription: &str) -> Self {
        let messages = Received::default();
        let shutdown = crate::shutdown::Shutdown::new();
        let subscriber = bus.subscriber().clone();
        let options = crate::pubsub::SubscriberOptions {
            subscription: bus.subscription_path(subscription),
            streams: 1,
            max_in_flight: 64,
        };
        let sink = messages.clone();
        let stop = shutdown.clone();
        tokio::spawn(async move {
            crate::pubsub::run_subscriber(&subscriber, options, stop, move |m, h| {
                let sink = sink.clone();
                async move {
                    sink.lock()
                        .unwrap()
                        .push((m.data.to_vec(), m.attributes.clone()));
                    h.ack();
                }
            })
            .await
        });
        Self { messages, shutdown }
    }

    /// How many messages arrived.
    pub fn len(&self) -> usize {
        self.messages.lock().unwrap().len()
    }

    /// Whether none arrived.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every message's data as JSON.
    pub fn json(&self) -> Vec<serde_json::Value> {
        self.messages
            .lock()
            .unwrap()
            .iter()
            .map(|(d, _)| serde_json::from_slice(d).unwrap())
            .collect()
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        self.shutdown.trigger();
    }
}

/// `host:port` of the Pub/Sub emulator, starting one if needed.
pub fn pubsub_emulator_host() -> &'static str {
    static HOST: OnceLock<String> = OnceLock::new();
    HOST.get_or_init(|| {
        if let Ok(host) = std::env::var("PUBSUB_EMULATOR_HOST")
            && !host.is_empty()
        {
            return host;
        }
        let port = free_port();
        let log = repo_root()
            .join("target")
            .join("testkit")
            .join(format!("pubsub-{port}.log"));
        std::fs::create_dir_all(log.parent().unwrap()).expect("create target/testkit");
        run_script(
            "pubsub-emulator.sh",
            &[
                "start".into(),
                port.to_string(),
                "--watch-pid".into(),
                std::process::id().to_string(),
                "--log".into(),
                log.display().to_string(),
            ],
        )
    })
}

/// A [`PubSubConfig`](crate::pubsub::PubSubConfig) for the test emulator.
pub fn pubsub_config() -> crate::pubsub::PubSubConfig {
    crate::pubsub::PubSubConfig {
        gcp_project_id: "test-project".into(),
        pubsub_emulator_host: Some(pubsub_emulator_host().to_string()),
    }
}

/// The id of the key [`signing_config`] writes.
pub const TEST_SIGNING_KEY_ID: &str = "testkit";

/// Message signing settings for the services under test: a key file with one fresh key
/// ([`TEST_SIGNING_KEY_ID`]), written once per test process (mode 0600) under `target/testkit/`.
/// Both services of a test share it, as they share a Secret in a deployment.
pub fn signing_config() -> crate::signing::SigningConfig {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    let path = FILE.get_or_init(|| {
        let path = repo_root().join("target").join("testkit").join(format!(
            "signing-keys-{}-{}",
            std::process::id(),
            free_port()
        ));
        let line = crate::signing::generate_key_line(TEST_SIGNING_KEY_ID)
            .expect("the test key id is valid");
        write_secret_file(
            &path,
            &format!("# test keys of process {}\n{line}\n", std::process::id()),
        );
        path
    });
    crate::signing::SigningConfig {
        message_signing_keys_file: Some(path.clone()),
        message_signing_key_id: None,
    }
}

/// The keyring [`signing_config`] names: what a test uses to sign or verify as a service would.
pub fn keyring() -> crate::signing::Keyring {
    signing_config().load().expect("the test keyring loads")
}

/// Writes `text` to `path` readable by the owner only (key files hold secrets).
pub fn write_secret_file(path: &std::path::Path, text: &str) {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create the key file's directory");
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    file.write_all(text.as_bytes())
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// A unique id such as `prefix-1a2b3c4d5e6f` for topics and subscriptions.
pub fn unique_id(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..12]
    )
}

/// The real Movement local chain (`scripts/localnet.sh`) the tests that run on both chains share:
/// what `localnet.sh start` printed.
#[derive(Debug, Clone)]
pub struct Localnet {
    /// REST URL ending in `/v1`.
    pub node_url: String,
    /// Chain id the node reports.
    pub chain_id: u8,
    /// Where `move/jobs` is published (also its admin).
    pub jobs_address: String,
    /// The publisher's private key (hex): the contract's admin.
    pub admin_key: String,
    /// The faucet's base URL (`POST {faucet_url}/mint?amount=N&address=0x…`).
    pub faucet_url: String,
    /// The chain's state directory: [`Localnet::admin_lock`] lives there.
    pub dir: PathBuf,
}

impl Localnet {
    /// Parses the `KEY=value` lines `scripts/localnet.sh start` prints and writes to `DIR/env`.
    pub fn parse(env: &str) -> Result<Self, String> {
        let map: std::collections::HashMap<&str, &str> = env
            .lines()
            .filter_map(|l| l.trim().split_once('='))
            .collect();
        let get = |k: &str| {
            map.get(k)
                .map(|v| v.to_string())
                .ok_or_else(|| format!("localnet env has no {k}"))
        };
        Ok(Self {
            node_url: get("NODE_URL")?,
            chain_id: get("CHAIN_ID")?
                .parse()
                .map_err(|e| format!("CHAIN_ID: {e}"))?,
            jobs_address: get("JOBS_ADDRESS")?,
            admin_key: get("ADMIN_KEY")?,
            faucet_url: get("FAUCET_URL")?,
            dir: PathBuf::from(get("LOCALNET_DIR")?),
        })
    }

    /// A lock file that serialises the admin's transactions across test processes (one signer,
    /// one sequence number: two processes sending at once would collide).
    pub fn admin_lock(&self) -> PathBuf {
        self.dir.join("admin.lock")
    }

    /// A new operator of its own for one test: a fresh key (returned as `0x` hex, chain-svc's
    /// `SIGNER_KEYS` form), funded by the faucet with [`OPERATOR_FUNDING`] and registered with
    /// `jobs::add_operator` by the admin. The admin's transactions, from every test process, are
    /// serialised by a file lock ([`Localnet::admin_lock`]): the admin has one sequence number.
    pub async fn new_operator(&self) -> String {
        let mut secret = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut secret);
        let key = format!("0x{}", hex::encode(secret));
        let operator = Ed25519Account::from_private_key_hex(&key).expect("a valid key");
        let http = reqwest::Client::new();
        let minted = http
            .post(format!(
                "{}/mint?amount={OPERATOR_FUNDING}&address={}",
                self.faucet_url,
                operator.address()
            ))
            .send()
            .await
            .expect("the faucet answers");
        assert!(
            minted.status().is_success(),
            "faucet: {}",
            minted.text().await.unwrap_or_default()
        );
        // The faucet answers with the minting transactions' hashes: wait for each.
        let hashes: Vec<String> = minted.json().await.expect("faucet hashes");
        let aptos = Aptos::new(
            AptosConfig::custom(&self.node_url)
                .expect("a node URL")
                .with_timeout(Duration::from_secs(30)),
        )
        .expect("an aptos client");
        for hash in hashes {
            http.get(format!(
                "{}/transactions/wait_by_hash/0x{}",
                self.node_url,
                hash.trim_start_matches("0x")
            ))
            .send()
            .await
            .expect("the node answers");
        }

        let admin = Ed25519Account::from_private_key_hex(&self.admin_key).expect("the admin key");
        let jobs = AccountAddress::from_hex(&self.jobs_address).expect("the Jobs address");
        let payload = InputEntryFunctionData::new(&format!("{jobs}::jobs::add_operator"))
            .arg(operator.address())
            .build()
            .expect("an add_operator payload");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.admin_lock())
            .expect("the admin lock file");
        let lock = tokio::task::spawn_blocking(move || lock.lock().map(|()| lock))
            .await
            .expect("the lock task")
            .expect("the admin lock");
        let result = aptos
            .sign_submit_and_wait(&admin, payload, Some(Duration::from_secs(60)))
            .await;
        drop(lock);
        let tx = result.expect("jobs::add_operator commits").into_inner();
        assert_eq!(tx["success"], true, "jobs::add_operator: {tx}");
        key
    }
}

/// Octas each new local-chain operator gets from the faucet: 100 MOVE, far more gas than a test
/// spends (a full batch costs about 0.25 MOVE).
pub const OPERATOR_FUNDING: u64 = 10_000_000_000;

/// The shared real local chain: `TESTKIT_LOCALNET_ENV` (the `env` file of a chain the caller
/// started, as `make test` does once for the whole run); otherwise one started by
/// `scripts/localnet.sh` for this process (about 12 s), stopped by its reaper when this process
/// exits. Needs the Movement CLI (`scripts/movement-cli.sh` says where it looks).
pub fn localnet() -> &'static Localnet {
    static CHAIN: OnceLock<Localnet> = OnceLock::new();
    CHAIN.get_or_init(|| {
        let env = match std::env::var("TESTKIT_LOCALNET_ENV") {
            Ok(path) if !path.is_empty() => std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("TESTKIT_LOCALNET_ENV={path}: {e}")),
            _ => {
                let dir = repo_root().join("target").join("testkit").join(format!(
                    "localnet-{}-{}",
                    std::process::id(),
                    free_port()
                ));
                std::fs::create_dir_all(&dir).expect("create target/testkit");
                run_script(
                    "localnet.sh",
                    &[
                        "start".into(),
                        dir.display().to_string(),
                        "--operators".into(),
                        "0".into(),
                        "--watch-pid".into(),
                        std::process::id().to_string(),
                    ],
                )
            }
        };
        Localnet::parse(&env).unwrap_or_else(|e| panic!("{e}"))
    })
}
