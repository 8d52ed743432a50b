//! What campaign-svc asks chain-svc about one grant id: `GET {CHAIN_SVC_URL}/grants/{id}`, which
//! answers from the Jobs contract's own record (`jobs::paid_grant`, with the paying transaction
//! resolved when the node can give it) and says whether the grant is in flight in the chain-svc
//! that answered. campaign-svc holds no chain keys and speaks to no node: chain-svc is its one
//! way to the chain. Used before an operator fails a stuck grant ([`crate::stuck`]).

use serde::Deserialize;
use std::time::Duration;
use uuid::Uuid;

/// How long one question may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Why chain-svc could not answer.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// `CHAIN_SVC_URL` is not set.
    #[error("CHAIN_SVC_URL is not set: campaign-svc cannot ask the contract about a grant")]
    NotConfigured,
    /// No answer (connection, timeout).
    #[error("chain-svc at {url} did not answer: {source}")]
    Unreachable {
        /// What was asked.
        url: String,
        /// Why.
        #[source]
        source: reqwest::Error,
    },
    /// An answer other than 200 with the expected body (chain-svc's node unreachable, ...).
    #[error("chain-svc at {url} answered {status}: {body}")]
    Refused {
        /// What was asked.
        url: String,
        /// The status.
        status: u16,
        /// The start of the body.
        body: String,
    },
}

/// The contract's record of a payment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct PaidRecord {
    /// The job that paid it.
    pub job_id: u64,
    /// The operator that sent the paying transaction.
    pub operator: String,
    /// That transaction's sequence number.
    pub sequence_number: u64,
}

/// The paying transaction, as the node reports it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Payment {
    /// Its hash.
    pub transaction_hash: String,
    /// Its ledger version.
    pub ledger_version: u64,
}

/// What chain-svc says of one grant id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct GrantOnChain {
    /// The grant id.
    pub request_id: Uuid,
    /// Whether the contract has paid it.
    pub paid: bool,
    /// Where the contract recorded the payment.
    pub record: Option<PaidRecord>,
    /// The paying transaction, when the node can give it.
    pub payment: Option<Payment>,
    /// Whether the grant is in flight in the chain-svc that answered.
    pub in_flight: bool,
}

/// A client of chain-svc's HTTP API.
#[derive(Debug, Clone)]
pub struct ChainSvc {
    base: Option<String>,
    http: reqwest::Client,
}

impl ChainSvc {
    /// A client of the chain-svc at `base` (`CHAIN_SVC_URL`); `None` when it is not configured.
    pub fn new(base: Option<&str>) -> Self {
        Self {
            base: base
                .map(|b| b.trim_end_matches('/').to_string())
                .filter(|b| !b.is_empty()),
            http: reqwest::Client::builder()
                .timeout(TIMEOUT)
                .build()
                .expect("a reqwest client with a timeout builds"),
        }
    }

    /// Asks what the contract says of grant `id`.
    #[tracing::instrument(name = "chain_svc_grant", skip(self))]
    pub async fn grant(&self, id: Uuid) -> Result<GrantOnChain, ChainError> {
        let base = self.base.as_deref().ok_or(ChainError::NotConfigured)?;
        let url = format!("{base}/grants/{id}");
        let unreachable = |source| ChainError::Unreachable {
            url: url.clone(),
            source,
        };
        let response = self.http.get(&url).send().await.map_err(unreachable)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(unreachable)?;
        let refused = || ChainError::Refused {
            url: url.clone(),
            status,
            body: String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned(),
        };
        if status != 200 {
            return Err(refused());
        }
        let answer: GrantOnChain = serde_json::from_slice(&body).map_err(|_| refused())?;
        if answer.request_id != id || answer.paid != answer.record.is_some() {
            return Err(refused());
        }
        Ok(answer)
    }
}
