//! The webhooks admin API (scope `admin`): register, list, read, change and remove endpoints,
//! rotate an endpoint's secret, send it a `webhook.test` event, list its deliveries (each with
//! its attempts) and replay one ([`crate::webhooks`]).

use super::error::ApiError;
use super::{ApiContext, input};
use crate::notifications::EVENT_TYPES;
use crate::webhooks::address::{UnsafeUrl, check_url, parse_url};
use crate::webhooks::endpoints::{self, EndpointChange, NewEndpoint};
use crate::webhooks::secret::SecretsKey;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde_json::{Map, Value, json};
use std::time::Duration;
use uuid::Uuid;

/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 500;
/// Most deliveries `GET /admin/webhooks/{id}/deliveries` returns.
pub const MAX_DELIVERIES: u64 = 500;

pub fn router() -> Router<ApiContext> {
    Router::new()
        .route("/admin/webhooks", post(create).get(list))
        .route(
            "/admin/webhooks/{endpoint_id}",
            get(read).patch(change).delete(remove),
        )
        .route("/admin/webhooks/{endpoint_id}/rotate-secret", post(rotate))
        .route("/admin/webhooks/{endpoint_id}/test", post(test))
        .route("/admin/webhooks/{endpoint_id}/deliveries", get(deliveries))
        .route(
            "/admin/webhooks/{endpoint_id}/deliveries/{delivery_id}/replay",
            post(replay),
        )
}

/// The sealing key, or 409 when webhooks are not configured.
fn secrets_key(ctx: &ApiContext) -> Result<&SecretsKey, ApiError> {
    ctx.webhook_key.as_ref().ok_or_else(|| ApiError::Conflict {
        code: "webhooks_not_configured",
        message: "webhooks need WEBHOOK_SECRETS_KEY (base64 of 32 bytes) to store their secrets"
            .into(),
        details: json!({}),
    })
}

fn endpoint_id(path: Result<Path<String>, PathRejection>) -> Result<Uuid, ApiError> {
    input::uuid_path(path, "endpoint_id")
}

fn not_found(id: Uuid) -> ApiError {
    ApiError::NotFound(format!("no webhook endpoint {id}"))
}

async fn url_field(
    ctx: &ApiContext,
    fields: &Map<String, Value>,
) -> Result<Option<reqwest::Url>, ApiError> {
    let raw = match fields.get("url") {
        None => return Ok(None),
        Some(Value::String(s)) => s,
        Some(_) => return Err(ApiError::bad_field("url", "url must be a string")),
    };
    check_url(raw, ctx.config.webhooks.webhook_allow_insecure_urls)
        .await
        .map(Some)
        .map_err(url_error)
}

/// A malformed URL is a 400, an unsafe one a 422, both naming `url`.
fn url_error(e: UnsafeUrl) -> ApiError {
    match e {
        UnsafeUrl::Malformed(_) | UnsafeUrl::TooLong => ApiError::bad_field("url", e.to_string()),
        e => ApiError::unprocessable("unsafe_url", "url", e.to_string()),
    }
}

fn event_types_field(fields: &Map<String, Value>) -> Result<Option<Vec<String>>, ApiError> {
    let list = match fields.get("event_types") {
        None => return Ok(None),
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(ApiError::bad_field(
                "event_types",
                "event_types must be an array of event type names",
            ));
        }
    };
    if list.is_empty() {
        return Err(ApiError::bad_field(
            "event_types",
            format!(
                "event_types must name at least one of {}",
                EVENT_TYPES.join(", ")
            ),
        ));
    }
    let mut types = Vec::with_capacity(list.len());
    for item in list {
        match item.as_str() {
            Some(t) if EVENT_TYPES.contains(&t) => {
                if !types.iter().any(|x: &String| x == t) {
                    types.push(t.to_string());
                }
            }
            _ => {
                return Err(ApiError::unprocessable(
                    "unknown_event_type",
                    "event_types",
                    format!(
                        "event_types holds {item}, which is not one of {}",
                        EVENT_TYPES.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(Some(types))
}

fn description_field(fields: &Map<String, Value>) -> Result<Option<String>, ApiError> {
    match fields.get("description") {
        None => Ok(None),
        Some(Value::String(s))
            if s.chars().count() <= MAX_DESCRIPTION_CHARS && !s.chars().any(char::is_control) =>
        {
            Ok(Some(s.clone()))
        }
        Some(_) => Err(ApiError::bad_field(
            "description",
            format!(
                "description must be a string of at most {MAX_DESCRIPTION_CHARS} characters without control characters"
            ),
        )),
    }
}

#[tracing::instrument(name = "admin_webhook_create", skip_all)]
async fn create(
    State(ctx): State<ApiContext>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, ApiError> {
    input::no_query(query.as_deref())?;
    let fields = input::fields(
        None,
        &headers,
        &body,
        &["url", "event_types", "description"],
    )?;
    if !fields.contains_key("url") {
        return Err(ApiError::bad_field("url", "url is required"));
    }
    // The checks that need no network first: the URL's is a DNS lookup in production.
    let event_types = event_types_field(&fields)?.ok_or_else(|| {
        ApiError::bad_field(
            "event_types",
            format!(
                "event_types is required: some of {}",
                EVENT_TYPES.join(", ")
            ),
        )
    })?;
    let description = description_field(&fields)?;
    if let Some(Value::String(raw)) = fields.get("url") {
        // The form and the scheme before anything else answers (no lookup yet).
        parse_url(raw, ctx.config.webhooks.webhook_allow_insecure_urls).map_err(url_error)?;
    }
    let key = secrets_key(&ctx)?;
    let url = url_field(&ctx, &fields)
        .await?
        .ok_or_else(|| ApiError::bad_field("url", "url is required"))?;
    let new = NewEndpoint {
        url,
        event_types,
        description,
    };
    let (endpoint, secret) = endpoints::create(&ctx.db, key, &new).await?;
    tracing::info!(endpoint_id = %endpoint.endpoint_id, "webhook endpoint registered");
    let mut body = json!(endpoint);
    body["secret"] = json!(secret.reveal());
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

#[tracing::instrument(name = "admin_webhook_list", skip_all)]
async fn list(
    State(ctx): State<ApiContext>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    input::no_query(query.as_deref())?;
    Ok(Json(json!({ "webhooks": endpoints::list(&ctx.db).await? })))
}

#[tracing::instrument(name = "admin_webhook_read", skip_all)]
async fn read(
    State(ctx): State<ApiContext>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let id = endpoint_id(path)?;
    input::no_query(query.as_deref())?;
    let endpoint = endpoints::get(&ctx.db, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(Json(json!(endpoint)))
}

#[tracing::instrument(name = "admin_webhook_change", skip_all)]
async fn change(
    State(ctx): State<ApiContext>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let id = endpoint_id(path)?;
    input::no_query(query.as_deref())?;
    let fields = input::fields(
        None,
        &headers,
        &body,
        &["url", "event_types", "description", "enabled"],
    )?;
    if fields.is_empty() {
        return Err(ApiError::BadRequest {
            code: "empty_change",
            message: "give at least one of url, event_types, description, enabled".into(),
            field: Some("body"),
        });
    }
    let event_types = event_types_field(&fields)?;
    let description = description_field(&fields)?;
    let enabled = input::optional_bool(&fields, "enabled")?;
    // The URL's check may resolve its host: only for an endpoint that exists.
    if endpoints::get(&ctx.db, id).await?.is_none() {
        return Err(not_found(id));
    }
    let change = EndpointChange {
        url: url_field(&ctx, &fields).await?,
        event_types,
        description,
        enabled,
    };
    let endpoint = endpoints::update(&ctx.db, id, &change)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(Json(json!(endpoint)))
}

#[tracing::instrument(name = "admin_webhook_remove", skip_all)]
async fn remove(
    State(ctx): State<ApiContext>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<StatusCode, ApiError> {
    let id = endpoint_id(path)?;
    input::no_query(query.as_deref())?;
    if endpoints::delete(&ctx.db, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(not_found(id))
    }
}

#[tracing::instrument(name = "admin_webhook_rotate", skip_all)]
async fn rotate(
    State(ctx): State<ApiContext>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let id = endpoint_id(path)?;
    input::no_query(query.as_deref())?;
    let fields = input::fields(None, &headers, &body, &["grace_secs"])?;
    let grace = input::optional_u64(&fields, "grace_secs", "seconds")?
        .unwrap_or(ctx.config.webhooks.webhook_rotation_grace_secs);
    if grace > 30 * 86_400 {
        return Err(ApiError::bad_field(
            "grace_secs",
            "grace_secs must be at most 2592000 (30 days)",
        ));
    }
    let key = secrets_key(&ctx)?;
    let (endpoint, secret) = endpoints::rotate_secret(&ctx.db, key, id, Duration::from_secs(grace))
        .await?
        .ok_or_else(|| not_found(id))?;
    tracing::info!(endpoint_id = %id, grace, "webhook secret rotated");
    let mut body = json!(endpoint);
    body["secret"] = json!(secret.reveal());
    Ok(Json(body))
}

#[tracing::instrument(name = "admin_webhook_test", skip_all)]
async fn test(
    State(ctx): State<ApiContext>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let id = endpoint_id(path)?;
    input::no_query(query.as_deref())?;
    let (event_id, delivery_id) = endpoints::send_test(&ctx.db, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok((
        StatusCode::ACCEPTED,
        Json(json!({ "event_id": event_id, "delivery_id": delivery_id })),
    )
        .into_response())
}

#[tracing::instrument(name = "admin_webhook_deliveries", skip_all)]
async fn deliveries(
    State(ctx): State<ApiContext>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let id = endpoint_id(path)?;
    let fields = input::fields(query.as_deref(), &headers, &[], &["limit"])?;
    let limit = input::optional_u64(&fields, "limit", "deliveries")?.unwrap_or(100);
    if !(1..=MAX_DELIVERIES).contains(&limit) {
        return Err(ApiError::bad_field(
            "limit",
            format!("limit must be between 1 and {MAX_DELIVERIES}"),
        ));
    }
    let list = endpoints::deliveries(&ctx.db, id, limit as i64)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(Json(json!({ "deliveries": list })))
}

#[tracing::instrument(name = "admin_webhook_replay", skip_all)]
async fn replay(
    State(ctx): State<ApiContext>,
    path: Result<Path<(String, String)>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let Path((raw_endpoint, raw_delivery)) = path.map_err(|rejection| {
        ApiError::bad_field(
            "endpoint_id",
            format!("path parameters must be valid UTF-8 once percent-decoded ({rejection})"),
        )
    })?;
    let id = input::uuid(&raw_endpoint, "endpoint_id")?;
    let delivery_id = input::uuid(&raw_delivery, "delivery_id")?;
    input::no_query(query.as_deref())?;
    let delivery = endpoints::replay(&ctx.db, id, delivery_id)
        .await?
        .ok_or_else(|| {
            ApiError::NotFound(format!(
                "webhook endpoint {id} has no delivery {delivery_id}"
            ))
        })?;
    Ok((StatusCode::ACCEPTED, Json(json!(delivery))).into_response())
}
