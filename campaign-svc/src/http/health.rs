//! Liveness, readiness, metrics and the OpenAPI document. Health and readiness stay open (no API
//! key) so probes and load balancers can use them.

use super::ApiContext;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use std::time::Duration;

/// The OpenAPI 3 description of this API.
pub const OPENAPI: &str = include_str!("../../openapi.json");

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/metrics", get(metrics))
        .route("/openapi.json", get(openapi))
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok", "service": "campaign-svc" }))
}

#[tracing::instrument(name = "ready", skip_all)]
async fn ready(State(ctx): State<ApiContext>) -> impl IntoResponse {
    let bound = Duration::from_secs(2);
    let database = tokio::time::timeout(bound, sqlx::query("SELECT 1").execute(&ctx.db))
        .await
        .map_err(|_| "timed out".to_string())
        .and_then(|r| r.map(|_| ()).map_err(|e| e.to_string()));
    let pubsub = ctx
        .bus
        .probe(&ctx.config.topics.requests_topic, bound)
        .await
        .map_err(|e| e.to_string());
    let ok = database.is_ok() && pubsub.is_ok();
    let check = |r: &Result<(), String>| match r {
        Ok(()) => json!({ "ok": true }),
        Err(e) => json!({ "ok": false, "error": e }),
    };
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(json!({
            "status": if ok { "ready" } else { "not_ready" },
            "checks": { "database": check(&database), "pubsub": check(&pubsub) },
        })),
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
