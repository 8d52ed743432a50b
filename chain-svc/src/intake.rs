//! Intake: each request message from the streaming pull is decoded and validated, registered
//! in flight, batched once, and acked only after its grant's result is published.
//!
//! A message that decodes but breaks a field rule (`GrantRequest::check`: an id the shared
//! identifier rule refuses, an amount above `MAX_GRANT_AMOUNT`) is refused: it never rides in a
//! transaction and is answered with a permanent `failed` result once the contract confirms it is
//! unpaid ([`Engine::refuse`]). A message that does not decode (bad JSON, unknown `event_type`,
//! a `request_id` that is not a UUID, a wallet that is not an address) is published to the requests dead-letter topic with the attributes of
//! [`shared::dead_letter`] (`dead_letter_reason`, `dead_letter_error`) and then acked; if that publish fails it is nacked, and Pub/Sub's own dead-letter policy
//! takes it after five deliveries. It never stops the service.
//!
//! Before anything is decoded, the message must be signed by campaign-svc
//! ([`shared::signing`], `MESSAGE_SIGNING_KEYS_FILE`): an unsigned message, one signed with an
//! unknown key or one whose signature does not match goes the same dead-letter way under the
//! [`VerifyError::label`] (`unsigned`, `unknown_signing_key`, `bad_signature`) and is never paid.
//! A request whose id is in flight here with another user, campaign, wallet or amount is refused
//! the same way (`conflicting_request`), not attached to the grant in flight.

use crate::batcher::Feed;
use crate::grant::Grant;
use crate::inflight::{Admission, Disposition, InFlight};
use crate::stats::Stats;
use crate::submission::Engine;
use google_cloud_pubsub::model::Message;
use google_cloud_pubsub::subscriber::handler::Handler;
use shared::grant::GrantRequest;
use shared::pubsub::BusPublisher;
use shared::signing::{Keyring, MessageKind, VerifyError};
use shared::telemetry::{TRACEPARENT, TraceContext};
use std::sync::Arc;
use tokio::sync::mpsc;
use tracing::Instrument;

/// What the intake needs.
#[derive(Debug, Clone)]
pub(crate) struct Intake {
    /// Grants in flight and the deliveries waiting on them.
    pub(crate) inflight: Arc<InFlight>,
    /// Where new grants go.
    pub(crate) feed: mpsc::UnboundedSender<Feed>,
    /// The requests dead-letter topic.
    pub(crate) dead_letters: BusPublisher,
    /// Counters.
    pub(crate) stats: Arc<Stats>,
    /// `MAX_GRANT_AMOUNT`.
    pub(crate) max_grant_amount: u64,
    /// The keys requests must be signed with.
    pub(crate) keyring: Arc<Keyring>,
    /// Answers refused requests (see [`Engine::refuse`]).
    pub(crate) engine: Arc<Engine>,
}

/// The dead-letter reason of a request whose id is in flight with other terms.
pub(crate) const CONFLICTING_REQUEST: &str = "conflicting_request";

impl Intake {
    /// Handles one delivery; returns once the message is acked, nacked or left.
    pub(crate) async fn handle(&self, message: Message, handler: Handler) {
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
            if let Err(e) = self.keyring.verify(
                MessageKind::GrantRequest,
                &message.data,
                &message.attributes,
            ) {
                return self.refuse_unauthentic(message, handler, e).await;
            }
            let request = match GrantRequest::decode_unchecked(&message.data) {
                Ok(r) => r,
                Err(e) => return self.dead_letter(message, handler, e).await,
            };
            // Decoded but refused (an id the identifier rule refuses, an amount above the cap):
            // answered with a permanent `failed` result, not dead-lettered, so the ledger
            // releases it instead of re-sending it forever.
            let refused = request.check(self.max_grant_amount).err();
            let id = request.request_id;
            tracing::Span::current().record("request_id", tracing::field::display(id));
            let (admission, settled) = self.inflight.admit(&request);
            match admission {
                Admission::New => match refused {
                    Some(why) => {
                        self.stats.request_refused();
                        self.engine.refuse(Grant::new(request, trace), &why);
                    }
                    None => {
                        tracing::debug!(amount = request.token_amount, wallet = %request.wallet_address, "grant request accepted");
                        if self.feed.send(Feed::New(Grant::new(request, trace))).is_err() {
                            // The batcher is gone (shutting down): nothing will settle it here.
                            self.inflight.finish(&id, Disposition::Leave);
                        }
                    }
                },
                Admission::Attached => {
                    self.stats.redelivered();
                    tracing::info!("grant already in flight here; this delivery waits for it");
                }
                Admission::Conflicting => {
                    tracing::warn!(reason = CONFLICTING_REQUEST, "grant id in flight here with other terms; dead-lettering this request");
                    let error = format!(
                        "grant {id} is in flight with another user, campaign, wallet or amount"
                    );
                    return self
                        .publish_dead_letter(message, handler, CONFLICTING_REQUEST, &error)
                        .await;
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
        self.publish_dead_letter(message, handler, reason, &error.to_string())
            .await
    }

    /// Dead-letters a request that is not signed by a key of ours; it is never decoded.
    async fn refuse_unauthentic(&self, message: Message, handler: Handler, error: VerifyError) {
        let reason = error.label();
        tracing::warn!(%reason, error = %error, "unauthenticated grant request; dead-lettering it");
        self.publish_dead_letter(message, handler, reason, &error.to_string())
            .await
    }

    /// Publishes `message` to the dead-letter topic under `reason`, then acks it; nacks it when
    /// that publish fails, so nothing is acked without its dead letter.
    async fn publish_dead_letter(
        &self,
        message: Message,
        handler: Handler,
        reason: &'static str,
        error: &str,
    ) {
        let attributes = shared::dead_letter::attributes(
            &message.attributes,
            &message.message_id,
            reason,
            error,
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
