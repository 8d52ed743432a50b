//! Liveness, readiness, metrics and the OpenAPI document. Health and readiness stay open (no API
//! key) so probes and load balancers can use them; readiness answers from a short-lived cached
//! check (`READINESS_CACHE_MS`), so any number of probes cost one database and Pub/Sub check per
//! period.

use super::ApiContext;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The OpenAPI 3 description of this API.
pub const OPENAPI: &str = include_str!("../../openapi.json");

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/metrics", get(metrics))
        .route("/openapi.json", get(openapi))
}

/// `GET /health` (`Health` in openapi.json).
#[derive(Serialize)]
struct Health {
    status: &'static str,
    service: &'static str,
}

async fn health() -> Json<Health> {
    Json(Health {
        status: "ok",
        service: "campaign-svc",
    })
}

/// `GET /ready` (`Readiness` in openapi.json).
#[derive(Debug, Clone, Serialize)]
struct ReadinessBody {
    /// `ready` or `not_ready`.
    status: &'static str,
    checks: Checks,
}

/// Each dependency's check.
#[derive(Debug, Clone, Serialize)]
struct Checks {
    database: Check,
    pubsub: Check,
}

/// One dependency: reachable, or why not.
#[derive(Debug, Clone, Serialize)]
struct Check {
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl From<&Result<(), String>> for Check {
    fn from(r: &Result<(), String>) -> Self {
        Check {
            ok: r.is_ok(),
            error: r.as_ref().err().cloned(),
        }
    }
}

/// The last readiness check and when it was made, shared by every caller.
#[derive(Clone)]
pub struct Readiness {
    ttl: Duration,
    last: Arc<tokio::sync::Mutex<Option<(Instant, bool, ReadinessBody)>>>,
}

impl Readiness {
    /// A cache whose checks serve for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            last: Arc::default(),
        }
    }

    /// The current answer: the cached one while fresh, else a new check. The lock is held during
    /// the check, so callers arriving meanwhile wait for it and share its answer.
    async fn get(&self, ctx: &ApiContext) -> (bool, ReadinessBody) {
        let mut last = self.last.lock().await;
        if let Some((at, ok, body)) = last.as_ref()
            && at.elapsed() < self.ttl
        {
            return (*ok, body.clone());
        }
        let (ok, body) = check(ctx).await;
        *last = Some((Instant::now(), ok, body.clone()));
        (ok, body)
    }
}

#[tracing::instrument(name = "ready", skip_all)]
async fn ready(State(ctx): State<ApiContext>) -> impl IntoResponse {
    let (ok, body) = ctx.readiness.get(&ctx).await;
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body))
}

/// One real check of the database and Pub/Sub (counted in `readiness_checks_total`).
async fn check(ctx: &ApiContext) -> (bool, ReadinessBody) {
    metrics::counter!("readiness_checks_total").increment(1);
    let bound = Duration::from_secs(2);
    let database = tokio::time::timeout(bound, sqlx::query!("SELECT 1 AS ok").fetch_one(&ctx.db))
        .await
        .map_err(|_| "timed out".to_string())
        .and_then(|r| r.map(|_| ()).map_err(|e| e.to_string()));
    let pubsub = ctx
        .bus
        .probe(&ctx.config.topics.requests_topic, bound)
        .await
        .map_err(|e| e.to_string());
    let ok = database.is_ok() && pubsub.is_ok();
    (
        ok,
        ReadinessBody {
            status: if ok { "ready" } else { "not_ready" },
            checks: Checks {
                database: Check::from(&database),
                pubsub: Check::from(&pubsub),
            },
        },
    )
}

async fn metrics() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        shared::telemetry::metrics_handle().render(),
    )
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}
