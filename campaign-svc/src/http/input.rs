//! Reading request input from a query string and/or a JSON body, naming the field on every error.

use super::error::ApiError;
use axum::http::HeaderMap;
use serde_json::{Map, Value};

/// Merges query parameters and a JSON object body into one map of fields. A field given in both
/// places must agree; unknown fields are refused so typos are not silently ignored. A field given
/// twice in the query string, or twice in the body, is refused: which of the two was meant cannot
/// be known (JSON parsers disagree on it), so neither is guessed.
pub fn fields(
    query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
    allowed: &[&'static str],
) -> Result<Map<String, Value>, ApiError> {
    let mut out = Map::new();
    if let Some(q) = query.filter(|q| !q.is_empty()) {
        for (k, v) in query_pairs(q)? {
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
        // `Value` keeps the last of two equal members; the member names as written tell.
        let MemberNames(names) =
            serde_json::from_slice(body).map_err(|e| ApiError::BadRequest {
                code: "invalid_json",
                message: format!("the body is not valid JSON: {e}"),
                field: Some("body"),
            })?;
        let mut seen = std::collections::HashSet::new();
        for name in &names {
            if !seen.insert(name.as_str()) {
                let name = known(name, allowed)?;
                return Err(ApiError::bad_field(
                    name,
                    format!("{name} is given more than once in the body"),
                ));
            }
        }
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

/// The member names of a JSON object in the order written, repeats included.
struct MemberNames(Vec<String>);

impl<'de> serde::Deserialize<'de> for MemberNames {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Names;
        impl<'de> serde::de::Visitor<'de> for Names {
            type Value = MemberNames;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<MemberNames, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = map.next_key::<String>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    names.push(name);
                }
                Ok(MemberNames(names))
            }
        }
        deserializer.deserialize_map(Names)
    }
}

/// Refuses a query string on an endpoint that takes none, naming the first parameter: input
/// the endpoint would not read must not look accepted.
pub fn no_query(query: Option<&str>) -> Result<(), ApiError> {
    let Some(q) = query.filter(|q| !q.is_empty()) else {
        return Ok(());
    };
    let first = q.split('&').find(|p| !p.is_empty()).unwrap_or(q);
    let name = first.split('=').next().unwrap_or(first);
    let name = decode_component(name).unwrap_or_else(|_| name.to_string());
    Err(ApiError::BadParameter {
        code: "unknown_field",
        message: format!("this endpoint takes no query parameters; got {name:?}"),
        field: name,
    })
}

/// Splits `application/x-www-form-urlencoded` text into decoded pairs. Unlike the lossy decoders
/// (which turn every invalid byte into U+FFFD, so `%FF` and `%FE` become the same id), a value
/// or name that does not decode to UTF-8 is refused, naming the parameter.
fn query_pairs(query: &str) -> Result<Vec<(String, String)>, ApiError> {
    let mut pairs = Vec::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        let (raw_name, raw_value) = part.split_once('=').unwrap_or((part, ""));
        let name = decode_component(raw_name).map_err(|_| ApiError::BadRequest {
            code: "invalid_query",
            message: "a query parameter name is not valid UTF-8 once percent-decoded".into(),
            field: None,
        })?;
        let value = decode_component(raw_value).map_err(|_| ApiError::BadParameter {
            code: "invalid_field",
            message: format!("{name} is not valid UTF-8 once percent-decoded"),
            field: name.clone(),
        })?;
        pairs.push((name, value));
    }
    Ok(pairs)
}

/// Percent-decodes one form component (`+` is a space); the bytes must be UTF-8. A `%` not
/// followed by two hex digits stays as it is, as browsers and `form_urlencoded` do.
fn decode_component(raw: &str) -> Result<String, std::string::FromUtf8Error> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high * 16 + low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out)
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// The one value of a header that may be sent at most once; a second copy is refused, naming
/// the header, rather than one of them being picked silently.
pub fn single_header<'a>(
    headers: &'a HeaderMap,
    name: &'static str,
) -> Result<Option<&'a axum::http::HeaderValue>, ApiError> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(ApiError::bad_field(
            name,
            format!("{name} is given more than once"),
        ));
    }
    Ok(first)
}

/// A path parameter, or a 400 naming it when it is not valid UTF-8 once percent-decoded (axum's
/// own rejection would be plain text).
pub fn path_param(
    extracted: Result<axum::extract::Path<String>, axum::extract::rejection::PathRejection>,
    name: &'static str,
) -> Result<String, ApiError> {
    extracted.map(|p| p.0).map_err(|rejection| {
        ApiError::bad_field(
            name,
            format!("{name} must be valid UTF-8 once percent-decoded ({rejection})"),
        )
    })
}

/// An id that must be a UUID (a grant, webhook endpoint or delivery id in a path), or a 400
/// naming it.
pub fn uuid(raw: &str, name: &'static str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(raw)
        .map_err(|_| ApiError::bad_field(name, format!("{name} must be a UUID")))
}

/// A path parameter that must be a UUID: [`path_param`], then [`uuid`].
pub fn uuid_path(
    extracted: Result<axum::extract::Path<String>, axum::extract::rejection::PathRejection>,
    name: &'static str,
) -> Result<uuid::Uuid, ApiError> {
    uuid(&path_param(extracted, name)?, name)
}

fn known(name: &str, allowed: &[&'static str]) -> Result<&'static str, ApiError> {
    allowed
        .iter()
        .copied()
        .find(|a| *a == name)
        .ok_or_else(|| ApiError::BadParameter {
            code: "unknown_field",
            message: format!(
                "unknown field {name:?}; expected one of {}",
                allowed.join(", ")
            ),
            field: name.to_string(),
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

/// An optional whole-number field (JSON number or decimal string); `unit` completes the error
/// message "must be a whole number of ..." (token base units, seconds, grants).
pub fn optional_u64(
    fields: &Map<String, Value>,
    name: &'static str,
    unit: &str,
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
        ApiError::bad_field(name, format!("{name} must be a whole number of {unit}"))
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
