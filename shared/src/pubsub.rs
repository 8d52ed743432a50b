//! Google Cloud Pub/Sub plumbing on Google's `google-cloud-pubsub` 1.x crate.
//!
//! * [`PubSubConfig`]: project and, for local work, `PUBSUB_EMULATOR_HOST` (the crate does not read
//!   it itself; without it the clients use default credentials, e.g. Workload Identity on GKE).
//! * [`PubSub::provision`]: idempotent creation of a topic, its subscription with an exponential
//!   retry policy and a dead-letter policy, and the dead-letter topic with its own subscription so
//!   nothing dead-lettered is lost.
//! * [`BusPublisher`]: a publisher that checks sizes before publishing and bounds every publish with a
//!   timeout (an oversized message makes the crate's publish future hang against the emulator).
//! * [`run_subscriber`]: several streaming-pull connections feeding one handler with a bound on
//!   in-flight messages, drained on shutdown.

use crate::grant::MAX_MESSAGE_BYTES;
use crate::shutdown::Shutdown;
use google_cloud_gax::error::rpc::Code;
use google_cloud_pubsub::client::{Publisher, Subscriber, SubscriptionAdmin, TopicAdmin};
use google_cloud_pubsub::model::{DeadLetterPolicy, Message, RetryPolicy};
use google_cloud_pubsub::subscriber::handler::Handler;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

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
#[derive(Debug, Clone)]
pub struct Pipe {
    /// Topic id, e.g. `token-grant-requests`.
    pub topic: String,
    /// Subscription id, e.g. `token-grant-requests-sub`.
    pub subscription: String,
    /// Dead-letter topic id, e.g. `token-grant-requests-dlq`; its subscription is `<dlq>-sub`.
    pub dead_letter_topic: String,
    /// Deliveries before Pub/Sub dead-letters a message on its own (5..=100).
    pub max_delivery_attempts: i32,
    /// Ack deadline of the subscription (the subscriber extends leases while work runs).
    pub ack_deadline: Duration,
}

impl Pipe {
    /// The conventional names: `<topic>-sub`, `<topic>-dlq`.
    pub fn named(topic: &str, subscription: &str, dead_letter_topic: &str) -> Self {
        Self {
            topic: topic.into(),
            subscription: subscription.into(),
            dead_letter_topic: dead_letter_topic.into(),
            max_delivery_attempts: 5,
            ack_deadline: Duration::from_secs(60),
        }
    }

    /// The id of the subscription that keeps dead-lettered messages.
    pub fn dead_letter_subscription(&self) -> String {
        format!("{}-sub", self.dead_letter_topic)
    }
}

/// Pub/Sub clients for one project.
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

    /// Creates the topic if it does not exist.
    pub async fn ensure_topic(&self, id: &str) -> Result<(), BusError> {
        match self
            .topics
            .create_topic()
            .set_name(self.topic_path(id))
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if is_code(&e, Code::AlreadyExists) => Ok(()),
            Err(e) => Err(BusError::call("create_topic")(e)),
        }
    }

    /// Creates a subscription if it does not exist. An existing subscription is left as it is
    /// (Pub/Sub cannot change some settings later; operators change them deliberately).
    async fn ensure_subscription(
        &self,
        id: &str,
        topic: &str,
        ack_deadline: Duration,
        dead_letter: Option<(&str, i32)>,
    ) -> Result<(), BusError> {
        let retry = RetryPolicy::new()
            .set_minimum_backoff(wkt_duration(Duration::from_secs(1)))
            .set_maximum_backoff(wkt_duration(Duration::from_secs(60)));
        let mut req = self
            .subscriptions
            .create_subscription()
            .set_name(self.subscription_path(id))
            .set_topic(self.topic_path(topic))
            .set_ack_deadline_seconds(ack_deadline.as_secs().clamp(10, 600) as i32)
            .set_retry_policy(retry);
        if let Some((dlq, attempts)) = dead_letter {
            req = req.set_dead_letter_policy(
                DeadLetterPolicy::new()
                    .set_dead_letter_topic(self.topic_path(dlq))
                    .set_max_delivery_attempts(attempts.clamp(5, 100)),
            );
        }
        match req.send().await {
            Ok(_) => Ok(()),
            Err(e) if is_code(&e, Code::AlreadyExists) => Ok(()),
            Err(e) => Err(BusError::call("create_subscription")(e)),
        }
    }

    /// Creates the topic, the dead-letter topic and its subscription, and the subscription with
    /// retry and dead-letter policies. Safe to call from every replica at every start.
    pub async fn provision(&self, pipe: &Pipe) -> Result<(), BusError> {
        self.ensure_topic(&pipe.topic).await?;
        self.ensure_topic(&pipe.dead_letter_topic).await?;
        self.ensure_subscription(
            &pipe.dead_letter_subscription(),
            &pipe.dead_letter_topic,
            Duration::from_secs(60),
            None,
        )
        .await?;
        self.ensure_subscription(
            &pipe.subscription,
            &pipe.topic,
            pipe.ack_deadline,
            Some((&pipe.dead_letter_topic, pipe.max_delivery_attempts)),
        )
        .await
    }

    /// Creates only a topic (for a topic this service publishes to but does not consume).
    pub async fn provision_topic(&self, id: &str) -> Result<(), BusError> {
        self.ensure_topic(id).await
    }

    /// A cheap reachability probe for readiness checks, bounded by `timeout` (the crate retries
    /// for about a minute on its own when the server is down).
    pub async fn probe(&self, topic: &str, timeout: Duration) -> Result<(), BusError> {
        let call = self
            .topics
            .get_topic()
            .set_topic(self.topic_path(topic))
            .send();
        match tokio::time::timeout(timeout, call).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(BusError::call("get_topic")(e)),
            Err(_) => Err(BusError::Timeout {
                topic: topic.into(),
                timeout,
            }),
        }
    }

    /// A publisher for a topic with the given publish timeout.
    pub async fn publisher(
        &self,
        topic: &str,
        timeout: Duration,
    ) -> Result<BusPublisher, BusError> {
        let publisher = configure!(Publisher::builder(self.topic_path(topic)), &self.endpoint)
            .set_message_count_threshold(1000u32)
            .set_delay_threshold(Duration::from_millis(5))
            .build()
            .await
            .map_err(|e| BusError::Client(e.to_string()))?;
        Ok(BusPublisher {
            topic: topic.into(),
            publisher,
            timeout,
        })
    }

    /// The shared subscriber client.
    pub fn subscriber(&self) -> &Subscriber {
        &self.subscriber
    }
}

fn is_code(e: &google_cloud_pubsub::Error, code: Code) -> bool {
    e.status().is_some_and(|s| s.code == code)
        || e.http_status_code() == Some(409) && code == Code::AlreadyExists
}

fn wkt_duration(d: Duration) -> google_cloud_wkt::Duration {
    google_cloud_wkt::Duration::clamp(d.as_secs() as i64, d.subsec_nanos() as i32)
}

/// A publisher bound to one topic, with a size check and a timeout on every publish.
#[derive(Clone)]
pub struct BusPublisher {
    topic: String,
    publisher: Publisher,
    timeout: Duration,
}

impl std::fmt::Debug for BusPublisher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BusPublisher")
            .field("topic", &self.topic)
            .finish()
    }
}

impl BusPublisher {
    /// The topic id.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// Publishes one message and waits for the server's message id.
    pub async fn publish(
        &self,
        data: Vec<u8>,
        attributes: HashMap<String, String>,
    ) -> Result<String, BusError> {
        if data.len() > MAX_MESSAGE_BYTES {
            return Err(BusError::TooLarge(data.len()));
        }
        let fut = self
            .publisher
            .publish(Message::new().set_data(data).set_attributes(attributes));
        match tokio::time::timeout(self.timeout, fut).await {
            Ok(Ok(id)) => Ok(id),
            Ok(Err(e)) => Err(BusError::Publish {
                topic: self.topic.clone(),
                source: e,
            }),
            Err(_) => Err(BusError::Timeout {
                topic: self.topic.clone(),
                timeout: self.timeout,
            }),
        }
    }

    /// Publishes many messages concurrently (the client batches them) and returns one result
    /// per message, in order.
    pub async fn publish_all(
        &self,
        messages: Vec<(Vec<u8>, HashMap<String, String>)>,
    ) -> Vec<Result<String, BusError>> {
        futures::future::join_all(
            messages
                .into_iter()
                .map(|(data, attributes)| self.publish(data, attributes)),
        )
        .await
    }

    /// Sends everything still buffered.
    pub async fn flush(&self) {
        self.publisher.flush().await;
    }
}

/// How a subscriber runs.
#[derive(Debug, Clone)]
pub struct SubscriberOptions {
    /// Full subscription path.
    pub subscription: String,
    /// Streaming-pull connections (the emulator serves ~2k msgs/s per connection).
    pub streams: usize,
    /// Messages being handled at once across all streams.
    pub max_in_flight: usize,
}

/// Runs `handler` for every message on `streams` streaming-pull connections until `shutdown`
/// fires, with at most `max_in_flight` handlers running. The handler owns the ack decision: it
/// must ack only after the message's effect is durable. On shutdown the streams stop pulling,
/// running handlers finish, and pending acks are flushed.
pub async fn run_subscriber<F, Fut>(
    subscriber: &Subscriber,
    options: SubscriberOptions,
    shutdown: Shutdown,
    handler: F,
) where
    F: Fn(Message, Handler) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    run_subscriber_with_lease(subscriber, options, None, shutdown, handler).await
}

/// [`run_subscriber`] with the stream's lease extension set: how long the server waits before
/// redelivering a message this client holds if the client stops extending it (e.g. it was
/// killed). The client keeps extending leases while handlers run, so a short value only makes a
/// crashed consumer's messages come back sooner. `None` keeps the crate's default (60 s);
/// values are clamped to 10..=600 s.
pub async fn run_subscriber_with_lease<F, Fut>(
    subscriber: &Subscriber,
    options: SubscriberOptions,
    lease_extension: Option<Duration>,
    shutdown: Shutdown,
    handler: F,
) where
    F: Fn(Message, Handler) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let handler = Arc::new(handler);
    let permits = Arc::new(Semaphore::new(options.max_in_flight.max(1)));
    let per_stream = (options.max_in_flight / options.streams.max(1)).max(1) as i64;
    let mut streams = JoinSet::new();
    for index in 0..options.streams.max(1) {
        let handler = handler.clone();
        let permits = permits.clone();
        let shutdown = shutdown.clone();
        let subscriber = subscriber.clone();
        let subscription = options.subscription.clone();
        streams.spawn(async move {
            let mut running = JoinSet::new();
            let mut tokens = Vec::new();
            let mut backoff = Duration::from_millis(100);
            'connect: loop {
                let mut builder = subscriber
                    .subscribe(subscription.clone())
                    .set_max_outstanding_messages(per_stream * 2);
                if let Some(lease) = lease_extension {
                    builder = builder.set_max_lease_extension(lease);
                }
                let mut stream = builder.build();
                tokens.push(stream.shutdown_token());
                loop {
                    let permit = tokio::select! {
                        _ = shutdown.wait() => break 'connect,
                        p = permits.clone().acquire_owned() => p.expect("semaphore never closed"),
                    };
                    let next = tokio::select! {
                        _ = shutdown.wait() => break 'connect,
                        n = stream.next() => n,
                    };
                    while running.try_join_next().is_some() {}
                    let failure = match next {
                        Some(Ok((message, ack))) => {
                            backoff = Duration::from_millis(100);
                            let handler = handler.clone();
                            running.spawn(async move {
                                handler(message, ack).await;
                                drop(permit);
                            });
                            continue;
                        }
                        Some(Err(e)) => e.to_string(),
                        None => "stream ended".to_string(),
                    };
                    tracing::warn!(%subscription, stream = index, error = %failure, "streaming pull failed; reconnecting");
                    metrics::counter!("pubsub_stream_errors_total", "subscription" => subscription.clone()).increment(1);
                    tokio::select! {
                        _ = shutdown.wait() => break 'connect,
                        _ = tokio::time::sleep(backoff) => {}
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(10));
                    continue 'connect;
                }
            }
            // Finish what was handed out, then flush acks and nack anything still leased.
            while running.join_next().await.is_some() {}
            for token in tokens {
                token.shutdown().await;
            }
        });
    }
    while streams.join_next().await.is_some() {}
}
