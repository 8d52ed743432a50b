//! The grants in flight in this process, and the request messages waiting on them.
//!
//! Every delivery of a request registers here before anything else happens. The first delivery
//! of a grant id makes it *new* (it goes to the batcher); any further delivery while it is in
//! flight (Pub/Sub redelivers after an ack deadline, or the ledger re-published it) *attaches*:
//! it is not sent again, and it is acked together with the first when the grant's result has
//! been published. If the service stops before that, every waiting delivery is told to leave
//! its message unacked, so Pub/Sub redelivers it.
//!
//! A delivery attaches only when it asks for the same payment: the grant's [`Terms`] (user,
//! campaign, recipient, amount) must equal the in-flight one's. A request that reuses an
//! in-flight id with other terms is *conflicting*: it is refused (the intake dead-letters it),
//! never attached, so nobody can ride a grant id to learn or change what it pays.

use shared::grant::{GrantRequest, WalletAddress};
use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::oneshot;
use uuid::Uuid;

/// What a waiting delivery should do with its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Disposition {
    /// The grant's result was published: ack.
    Ack,
    /// The grant was not settled (shutdown): leave it for redelivery.
    Leave,
}

/// Whether a delivery started a grant or joined one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// First delivery of this grant id here: it must be batched.
    New,
    /// The grant is already in flight here: wait for it, do not batch again.
    Attached,
    /// The id is in flight here with other terms: refuse this delivery. Nothing was registered;
    /// the receiver returned with it never gets a disposition.
    Conflicting,
}

/// What a grant pays, to whom: what every delivery of one grant id must agree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Terms {
    /// The game's user id.
    pub(crate) user_id: String,
    /// The campaign.
    pub(crate) campaign_id: String,
    /// The recipient.
    pub(crate) wallet_address: WalletAddress,
    /// The amount in base units.
    pub(crate) token_amount: u64,
}

impl Terms {
    /// The terms `request` asks for.
    pub(crate) fn of(request: &GrantRequest) -> Self {
        Self {
            user_id: request.user_id.clone(),
            campaign_id: request.campaign_id.clone(),
            wallet_address: request.wallet_address.clone(),
            token_amount: request.token_amount,
        }
    }
}

#[derive(Debug)]
struct Entry {
    terms: Terms,
    waiters: Vec<oneshot::Sender<Disposition>>,
}

/// The registry.
#[derive(Debug, Default)]
pub(crate) struct InFlight {
    grants: Mutex<HashMap<Uuid, Entry>>,
}

impl InFlight {
    /// An empty registry.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Entry>> {
        self.grants.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers a delivery of `request`; the receiver says what to do with its message. A
    /// [`Admission::Conflicting`] delivery is not registered.
    pub(crate) fn admit(
        &self,
        request: &GrantRequest,
    ) -> (Admission, oneshot::Receiver<Disposition>) {
        let (tx, rx) = oneshot::channel();
        let terms = Terms::of(request);
        let mut grants = self.lock();
        let admission = match grants.get_mut(&request.request_id) {
            Some(entry) if entry.terms != terms => Admission::Conflicting,
            Some(entry) => {
                entry.waiters.push(tx);
                Admission::Attached
            }
            None => {
                grants.insert(
                    request.request_id,
                    Entry {
                        terms,
                        waiters: vec![tx],
                    },
                );
                Admission::New
            }
        };
        (admission, rx)
    }

    /// The grant's result was published (or it will never be): tells every waiting delivery
    /// and forgets the grant. Returns how many deliveries were waiting.
    pub(crate) fn finish(&self, id: &Uuid, disposition: Disposition) -> usize {
        let waiters = self
            .lock()
            .remove(id)
            .map(|entry| entry.waiters)
            .unwrap_or_default();
        let n = waiters.len();
        for w in waiters {
            let _ = w.send(disposition);
        }
        n
    }

    /// Whether grant `id` is in flight here (received, result not yet published).
    pub(crate) fn contains(&self, id: &Uuid) -> bool {
        self.lock().contains_key(id)
    }

    /// Tells every waiting delivery to leave its message (shutdown deadline reached).
    pub(crate) fn leave_all(&self) -> usize {
        let all: Vec<_> = self.lock().drain().collect();
        let n = all.len();
        for (_, entry) in all {
            for w in entry.waiters {
                let _ = w.send(Disposition::Leave);
            }
        }
        n
    }

    /// Grants in flight.
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when nothing is in flight.
    pub(crate) fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::grant::EVENT_GRANT_REQUESTED;

    fn request(id: Uuid) -> GrantRequest {
        GrantRequest {
            event_type: EVENT_GRANT_REQUESTED.into(),
            request_id: id,
            user_id: "alice".into(),
            campaign_id: "summer".into(),
            wallet_address: WalletAddress::parse("0xa1").unwrap(),
            token_amount: 100,
            token_type: "GRANT".into(),
            timestamp: chrono::Utc::now(),
            retry_count: 0,
        }
    }

    #[tokio::test]
    async fn a_redelivery_attaches_and_both_deliveries_are_acked_once_settled() {
        let registry = InFlight::new();
        let id = Uuid::new_v4();
        let (first, rx1) = registry.admit(&request(id));
        // An operator retry re-sends the same terms with a higher retry count: it attaches.
        let mut retried = request(id);
        retried.retry_count = 1;
        let (second, rx2) = registry.admit(&retried);
        assert_eq!((first, second), (Admission::New, Admission::Attached));
        assert_eq!(registry.len(), 1);
        assert_eq!(registry.finish(&id, Disposition::Ack), 2);
        assert_eq!(rx1.await.unwrap(), Disposition::Ack);
        assert_eq!(rx2.await.unwrap(), Disposition::Ack);
        // Settled and forgotten: a later delivery starts it again (the contract answers
        // "already paid").
        assert_eq!(registry.admit(&request(id)).0, Admission::New);
    }

    #[tokio::test]
    async fn on_shutdown_every_waiting_delivery_is_left_for_redelivery() {
        let registry = InFlight::new();
        let (_, a) = registry.admit(&request(Uuid::new_v4()));
        let (_, b) = registry.admit(&request(Uuid::new_v4()));
        assert_eq!(registry.leave_all(), 2);
        assert_eq!(a.await.unwrap(), Disposition::Leave);
        assert_eq!(b.await.unwrap(), Disposition::Leave);
        assert!(registry.is_empty());
    }

    #[tokio::test]
    async fn an_in_flight_id_with_other_terms_is_refused_not_attached() {
        let registry = InFlight::new();
        let id = Uuid::new_v4();
        let (first, rx) = registry.admit(&request(id));
        assert_eq!(first, Admission::New);
        let changes: [fn(&mut GrantRequest); 4] = [
            |r| r.user_id = "mallory".into(),
            |r| r.campaign_id = "winter".into(),
            |r| r.token_amount = 1_000_000,
            |r| r.wallet_address = WalletAddress::parse("0xbad").unwrap(),
        ];
        for change in changes {
            let mut other = request(id);
            change(&mut other);
            let (admission, refused) = registry.admit(&other);
            assert_eq!(admission, Admission::Conflicting, "{other:?}");
            assert!(
                refused.await.is_err(),
                "a refused delivery gets no disposition"
            );
        }
        // Only the first delivery waits on the grant.
        assert_eq!(registry.finish(&id, Disposition::Ack), 1);
        assert_eq!(rx.await.unwrap(), Disposition::Ack);
    }
}
