//! API keys with scopes. Keys are configured as SHA-256 digests (never in clear), compared in
//! constant time against every configured key. With no keys configured the API is open, which is
//! only for local development and logged loudly at start-up.

use super::error::ApiError;
use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Create grants (`POST /token-request`).
    Grant,
    /// Read status and grants.
    Read,
    /// Operator endpoints under `/admin`.
    Admin,
}

impl Scope {
    fn bit(self) -> u8 {
        match self {
            Scope::Grant => 1,
            Scope::Read => 2,
            Scope::Admin => 4,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Scope::Grant => "grant",
            Scope::Read => "read",
            Scope::Admin => "admin",
        }
    }
}

/// Why `API_KEYS` was refused.
#[derive(Debug, thiserror::Error)]
#[error("API_KEYS entry {index}: {reason} (expected `scope+scope:<64 hex sha256>`)")]
pub struct ApiKeysError {
    index: usize,
    reason: &'static str,
}

/// The configured keys.
#[derive(Clone, Default)]
pub struct ApiKeys {
    keys: Vec<([u8; 32], u8)>,
}

impl std::fmt::Debug for ApiKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKeys")
            .field("count", &self.keys.len())
            .finish()
    }
}

/// SHA-256 of a key, as hex (what `API_KEYS` stores).
pub fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// The key a request presents: `X-API-Key: <key>` or `Authorization: Bearer <key>` (scheme in
/// any case, any whitespace around the key), trimmed. This is the one place a key is read from a
/// request: authentication and the per-key rate limit both use it, so every spelling of one key is
/// one caller.
pub fn presented_key(headers: &HeaderMap) -> Option<&str> {
    if let Some(v) = headers.get("x-api-key") {
        return v.to_str().ok().map(str::trim);
    }
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .trim();
    let (scheme, key) = value.split_once(|c: char| c.is_ascii_whitespace())?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| key.trim())
        .filter(|k| !k.is_empty())
}

/// The identity of a presented key: its SHA-256, the form `API_KEYS` stores.
pub fn key_identity(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

impl ApiKeys {
    /// Parses `grant+read:<sha256 hex>,admin:<sha256 hex>`.
    pub fn parse(spec: &str) -> Result<Self, ApiKeysError> {
        let mut keys = Vec::new();
        for (index, entry) in spec
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .enumerate()
        {
            let (scopes, digest) = entry.rsplit_once(':').ok_or(ApiKeysError {
                index,
                reason: "missing ':'",
            })?;
            let mut bits = 0u8;
            for scope in scopes.split('+') {
                bits |= match scope.trim() {
                    "grant" => Scope::Grant.bit(),
                    "read" => Scope::Read.bit(),
                    "admin" => Scope::Admin.bit(),
                    _ => {
                        return Err(ApiKeysError {
                            index,
                            reason: "unknown scope",
                        });
                    }
                };
            }
            let mut hash = [0u8; 32];
            hex::decode_to_slice(digest.trim(), &mut hash).map_err(|_| ApiKeysError {
                index,
                reason: "the digest is not 64 hex digits",
            })?;
            keys.push((hash, bits));
        }
        Ok(Self { keys })
    }

    /// Whether any key is configured.
    pub fn enabled(&self) -> bool {
        !self.keys.is_empty()
    }

    /// Checks the request's key (`Authorization: Bearer <key>` or `X-API-Key`) for `scope`.
    pub fn require(&self, headers: &HeaderMap, scope: Scope) -> Result<(), ApiError> {
        if self.keys.is_empty() {
            return Ok(());
        }
        let presented = presented_key(headers).ok_or(ApiError::Unauthorized)?;
        let digest = key_identity(presented);
        // Compare against every key without an early exit, so timing says nothing about which
        // (if any) matched.
        let mut granted = 0u8;
        let mut matched = subtle::Choice::from(0);
        for (hash, bits) in &self.keys {
            let eq = hash.ct_eq(&digest);
            matched |= eq;
            granted |= bits & (0u8.wrapping_sub(eq.unwrap_u8()));
        }
        if !bool::from(matched) {
            return Err(ApiError::Unauthorized);
        }
        if granted & scope.bit() == 0 {
            return Err(ApiError::Forbidden(scope.name()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(key: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-api-key", HeaderValue::from_str(key).unwrap());
        h
    }

    #[test]
    fn scopes_are_enforced_and_unknown_keys_refused() {
        let keys = ApiKeys::parse(&format!(
            "grant+read:{},admin:{}",
            hash_key("game-server"),
            hash_key("operator")
        ))
        .unwrap();
        assert!(keys.require(&headers("game-server"), Scope::Grant).is_ok());
        assert!(keys.require(&headers("game-server"), Scope::Read).is_ok());
        assert!(matches!(
            keys.require(&headers("game-server"), Scope::Admin),
            Err(ApiError::Forbidden("admin"))
        ));
        assert!(keys.require(&headers("operator"), Scope::Admin).is_ok());
        assert!(matches!(
            keys.require(&headers("guess"), Scope::Read),
            Err(ApiError::Unauthorized)
        ));
        assert!(matches!(
            keys.require(&HeaderMap::new(), Scope::Read),
            Err(ApiError::Unauthorized)
        ));
        let mut bearer = HeaderMap::new();
        bearer.insert("authorization", HeaderValue::from_static("Bearer operator"));
        assert!(keys.require(&bearer, Scope::Admin).is_ok());
    }

    #[test]
    fn every_spelling_of_one_key_is_one_identity() {
        let mut expected = HeaderMap::new();
        expected.insert("x-api-key", HeaderValue::from_static("operator"));
        let id = presented_key(&expected).map(key_identity);
        assert!(id.is_some());
        for spelling in [
            "Bearer operator",
            "Bearer  operator",
            "Bearer   operator ",
            "bearer\toperator",
            "BEARER operator",
        ] {
            let mut h = HeaderMap::new();
            h.insert("authorization", HeaderValue::from_str(spelling).unwrap());
            assert_eq!(presented_key(&h).map(key_identity), id, "{spelling:?}");
        }
        for refused in ["Basic operator", "Bearer", "Bearer   ", "operator"] {
            let mut h = HeaderMap::new();
            h.insert("authorization", HeaderValue::from_str(refused).unwrap());
            assert_eq!(presented_key(&h), None, "{refused:?}");
        }
    }

    #[test]
    fn no_keys_means_open_and_bad_specs_are_refused() {
        assert!(
            ApiKeys::parse("")
                .unwrap()
                .require(&HeaderMap::new(), Scope::Admin)
                .is_ok()
        );
        assert!(ApiKeys::parse("root:abcd").is_err());
        assert!(ApiKeys::parse("grant:xyz").is_err());
        assert!(ApiKeys::parse("nocolon").is_err());
    }
}
