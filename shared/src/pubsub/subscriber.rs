//! Subscribing: several streaming-pull connections feeding one handler with a bound on
//! in-flight messages, reconnecting with backoff, drained on shutdown.

use crate::shutdown::Shutdown;
use google_cloud_pubsub::client::Subscriber;
use google_cloud_pubsub::model::Message;
use google_cloud_pubsub::subscriber::handler::Handler;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

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
