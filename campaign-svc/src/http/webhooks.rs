//! The webhooks admin API (scope `admin`): register, list, read, change and remove endpoints,
//! rotate an endpoint's secret, send it a `webhook.test` event, list its deliveries (each with
//! its attempts) and replay one ([`crate::webhooks`]).

use super::ApiContext;
use super::error::ApiError;
use super::input::{self, FIELD, Fields, Flag, Input, Seconds, Source, Text};
use crate::notifications::EVENT_TYPES;
use crate::webhooks::address::{UnsafeUrl, check_url, parse_url};
use crate::webhooks::endpoints::{self, Delivery, Endpoint, EndpointChange, NewEndpoint};
use crate::webhooks::secret::{SecretsKey, SigningSecret};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
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

/// `POST /admin/webhooks`'s body (`WebhookRegistration` in openapi.json). `url` and
/// `event_types` are required; they are `Option`s so that the handler names the missing one in
/// the order a caller fixes them (the URL first) and with the event types to choose from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookRegistration {
    /// Where to POST events.
    pub url: Option<Text>,
    /// The event types it receives.
    pub event_types: Option<EventTypeList>,
    /// A note for operators.
    pub description: Option<Description>,
}

impl Fields for WebhookRegistration {
    const SOURCE: Source = Source::Body;
}

/// `PATCH /admin/webhooks/{id}`'s body (`WebhookChange` in openapi.json): what it carries
/// changes, at least one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookChange {
    /// A new URL.
    pub url: Option<Text>,
    /// New event types.
    pub event_types: Option<EventTypeList>,
    /// A new note.
    pub description: Option<Description>,
    /// Enable (after it was disabled) or disable it.
    pub enabled: Option<Flag>,
}

impl Fields for WebhookChange {
    const SOURCE: Source = Source::Body;
}

/// `POST /admin/webhooks/{id}/rotate-secret`'s body (`RotateWebhookSecret` in openapi.json).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotateWebhookSecret {
    /// How long the old secret still signs (default `WEBHOOK_ROTATION_GRACE_SECS`).
    pub grace_secs: Option<Seconds>,
}

impl Fields for RotateWebhookSecret {
    const SOURCE: Source = Source::Body;
}

input::whole_number!(
    /// A number of deliveries.
    DeliveryCount,
    "deliveries"
);

/// `GET /admin/webhooks/{id}/deliveries`'s query.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveriesQuery {
    /// At most this many, newest first (default 100).
    pub limit: Option<DeliveryCount>,
}

impl Fields for DeliveriesQuery {
    const SOURCE: Source = Source::Query;
}

/// `event_types` as sent: an array (each item is checked against the event types by the
/// handler, a 422 naming an unknown one).
#[derive(Debug)]
pub struct EventTypeList(pub Vec<Value>);

impl<'de> Deserialize<'de> for EventTypeList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Array(list) => Ok(EventTypeList(list)),
            _ => Err(serde::de::Error::custom(format!(
                "{FIELD} must be an array of event type names"
            ))),
        }
    }
}

/// A description: at most [`MAX_DESCRIPTION_CHARS`] characters, none of them control ones.
#[derive(Debug)]
pub struct Description(pub String);

impl<'de> Deserialize<'de> for Description {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s)
                if s.chars().count() <= MAX_DESCRIPTION_CHARS
                    && !s.chars().any(char::is_control) =>
            {
                Ok(Description(s))
            }
            _ => Err(serde::de::Error::custom(format!(
                "{FIELD} must be a string of at most {MAX_DESCRIPTION_CHARS} characters without control characters"
            ))),
        }
    }
}

/// An endpoint with its new secret (`WebhookEndpointWithSecret` in openapi.json): the only
/// answers that show a secret, once.
#[derive(Serialize)]
struct EndpointWithSecret {
    #[serde(flatten)]
    endpoint: Endpoint,
    secret: String,
}

impl EndpointWithSecret {
    fn new(endpoint: Endpoint, secret: &SigningSecret) -> Self {
        Self {
            endpoint,
            secret: secret.reveal(),
        }
    }
}

/// Every endpoint (`WebhookEndpoints` in openapi.json).
#[derive(Serialize)]
struct Endpoints {
    webhooks: Vec<Endpoint>,
}

/// What `POST .../test` queued (`WebhookTestSent` in openapi.json).
#[derive(Serialize)]
struct TestSent {
    event_id: Uuid,
    delivery_id: Uuid,
}

/// An endpoint's deliveries (`WebhookDeliveries` in openapi.json).
#[derive(Serialize)]
struct Deliveries {
    deliveries: Vec<Delivery>,
}

fn not_found(id: Uuid) -> ApiError {
    ApiError::NotFound(format!("no webhook endpoint {id}"))
}

async fn url_field(ctx: &ApiContext, url: Option<&Text>) -> Result<Option<reqwest::Url>, ApiError> {
    let Some(Text(raw)) = url else {
        return Ok(None);
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

fn event_types_field(list: Option<&EventTypeList>) -> Result<Option<Vec<String>>, ApiError> {
    let Some(EventTypeList(list)) = list else {
        return Ok(None);
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

#[tracing::instrument(name = "admin_webhook_create", skip_all)]
async fn create(
    State(ctx): State<ApiContext>,
    Input(registration): Input<WebhookRegistration>,
) -> Result<Response, ApiError> {
    if registration.url.is_none() {
        return Err(ApiError::bad_field("url", "url is required"));
    }
    // The checks that need no network first: the URL's is a DNS lookup in production.
    let event_types = event_types_field(registration.event_types.as_ref())?.ok_or_else(|| {
        ApiError::bad_field(
            "event_types",
            format!(
                "event_types is required: some of {}",
                EVENT_TYPES.join(", ")
            ),
        )
    })?;
    let description = registration.description.map(|Description(d)| d);
    if let Some(Text(raw)) = &registration.url {
        // The form and the scheme before anything else answers (no lookup yet).
        parse_url(raw, ctx.config.webhooks.webhook_allow_insecure_urls).map_err(url_error)?;
    }
    let key = secrets_key(&ctx)?;
    let url = url_field(&ctx, registration.url.as_ref())
        .await?
        .ok_or_else(|| ApiError::bad_field("url", "url is required"))?;
    let new = NewEndpoint {
        url,
        event_types,
        description,
    };
    let (endpoint, secret) = endpoints::create(&ctx.db, key, &new).await?;
    tracing::info!(endpoint_id = %endpoint.endpoint_id, "webhook endpoint registered");
    Ok((
        StatusCode::CREATED,
        Json(EndpointWithSecret::new(endpoint, &secret)),
    )
        .into_response())
}

#[tracing::instrument(name = "admin_webhook_list", skip_all)]
async fn list(
    State(ctx): State<ApiContext>,
    RawQuery(query): RawQuery,
) -> Result<Json<Endpoints>, ApiError> {
    input::no_query(query.as_deref())?;
    Ok(Json(Endpoints {
        webhooks: endpoints::list(&ctx.db).await?,
    }))
}

#[tracing::instrument(name = "admin_webhook_read", skip_all)]
async fn read(
    State(ctx): State<ApiContext>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
) -> Result<Json<Endpoint>, ApiError> {
    let id = endpoint_id(path)?;
    input::no_query(query.as_deref())?;
    let endpoint = endpoints::get(&ctx.db, id)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(Json(endpoint))
}

#[tracing::instrument(name = "admin_webhook_change", skip_all)]
async fn change(
    State(ctx): State<ApiContext>,
    path: Result<Path<String>, PathRejection>,
    change: Result<Input<WebhookChange>, ApiError>,
) -> Result<Json<Endpoint>, ApiError> {
    let id = endpoint_id(path)?;
    let Input(change) = change?;
    if change.url.is_none()
        && change.event_types.is_none()
        && change.description.is_none()
        && change.enabled.is_none()
    {
        return Err(ApiError::BadRequest {
            code: "empty_change",
            message: "give at least one of url, event_types, description, enabled".into(),
            field: Some("body"),
        });
    }
    let event_types = event_types_field(change.event_types.as_ref())?;
    // The URL's check may resolve its host: only for an endpoint that exists.
    if endpoints::get(&ctx.db, id).await?.is_none() {
        return Err(not_found(id));
    }
    let update = EndpointChange {
        url: url_field(&ctx, change.url.as_ref()).await?,
        event_types,
        description: change.description.map(|Description(d)| d),
        enabled: change.enabled.map(|Flag(b)| b),
    };
    let endpoint = endpoints::update(&ctx.db, id, &update)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(Json(endpoint))
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
    path: Result<Path<String>, PathRejection>,
    body: Result<Input<RotateWebhookSecret>, ApiError>,
) -> Result<Json<EndpointWithSecret>, ApiError> {
    let id = endpoint_id(path)?;
    let Input(body) = body?;
    let grace = body.grace_secs.map_or(
        ctx.config.webhooks.webhook_rotation_grace_secs,
        |Seconds(s)| s,
    );
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
    Ok(Json(EndpointWithSecret::new(endpoint, &secret)))
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
        Json(TestSent {
            event_id,
            delivery_id,
        }),
    )
        .into_response())
}

#[tracing::instrument(name = "admin_webhook_deliveries", skip_all)]
async fn deliveries(
    State(ctx): State<ApiContext>,
    path: Result<Path<String>, PathRejection>,
    query: Result<Input<DeliveriesQuery>, ApiError>,
) -> Result<Json<Deliveries>, ApiError> {
    let id = endpoint_id(path)?;
    let Input(query) = query?;
    let limit = query.limit.map_or(100, |DeliveryCount(n)| n);
    if !(1..=MAX_DELIVERIES).contains(&limit) {
        return Err(ApiError::bad_field(
            "limit",
            format!("limit must be between 1 and {MAX_DELIVERIES}"),
        ));
    }
    let list = endpoints::deliveries(&ctx.db, id, limit as i64)
        .await?
        .ok_or_else(|| not_found(id))?;
    Ok(Json(Deliveries { deliveries: list }))
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
    Ok((StatusCode::ACCEPTED, Json(delivery)).into_response())
}
