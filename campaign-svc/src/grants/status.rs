//! A grant's status and source as types. The database, the API and the notification events all
//! spell them the same way (`pending`, `ledger`, ...); here they are enums, so that a misspelt
//! status is a compile error instead of a comparison that is never true.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a grant is in its life: `pending → submitted → completed | failed` (a failed campaign
/// grant goes back to `pending` when an operator retries it). Postgres' `grant_status` enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(type_name = "grant_status", rename_all = "lowercase")]
pub enum GrantStatus {
    /// Recorded, waiting for the outbox relay to hand it to the bus.
    Pending,
    /// Handed to the bus, waiting for chain-svc's result.
    Submitted,
    /// Paid on-chain.
    Completed,
    /// Definitively not paid.
    Failed,
}

impl GrantStatus {
    /// Every status, in the order of the `grant_status` enum.
    pub const ALL: [GrantStatus; 4] = [
        GrantStatus::Pending,
        GrantStatus::Submitted,
        GrantStatus::Completed,
        GrantStatus::Failed,
    ];

    /// The word the database and the API use.
    pub const fn as_str(self) -> &'static str {
        match self {
            GrantStatus::Pending => "pending",
            GrantStatus::Submitted => "submitted",
            GrantStatus::Completed => "completed",
            GrantStatus::Failed => "failed",
        }
    }

    /// Whether the grant still waits for its outcome (pending or submitted).
    pub const fn is_open(self) -> bool {
        matches!(self, GrantStatus::Pending | GrantStatus::Submitted)
    }
}

impl fmt::Display for GrantStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// What recorded a grant. `grants.source` is a text column whose CHECK admits exactly these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(type_name = "text", rename_all = "lowercase")]
pub enum GrantSource {
    /// A ledger run, paying a user's uncredited coins.
    Ledger,
    /// `POST /token-request`.
    Campaign,
    /// A retry recorded as a new grant (before retries rode the original grant id).
    Retry,
}

impl GrantSource {
    /// Every source, in the order of the column's CHECK.
    pub const ALL: [GrantSource; 3] = [
        GrantSource::Ledger,
        GrantSource::Campaign,
        GrantSource::Retry,
    ];

    /// The word the database and the API use.
    pub const fn as_str(self) -> &'static str {
        match self {
            GrantSource::Ledger => "ledger",
            GrantSource::Campaign => "campaign",
            GrantSource::Retry => "retry",
        }
    }
}

impl fmt::Display for GrantSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_display_and_as_str_spell_every_status_alike() {
        let words: Vec<&str> = GrantStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(words, ["pending", "submitted", "completed", "failed"]);
        for status in GrantStatus::ALL {
            let json = serde_json::to_value(status).unwrap();
            assert_eq!(json, serde_json::json!(status.as_str()));
            assert_eq!(status.to_string(), status.as_str());
            assert_eq!(serde_json::from_value::<GrantStatus>(json).unwrap(), status);
        }
        assert!(serde_json::from_str::<GrantStatus>("\"Pending\"").is_err());
    }

    #[test]
    fn json_display_and_as_str_spell_every_source_alike() {
        let words: Vec<&str> = GrantSource::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(words, ["ledger", "campaign", "retry"]);
        for source in GrantSource::ALL {
            let json = serde_json::to_value(source).unwrap();
            assert_eq!(json, serde_json::json!(source.as_str()));
            assert_eq!(source.to_string(), source.as_str());
            assert_eq!(serde_json::from_value::<GrantSource>(json).unwrap(), source);
        }
    }

    #[test]
    fn only_pending_and_submitted_grants_are_open() {
        let open: Vec<GrantStatus> = GrantStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect();
        assert_eq!(open, [GrantStatus::Pending, GrantStatus::Submitted]);
    }
}
