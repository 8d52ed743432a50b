//! Google Cloud Pub/Sub plumbing on Google's `google-cloud-pubsub` 1.x crate.
//!
//! * [`PubSubConfig`]: project and, for local work, `PUBSUB_EMULATOR_HOST` (the crate does not read
//!   it itself; without it the clients use default credentials, e.g. Workload Identity on GKE).
//! * [`PubSub::provision`] (in `provision`): idempotent creation of a topic, its subscription with an exponential
//!   retry policy and a dead-letter policy, and the dead-letter topic with its own subscription so
//!   nothing dead-lettered is lost.
//! * [`BusPublisher`] (in `publisher`): a publisher that checks sizes before publishing and bounds every publish with a
//!   timeout (an oversized message makes the crate's publish future hang against the emulator).
//! * [`run_subscriber`] (in `subscriber`): several streaming-pull connections feeding one handler with a bound on
//!   in-flight messages, drained on shutdown.

pub use provision::Pipe;
pub use publisher::BusPublisher;
pub use subscriber::{SubscriberOptions, run_subscriber, run_subscriber_with_lease};

use crate::grant::MAX_MESSAGE_BYTES;
use google_cloud_pubsub::client::{Subscriber, SubscriptionAdmin, TopicAdmin};
use std::time::Duration;

/// Where the bus is: a GCP project, optionally on the local emulator.
#[derive(Debug, Clone, clap::Args)]
pub struct PubSubConfig {
    /// GCP project that owns the topics and subscriptions.
    #[arg(long, env = "GCP_PROJECT_ID", default_value = "test-project")]
    pub gcp_project_id: String,
    /// `host:port` of the Pub/Sub emulator. Unset in production: the clients then use Google's
    /// default credentials (Workload Identity on GKE).
    #[arg(long, env = "PUBSUB_EMULATOR_HOST")]
    pub pubsub_emulator_host: Option<String>,
}

/// The names of the two pipes, the same on both services (seed 001's defaults).
#[derive(Debug, Clone, clap::Args)]
pub struct TopicNames {
    /// Topic campaign-svc publishes grant requests to.
    #[arg(long, env = "REQUESTS_TOPIC", default_value = "token-grant-requests")]
    pub requests_topic: String,
    /// chain-svc's subscription on the requests topic.
    #[arg(
        long,
        env = "REQUESTS_SUBSCRIPTION",
        default_value = "token-grant-requests-sub"
    )]
    pub requests_subscription: String,
    /// Dead-letter topic for requests chain-svc cannot use.
    #[arg(
        long,
        env = "REQUESTS_DEAD_LETTER_TOPIC",
        default_value = "token-grant-requests-dlq"
    )]
    pub requests_dead_letter_topic: String,
    /// Topic chain-svc publishes grant results to.
    #[arg(long, env = "RESULTS_TOPIC", default_value = "token-grant-results")]
    pub results_topic: String,
    /// campaign-svc's subscription on the results topic.
    #[arg(
        long,
        env = "RESULTS_SUBSCRIPTION",
        default_value = "token-grant-results-sub"
    )]
    pub results_subscription: String,
    /// Dead-letter topic for results campaign-svc cannot use.
    #[arg(
        long,
        env = "RESULTS_DEAD_LETTER_TOPIC",
        default_value = "token-grant-results-dlq"
    )]
    pub results_dead_letter_topic: String,
    /// Topic campaign-svc publishes notification events to (`grant.completed`, `grant.failed`,
    /// ...), for game backends; campaign-svc creates it at start-up, subscribers bring their own
    /// subscriptions.
    #[arg(
        long,
        env = "NOTIFICATIONS_TOPIC",
        default_value = "token-grant-notifications"
    )]
    pub notifications_topic: String,
    /// Ack deadline of both subscriptions, in seconds (leases are extended while work runs; a
    /// crashed consumer's messages are redelivered after this).
    #[arg(long, env = "ACK_DEADLINE_SECS", default_value_t = 30)]
    pub ack_deadline_secs: u64,
}

impl TopicNames {
    /// The requests pipe (topic, subscription, dead-letter topic).
    pub fn requests(&self) -> Pipe {
        let mut p = Pipe::named(
            &self.requests_topic,
            &self.requests_subscription,
            &self.requests_dead_letter_topic,
        );
        p.ack_deadline = Duration::from_secs(self.ack_deadline_secs);
        p
    }

    /// The results pipe.
    pub fn results(&self) -> Pipe {
        let mut p = Pipe::named(
            &self.results_topic,
            &self.results_subscription,
            &self.results_dead_letter_topic,
        );
        p.ack_deadline = Duration::from_secs(self.ack_deadline_secs);
        p
    }

    /// Unique names for one test (`<prefix>-<random>-requests`, ...), 10 s ack deadline.
    pub fn unique_for_test(prefix: &str) -> Self {
        let base = format!(
            "{prefix}-{}",
            &uuid::Uuid::new_v4().simple().to_string()[..12]
        );
        Self {
            requests_topic: format!("{base}-requests"),
            requests_subscription: format!("{base}-requests-sub"),
            requests_dead_letter_topic: format!("{base}-requests-dlq"),
            results_topic: format!("{base}-results"),
            results_subscription: format!("{base}-results-sub"),
            results_dead_letter_topic: format!("{base}-results-dlq"),
            notifications_topic: format!("{base}-notifications"),
            ack_deadline_secs: 10,
        }
    }
}

/// Failures talking to Pub/Sub.
#[derive(Debug, thiserror::Error)]
pub enum BusError {
    /// A client could not be built (bad endpoint, no credentials).
    #[error("cannot build the Pub/Sub client: {0}")]
    Client(String),
    /// An admin or publish call failed.
    #[error("Pub/Sub call {call} failed: {source}")]
    Call {
        /// What was being done.
        call: &'static str,
        /// The crate's error.
        #[source]
        source: google_cloud_pubsub::Error,
    },
    /// A publish failed.
    #[error("publish to {topic} failed: {source}")]
    Publish {
        /// The topic.
        topic: String,
        /// The crate's error.
        #[source]
        source: google_cloud_pubsub::error::PublishError,
    },
    /// A publish did not complete in time.
    #[error("publish to {topic} timed out after {timeout:?}")]
    Timeout {
        /// The topic.
        topic: String,
        /// The configured bound.
        timeout: Duration,
    },
    /// The message is larger than the bus accepts from us.
    #[error("message of {0} bytes exceeds the limit of {MAX_MESSAGE_BYTES}")]
    TooLarge(usize),
}

impl BusError {
    fn call(call: &'static str) -> impl FnOnce(google_cloud_pubsub::Error) -> BusError {
        move |source| BusError::Call { call, source }
    }
}

/// A topic with its subscription and its dead-letter topic and subscription.

#[derive(Clone)]
pub struct PubSub {
    project: String,
    endpoint: Option<String>,
    topics: TopicAdmin,
    subscriptions: SubscriptionAdmin,
    subscriber: Subscriber,
}

impl std::fmt::Debug for PubSub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PubSub")
            .field("project", &self.project)
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

macro_rules! configure {
    ($builder:expr, $endpoint:expr) => {{
        let b = $builder;
        match $endpoint {
            Some(ep) => b.with_endpoint(ep.clone()).with_credentials(
                google_cloud_auth::credentials::anonymous::Builder::new().build(),
            ),
            None => b,
        }
    }};
}

// Declared after `configure!` so the submodules can use it.
mod provision;
mod publisher;
mod subscriber;

impl PubSub {
    /// Builds the clients; `streams` sizes the subscriber's connection pool.
    pub async fn connect(config: &PubSubConfig, streams: usize) -> Result<Self, BusError> {
        crate::telemetry::install_crypto_provider();
        let endpoint = config
            .pubsub_emulator_host
            .as_ref()
            .filter(|h| !h.is_empty())
            .map(|h| {
                if h.starts_with("http://") || h.starts_with("https://") {
                    h.clone()
                } else {
                    format!("http://{h}")
                }
            });
        let topics = configure!(TopicAdmin::builder(), &endpoint)
            .build()
            .await
            .map_err(|e| BusError::Client(e.to_string()))?;
        let subscriptions = configure!(SubscriptionAdmin::builder(), &endpoint)
            .build()
            .await
            .map_err(|e| BusError::Client(e.to_string()))?;
        let subscriber = configure!(Subscriber::builder(), &endpoint)
            .with_grpc_subchannel_count(streams.max(1))
            .build()
            .await
            .map_err(|e| BusError::Client(e.to_string()))?;
        Ok(Self {
            project: config.gcp_project_id.clone(),
            endpoint,
            topics,
            subscriptions,
            subscriber,
        })
    }

    /// `projects/<project>/topics/<id>`.
    pub fn topic_path(&self, id: &str) -> String {
        format!("projects/{}/topics/{id}", self.project)
    }

    /// `projects/<project>/subscriptions/<id>`.
    pub fn subscription_path(&self, id: &str) -> String {
        format!("projects/{}/subscriptions/{id}", self.project)
    }

    /// The shared subscriber client.
    pub fn subscriber(&self) -> &Subscriber {
        &self.subscriber
    }
}
