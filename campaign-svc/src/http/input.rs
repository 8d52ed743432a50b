//! Reading request input from a query string and/or a JSON body, naming the field on every error.
//!
//! A request's fields are a struct (`deny_unknown_fields`) read by one extractor, [`Input`]:
//! [`fields`] merges the original spec's query form with the JSON body (refusing unknown,
//! repeated and conflicting fields), then the struct is deserialized from the merged fields and
//! a field that is missing or malformed is named in the 400.

use super::error::ApiError;
use axum::extract::FromRequest;
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::{Map, Value};

/// Merges query parameters and a JSON object body into one map of fields. A field given in both
/// places must agree; unknown fields are refused so typos are not silently ignored. A field given
/// twice in the query string, or twice in the body, is refused: which of the two was meant cannot
/// be known (JSON parsers disagree on it), so neither is guessed. `content_type` is the request's
/// `Content-Type` (absent or not text: JSON is assumed).
pub fn fields(
    query: Option<&str>,
    content_type: Option<&str>,
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
        let content_type = content_type.unwrap_or("application/json");
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

// ------------------------------------------------------------------------------ typed requests

/// Where a request type's fields may come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The original spec's form: the query string and/or a JSON body (`POST /token-request`).
    QueryAndBody,
    /// A JSON body only; a query string is refused, naming its first parameter.
    Body,
    /// The query string only (a `GET`'s parameters); a body is not read.
    Query,
}

/// A request's input as a type: a struct deriving `Deserialize` (with `deny_unknown_fields`)
/// whose fields are the request's, read by [`Input`].
///
/// Its field types say how each value is read and what its error says: [`Identifier`],
/// [`Flag`], the whole numbers of [`whole_number!`], or a type of the endpoint's module whose
/// `Deserialize` refuses with a message naming [`FIELD`] (which becomes the field's name).
pub trait Fields: serde::de::DeserializeOwned {
    /// Where its fields come from.
    const SOURCE: Source;
}

/// A request's typed input: [`fields`] (which refuses unknown, repeated and conflicting fields),
/// then the type, each field's error naming it (`{field} is required`, `{field} must be ...`).
///
/// Take it as `Result<Input<T>, ApiError>` after the path's extractors and check the path
/// first, so a bad path is named before a bad body, as it always was.
pub struct Input<T>(pub T);

impl<S: Send + Sync, T: Fields> FromRequest<S> for Input<T> {
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        let names = field_names::<T>();
        let query = req.uri().query().map(str::to_owned);
        // Only the body's type is read from the headers; kept before the body consumes `req`.
        let content_type = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let content_type = content_type.as_deref();
        let fields = match T::SOURCE {
            Source::Query => fields(query.as_deref(), content_type, &[], names)?,
            Source::Body => {
                no_query(query.as_deref())?;
                let body = bytes::Bytes::from_request(req, state).await?;
                fields(None, content_type, &body, names)?
            }
            Source::QueryAndBody => {
                let body = bytes::Bytes::from_request(req, state).await?;
                fields(query.as_deref(), content_type, &body, names)?
            }
        };
        typed(fields, names).map(Input)
    }
}

/// Stands for the field's name in the message of a field type's refusal; [`Input`] writes the
/// name in its place (`"{FIELD} must be true or false"` → `"active must be true or false"`).
pub const FIELD: &str = "\u{1}field\u{1}";

/// `T` from the merged fields, or a 400 naming the field that is missing or malformed.
fn typed<T: Fields>(
    fields: Map<String, Value>,
    names: &'static [&'static str],
) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(Value::Object(fields)).map_err(|e| {
        let message = e.inner().to_string();
        // serde's own words for a required field that is absent: "missing field `name`".
        if let Some(missing) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'))
        {
            let name = static_name(missing, names);
            return ApiError::bad_field(name, format!("{name} is required"));
        }
        let path = e.path().to_string();
        let top = path.split(['.', '[']).next().unwrap_or_default();
        let name = static_name(top, names);
        ApiError::bad_field(name, message.replace(FIELD, name))
    })
}

/// `name` as the type's own (static) field name; `body` when it is not one of them.
fn static_name(name: &str, names: &'static [&'static str]) -> &'static str {
    names.iter().copied().find(|n| *n == name).unwrap_or("body")
}

/// The field names of a struct deriving `Deserialize`, as its derive declares them (so the one
/// list of a request's fields is the struct).
pub fn field_names<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};
    struct Capture<'a>(&'a mut &'static [&'static str]);
    impl<'de> de::Deserializer<'de> for Capture<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("captured"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut names: &'static [&'static str] = &[];
    let _ = T::deserialize(Capture(&mut names));
    names
}

/// An identifier field (a user or campaign id): a string that passes the identifier rule
/// ([`shared::grant::check_identifier`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier(pub String);

impl<'de> serde::Deserialize<'de> for Identifier {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) => match shared::grant::check_identifier("value", &s) {
                Ok(()) => Ok(Identifier(s)),
                Err(e) => Err(serde::de::Error::custom(e.reason)),
            },
            _ => Err(serde::de::Error::custom(format!(
                "{FIELD} must be a string"
            ))),
        }
    }
}

/// A boolean field: JSON `true`/`false`, or the query string's `true`/`false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl<'de> serde::Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Bool(b) => Ok(Flag(b)),
            Value::String(s) if s == "true" || s == "false" => Ok(Flag(s == "true")),
            _ => Err(serde::de::Error::custom(format!(
                "{FIELD} must be true or false"
            ))),
        }
    }
}

/// A string field, any text (the endpoint checks what it may hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) => Ok(Text(s)),
            _ => Err(serde::de::Error::custom(format!(
                "{FIELD} must be a string"
            ))),
        }
    }
}

/// A whole number from a JSON number or a decimal string (the query string's form), or the
/// message "{field} must be a whole number of {unit}".
pub fn read_whole_number<'de, D: serde::Deserializer<'de>>(
    d: D,
    unit: &str,
) -> Result<u64, D::Error> {
    let parsed = match Value::deserialize(d)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse::<u64>().ok()
        }
        _ => None,
    };
    parsed.ok_or_else(|| {
        serde::de::Error::custom(format!("{FIELD} must be a whole number of {unit}"))
    })
}

/// A whole-number field type: `whole_number!(Seconds, "seconds")` declares `Seconds(u64)`,
/// read by [`read_whole_number`] with that unit.
macro_rules! whole_number {
    ($(#[$doc:meta])* $name:ident, $unit:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name(pub u64);

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::http::input::read_whole_number(d, $unit).map($name)
            }
        }
    };
}
pub(crate) use whole_number;

whole_number!(
    /// An amount in the token's base units.
    BaseUnits,
    "token base units"
);
whole_number!(
    /// A duration in seconds.
    Seconds,
    "seconds"
);
