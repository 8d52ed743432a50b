//! The whole system in one process for end-to-end tests: a chain ([`chain`]: the dev chain or
//! Movement's real local chain), campaign-svc on a fresh database and chain-svc, wired through the
//! real Pub/Sub emulator with topics of their own. The services are the same library code their
//! binaries run; only the processes are shared.

pub mod chain;

pub use chain::{ChainKind, TestChain};

use campaign_svc::config::Config as CampaignConfig;
use campaign_svc::startup::Application;
use shared::pubsub::TopicNames;
use shared::shutdown::Shutdown;
use shared::testkit;
use sqlx::PgPool;

/// A running system.
pub struct System {
    /// The chain grants are paid on.
    pub node: TestChain,
    /// campaign-svc's base URL.
    pub campaign: String,
    /// chain-svc's base URL.
    pub chain: String,
    /// The ledger database.
    pub db: PgPool,
    /// An HTTP client.
    pub http: reqwest::Client,
    campaign_shutdown: Shutdown,
    chain_svc_shutdown: Shutdown,
    chain_svc: Option<tokio::task::JoinHandle<()>>,
}

impl System {
    /// Starts (or joins) the chain, then campaign-svc and chain-svc; `tune` adjusts campaign-svc.
    pub async fn start(kind: ChainKind, tune: impl FnOnce(&mut CampaignConfig)) -> Self {
        shared::telemetry::install_crypto_provider();
        if std::env::var("RUST_LOG").is_ok() {
            shared::telemetry::init_tracing(shared::telemetry::LogFormat::Pretty);
        }
        let node = TestChain::start(kind, 1).await;
        let topics = TopicNames::unique_for_test("e2e");
        let mut config = CampaignConfig::for_tests(
            testkit::fresh_database(),
            testkit::pubsub_config(),
            topics.clone(),
        );
        // Both services share one key file, as they share a Secret in a deployment.
        let signing = testkit::signing_config();
        config.signing = signing.clone();
        // chain-svc starts second: campaign-svc is told its address up front.
        let chain_port = testkit::free_port();
        config.chain_svc_url = Some(format!("http://127.0.0.1:{chain_port}"));
        tune(&mut config);
        let app = Application::build(config)
            .await
            .expect("campaign-svc starts");
        let campaign = format!("http://{}", app.local_addr());
        let db = app.db().clone();
        sqlx::query(campaign_svc::demo::USERS_TABLE)
            .execute(&db)
            .await
            .unwrap();
        let campaign_shutdown = Shutdown::new();
        tokio::spawn(app.run(campaign_shutdown.clone()));

        let env: Vec<(&str, String)> = vec![
            ("PORT", chain_port.to_string()),
            ("NODE_URL", node.url()),
            ("JOBS_ADDRESS", node.jobs_address()),
            ("SIGNER_KEYS", node.operator_keys().join(",")),
            ("GCP_PROJECT_ID", "test-project".into()),
            (
                "PUBSUB_EMULATOR_HOST",
                testkit::pubsub_emulator_host().into(),
            ),
            ("REQUESTS_TOPIC", topics.requests_topic.clone()),
            (
                "REQUESTS_SUBSCRIPTION",
                topics.requests_subscription.clone(),
            ),
            (
                "REQUESTS_DEAD_LETTER_TOPIC",
                topics.requests_dead_letter_topic.clone(),
            ),
            ("RESULTS_TOPIC", topics.results_topic.clone()),
            ("RESULTS_SUBSCRIPTION", topics.results_subscription.clone()),
            (
                "RESULTS_DEAD_LETTER_TOPIC",
                topics.results_dead_letter_topic.clone(),
            ),
            ("ACK_DEADLINE_SECS", topics.ack_deadline_secs.to_string()),
            ("BATCH_MAX_WAIT_MS", "100".into()),
            ("LOG_FORMAT", "pretty".into()),
            (
                "MESSAGE_SIGNING_KEYS_FILE",
                signing
                    .message_signing_keys_file
                    .expect("the test keyring has a file")
                    .display()
                    .to_string(),
            ),
        ];
        let chain_config =
            chain_svc::config::Config::from_settings(env).expect("chain-svc configuration");
        let chain_app = chain_svc::startup::Application::build(chain_config)
            .await
            .expect("chain-svc starts");
        let chain = format!("http://{}", chain_app.local_addr());
        let chain_svc_shutdown = Shutdown::new();
        let chain_svc = tokio::spawn(chain_app.run(chain_svc_shutdown.clone()));
        Self {
            node,
            campaign,
            chain,
            db,
            http: reqwest::Client::new(),
            campaign_shutdown,
            chain_svc_shutdown,
            chain_svc: Some(chain_svc),
        }
    }

    /// A campaign-svc URL.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.campaign)
    }

    /// Stops both services, then the dev chain (the shared local chain stays up).
    pub async fn stop(mut self) {
        self.campaign_shutdown.trigger();
        if let Some(chain_svc) = self.chain_svc.take() {
            self.chain_svc_shutdown.trigger();
            let _ = chain_svc.await;
        }
        self.node.stop().await;
    }
}
