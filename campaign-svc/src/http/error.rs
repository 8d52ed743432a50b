//! The HTTP API's error type: every failure becomes JSON `{"error":{"code","message","field"}}`
//! with a 4xx for anything the caller can fix and a 503 for an outage. Database internals never
//! reach the response; they are logged with the request's span.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use shared::grant::InvalidField;

/// The JSON of every error answer (`Error` in openapi.json): `{"error": {"code", "message",
/// "field"?, ...details}}`. Answers made outside the handlers (the JSON error layer, the
/// protocol errors hyper answers itself) use it too, so there is one shape.
#[derive(Debug, Serialize)]
pub struct ErrorBody<'a> {
    /// What went wrong.
    pub error: ErrorObject<'a>,
}

/// The error object of an [`ErrorBody`].
#[derive(Debug, Serialize)]
pub struct ErrorObject<'a> {
    /// Stable machine-readable code.
    pub code: &'a str,
    /// Human-readable text.
    pub message: String,
    /// The offending field: absent where an error never names one, `null` where it may but
    /// does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Option<String>>,
    /// Extra members (a conflict's existing grant, a failed run's id, ...).
    #[serde(flatten)]
    pub details: serde_json::Map<String, serde_json::Value>,
}

impl<'a> ErrorBody<'a> {
    /// An error naming `field` (or `null`).
    pub fn naming(code: &'a str, message: impl Into<String>, field: Option<&str>) -> Self {
        ErrorBody {
            error: ErrorObject {
                code,
                message: message.into(),
                field: Some(field.map(String::from)),
                details: serde_json::Map::new(),
            },
        }
    }
}

/// What went wrong with a request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Malformed input (400).
    #[error("{message}")]
    BadRequest {
        /// Stable machine-readable code.
        code: &'static str,
        /// Human-readable text.
        message: String,
        /// The offending field.
        field: Option<&'static str>,
    },
    /// Malformed input (400) naming a field the caller chose, such as an unknown query
    /// parameter or body member: the name is the caller's text, not one of ours.
    #[error("{message}")]
    BadParameter {
        /// Stable machine-readable code.
        code: &'static str,
        /// Human-readable text.
        message: String,
        /// The parameter or member as the caller spelled it.
        field: String,
    },
    /// Well-formed but unacceptable input (422).
    #[error("{message}")]
    Unprocessable {
        /// Stable machine-readable code.
        code: &'static str,
        /// Human-readable text.
        message: String,
        /// The offending field.
        field: Option<&'static str>,
    },
    /// Missing or wrong credentials (401).
    #[error("missing or invalid API key")]
    Unauthorized,
    /// The key lacks the scope (403).
    #[error("this API key lacks the {0} scope")]
    Forbidden(&'static str),
    /// No such resource (404).
    #[error("{0}")]
    NotFound(String),
    /// The request conflicts with existing state (409); `details` carries e.g. the existing grant.
    #[error("{message}")]
    Conflict {
        /// Stable machine-readable code.
        code: &'static str,
        /// Human-readable text.
        message: String,
        /// Extra JSON merged into the error object.
        details: serde_json::Value,
    },
    /// Too many requests (429).
    #[error("rate limit exceeded")]
    RateLimited {
        /// Seconds until a retry may succeed.
        retry_after_secs: u64,
    },
    /// A dependency is down (503); the caller may retry.
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// An operation failed for a cause the server can name (a 5xx): an operator's request such
    /// as a ledger run, whose caller needs the cause, not just "internal error".
    #[error("{message}")]
    Failed {
        /// 500, or 503 when a dependency could not be reached.
        status: StatusCode,
        /// Stable machine-readable code.
        code: &'static str,
        /// The cause.
        message: String,
        /// Extra JSON merged into the error object (e.g. the failed run's id).
        details: serde_json::Value,
    },
    /// The body could not be read (larger than allowed, too slow, cut off): axum's own
    /// rejection, answered as it always was (the JSON error layer words it, `body` named).
    #[error("the request body could not be read")]
    Body(#[from] axum::extract::rejection::BytesRejection),
    /// A bug or an unexpected failure (500); details only in the logs.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    /// 400 naming a field.
    pub fn bad_field(field: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code: "invalid_field",
            message: message.into(),
            field: Some(field),
        }
    }

    /// 422 naming a field.
    pub fn unprocessable(
        code: &'static str,
        field: &'static str,
        message: impl Into<String>,
    ) -> Self {
        ApiError::Unprocessable {
            code,
            message: message.into(),
            field: Some(field),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } | ApiError::BadParameter { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Failed { status, .. } => *status,
            ApiError::Body(rejection) => rejection.status(),
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest { code, .. }
            | ApiError::BadParameter { code, .. }
            | ApiError::Unprocessable { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::Failed { code, .. } => code,
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Body(_) => "body",
            ApiError::Internal(_) => "internal",
        }
    }
}

impl From<InvalidField> for ApiError {
    fn from(e: InvalidField) -> Self {
        ApiError::bad_field(e.field, e.reason)
    }
}

impl From<crate::game::LookupError> for ApiError {
    fn from(e: crate::game::LookupError) -> Self {
        use crate::game::LookupError;
        match e {
            LookupError::Duplicate => ApiError::unprocessable(
                "duplicate_game_user",
                "user_id",
                "the game's users query returns this user id more than once; it is not paid \
                 until the game's data is fixed",
            ),
            LookupError::Unreachable(e) => {
                tracing::warn!(error = %e, "game database unreachable");
                ApiError::Unavailable("the game database is unreachable".into())
            }
            LookupError::QueryFailed(e) => {
                tracing::warn!(error = %e, "the game's users query failed");
                ApiError::Unavailable("the game's users query failed for this user".into())
            }
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        if crate::database::unreachable(&e) {
            ApiError::Unavailable("the ledger database is unreachable".into())
        } else {
            ApiError::Internal(e.into())
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Body(rejection) = self {
            return rejection.into_response();
        }
        let status = self.status();
        match &self {
            ApiError::Internal(e) => tracing::error!(error = ?e, "request failed"),
            ApiError::Failed { message, .. } => tracing::error!(error = %message, "request failed"),
            ApiError::Unavailable(m) => tracing::warn!(reason = %m, "dependency unavailable"),
            _ => {}
        }
        let mut error = ErrorObject {
            code: self.code(),
            message: self.to_string(),
            field: None,
            details: serde_json::Map::new(),
        };
        match &self {
            ApiError::BadRequest { field, .. } | ApiError::Unprocessable { field, .. } => {
                error.field = Some(field.map(String::from));
            }
            ApiError::BadParameter { field, .. } => error.field = Some(Some(field.clone())),
            ApiError::Conflict { details, .. } | ApiError::Failed { details, .. } => {
                if let Some(extra) = details.as_object() {
                    error.details = extra.clone();
                }
            }
            _ => {}
        }
        let mut response = (status, Json(ErrorBody { error })).into_response();
        if let ApiError::RateLimited { retry_after_secs } = self {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(retry_after_secs.max(1)),
            );
        }
        response
    }
}
