//! The two messages that cross the bus: a grant request (campaign-svc → chain-svc) and a grant
//! result (chain-svc → campaign-svc).
//!
//! Field names are seed 001's (`event_type`, `request_id`, `token_amount`, ...). Every value that
//! reaches business logic went through [`GrantRequest::decode`] or [`GrantResult::decode`], so a
//! wallet is always `0x` + 64 lowercase hex, an amount is always a positive integer within the
//! configured cap, and an unknown `event_type` never gets past the edge.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::wallet::WalletAddress;

/// `event_type` of a grant request.
pub const EVENT_GRANT_REQUESTED: &str = "token.grant.requested";
/// `event_type` of a result that paid the grant (or found it already paid).
pub const EVENT_GRANT_COMPLETED: &str = "token.grant.completed";
/// `event_type` of a result that definitively did not pay the grant.
pub const EVENT_GRANT_FAILED: &str = "token.grant.failed";

/// Largest message the services accept from the bus. Real requests and results are < 1 KiB;
/// anything far larger is hostile or broken and goes to the dead-letter topic.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// Why a message or a field was rejected. `field` names the offending JSON field so HTTP
/// callers and dead-letter readers can see exactly what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidField {
    /// The JSON field (or `body`) that failed validation.
    pub field: &'static str,
    /// A human-readable reason.
    pub reason: String,
}

impl InvalidField {
    /// A rejection of `field` for `reason`.
    pub fn new(field: &'static str, reason: impl Into<String>) -> Self {
        Self {
            field,
            reason: reason.into(),
        }
    }
}

/// Checks a token amount (integer base units) against `0 < amount <= max`.
pub fn check_amount(field: &'static str, amount: u64, max: u64) -> Result<u64, InvalidField> {
    if amount == 0 {
        return Err(InvalidField::new(field, "must be greater than zero"));
    }
    if amount > max {
        return Err(InvalidField::new(
            field,
            format!("must not exceed the configured maximum of {max}"),
        ));
    }
    Ok(amount)
}

/// Checks an identifier such as `user_id` or `campaign_id` by the one rule of
/// [`crate::identifier`] (1..=128 bytes, no control or invisible formatting characters, no
/// whitespace at either end), so it is safe in logs, URLs and database keys.
pub fn check_identifier(field: &'static str, value: &str) -> Result<(), InvalidField> {
    crate::identifier::check(field, value)
}

/// A request to pay one grant. `request_id` is the grant id: it travels unchanged through the
/// bus, the transaction, the contract's events and the result, and the contract never pays the
/// same id twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRequest {
    /// Always [`EVENT_GRANT_REQUESTED`].
    pub event_type: String,
    /// The grant id (a UUID).
    pub request_id: Uuid,
    /// The game's user id.
    pub user_id: String,
    /// The campaign (or `ledger` for ledger-run payouts).
    pub campaign_id: String,
    /// Recipient, normalised `0x` + 64 hex.
    pub wallet_address: WalletAddress,
    /// Amount in the token's integer base units.
    pub token_amount: u64,
    /// Token symbol, informational (the Jobs contract pays one token).
    pub token_type: String,
    /// When the grant was recorded.
    pub timestamp: DateTime<Utc>,
    /// How many times this grant was re-sent by an operator retry.
    #[serde(default)]
    pub retry_count: u32,
}

/// Why a bus message was refused. Every variant sends the message to the dead-letter topic.
#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    /// Larger than [`MAX_MESSAGE_BYTES`].
    #[error("message of {0} bytes exceeds the limit of {MAX_MESSAGE_BYTES}")]
    TooLarge(usize),
    /// Not JSON of the expected shape.
    #[error("malformed message: {0}")]
    Malformed(serde_json::Error),
    /// `event_type` is not one this consumer handles.
    #[error("unknown event_type {0:?}")]
    UnknownEventType(String),
    /// A field failed validation.
    #[error("invalid field {0}")]
    Invalid(InvalidField),
}

// The cause is part of the message above, so it is not also reported as `source()` (it would
// print twice in an error chain).
impl From<InvalidField> for MessageError {
    fn from(e: InvalidField) -> Self {
        Self::Invalid(e)
    }
}

// The cause is part of the message above, so it is not also reported as `source()` (it would
// print twice in an error chain).
impl From<serde_json::Error> for MessageError {
    fn from(e: serde_json::Error) -> Self {
        Self::Malformed(e)
    }
}

impl MessageError {
    /// A short, stable label for metrics and the dead-letter `reason` attribute.
    pub fn kind(&self) -> &'static str {
        match self {
            MessageError::TooLarge(_) => "too_large",
            MessageError::Malformed(_) => "malformed",
            MessageError::UnknownEventType(_) => "unknown_event_type",
            MessageError::Invalid(_) => "invalid_field",
        }
    }
}

impl GrantRequest {
    /// Decodes and validates a request from the bus; `max_amount` is the configured cap.
    pub fn decode(data: &[u8], max_amount: u64) -> Result<Self, MessageError> {
        let req = Self::decode_unchecked(data)?;
        req.check(max_amount)?;
        Ok(req)
    }

    /// Decodes a request without the field rules of [`GrantRequest::check`]: the size, the JSON
    /// shape (a UUID `request_id`, a wallet address, an integer amount) and the `event_type`.
    /// A consumer that can decode a request it then refuses answers it (chain-svc: a permanent
    /// `failed` result) instead of dead-lettering it, so the sender learns its fate.
    pub fn decode_unchecked(data: &[u8]) -> Result<Self, MessageError> {
        if data.len() > MAX_MESSAGE_BYTES {
            return Err(MessageError::TooLarge(data.len()));
        }
        let req: GrantRequest = serde_json::from_slice(data)?;
        if req.event_type != EVENT_GRANT_REQUESTED {
            return Err(MessageError::UnknownEventType(req.event_type));
        }
        Ok(req)
    }

    /// The field rules: both ids by the identifier rule of [`crate::identifier`], the amount
    /// within `0 < amount <= max_amount`.
    pub fn check(&self, max_amount: u64) -> Result<(), InvalidField> {
        check_identifier("user_id", &self.user_id)?;
        check_identifier("campaign_id", &self.campaign_id)?;
        check_amount("token_amount", self.token_amount, max_amount)?;
        Ok(())
    }

    /// The JSON bytes published on the bus.
    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a GrantRequest always serialises")
    }
}

/// Whether a result paid the grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Paid by the transaction in `transaction_hash`.
    Paid,
    /// The contract had already paid this grant id; `transaction_hash` is the original payment.
    AlreadyPaid,
    /// Definitively not paid (the contract refused it, or every attempt expired uncommitted).
    Failed,
}

/// How a failure should be treated by the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorClass {
    /// The grant itself is unpayable as given (bad recipient, zero amount, ...).
    Permanent,
    /// The chain kept failing for reasons unrelated to the grant; retrying later may succeed.
    Transient,
}

/// The outcome of one grant, published by chain-svc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantResult {
    /// [`EVENT_GRANT_COMPLETED`] or [`EVENT_GRANT_FAILED`].
    pub event_type: String,
    /// The grant id.
    pub request_id: Uuid,
    /// Copied from the request.
    pub user_id: String,
    /// Copied from the request.
    pub campaign_id: String,
    /// The recipient, copied from the request: the ledger checks it against the grant's.
    pub wallet_address: WalletAddress,
    /// The paying transaction (or the original one for `already_paid`); `None` on failure.
    #[serde(default)]
    pub transaction_hash: Option<String>,
    /// Why the grant failed; `None` on success.
    #[serde(default)]
    pub error_message: Option<String>,
    /// When the request was recorded (copied from the request).
    pub timestamp: DateTime<Utc>,
    /// When chain-svc settled the grant.
    pub processed_at: DateTime<Utc>,
    /// Paid, already paid, or failed.
    pub outcome: Outcome,
    /// Set on failures.
    #[serde(default)]
    pub error_class: Option<ErrorClass>,
    /// The Jobs job id that carried the grant.
    #[serde(default)]
    pub job_id: Option<u64>,
    /// Ledger version of the committed transaction.
    #[serde(default)]
    pub ledger_version: Option<u64>,
    /// Amount paid, in base units (copied from the request).
    pub token_amount: u64,
}

impl GrantResult {
    /// Decodes and validates a result from the bus.
    pub fn decode(data: &[u8]) -> Result<Self, MessageError> {
        if data.len() > MAX_MESSAGE_BYTES {
            return Err(MessageError::TooLarge(data.len()));
        }
        let res: GrantResult = serde_json::from_slice(data)?;
        let expect_failed = match res.event_type.as_str() {
            EVENT_GRANT_COMPLETED => false,
            EVENT_GRANT_FAILED => true,
            _ => return Err(MessageError::UnknownEventType(res.event_type)),
        };
        if expect_failed != (res.outcome == Outcome::Failed) {
            return Err(InvalidField::new("outcome", "does not agree with event_type").into());
        }
        if !expect_failed {
            let hash = res.transaction_hash.as_deref().unwrap_or_default();
            check_tx_hash(hash)?;
        }
        Ok(res)
    }

    /// The JSON bytes published on the bus.
    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a GrantResult always serialises")
    }

    /// Whether this result means the grant was paid (now or earlier).
    pub fn is_completed(&self) -> bool {
        self.outcome != Outcome::Failed
    }
}

/// Checks a transaction hash: `0x` + 64 lower-case hex digits, the one form chain-svc writes, a
/// node reports and `GET /status` shows (both services check results by this rule).
pub fn check_tx_hash(hash: &str) -> Result<(), InvalidField> {
    let ok = hash.len() == 66
        && hash.starts_with("0x")
        && hash[2..]
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if ok {
        Ok(())
    } else {
        Err(InvalidField::new(
            "transaction_hash",
            "must be 0x followed by 64 lower-case hex digits",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn request() -> GrantRequest {
        GrantRequest {
            event_type: EVENT_GRANT_REQUESTED.into(),
            request_id: Uuid::new_v4(),
            user_id: "alice".into(),
            campaign_id: "summer".into(),
            wallet_address: WalletAddress::parse("0xA1").unwrap(),
            token_amount: 100,
            token_type: "GRANT".into(),
            timestamp: Utc::now(),
            retry_count: 0,
        }
    }

    #[test]
    fn amount_bounds() {
        assert!(check_amount("amount", 0, 10).is_err());
        assert!(check_amount("amount", 11, 10).is_err());
        assert_eq!(check_amount("amount", 10, 10).unwrap(), 10);
    }

    #[test]
    fn request_round_trips_and_keeps_seed_field_names() {
        let req = request();
        let json: serde_json::Value = serde_json::from_slice(&req.encode()).unwrap();
        for field in [
            "event_type",
            "request_id",
            "user_id",
            "campaign_id",
            "wallet_address",
            "token_amount",
            "token_type",
            "timestamp",
            "retry_count",
        ] {
            assert!(json.get(field).is_some(), "missing {field}");
        }
        assert_eq!(GrantRequest::decode(&req.encode(), 1_000).unwrap(), req);
    }

    #[test]
    fn request_with_unknown_event_type_is_refused() {
        let mut req = request();
        req.event_type = "token.grant.deleted".into();
        assert!(matches!(
            GrantRequest::decode(&req.encode(), 1_000),
            Err(MessageError::UnknownEventType(_))
        ));
    }

    #[test]
    fn request_over_the_cap_is_refused_naming_the_field() {
        let req = request();
        match GrantRequest::decode(&req.encode(), 99) {
            Err(MessageError::Invalid(f)) => assert_eq!(f.field, "token_amount"),
            other => panic!("expected invalid token_amount, got {other:?}"),
        }
    }

    #[test]
    fn request_with_bad_wallet_is_malformed() {
        let mut json: serde_json::Value = serde_json::from_slice(&request().encode()).unwrap();
        json["wallet_address"] = "0xnothex".into();
        let err = GrantRequest::decode(json.to_string().as_bytes(), 1_000).unwrap_err();
        assert_eq!(err.kind(), "malformed");
    }

    #[test]
    fn oversized_message_is_refused_before_parsing() {
        let data = vec![b' '; MAX_MESSAGE_BYTES + 1];
        assert!(matches!(
            GrantRequest::decode(&data, 1),
            Err(MessageError::TooLarge(_))
        ));
    }

    #[test]
    fn a_transaction_hash_is_0x_and_64_lower_case_hex_digits() {
        assert!(check_tx_hash(&format!("0x{}", "ab".repeat(32))).is_ok());
        for bad in [
            format!("0x{}", "AB".repeat(32)),
            format!("0X{}", "ab".repeat(32)),
            format!("0x{}", "ab".repeat(31)),
            format!("0x{}g", "a".repeat(63)),
            "ab".repeat(33),
        ] {
            assert!(check_tx_hash(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn completed_result_needs_a_hash_and_matching_outcome() {
        let res = GrantResult {
            event_type: EVENT_GRANT_COMPLETED.into(),
            request_id: Uuid::new_v4(),
            user_id: "alice".into(),
            campaign_id: "summer".into(),
            wallet_address: WalletAddress::parse("0xA1").unwrap(),
            transaction_hash: Some(format!("0x{}", "ab".repeat(32))),
            error_message: None,
            timestamp: Utc::now(),
            processed_at: Utc::now(),
            outcome: Outcome::Paid,
            error_class: None,
            job_id: Some(7),
            ledger_version: Some(42),
            token_amount: 5,
        };
        assert_eq!(GrantResult::decode(&res.encode()).unwrap(), res);
        let mut no_hash = res.clone();
        no_hash.transaction_hash = None;
        assert!(GrantResult::decode(&no_hash.encode()).is_err());
        let mut mismatched = res.clone();
        mismatched.outcome = Outcome::Failed;
        assert!(GrantResult::decode(&mismatched.encode()).is_err());
    }

    proptest! {
        #[test]
        fn decoders_never_panic_on_arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = GrantRequest::decode(&data, u64::MAX);
            let _ = GrantResult::decode(&data);
        }
    }
}
