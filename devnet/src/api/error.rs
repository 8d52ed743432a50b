//! The REST API's error body, `{"message", "error_code", "vm_error_code"}`, with a real node's
//! HTTP statuses and error codes.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::chain::{SubmitError, ViewError};
use crate::mempool::MempoolRejection;
use crate::vm_status::ValidationStatus;
use crate::wire::DecodeError;

/// An error response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {error_code}: {message}")]
pub(crate) struct ApiError {
    /// HTTP status.
    pub(crate) status: StatusCode,
    /// Human-readable message.
    pub(crate) message: String,
    /// Machine-readable code (`vm_error`, `account_not_found`, ...).
    pub(crate) error_code: &'static str,
    /// VM status code for `vm_error`.
    pub(crate) vm_error_code: Option<u64>,
    /// `Retry-After` seconds, for 429.
    pub(crate) retry_after_secs: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, error_code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            error_code,
            vm_error_code: None,
            retry_after_secs: None,
        }
    }

    /// 400 `invalid_input`.
    pub(crate) fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_input", message)
    }

    /// 400 `web_framework_error`: a path or query parameter that does not parse, as a real
    /// node's web framework reports it before the handler runs.
    pub(crate) fn web_framework(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "web_framework_error", message)
    }

    /// 404 with `error_code`.
    pub(crate) fn not_found(error_code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, error_code, message)
    }

    /// 400 `vm_error` for a validation status.
    pub(crate) fn validation(status: ValidationStatus) -> Self {
        ApiError {
            vm_error_code: Some(status.code()),
            ..Self::new(StatusCode::BAD_REQUEST, "vm_error", status.submit_message())
        }
    }

    /// 503 `internal_error` (injected fault).
    pub(crate) fn injected_unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "internal_error",
            "dev chain injected fault: service unavailable",
        )
    }

    /// 429 with `Retry-After` (injected fault).
    pub(crate) fn injected_rate_limit(retry_after_secs: u64) -> Self {
        ApiError {
            retry_after_secs: Some(retry_after_secs),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "dev chain injected fault: too many requests",
            )
        }
    }
}

impl From<SubmitError> for ApiError {
    fn from(e: SubmitError) -> Self {
        match e {
            SubmitError::Validation(status) => ApiError::validation(status),
            SubmitError::Mempool(m @ MempoolRejection::AccountFull { .. }) => ApiError::new(
                StatusCode::INSUFFICIENT_STORAGE,
                "mempool_is_full",
                m.to_string(),
            ),
            SubmitError::Mempool(m @ MempoolRejection::DifferentPayload) => ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_transaction_update",
                m.to_string(),
            ),
        }
    }
}

impl From<DecodeError> for ApiError {
    fn from(e: DecodeError) -> Self {
        ApiError::invalid_input(format!(
            "Failed to deserialize input into SignedTransaction: {e}"
        ))
    }
}

impl From<ViewError> for ApiError {
    fn from(e: ViewError) -> Self {
        ApiError::invalid_input(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "message": self.message,
            "error_code": self.error_code,
            "vm_error_code": self.vm_error_code,
        });
        let mut response = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
