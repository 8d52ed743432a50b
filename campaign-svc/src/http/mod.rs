//! The HTTP API (axum): grants in (`POST /token-request`), status out (`GET /status`,
//! `GET /grants/{id}`), operations (`/health`, `/ready`, `/metrics`, `/admin/...`, webhooks under
//! `/admin/webhooks`) and the
//! OpenAPI document. Each module exposes a `router()`.

mod admin;
pub mod auth;
pub mod error;
mod fail_grant;
mod health;
mod input;
pub mod limits;
mod protocol_errors;
pub mod serve;
mod status;
mod token_request;
mod webhooks;

use crate::campaigns::CampaignBook;
use crate::config::Config;
use crate::game::GameSource;
use crate::ledger::LedgerRules;
use auth::{ApiKeys, Scope};
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::pubsub::PubSub;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use health::{OPENAPI, Readiness};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;

/// What every handler can reach.
#[derive(Clone)]
pub struct ApiContext {
    /// Settings.
    pub config: Arc<Config>,
    /// The ledger database.
    pub db: PgPool,
    /// Batches campaign-grant inserts.
    pub writer: crate::grants::GrantWriter,
    /// The game's users.
    pub game: GameSource,
    /// Batches single-user lookups in the game's users.
    pub users: crate::game::UserLookup,
    /// Pub/Sub (for readiness).
    pub bus: PubSub,
    /// API keys.
    pub keys: ApiKeys,
    /// Ledger run parameters.
    pub rules: LedgerRules,
    /// Campaign rules.
    pub campaigns: CampaignBook,
    /// Rate limits.
    pub limits: limits::Limits,
    /// The cached readiness check.
    pub readiness: Readiness,
    /// chain-svc, asked about one grant before an operator fails it.
    pub chain: crate::chain::ChainSvc,
    /// The key webhook secrets are sealed with (`WEBHOOK_SECRETS_KEY`); `None`: webhooks are
    /// not configured.
    pub webhook_key: Option<crate::webhooks::secret::SecretsKey>,
}

/// Largest request body accepted: room for the largest valid body (a webhook registration: a
/// 2,048-character URL and a 500-character description, each character JSON-escaped as up to
/// 12 bytes), so a valid request is never refused for its size.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The whole API.
pub fn router(ctx: ApiContext) -> Router {
    Router::new()
        .merge(scoped(token_request::router(), &ctx.keys, Scope::Grant))
        .merge(scoped(status::router(), &ctx.keys, Scope::Read))
        .merge(scoped(admin::router(), &ctx.keys, Scope::Admin))
        .merge(scoped(fail_grant::router(), &ctx.keys, Scope::Admin))
        .merge(scoped(webhooks::router(), &ctx.keys, Scope::Admin))
        .merge(health::router())
        .fallback(|| async {
            error::ApiError::NotFound("no such endpoint".into())
        })
        .layer(axum::middleware::from_fn_with_state(ctx.clone(), limits::enforce))
        .layer(axum::middleware::from_fn(record_metrics))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(
            ctx.config.http_body_read_timeout_secs,
        )))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(10),
        ))
        .layer(axum::middleware::from_fn(json_errors))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            tracing::info_span!("http", method = %req.method(), path = %req.uri().path())
        }))
        .with_state(ctx)
}

/// Every route of `router` requires a key with `scope`, checked before the handler reads any of
/// the request (so a caller without the key learns nothing of the input rules). The one place a
/// route's scope is declared: the table in [`router`]. Probes (`health`) are open.
fn scoped(router: Router<ApiContext>, keys: &ApiKeys, scope: Scope) -> Router<ApiContext> {
    router.route_layer(axum::middleware::from_fn_with_state(
        (keys.clone(), scope),
        require_scope,
    ))
}

async fn require_scope(
    State((keys, scope)): State<(ApiKeys, Scope)>,
    req: Request,
    next: Next,
) -> Result<Response, error::ApiError> {
    keys.require(req.headers(), scope)?;
    Ok(next.run(req).await)
}

/// Errors produced outside the handlers (body too large, timeout, wrong method) become the same
/// JSON error shape as every other error.
async fn json_errors(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status.as_u16() {
        400 => ("bad_request", "the request is malformed"),
        404 => ("not_found", "no such resource"),
        405 => (
            "method_not_allowed",
            "this endpoint does not accept that method",
        ),
        408 => ("timeout", "the request took too long"),
        413 => ("body_too_large", "the request body exceeds 64 KiB"),
        414 => ("uri_too_long", "the request URL is too long"),
        415 => ("unsupported_media_type", "the body must be JSON"),
        _ => ("error", "the request failed"),
    };
    let mut out = (
        status,
        axum::Json(error::ErrorBody::naming(
            code,
            message,
            (status.as_u16() == 413).then_some("body"),
        )),
    )
        .into_response();
    for (name, value) in response.headers() {
        if name == axum::http::header::ALLOW || name == axum::http::header::RETRY_AFTER {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

/// The `method` label: a standard method's name, or `other` for anything a client made up (a
/// label value from user input would be a new, permanent series per value).
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "other",
    }
}

/// Records every request with labels from fixed sets only: the route template that matched (the
/// router's own, finite list) or `unmatched`, a known method or `other`, and the status code.
async fn record_metrics(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = method_label(req.method());
    let start = Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "route" => route.clone(), "method" => method, "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route)
        .record(start.elapsed().as_secs_f64());
    response
}

#[cfg(test)]
mod tests {
    use super::input::{Fields, field_names};
    use super::method_label;
    use axum::http::Method;
    use serde_json::Value;
    use std::collections::BTreeSet;

    fn document() -> Value {
        serde_json::from_str(super::health::OPENAPI).expect("openapi.json parses")
    }

    /// The request type's fields, and the members openapi.json gives the named body schema.
    fn body_agrees<T: Fields>(component: &str) {
        let doc = document();
        let documented: BTreeSet<&str> = doc["components"]["schemas"][component]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{component} has properties in openapi.json"))
            .keys()
            .map(String::as_str)
            .collect();
        let typed: BTreeSet<&str> = field_names::<T>().iter().copied().collect();
        assert_eq!(
            typed, documented,
            "{component}: the type's fields, the document's"
        );
    }

    /// The request type's fields, and the query parameters openapi.json gives the operation.
    fn query_agrees<T: Fields>(path: &str, method: &str) {
        let doc = document();
        let documented: BTreeSet<&str> = doc["paths"][path][method]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{method} {path} has parameters in openapi.json"))
            .iter()
            .filter(|p| p["in"] == "query")
            .map(|p| p["name"].as_str().expect("a parameter has a name"))
            .collect();
        let typed: BTreeSet<&str> = field_names::<T>().iter().copied().collect();
        assert_eq!(
            typed, documented,
            "{method} {path}: the type's fields, the document's"
        );
    }

    #[test]
    fn every_request_type_has_the_fields_openapi_json_documents() {
        use super::{admin, fail_grant, status, token_request, webhooks};
        body_agrees::<token_request::TokenRequest>("TokenRequest");
        query_agrees::<token_request::TokenRequest>("/token-request", "post");
        body_agrees::<admin::CampaignRules>("CampaignRules");
        body_agrees::<fail_grant::FailGrant>("FailGrant");
        body_agrees::<webhooks::WebhookRegistration>("WebhookRegistration");
        body_agrees::<webhooks::WebhookChange>("WebhookChange");
        body_agrees::<webhooks::RotateWebhookSecret>("RotateWebhookSecret");
        query_agrees::<status::StatusQuery>("/status", "get");
        query_agrees::<admin::StuckQuery>("/admin/grants/stuck", "get");
        query_agrees::<webhooks::DeliveriesQuery>(
            "/admin/webhooks/{endpoint_id}/deliveries",
            "get",
        );
    }

    #[test]
    fn made_up_methods_share_one_label() {
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::DELETE), "DELETE");
        for made_up in ["PROBEA", "PROBEB", "get", &"X".repeat(3000)] {
            let method = Method::from_bytes(made_up.as_bytes()).unwrap();
            assert_eq!(method_label(&method), "other", "{made_up:.20}");
        }
    }
}
