//! Intake: each request message from the streaming pull is decoded and validated, registered
//! in flight, batched once, and acked only after its grant's result is published.
//!
//! A message that does not decode (bad JSON, unknown `event_type`, invalid field, amount above
//! `MAX_GRANT_AMOUNT`) is published to the requests dead-letter topic with the attributes of
//! [`shared::dead_letter`] (`dead_letter_reason`, `dead_letter_error`) and then acked; if that publish fails it is nacked, and Pub/Sub's own dead-letter policy
//! takes it after five deliveries. It never stops the service.

use crate::batcher::Feed;
use crate::grant::Grant;
use crate::inflight::{Admission, Disposition, InFlight};
use crate::stats::Stats;
use google_cloud_pubsub::model::Message;
use google_cloud_pubsub::subscriber::handler::Handler;
use shared::grant::GrantRequest;
use shared::pubsub::BusPublisher;
use shared::telemetry::{TRACEPARENT, TraceContext};
use std::sync::Arc;
use tokio::sync::mpsc;
use tracing::Instrument;

/// What the intake needs.
#[derive(Debug, Clone)]
pub struct Intake {
    /// Grants in flight and the deliveries waiting on them.
    pub inflight: Arc<InFlight>,
    /// Where new grants go.
    pub feed: mpsc::UnboundedSender<Feed>,
    /// The requests dead-letter topic.
    pub dead_letters: BusPublisher,
    /// Counters.
    pub stats: Arc<Stats>,
    /// `MAX_GRANT_AMOUNT`.
    pub max_grant_amount: u64,
}

impl Intake {
    /// Handles one delivery; returns once the message is acked, nacked or left.
    pub async fn handle(&self, message: Message, handler: Handler) {
        self.stats.received();
        let trace =
            TraceContext::continue_or_root(message.attributes.get(TRACEPARENT).map(String::as_str));
        let span = tracing::info_span!(
            "grant_request",
            request_id = tracing::field::Empty,
            message_id = %message.message_id,
            trace_id = %trace.trace_id,
        );
        async move {
            let request = match GrantRequest::decode(&message.data, self.max_grant_amount) {
                Ok(r) => r,
                Err(e) => return self.dead_letter(message, handler, e).await,
            };
            let id = request.request_id;
            tracing::Span::current().record("request_id", tracing::field::display(id));
            let (admission, settled) = self.inflight.admit(id);
            match admission {
                Admission::New => {
                    tracing::debug!(amount = request.token_amount, wallet = %request.wallet_address, "grant request accepted");
                    if self.feed.send(Feed::New(Grant::new(request, trace))).is_err() {
                        // The batcher is gone (shutting down): nothing will settle it here.
                        self.inflight.finish(&id, Disposition::Leave);
                    }
                }
                Admission::Attached => {
                    self.stats.redelivered();
                    tracing::info!("grant already in flight here; this delivery waits for it");
                }
            }
            match settled.await {
                Ok(Disposition::Ack) => handler.ack(),
                // Left unacked: dropping the handler nacks it, so Pub/Sub redelivers it.
                Ok(Disposition::Leave) | Err(_) => handler.nack(),
            }
        }
        .instrument(span)
        .await
    }

    async fn dead_letter(
        &self,
        message: Message,
        handler: Handler,
        error: shared::grant::MessageError,
    ) {
        let reason = error.kind();
        tracing::warn!(%reason, error = %error, "malformed grant request; dead-lettering it");
        let attributes = shared::dead_letter::attributes(
            &message.attributes,
            &message.message_id,
            reason,
            &error.to_string(),
        );
        match self
            .dead_letters
            .publish(message.data.to_vec(), attributes)
            .await
        {
            Ok(_) => {
                self.stats.dead_lettered(reason);
                handler.ack();
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot publish to the dead-letter topic; nacking");
                self.stats.error(format!("dead-letter publish: {e}"));
                handler.nack();
            }
        }
    }
}
