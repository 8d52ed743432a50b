//! Raw REST reads for the endpoint-shape tests: status and JSON body as the node sent them.

use serde_json::Value;

use crate::helpers::TestChain;

/// GETs `path` under `/v1`; returns status and JSON body.
pub async fn get(chain: &TestChain, path: &str) -> (u16, Value) {
    let r = chain
        .http
        .get(format!("{}/{path}", chain.handle.url()))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// A u64 field rendered as a JSON string.
pub fn u64_of(v: &Value, field: &str) -> u64 {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} is not a string in {v}"))
        .parse()
        .unwrap()
}
