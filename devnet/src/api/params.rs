//! Path and query parameters parsed the way a real node's web framework parses them, so a bad
//! parameter answers 400 `web_framework_error` with the same message: `start` is a u64 string,
//! `limit` a u16, an address 1 to 64 hex digits. Paging follows aptos-core's `Page`: `limit`
//! defaults to 25, must not be zero, and larger values are cut to the endpoint's maximum.

use axum::Json;
use axum::extract::Query;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::ApiError;
use crate::address::Address;

/// Default page size of every paged endpoint (aptos-core `DEFAULT_PAGE_SIZE`).
pub(crate) const DEFAULT_PAGE_SIZE: u16 = 25;
/// Largest page of `GET /v1/accounts/{address}/transactions` and `GET /v1/transactions`
/// (the node config's `max_account_transactions_page_size` and `max_transactions_page_size`).
pub(crate) const MAX_TRANSACTIONS_PAGE_SIZE: u16 = 100;
/// Most transactions a block lists (`max_block_transactions_page_size`).
pub(crate) const MAX_BLOCK_TRANSACTIONS: u64 = 10_000;

/// Raw query pairs; the first occurrence of a name wins, unknown names are ignored, as on a
/// real node.
pub(crate) type RawQuery = Query<Vec<(String, String)>>;

/// The first value of `name` in the query.
pub(crate) fn query_value<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// An optional u64-string query parameter (`start`, `ledger_version`).
pub(crate) fn optional_u64(
    query: &[(String, String)],
    name: &str,
) -> Result<Option<u64>, ApiError> {
    query_value(query, name)
        .map(|raw| {
            raw.parse::<u64>().map_err(|e| {
                ApiError::web_framework(format!(
                    "failed to parse parameter `{name}`: failed to parse \"string(U64)\": \
                     Parsing u64 string \"{raw}\" failed, caused by error: {e} \
                     (occurred while parsing \"optional<string(U64)>\")"
                ))
            })
        })
        .transpose()
}

/// An optional boolean query parameter (`with_transactions`), `false` when absent.
pub(crate) fn optional_bool(query: &[(String, String)], name: &str) -> Result<bool, ApiError> {
    match query_value(query, name) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(ApiError::web_framework(format!(
            "failed to parse parameter `{name}`: failed to parse \"boolean\": provided string \
             was not `true` or `false` (occurred while parsing \"optional<boolean>\")"
        ))),
    }
}

/// A u64 path segment typed as a u64 *string* in the node's API spec (`txn_version`).
pub(crate) fn u64_string_path(name: &str, raw: &str) -> Result<u64, ApiError> {
    raw.parse().map_err(|e| {
        ApiError::web_framework(format!(
            "failed to parse path `{name}`: failed to parse \"string(U64)\": Parsing u64 string \
             \"{raw}\" failed, caused by error: {e}"
        ))
    })
}

/// A u64 path segment typed as an integer in the node's API spec (`block_height`, `version`).
pub(crate) fn u64_integer_path(name: &str, raw: &str) -> Result<u64, ApiError> {
    raw.parse().map_err(|e| {
        ApiError::web_framework(format!(
            "failed to parse path `{name}`: failed to parse \"integer(uint64)\": {e}"
        ))
    })
}

/// `start` and `limit` of a paged endpoint, validated against `max_page_size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Page {
    /// First item requested, if given.
    pub(crate) start: Option<u64>,
    /// Items to return: the requested limit (default 25) capped at the endpoint's maximum.
    pub(crate) limit: u16,
}

impl Page {
    /// Parses `start` and `limit`; `limit=0` is 400 `invalid_input`.
    pub(crate) fn parse(query: &[(String, String)], max_page_size: u16) -> Result<Self, ApiError> {
        let start = optional_u64(query, "start")?;
        let limit = match query_value(query, "limit") {
            None => DEFAULT_PAGE_SIZE,
            Some(raw) => raw.parse::<u16>().map_err(|e| {
                ApiError::web_framework(format!(
                    "failed to parse parameter `limit`: failed to parse \"integer(uint16)\": {e} \
                     (occurred while parsing \"optional<integer(uint16)>\")"
                ))
            })?,
        };
        if limit == 0 {
            return Err(ApiError::invalid_input(format!(
                "Given limit value ({limit}) must not be zero"
            )));
        }
        Ok(Page {
            start,
            limit: limit.min(max_page_size),
        })
    }
}

/// The `start` of resource and module lists: a state key in hex (`x-aptos-cursor`).
pub(crate) fn state_key_cursor(query: &[(String, String)]) -> Result<Option<Vec<u8>>, ApiError> {
    query_value(query, "start")
        .map(|cursor| {
            hex::decode(cursor).map_err(|_| {
                ApiError::web_framework(
                    "failed to parse parameter `start`: failed to parse \"string(StateKeyWrapper)\": \
                     Failed to decode StateKey as hex string (occurred while parsing \
                     \"optional<string(StateKeyWrapper)>\")",
                )
            })
        })
        .transpose()
}

/// A page of a list ordered by state key (an account's resources or modules), as a real node
/// pages it: `start` is a state key in hex, `limit` defaults to the endpoint's maximum, and when
/// more remain `x-aptos-cursor` names the next one.
pub(crate) struct StateKeyPage {
    start: Option<Vec<u8>>,
    limit: usize,
}

impl StateKeyPage {
    /// `start` and `limit` from the query; `max` is the endpoint's largest page.
    pub(crate) fn parse(query: &[(String, String)], max: u16) -> Result<Self, ApiError> {
        let start = state_key_cursor(query)?;
        let limit = match query_value(query, "limit") {
            None => usize::from(max),
            Some(_) => usize::from(Page::parse(query, max)?.limit),
        };
        Ok(Self { start, limit })
    }

    /// The page of `items` (state key, JSON), sorted by key, with the cursor header when more
    /// remain.
    pub(crate) fn respond(&self, items: impl IntoIterator<Item = (Vec<u8>, Value)>) -> Response {
        let mut keyed: Vec<(Vec<u8>, Value)> = items
            .into_iter()
            .filter(|(key, _)| self.start.as_ref().is_none_or(|s| key >= s))
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let next = keyed.get(self.limit).map(|(key, _)| hex::encode(key));
        keyed.truncate(self.limit);
        let page: Vec<Value> = keyed.into_iter().map(|(_, v)| v).collect();
        let mut response = Json(page).into_response();
        if let Some(cursor) = next.and_then(|c| HeaderValue::from_str(&c).ok()) {
            response.headers_mut().insert("x-aptos-cursor", cursor);
        }
        response
    }
}

/// An account address path segment.
pub(crate) fn address_path(raw: &str) -> Result<Address, ApiError> {
    raw.parse().map_err(|e| {
        ApiError::web_framework(format!(
            "failed to parse path `address`: failed to parse \"string(Address)\": \
             Invalid account address: {e}"
        ))
    })
}
