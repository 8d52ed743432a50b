//! HTTP (port 8081): `GET /health` (the process is alive), `GET /ready` (node reachable with
//! the expected chain id, Pub/Sub reachable, at least one signer funded), `GET /stats` (seed
//! 001's counters plus per-signer state, JSON), `GET /metrics` (Prometheus) and
//! `GET /grants/{request_id}` (what the contract says of one grant id, and whether it is in flight
//! here: campaign-svc asks before an operator fails a stuck grant).

use crate::inflight::InFlight;
use crate::node::Node;
use crate::signer::{SignerPool, SignerSnapshot};
use crate::stats::{Stats, StatsSnapshot};
use crate::submission::Engine;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use shared::pubsub::PubSub;
use std::sync::Arc;
use std::time::Duration;

/// How long one readiness probe may take per dependency.
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// What the handlers read.
#[derive(Debug, Clone)]
pub(crate) struct HttpState {
    /// Counters.
    pub(crate) stats: Arc<Stats>,
    /// Signers.
    pub(crate) pool: Arc<SignerPool>,
    /// Grants in flight.
    pub(crate) inflight: Arc<InFlight>,
    /// The submission engine (gas price).
    pub(crate) engine: Arc<Engine>,
    /// Node client.
    pub(crate) node: Node,
    /// The bus.
    pub(crate) bus: PubSub,
    /// Topic probed for readiness.
    pub(crate) requests_topic: String,
    /// The chain id transactions are signed for.
    pub(crate) chain_id: u8,
}

/// The routes.
pub(crate) fn router(state: HttpState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/stats", get(stats))
        .route("/metrics", get(metrics))
        .route("/grants/{request_id}", get(grant))
        .with_state(state)
}

async fn health() -> impl IntoResponse {
    Json(serde_json::json!({"status": "ok"}))
}

/// One readiness check.
#[derive(Debug, Serialize)]
struct Check {
    ok: bool,
    detail: String,
}

#[derive(Debug, Serialize)]
struct Readiness {
    ready: bool,
    node: Check,
    pubsub: Check,
    signers: Check,
}

async fn ready(State(s): State<HttpState>) -> Response {
    let node = match tokio::time::timeout(PROBE_TIMEOUT, s.node.ledger()).await {
        Ok(Ok(l)) if l.chain_id == s.chain_id => Check {
            ok: true,
            detail: format!("chain {} at version {}", l.chain_id, l.version),
        },
        Ok(Ok(l)) => Check {
            ok: false,
            detail: format!("node reports chain {}, expected {}", l.chain_id, s.chain_id),
        },
        Ok(Err(e)) => Check {
            ok: false,
            detail: e.to_string(),
        },
        Err(_) => Check {
            ok: false,
            detail: format!("no answer within {PROBE_TIMEOUT:?}"),
        },
    };
    let pubsub = match s.bus.probe(&s.requests_topic, PROBE_TIMEOUT).await {
        Ok(()) => Check {
            ok: true,
            detail: "reachable".into(),
        },
        Err(e) => Check {
            ok: false,
            detail: e.to_string(),
        },
    };
    let funded = s.pool.any_funded();
    let signers = Check {
        ok: funded,
        detail: if funded {
            "at least one signer is funded".into()
        } else {
            "no signer with a known balance covering one transaction".into()
        },
    };
    let ready = node.ok && pubsub.ok && signers.ok;
    let body = Readiness {
        ready,
        node,
        pubsub,
        signers,
    };
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

/// `/stats`.
#[derive(Debug, Serialize)]
pub(crate) struct StatsBody {
    /// The counters.
    #[serde(flatten)]
    pub(crate) counters: StatsSnapshot,
    /// Grants in flight (received, result not yet published).
    pub(crate) in_flight: usize,
    /// Transactions in flight over all signers.
    pub(crate) transactions_in_flight: usize,
    /// Gas unit price used for new transactions.
    pub(crate) gas_unit_price: u64,
    /// Most grants in the next batch (`BATCH_MAX_GRANTS`, lower for a while after a VM limit).
    pub(crate) batch_cap: usize,
    /// Chain id transactions are signed for.
    pub(crate) chain_id: u8,
    /// Per signer.
    pub(crate) signers: Vec<SignerSnapshot>,
}

async fn stats(State(s): State<HttpState>) -> Json<StatsBody> {
    Json(StatsBody {
        counters: s.stats.snapshot(),
        in_flight: s.inflight.len(),
        transactions_in_flight: s.pool.in_flight(),
        gas_unit_price: s.engine.gas_price(),
        batch_cap: s.engine.batch_cap(),
        chain_id: s.chain_id,
        signers: s.pool.snapshot(),
    })
}

async fn metrics() -> impl IntoResponse {
    (
        [("content-type", "text/plain; version=0.0.4")],
        shared::telemetry::metrics_handle().render(),
    )
}

/// `GET /grants/{request_id}`: the contract's record of one grant id (`jobs::paid_grant`) with
/// the paying transaction resolved when the node can give it, and whether the grant is in flight
/// in this process.
#[derive(Debug, Serialize)]
pub(crate) struct GrantBody {
    /// The grant id.
    pub(crate) request_id: uuid::Uuid,
    /// Whether the contract has paid it.
    pub(crate) paid: bool,
    /// Where the contract recorded the payment (`None` when unpaid).
    pub(crate) record: Option<RecordBody>,
    /// The paying transaction as the node reports it (`None` when unpaid or not resolvable:
    /// a pruned node).
    pub(crate) payment: Option<PaymentBody>,
    /// Whether the grant is in flight in this chain-svc process (received, no result yet).
    pub(crate) in_flight: bool,
}

/// The contract's record of a payment.
#[derive(Debug, Serialize)]
pub(crate) struct RecordBody {
    /// The job that paid it.
    pub(crate) job_id: u64,
    /// The operator that sent the paying transaction.
    pub(crate) operator: String,
    /// That transaction's sequence number.
    pub(crate) sequence_number: u64,
}

/// The paying transaction.
#[derive(Debug, Serialize)]
pub(crate) struct PaymentBody {
    /// Its hash.
    pub(crate) transaction_hash: String,
    /// Its ledger version.
    pub(crate) ledger_version: u64,
}

#[tracing::instrument(name = "grant_lookup", skip(s))]
async fn grant(State(s): State<HttpState>, Path(raw): Path<String>) -> Response {
    let Ok(request_id) = uuid::Uuid::parse_str(&raw) else {
        return (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({
                "error": {"code": "invalid_field", "field": "request_id", "message": "request_id must be a UUID"}
            })),
        )
            .into_response();
    };
    let in_flight = s.inflight.contains(&request_id);
    let record = match s.node.paid_grant(&request_id).await {
        Ok(record) => record,
        Err(e) => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({
                    "error": {"code": "node_unavailable", "message": e.to_string()}
                })),
            )
                .into_response();
        }
    };
    let payment = match &record {
        Some(record) => match s.node.payment(record).await {
            Ok(p) => Some(PaymentBody {
                transaction_hash: p.tx_hash,
                ledger_version: p.version,
            }),
            Err(e) => {
                tracing::warn!(error = %e, "paid, but the paying transaction cannot be resolved");
                None
            }
        },
        None => None,
    };
    Json(GrantBody {
        request_id,
        paid: record.is_some(),
        record: record.map(|r| RecordBody {
            job_id: r.job_id,
            operator: r.operator.to_long_string(),
            sequence_number: r.sequence_number,
        }),
        payment,
        in_flight,
    })
    .into_response()
}
