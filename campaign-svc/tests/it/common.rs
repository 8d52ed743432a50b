//! Starting the real service on a random port against a fresh database.

use campaign_svc::config::Config;
use campaign_svc::demo::USERS_TABLE;
use campaign_svc::startup::Application;
use shared::pubsub::{PubSub, TopicNames};
use shared::shutdown::Shutdown;
use shared::testkit;
use sqlx::PgPool;

pub struct TestApp {
    pub base: String,
    pub db: PgPool,
    pub config: Config,
    pub bus: PubSub,
    pub http: reqwest::Client,
    shutdown: Shutdown,
    handle: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Publishes `results` on the results topic as chain-svc does (signed with the test keyring,
    /// `request_id` as an attribute), one after another, each accepted by the bus.
    pub async fn publish_results(&self, results: &[shared::grant::GrantResult]) {
        let publisher = self
            .bus
            .publisher(
                &self.config.topics.results_topic,
                std::time::Duration::from_secs(10),
            )
            .await
            .unwrap();
        for r in results {
            let data = r.encode();
            let attributes = signed_as_result(
                &data,
                std::collections::HashMap::from([(
                    "request_id".to_string(),
                    r.request_id.to_string(),
                )]),
            );
            publisher.publish(data, attributes).await.unwrap();
        }
    }

    pub async fn add_user(&self, user_id: &str, wallet: Option<&str>, balance: i64) {
        sqlx::query(
            "INSERT INTO users (user_id, wallet_address, balance) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET wallet_address = $2, balance = $3",
        )
        .bind(user_id)
        .bind(wallet)
        .bind(balance)
        .execute(&self.db)
        .await
        .unwrap();
    }

    /// `POST /token-request` (no key needed by the test app): the new grant's id.
    pub async fn post_grant(&self, user: &str, campaign: &str) -> uuid::Uuid {
        let res = self
            .http
            .post(self.url(&format!(
                "/token-request?user_id={user}&campaign_id={campaign}"
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            reqwest::StatusCode::ACCEPTED,
            "{user} {campaign}"
        );
        let body: serde_json::Value = res.json().await.unwrap();
        body["request_id"].as_str().unwrap().parse().unwrap()
    }

    /// `GET path` (no key needed by the test app): the JSON body, whatever the status.
    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        json_body(self.http.get(self.url(path))).await
    }

    /// `POST /admin/ledger-runs`: the run's outcome as the API returns it.
    pub async fn run_ledger(&self) -> serde_json::Value {
        json_body(self.http.post(self.url("/admin/ledger-runs"))).await
    }

    /// What the ledger has credited `user` so far.
    pub async fn credited(&self, user: &str) -> i64 {
        sqlx::query_scalar("SELECT credited FROM user_ledger WHERE user_id = $1")
            .bind(user)
            .fetch_one(&self.db)
            .await
            .unwrap()
    }

    /// The service's Prometheus exposition text.
    pub async fn metrics(&self) -> String {
        self.http
            .get(self.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn stop(mut self) {
        self.shutdown.trigger();
        if let Some(h) = self.handle.take() {
            h.await.unwrap().unwrap();
        }
    }
}

/// Sends `request` and parses the answer's body as JSON.
async fn json_body(request: reqwest::RequestBuilder) -> serde_json::Value {
    request.send().await.unwrap().json().await.unwrap()
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.trigger();
    }
}

pub fn wallet(n: u8) -> String {
    format!("0x{}", hex_byte(n).repeat(32))
}

fn hex_byte(n: u8) -> String {
    format!("{n:02x}")
}

/// `attributes` plus chain-svc's signature of `data` as a result, with the test keyring both
/// services of a test share.
pub fn signed_as_result(
    data: &[u8],
    mut attributes: std::collections::HashMap<String, String>,
) -> std::collections::HashMap<String, String> {
    testkit::keyring().sign(
        shared::signing::MessageKind::GrantResult,
        data,
        &mut attributes,
    );
    attributes
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let database_url = testkit::fresh_database();
    let mut config = Config::for_tests(
        database_url,
        testkit::pubsub_config(),
        TopicNames::unique_for_test("campaign"),
    );
    config.signing = testkit::signing_config();
    adjust(&mut config);
    let app = Application::build(config.clone())
        .await
        .expect("the app starts");
    let base = format!("http://{}", app.local_addr());
    let db = app.db().clone();
    sqlx::query(USERS_TABLE).execute(&db).await.unwrap();
    let bus = PubSub::connect(&config.pubsub, 1).await.unwrap();
    let shutdown = Shutdown::new();
    let handle = tokio::spawn(app.run(shutdown.clone()));
    TestApp {
        base,
        db,
        config,
        bus,
        http: reqwest::Client::new(),
        shutdown,
        handle: Some(handle),
    }
}

pub use shared::testkit::{Collector, eventually};
