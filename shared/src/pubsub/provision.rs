//! Provisioning: idempotent creation of a pipe's topic, its subscription (exponential retry
//! policy, dead-letter policy) and the dead-letter topic with its own subscription, so nothing
//! dead-lettered is lost; and the readiness probe.

use super::{BusError, PubSub};
use google_cloud_gax::error::rpc::Code;
use google_cloud_pubsub::model::{DeadLetterPolicy, RetryPolicy};
use std::time::Duration;

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

impl PubSub {
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
}

fn is_code(e: &google_cloud_pubsub::Error, code: Code) -> bool {
    e.status().is_some_and(|s| s.code == code)
        || e.http_status_code() == Some(409) && code == Code::AlreadyExists
}

fn wkt_duration(d: Duration) -> google_cloud_wkt::Duration {
    google_cloud_wkt::Duration::clamp(d.as_secs() as i64, d.subsec_nanos() as i32)
}
