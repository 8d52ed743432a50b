//! Notifications: the game learns of every payout without polling (issue 17).
//!
//! **Events.** Each is a row of `notification_events` (an outbox), recorded in the same
//! transaction as the change it reports, so a change that commits always has its event and a
//! change that rolled back has none:
//! * [`GRANT_COMPLETED`]: a grant was paid (`transaction_hash`: `0x` + 64 lower-case hex digits,
//!   the form explorers take; `ledger_version`; `job_id`; `already_paid`);
//! * [`GRANT_FAILED`]: a grant ended unpaid (`reason`, `class`: `permanent` or `transient`,
//!   `released`);
//! * [`GRANT_CREATED`]: a grant was recorded (opt-in, `NOTIFY_GRANT_CREATED`);
//! * [`LEDGER_RUN_FINISHED`]: a ledger run wrote its report (counts, `skipped` by reason).
//!
//! The grant events are written by triggers on `grants` (migration
//! `20261201000009_notification_events.sql`): whatever code path changes a grant's status
//! ([`crate::results::apply_in`], an operator failing a stuck grant in [`crate::stuck`]), the
//! database records the event in that statement's transaction. `grant.created` fires only on
//! connections where [`CREATED_SETTING`] is `on`, which [`crate::startup::connect_ledger`] sets
//! when `NOTIFY_GRANT_CREATED` is on. `ledger_run.finished` is written by the statement that
//! writes the run's report ([`crate::ledger`]).
//!
//! Every event's payload is `{"id", "type", "timestamp", "data"}`: `id` is a UUID v7 that never
//! changes across deliveries (receivers dedupe on it), `data` the grant's public fields or the
//! run's report. [`topic`] hands events to the Pub/Sub topic; [`retention`] deletes events and
//! webhook deliveries that are done with after `NOTIFICATIONS_RETENTION_DAYS`.

pub mod retention;
pub mod topic;

use std::time::Duration;

/// A grant was paid.
pub const GRANT_COMPLETED: &str = "grant.completed";
/// A grant ended unpaid.
pub const GRANT_FAILED: &str = "grant.failed";
/// A grant was recorded (opt-in).
pub const GRANT_CREATED: &str = "grant.created";
/// A ledger run finished.
pub const LEDGER_RUN_FINISHED: &str = "ledger_run.finished";

/// Every event type the service records, as subscribers name them.
pub const EVENT_TYPES: [&str; 4] = [
    GRANT_CREATED,
    GRANT_COMPLETED,
    GRANT_FAILED,
    LEDGER_RUN_FINISHED,
];

/// The connection setting that turns `grant.created` events on (read by the trigger).
pub const CREATED_SETTING: &str = "campaign_svc.notify_grant_created";

/// Notification settings.
#[derive(Debug, Clone, clap::Args)]
pub struct NotificationConfig {
    /// Record a `grant.created` event for every grant recorded (ledger runs included: one event
    /// per grant). Off: only outcomes (`grant.completed`, `grant.failed`) and
    /// `ledger_run.finished` are notified.
    #[arg(long, env = "NOTIFY_GRANT_CREATED", default_value_t = false, action = clap::ArgAction::Set)]
    pub notify_grant_created: bool,
    /// Workers in this replica handing events to the notifications topic (0: none here).
    #[arg(long, env = "NOTIFICATIONS_WORKERS", default_value_t = 1)]
    pub notifications_workers: usize,
    /// Events a notifications relay pass claims at once.
    #[arg(long, env = "NOTIFICATIONS_BATCH", default_value_t = 500, value_parser = clap::value_parser!(i64).range(1..))]
    pub notifications_batch: i64,
    /// How often an idle notifications relay looks for new events, in milliseconds.
    #[arg(long, env = "NOTIFICATIONS_POLL_MS", default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    pub notifications_poll_ms: u64,
    /// Days an event and its webhook deliveries are kept once done with (published to the
    /// topic, every delivery delivered or given up); 0 keeps them for ever. Older deliveries can
    /// no longer be listed or replayed.
    #[arg(long, env = "NOTIFICATIONS_RETENTION_DAYS", default_value_t = 30)]
    pub notifications_retention_days: u64,
}

impl NotificationConfig {
    /// How long events and deliveries that are done with are kept; `None`: for ever.
    pub fn retention(&self) -> Option<Duration> {
        (self.notifications_retention_days > 0)
            .then(|| Duration::from_secs(self.notifications_retention_days * 86_400))
    }
}

/// The settings [`crate::config::Config::for_tests`] uses: the defaults, polled every 20 ms.
impl Default for NotificationConfig {
    fn default() -> Self {
        Self {
            notify_grant_created: false,
            notifications_workers: 1,
            notifications_batch: 500,
            notifications_poll_ms: 20,
            notifications_retention_days: 30,
        }
    }
}
