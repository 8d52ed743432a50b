//! Publishing: a publisher bound to one topic that checks sizes before publishing and bounds
//! every publish with a timeout (an oversized message makes the crate's publish future hang
//! against the emulator).

use super::{BusError, PubSub};
use crate::grant::MAX_MESSAGE_BYTES;
use google_cloud_pubsub::client::Publisher;
use google_cloud_pubsub::model::Message;
use std::collections::HashMap;
use std::time::Duration;

impl PubSub {
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
}

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
