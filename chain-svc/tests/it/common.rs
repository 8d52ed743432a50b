//! The harness the integration tests share: the real Pub/Sub emulator (one per test process,
//! via `shared::testkit`), a chain — a dev chain in this process on a free port, or the run's
//! real Movement local chain (`shared::testkit::localnet`) with operators of the test's own —
//! unique topic names per test, a reader of the results topic, and helpers to look
//! things up on the chain. Requests are signed and results verified with the test keyring
//! (`shared::testkit::signing_config`), as campaign-svc would.

#![allow(dead_code)]

use chain_svc::config::Config;
use chain_svc::node::{CommittedTransaction, Lookup, Node, Payment};
use chain_svc::startup::Application;
use chain_svc::stats::Stats;
use chrono::Utc;
use devnet::{DevnetConfig, DevnetHandle};
use serde_json::Value;
use shared::grant::{EVENT_GRANT_REQUESTED, GrantRequest, GrantResult, Outcome, WalletAddress};
use shared::pubsub::{BusPublisher, PubSub, SubscriberOptions, TopicNames, run_subscriber};
use shared::shutdown::Shutdown;
use shared::signing::MessageKind;
use shared::testkit;
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;
use uuid::Uuid;

pub use shared::testkit::wait_until;

/// Logs go to the test output only when `RUST_LOG` is set.
pub fn init_logs() {
    if std::env::var("RUST_LOG").is_ok() {
        shared::telemetry::init_tracing(shared::telemetry::LogFormat::Pretty);
    }
}

/// A dead-lettered message: data and attributes.
pub type DeadLetter = (Vec<u8>, HashMap<String, String>);

/// Everything one test runs against.
pub struct Harness {
    /// The dev chain (`None` on a real local chain).
    devnet: Option<DevnetHandle>,
    /// The node's REST URL (ending in `/v1`).
    pub node_url: String,
    /// The operator keys chain-svc signs with (hex).
    pub operator_keys: Vec<String>,
    /// Bus clients.
    pub bus: PubSub,
    /// This test's topic names.
    pub topics: TopicNames,
    /// Publisher on the requests topic.
    pub requests: BusPublisher,
    /// Every result read from the results topic, in arrival order.
    pub results: Arc<Mutex<Vec<GrantResult>>>,
    /// Every message read from the requests dead-letter subscription (data, attributes).
    pub dead_letters: Arc<Mutex<Vec<DeadLetter>>>,
    /// A node client for checks.
    pub node: Node,
    /// Committed transactions already fetched, by hash: a batch of hundreds of grants is one
    /// transaction, fetched once, not once per grant.
    committed: Mutex<HashMap<String, Arc<CommittedTransaction>>>,
    readers: Shutdown,
}

impl Harness {
    /// Starts a dev chain with `signers` operators (and `tune` applied) and provisions this
    /// test's topics.
    pub async fn start(prefix: &str, signers: usize, tune: impl FnOnce(&mut DevnetConfig)) -> Self {
        init_logs();
        shared::telemetry::install_crypto_provider();
        let mut config = DevnetConfig::for_tests();
        config.generated_operators = signers;
        tune(&mut config);
        let devnet = devnet::Devnet::start(config)
            .await
            .expect("dev chain starts");
        let (url, keys, jobs) = (
            devnet.url(),
            devnet.operator_keys(),
            devnet.jobs_address().to_long_string(),
        );
        Self::on_chain(prefix, Some(devnet), url, keys, &jobs).await
    }

    /// Provisions this test's topics on the real Movement local chain of the run
    /// ([`testkit::localnet`]: `TESTKIT_LOCALNET_ENV`, or one started for this process), with an
    /// `signers` operators of this test's own, so tests sharing the chain never share a sequence
    /// number.
    pub async fn start_on_localnet(prefix: &str, signers: usize) -> Self {
        init_logs();
        shared::telemetry::install_crypto_provider();
        let chain = testkit::localnet();
        let mut keys = Vec::with_capacity(signers);
        for _ in 0..signers {
            keys.push(chain.new_operator().await);
        }
        Self::on_chain(
            prefix,
            None,
            chain.node_url.clone(),
            keys,
            &chain.jobs_address,
        )
        .await
    }

    async fn on_chain(
        prefix: &str,
        devnet: Option<DevnetHandle>,
        node_url: String,
        operator_keys: Vec<String>,
        jobs: &str,
    ) -> Self {
        let bus = PubSub::connect(&testkit::pubsub_config(), 2).await.unwrap();
        let topics = TopicNames::unique_for_test(prefix);
        bus.provision(&topics.requests()).await.unwrap();
        bus.provision(&topics.results()).await.unwrap();
        let requests = bus
            .publisher(&topics.requests_topic, Duration::from_secs(30))
            .await
            .unwrap();
        let jobs = chain_svc::payload::parse_address(jobs).expect("a Jobs address");
        let node = Node::new(&node_url, jobs, Duration::from_secs(10), 3).unwrap();
        let readers = Shutdown::new();
        let results = Arc::new(Mutex::new(Vec::new()));
        let dead_letters = Arc::new(Mutex::new(Vec::new()));
        {
            let results = results.clone();
            let subscriber = bus.subscriber().clone();
            let options = SubscriberOptions {
                subscription: bus.subscription_path(&topics.results_subscription),
                streams: 1,
                max_in_flight: 2000,
            };
            let readers = readers.clone();
            tokio::spawn(async move {
                run_subscriber(&subscriber, options, readers, move |m, h| {
                    let results = results.clone();
                    async move {
                        testkit::keyring()
                            .verify(MessageKind::GrantResult, &m.data, &m.attributes)
                            .expect("chain-svc signs every result");
                        let r = GrantResult::decode(&m.data)
                            .expect("chain-svc publishes valid results");
                        results.lock().unwrap().push(r);
                        h.ack();
                    }
                })
                .await
            });
        }
        {
            let dead_letters = dead_letters.clone();
            let subscriber = bus.subscriber().clone();
            let options = SubscriberOptions {
                subscription: bus.subscription_path(&topics.requests().dead_letter_subscription()),
                streams: 1,
                max_in_flight: 100,
            };
            let readers = readers.clone();
            tokio::spawn(async move {
                run_subscriber(&subscriber, options, readers, move |m, h| {
                    let dead_letters = dead_letters.clone();
                    async move {
                        dead_letters
                            .lock()
                            .unwrap()
                            .push((m.data.to_vec(), m.attributes.clone()));
                        h.ack();
                    }
                })
                .await
            });
        }
        Self {
            devnet,
            node_url,
            operator_keys,
            bus,
            topics,
            requests,
            results,
            dead_letters,
            node,
            committed: Mutex::default(),
            readers,
        }
    }

    /// The dev chain (panics on a real local chain: the test needs the dev chain's controls).
    pub fn devnet(&self) -> &DevnetHandle {
        self.devnet
            .as_ref()
            .expect("this test needs the dev chain (fault injection, state inspection)")
    }

    /// The operator keys, comma-separated.
    pub fn signer_keys(&self) -> String {
        self.operator_keys.join(",")
    }

    /// A client of this harness's chain, its first operator and a `jobs::submit_job` payload of
    /// `grants` grants to fresh recipients.
    fn job(
        &self,
        grants: usize,
    ) -> (
        aptos_sdk::Aptos,
        aptos_sdk::account::Ed25519Account,
        aptos_sdk::transaction::TransactionPayload,
    ) {
        let aptos =
            aptos_sdk::Aptos::new(aptos_sdk::AptosConfig::custom(&self.node_url).unwrap()).unwrap();
        let account =
            aptos_sdk::account::Ed25519Account::from_private_key_hex(&self.operator_keys[0])
                .unwrap();
        let job_grants: Vec<_> = requests(grants, 1)
            .iter()
            .map(|r| chain_svc::payload::JobGrant {
                grant_id: r.request_id,
                recipient: aptos_sdk::AccountAddress::new(r.wallet_address.to_bytes()),
                amount: r.token_amount,
            })
            .collect();
        let payload =
            chain_svc::payload::submit_job(self.node.jobs_address(), 1, &job_grants).unwrap();
        (aptos, account, payload)
    }

    /// A `jobs::submit_job` of `grants` grants to fresh recipients, simulated on this chain
    /// (`POST /v1/transactions/simulate`, as an operator would measure it) at the node's gas
    /// price estimate; it must succeed.
    pub async fn simulate_job(&self, grants: usize) -> aptos_sdk::transaction::SimulationResult {
        let (aptos, account, payload) = self.job(grants);
        let simulated = aptos.simulate(&account, payload).await.unwrap();
        assert!(simulated.success(), "{}", simulated.vm_status());
        simulated
    }

    /// Gas units of [`Harness::simulate_job`].
    pub async fn simulated_job_gas(&self, grants: usize) -> u64 {
        self.simulate_job(grants).await.gas_used()
    }

    /// Pays a job of `grants` grants to fresh recipients straight through the node, signed by the
    /// first operator (no chain-svc), and waits for it to commit.
    pub async fn pay_job(&self, grants: usize) {
        let (aptos, account, payload) = self.job(grants);
        let committed = aptos
            .sign_submit_and_wait(&account, payload, Some(Duration::from_secs(30)))
            .await
            .unwrap();
        assert_eq!(
            committed.data["success"], true,
            "{}",
            committed.data["vm_status"]
        );
    }

    /// chain-svc's environment for this harness (for the child-process tests), with `extra`.
    pub fn env(&self, extra: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = [
            ("PORT", "0".to_string()),
            ("NODE_URL", self.node_url.clone()),
            ("JOBS_ADDRESS", self.node.jobs_address().to_long_string()),
            ("SIGNER_KEYS", self.signer_keys()),
            ("GCP_PROJECT_ID", "test-project".to_string()),
            (
                "PUBSUB_EMULATOR_HOST",
                testkit::pubsub_emulator_host().to_string(),
            ),
            ("REQUESTS_TOPIC", self.topics.requests_topic.clone()),
            (
                "REQUESTS_SUBSCRIPTION",
                self.topics.requests_subscription.clone(),
            ),
            (
                "REQUESTS_DEAD_LETTER_TOPIC",
                self.topics.requests_dead_letter_topic.clone(),
            ),
            ("RESULTS_TOPIC", self.topics.results_topic.clone()),
            (
                "RESULTS_SUBSCRIPTION",
                self.topics.results_subscription.clone(),
            ),
            (
                "RESULTS_DEAD_LETTER_TOPIC",
                self.topics.results_dead_letter_topic.clone(),
            ),
            (
                "ACK_DEADLINE_SECS",
                self.topics.ack_deadline_secs.to_string(),
            ),
            ("TX_EXPIRATION_SECS", "5".to_string()),
            ("NODE_POLL_MS", "50".to_string()),
            ("PUBSUB_STREAMS", "2".to_string()),
            ("LOG_FORMAT", "pretty".to_string()),
            (
                "MESSAGE_SIGNING_KEYS_FILE",
                testkit::signing_config()
                    .message_signing_keys_file
                    .expect("the test keyring has a file")
                    .display()
                    .to_string(),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        for (k, v) in extra {
            env.retain(|(key, _)| key != k);
            env.push((k.to_string(), v.to_string()));
        }
        env
    }

    /// chain-svc's configuration for an in-process run.
    pub fn config(&self, extra: &[(&str, &str)]) -> Config {
        Config::from_settings(self.env(extra)).expect("test configuration parses")
    }

    /// Starts chain-svc in this process: [`Application::build`], then its `run` on a task.
    pub async fn start_service(&self, extra: &[(&str, &str)]) -> Service {
        let app = Application::build(self.config(extra))
            .await
            .expect("chain-svc starts");
        let shutdown = Shutdown::new();
        Service {
            http_addr: app.local_addr(),
            stats: app.stats(),
            shutdown: shutdown.clone(),
            task: tokio::spawn(app.run(shutdown)),
        }
    }

    /// Starts chain-svc after another one stopped, on a new subscription of its own to the
    /// requests topic, for a test that publishes what this one must see after starting it. Not
    /// on the harness's subscription: the Pub/Sub emulator keeps dispatching to the streams of
    /// a subscriber that stopped (its connection closed) and redelivers from them late or not at
    /// all (measured: 8 messages published after a restart on the same subscription, none
    /// delivered in 40 s, in 3 of 12 restarts). Google's service redelivers them after the ack
    /// deadline; a test that needs redelivery across a restart cannot rely on the emulator for
    /// it.
    pub async fn start_next_service(&self, extra: &[(&str, &str)]) -> Service {
        let subscription = testkit::unique_id(&self.topics.requests_subscription);
        let mut settings = vec![("REQUESTS_SUBSCRIPTION", subscription.as_str())];
        settings.extend_from_slice(extra);
        self.start_service(&settings).await
    }

    /// Publishes requests (raw JSON bytes allowed through `publish_raw`).
    pub async fn publish(&self, requests: &[GrantRequest]) {
        let outcomes = self
            .requests
            .publish_all(
                requests
                    .iter()
                    .map(|r| {
                        let data = r.encode();
                        let attrs = signed_as_request(
                            &data,
                            HashMap::from([
                                ("event_type".to_string(), r.event_type.clone()),
                                ("request_id".to_string(), r.request_id.to_string()),
                            ]),
                        );
                        (data, attrs)
                    })
                    .collect(),
            )
            .await;
        assert!(outcomes.iter().all(Result::is_ok), "publishing requests");
    }

    /// Publishes arbitrary bytes on the requests topic, signed (so they reach decoding).
    pub async fn publish_raw(&self, data: &[u8]) {
        self.publish_with(data, signed_as_request(data, HashMap::new()))
            .await;
    }

    /// Publishes `data` with exactly `attributes` (signed or not) on the requests topic.
    pub async fn publish_with(&self, data: &[u8], attributes: HashMap<String, String>) {
        self.requests
            .publish(data.to_vec(), attributes)
            .await
            .unwrap();
    }

    /// Results for `id` so far.
    pub fn results_for(&self, id: &Uuid) -> Vec<GrantResult> {
        self.results
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.request_id == *id)
            .cloned()
            .collect()
    }

    /// Waits until every id has at least one result.
    pub async fn wait_for_results(&self, ids: &[Uuid], deadline: Duration) {
        wait_until(
            &format!("results for {} grants", ids.len()),
            deadline,
            || {
                let seen: std::collections::HashSet<Uuid> = self
                    .results
                    .lock()
                    .unwrap()
                    .iter()
                    .map(|r| r.request_id)
                    .collect();
                ids.iter().all(|id| seen.contains(id))
            },
        )
        .await;
    }

    /// The transaction that paid `id`, as the node reports it: the contract's record (operator
    /// and sequence number) resolved through the account's transactions. `None` when unpaid.
    pub async fn payment_of(&self, id: &Uuid) -> Option<Payment> {
        let record = self.node.paid_grant(id).await.unwrap()?;
        let payment =
            self.node.payment(&record).await.unwrap_or_else(|e| {
                panic!("the payment of {id} ({record:?}) does not resolve: {e}")
            });
        assert!(
            payment.paid(&chain_svc::payload::grant_id_hex(id)),
            "{payment:?} has no GrantPaid for {id}"
        );
        Some(payment)
    }

    /// The committed transaction `hash` (fetched once per harness).
    async fn committed(&self, hash: &str) -> Arc<CommittedTransaction> {
        if let Some(tx) = self.committed.lock().unwrap().get(hash) {
            return tx.clone();
        }
        let tx = match self.node.lookup(&hash.parse().unwrap()).await.unwrap() {
            Lookup::Committed(tx) => Arc::new(*tx),
            other => panic!("transaction {hash} is not committed: {other:?}"),
        };
        self.committed
            .lock()
            .unwrap()
            .insert(hash.to_string(), tx.clone());
        tx
    }

    /// Checks on the chain that `id` was paid exactly by the transaction `hash`: the contract's
    /// record of the payment names that transaction's sender and sequence number, and the
    /// transaction succeeded with a `GrantPaid` event for `id` in the record's job. Returns that
    /// transaction's grant count.
    pub async fn assert_paid_by(&self, id: &Uuid, hash: &str) -> usize {
        let record = self
            .node
            .paid_grant(id)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("grant {id} is not paid on the chain"));
        let tx = self.committed(hash).await;
        assert_eq!(
            (tx.sender, tx.sequence_number),
            (Some(record.operator), Some(record.sequence_number)),
            "grant {id} was paid by another transaction than {hash} ({record:?})"
        );
        assert!(tx.success, "{}", tx.vm_status);
        let hex_id = chain_svc::payload::grant_id_hex(id);
        let paid_events: Vec<&Value> = tx
            .events
            .iter()
            .filter(|e| {
                e["type"]
                    .as_str()
                    .is_some_and(|t| t.ends_with("::jobs::GrantPaid"))
            })
            .collect();
        let in_job = |e: &Value| match &e["data"]["job_id"] {
            Value::String(s) => s.parse::<u64>().ok() == Some(record.job_id),
            other => other.as_u64() == Some(record.job_id),
        };
        assert!(
            paid_events
                .iter()
                .any(|e| e["data"]["grant_id"] == hex_id && in_job(e)),
            "no GrantPaid for {id} in job {} of {hash}",
            record.job_id
        );
        paid_events.len()
    }

    /// Checks that each of `grants` got exactly one result, `Paid`, by a transaction that paid
    /// it on the chain ([`Harness::assert_paid_by`]); returns those results, in `grants`' order,
    /// with the paying transactions and the largest one's grant count.
    pub async fn assert_each_paid_once(&self, grants: &[GrantRequest]) -> PaidOnce {
        let mut paid = PaidOnce::default();
        for g in grants {
            let mut results = self.results_for(&g.request_id);
            assert_eq!(results.len(), 1, "one result per grant: {results:?}");
            let r = results.remove(0);
            assert_eq!(r.outcome, Outcome::Paid, "{r:?}");
            let hash = r.transaction_hash.clone().unwrap();
            let batch = self.assert_paid_by(&g.request_id, &hash).await;
            paid.largest_batch = paid.largest_batch.max(batch);
            paid.transactions.insert(hash);
            paid.results.push(r);
        }
        paid
    }

    /// Stops the readers.
    pub fn stop_readers(&self) {
        self.readers.trigger();
    }
}

/// What [`Harness::assert_each_paid_once`] found.
#[derive(Debug, Default)]
pub struct PaidOnce {
    /// Each grant's one result, in the grants' order.
    pub results: Vec<GrantResult>,
    /// The hashes of the transactions that paid them.
    pub transactions: HashSet<String>,
    /// The most grants one of those transactions paid.
    pub largest_batch: usize,
}

/// chain-svc running in this process (see [`Harness::start_service`]).
pub struct Service {
    /// The HTTP address it bound.
    pub http_addr: SocketAddr,
    /// Its counters (the same `/stats` shows).
    pub stats: Arc<Stats>,
    /// Fires its graceful shutdown.
    pub shutdown: Shutdown,
    task: JoinHandle<()>,
}

impl Service {
    /// Waits until the service has shut down (after [`Service::shutdown`] fired).
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        self.readers.trigger();
    }
}

/// `attributes` plus campaign-svc's signature of `data` as a request (the test keyring).
pub fn signed_as_request(
    data: &[u8],
    mut attributes: HashMap<String, String>,
) -> HashMap<String, String> {
    testkit::keyring().sign(MessageKind::GrantRequest, data, &mut attributes);
    attributes
}

/// A valid request paying `amount` to a fresh wallet.
pub fn request(amount: u64) -> GrantRequest {
    let wallet = format!("0x{}", Uuid::new_v4().simple());
    GrantRequest {
        event_type: EVENT_GRANT_REQUESTED.into(),
        request_id: Uuid::new_v4(),
        user_id: format!("user-{}", &Uuid::new_v4().simple().to_string()[..8]),
        campaign_id: "test-campaign".into(),
        wallet_address: WalletAddress::parse(&wallet).unwrap(),
        token_amount: amount,
        token_type: "GRANT".into(),
        timestamp: Utc::now(),
        retry_count: 0,
    }
}

/// `n` requests.
pub fn requests(n: usize, amount: u64) -> Vec<GrantRequest> {
    (0..n).map(|_| request(amount)).collect()
}
