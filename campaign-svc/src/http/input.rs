//! Reading request input from a query string and/or a JSON body, naming the field on every error.

use crate::error::ApiError;
use axum::http::HeaderMap;
use serde_json::{Map, Value};

/// Merges query parameters and a JSON object body into one map of fields. A field given in both
/// places must agree; unknown fields are refused so typos are not silently ignored.
pub fn fields(
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
    allowed: &[&'static str],
) -> Result<Map<String, Value>, ApiError> {
    let mut out = Map::new();
    if let Some(q) = query.filter(|q| !q.is_empty()) {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(q).map_err(|_| ApiError::BadRequest {
                code: "invalid_query",
                message: "the query string is not valid URL encoding".into(),
                field: None,
            })?;
        for (k, v) in pairs {
            let name = known(&k, allowed)?;
            if out.insert(name.to_string(), Value::String(v)).is_some() {
                return Err(ApiError::bad_field(
                    name,
                    format!("{name} is given more than once"),
                ));
            }
        }
    }
    if !body.iter().all(u8::is_ascii_whitespace) {
        let content_type = headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json");
        if !content_type.starts_with("application/json") {
            return Err(ApiError::BadRequest {
                code: "unsupported_media_type",
                message: "the body must be JSON (Content-Type: application/json)".into(),
                field: Some("body"),
            });
        }
        let value: Value = serde_json::from_slice(body).map_err(|e| ApiError::BadRequest {
            code: "invalid_json",
            message: format!("the body is not valid JSON: {e}"),
            field: Some("body"),
        })?;
        let Value::Object(obj) = value else {
            return Err(ApiError::BadRequest {
                code: "invalid_json",
                message: "the body must be a JSON object".into(),
                field: Some("body"),
            });
        };
        for (k, v) in obj {
            let name = known(&k, allowed)?;
            if v.is_null() {
                continue;
            }
            match out.get(name) {
                Some(existing) if !same_value(existing, &v) => {
                    return Err(ApiError::bad_field(
                        name,
                        format!("{name} differs between the query string and the body"),
                    ));
                }
                _ => {
                    out.insert(name.to_string(), v);
                }
            }
        }
    }
    Ok(out)
}

fn known(name: &str, allowed: &[&'static str]) -> Result<&'static str, ApiError> {
    allowed
        .iter()
        .copied()
        .find(|a| *a == name)
        .ok_or_else(|| ApiError::BadRequest {
            code: "unknown_field",
            message: format!(
                "unknown field {name:?}; expected one of {}",
                allowed.join(", ")
            ),
            field: None,
        })
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(s), Value::Number(n)) | (Value::Number(n), Value::String(s)) => {
            s == &n.to_string()
        }
        _ => a == b,
    }
}

/// A required string field.
pub fn required_string(
    fields: &Map<String, Value>,
    name: &'static str,
) -> Result<String, ApiError> {
    match fields.get(name) {
        None => Err(ApiError::bad_field(name, format!("{name} is required"))),
        Some(Value::String(s)) => {
            shared::grant::check_identifier(name, s)?;
            Ok(s.clone())
        }
        Some(_) => Err(ApiError::bad_field(
            name,
            format!("{name} must be a string"),
        )),
    }
}

/// An optional positive integer field (JSON number or decimal string).
pub fn optional_u64(
    fields: &Map<String, Value>,
    name: &'static str,
) -> Result<Option<u64>, ApiError> {
    let parsed = match fields.get(name) {
        None => return Ok(None),
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse::<u64>().ok()
        }
        Some(_) => None,
    };
    parsed.map(Some).ok_or_else(|| {
        ApiError::bad_field(
            name,
            format!("{name} must be a whole number of token base units"),
        )
    })
}

/// An optional boolean field.
pub fn optional_bool(
    fields: &Map<String, Value>,
    name: &'static str,
) -> Result<Option<bool>, ApiError> {
    match fields.get(name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s == "true" || s == "false" => Ok(Some(s == "true")),
        Some(_) => Err(ApiError::bad_field(
            name,
            format!("{name} must be true or false"),
        )),
    }
}
