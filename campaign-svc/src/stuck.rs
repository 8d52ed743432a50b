//! Ending one stuck grant by hand: `POST /admin/grants/{id}/fail`.
//!
//! A grant is *stuck* when it has gone a whole `RESEND_AFTER_SECS` without a result (the outbox
//! keeps re-sending it, and nothing comes back: chain-svc refused it in a version that
//! dead-lettered such requests, or it cannot be paid for a reason nobody foresaw). An operator
//! may end it, with a reason, in one of two ways:
//! * **fail** (`release: false`): the grant becomes `failed` and nothing is paid again by
//!   itself: a ledger grant's coins stay credited, a campaign grant keeps its (user, campaign)
//!   slot and can later be retried under its own id (`POST /admin/grants/{id}/retry`);
//! * **release** (`release: true`): exactly what a `failed` result from chain-svc does, by the
//!   same code ([`crate::results::apply_in`]): a ledger grant's coins go back to the user's
//!   uncredited delta, so the next ledger run pays them under a new grant id.
//!
//! Never while the grant may still be paid: chain-svc is asked first ([`crate::chain`]), and the
//! request is refused when the contract's `paid_grant` says it was paid (the operator is shown
//! the payment; the outbox's next re-send gets it reported completed), when chain-svc has it in flight,
//! or when chain-svc cannot be asked. Should a payment still commit afterwards (a copy of the
//! request delivered to another chain-svc replica later), its `completed` result wins as for any
//! failure: the grant becomes completed, a release is undone, and
//! `grant_results_applied_total{outcome="paid_after_release"}` counts it (alerted). The change, the operator's key identity, the reason and what the chain said are
//! recorded in `admin_actions` in the same transaction; `grant_events` records the status change.

use crate::chain::{ChainError, ChainSvc, GrantOnChain};
use crate::grants::{self, Grant, GrantStatus};
use crate::results::{Applied, CheckedResult};
use chrono::Utc;
use shared::grant::{EVENT_GRANT_FAILED, ErrorClass, GrantResult, Outcome, WalletAddress};
use sqlx::PgPool;
use uuid::Uuid;

/// Longest reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// What the operator asked for.
#[derive(Debug, Clone)]
pub struct FailRequest {
    /// The grant.
    pub request_id: Uuid,
    /// Why (stored with the grant and in the audit trail).
    pub reason: String,
    /// Release the amount (ledger: back to the next run) instead of only failing.
    pub release: bool,
    /// Who: the API key's identity.
    pub actor: String,
}

/// Why the grant was not failed.
#[derive(Debug, thiserror::Error)]
pub enum StuckError {
    /// No such grant.
    #[error("no grant {0}")]
    NotFound(Uuid),
    /// It already has its outcome.
    #[error("the grant is {0}; only a pending or submitted grant can be failed")]
    Settled(GrantStatus),
    /// It is not stuck yet: it has not gone a whole resend period without a result.
    #[error(
        "the grant is {age_secs} s old; a grant is stuck only after RESEND_AFTER_SECS ({min_age_secs} s) without a result"
    )]
    TooRecent {
        /// Its age.
        age_secs: i64,
        /// The minimum.
        min_age_secs: u64,
    },
    /// The contract paid it.
    #[error(
        "the contract has paid this grant: the outbox's next re-send gets it reported completed"
    )]
    Paid(Box<GrantOnChain>),
    /// chain-svc is working on it right now.
    #[error("chain-svc has this grant in flight; wait for its result")]
    InFlight,
    /// chain-svc could not be asked.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Fails (or releases) one stuck grant; returns it as it now is. See the module documentation.
#[tracing::instrument(name = "fail_stuck_grant", skip_all, fields(request_id = %request.request_id, release = request.release))]
pub async fn fail_stuck_grant(
    db: &PgPool,
    chain: &ChainSvc,
    resend_after_secs: u64,
    request: &FailRequest,
) -> Result<Grant, StuckError> {
    let id = request.request_id;
    let grant = grants::find(db, id)
        .await?
        .ok_or(StuckError::NotFound(id))?;
    check_stuck(&grant, resend_after_secs)?;

    let on_chain = chain.grant(id).await?;
    if on_chain.paid {
        return Err(StuckError::Paid(Box::new(on_chain)));
    }
    if on_chain.in_flight {
        return Err(StuckError::InFlight);
    }

    let mut tx = db.begin().await?;
    let grant = grants::lock(&mut tx, id)
        .await?
        .ok_or(StuckError::NotFound(id))?;
    // A result may have landed while chain-svc was asked.
    check_stuck(&grant, resend_after_secs)?;
    let (action, message) = if request.release {
        (
            "release",
            format!("released by an operator: {}", request.reason),
        )
    } else {
        ("fail", format!("failed by an operator: {}", request.reason))
    };
    if request.release {
        let result = failed_result(&grant, message.clone())?;
        let checked = CheckedResult::check(result).map_err(|refusal| {
            sqlx::Error::Protocol(format!("the grant's own failure was refused: {refusal:?}"))
        })?;
        let applied = crate::results::apply_in(&mut tx, std::slice::from_ref(&checked)).await?;
        if applied[0] != Applied::Failed {
            return Err(sqlx::Error::Protocol(format!(
                "releasing the grant applied {:?}",
                applied[0]
            ))
            .into());
        }
    } else {
        sqlx::query!(
            "UPDATE grants SET status = 'failed', error_message = $2, error_class = 'permanent', \
             released = false, settled_at = now(), updated_at = now() WHERE request_id = $1",
            id,
            message
        )
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query!(
        "INSERT INTO admin_actions (action, request_id, actor, reason, detail) \
         VALUES ($1, $2, $3, $4, $5)",
        action,
        id,
        request.actor,
        request.reason,
        serde_json::json!({
            "previous_status": grant.status,
            "source": grant.source,
            "chain": on_chain,
        })
    )
    .execute(&mut *tx)
    .await?;
    let failed = grants::find(&mut *tx, id)
        .await?
        .ok_or(StuckError::NotFound(id))?;
    tx.commit().await?;
    metrics::counter!("grants_failed_by_operator_total", "action" => action).increment(1);
    tracing::warn!(actor = %request.actor, reason = %request.reason, action, "stuck grant ended by an operator");
    Ok(failed)
}

/// How old a grant must be to count as stuck when resending is off (`RESEND_AFTER_SECS=0`).
const STUCK_AFTER_SECS_WITHOUT_RESEND: u64 = 600;

fn check_stuck(grant: &Grant, resend_after_secs: u64) -> Result<(), StuckError> {
    let resend_after_secs = match resend_after_secs {
        0 => STUCK_AFTER_SECS_WITHOUT_RESEND,
        n => n,
    };
    if !grant.status.is_open() {
        return Err(StuckError::Settled(grant.status));
    }
    let age_secs = (Utc::now() - grant.created_at).num_seconds();
    if age_secs < 0 || (age_secs as u64) < resend_after_secs {
        return Err(StuckError::TooRecent {
            age_secs,
            min_age_secs: resend_after_secs,
        });
    }
    Ok(())
}

/// The `failed` result chain-svc would have sent for `grant`, so releasing goes through the one
/// state machine of results.
fn failed_result(grant: &Grant, message: String) -> Result<GrantResult, sqlx::Error> {
    let wallet_address = WalletAddress::parse(&grant.wallet_address).map_err(|e| {
        sqlx::Error::Protocol(format!("the grant's stored wallet is not an address: {e}"))
    })?;
    Ok(GrantResult {
        event_type: EVENT_GRANT_FAILED.into(),
        request_id: grant.request_id,
        user_id: grant.user_id.clone(),
        campaign_id: grant.campaign_id.clone(),
        wallet_address,
        transaction_hash: None,
        error_message: Some(message),
        timestamp: grant.created_at,
        processed_at: Utc::now(),
        outcome: Outcome::Failed,
        error_class: Some(ErrorClass::Permanent),
        job_id: None,
        ledger_version: None,
        token_amount: grant.token_amount as u64,
    })
}
