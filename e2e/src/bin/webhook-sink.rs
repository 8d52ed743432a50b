//! `webhook-sink`: a fast Standard Webhooks receiver for the `notifications` benchmark.
//!
//! The benchmark measures campaign-svc's delivery (settle → webhook received), not the receiver,
//! so the receiver must not be the slowest part of the machine: this one is compiled and
//! multi-threaded, and verifies every signature with the maintained `standardwebhooks` crate (not
//! code of ours), as a game backend would. (`scripts/webhook_receiver.py` is the receiver that
//! misbehaves on purpose for the chaos run; it costs about 0.35 ms of one Python thread a
//! request, a third of a core at 1,000 events/s.)
//!
//! ```text
//! webhook-sink --port 8099
//!   POST /hooks/grants          a webhook: 204 when it verifies (kept by event id), 400 when not
//!   PUT  /control/secret        the endpoint's secret (`whsec_...`, the body), once registered
//!   GET  /control/receipts      {"unverified": n, "events": [[id, type, request_id, first_at], ...]}
//! ```
//!
//! `first_at` is the Unix time (seconds, float) of the first 2xx answer for the event id.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use clap::Parser;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

#[derive(Parser)]
struct Args {
    /// Port to listen on (127.0.0.1).
    #[arg(long)]
    port: u16,
}

/// The first receipt of an event.
struct Receipt {
    event_type: String,
    request_id: Option<String>,
    first_at: f64,
}

#[derive(Default)]
struct Sink {
    verifier: RwLock<Option<standardwebhooks::Webhook>>,
    events: Mutex<HashMap<String, Receipt>>,
    unverified: Mutex<u64>,
}

async fn take(State(sink): State<Arc<Sink>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs_f64();
    let verified = sink
        .verifier
        .read()
        .expect("never poisoned")
        .as_ref()
        .is_some_and(|w| w.verify(&body, &headers).is_ok());
    let payload: Option<Value> = serde_json::from_slice(&body).ok();
    let id = headers.get("webhook-id").and_then(|v| v.to_str().ok());
    // The body's id is the event id the header names: what receivers dedupe on.
    let event = payload
        .as_ref()
        .filter(|p| verified && p["id"].as_str().is_some() && p["id"].as_str() == id);
    let Some(event) = event else {
        *sink.unverified.lock().expect("never poisoned") += 1;
        return StatusCode::BAD_REQUEST;
    };
    let id = event["id"].as_str().expect("checked").to_string();
    sink.events
        .lock()
        .expect("never poisoned")
        .entry(id)
        .or_insert_with(|| Receipt {
            event_type: event["type"].as_str().unwrap_or_default().to_string(),
            request_id: event["data"]["request_id"].as_str().map(String::from),
            first_at: now,
        });
    StatusCode::NO_CONTENT
}

async fn set_secret(State(sink): State<Arc<Sink>>, body: String) -> Result<StatusCode, String> {
    let webhook = standardwebhooks::Webhook::new(body.trim()).map_err(|e| e.to_string())?;
    *sink.verifier.write().expect("never poisoned") = Some(webhook);
    Ok(StatusCode::NO_CONTENT)
}

async fn receipts(State(sink): State<Arc<Sink>>) -> Json<Value> {
    let events: Vec<Value> = sink
        .events
        .lock()
        .expect("never poisoned")
        .iter()
        .map(|(id, r)| json!([id, r.event_type, r.request_id, r.first_at]))
        .collect();
    let unverified = *sink.unverified.lock().expect("never poisoned");
    Json(json!({ "unverified": unverified, "events": events }))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let app = Router::new()
        .route("/hooks/grants", post(take))
        .route("/control/secret", put(set_secret))
        .route("/control/receipts", get(receipts))
        .with_state(Arc::new(Sink::default()));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
