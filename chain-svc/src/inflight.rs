//! The grants in flight in this process, and the request messages waiting on them.
//!
//! Every delivery of a request registers here before anything else happens. The first delivery
//! of a grant id makes it *new* (it goes to the batcher); any further delivery while it is in
//! flight (Pub/Sub redelivers after an ack deadline, or the ledger re-published it) *attaches*:
//! it is not sent again, and it is acked together with the first when the grant's result has
//! been published. If the service stops before that, every waiting delivery is told to leave
//! its message unacked, so Pub/Sub redelivers it.

use std::collections::HashMap;
use std::sync::Mutex;
use tokio::sync::oneshot;
use uuid::Uuid;

/// What a waiting delivery should do with its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// The grant's result was published: ack.
    Ack,
    /// The grant was not settled (shutdown): leave it for redelivery.
    Leave,
}

/// Whether a delivery started a grant or joined one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// First delivery of this grant id here: it must be batched.
    New,
    /// The grant is already in flight here: wait for it, do not batch again.
    Attached,
}

/// The registry.
#[derive(Debug, Default)]
pub struct InFlight {
    grants: Mutex<HashMap<Uuid, Vec<oneshot::Sender<Disposition>>>>,
}

impl InFlight {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Vec<oneshot::Sender<Disposition>>>> {
        self.grants.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers a delivery of grant `id`; the receiver says what to do with its message.
    pub fn admit(&self, id: Uuid) -> (Admission, oneshot::Receiver<Disposition>) {
        let (tx, rx) = oneshot::channel();
        let mut grants = self.lock();
        let admission = match grants.get_mut(&id) {
            Some(waiters) => {
                waiters.push(tx);
                Admission::Attached
            }
            None => {
                grants.insert(id, vec![tx]);
                Admission::New
            }
        };
        (admission, rx)
    }

    /// The grant's result was published (or it will never be): tells every waiting delivery
    /// and forgets the grant. Returns how many deliveries were waiting.
    pub fn finish(&self, id: &Uuid, disposition: Disposition) -> usize {
        let waiters = self.lock().remove(id).unwrap_or_default();
        let n = waiters.len();
        for w in waiters {
            let _ = w.send(disposition);
        }
        n
    }

    /// Tells every waiting delivery to leave its message (shutdown deadline reached).
    pub fn leave_all(&self) -> usize {
        let all: Vec<_> = self.lock().drain().collect();
        let n = all.len();
        for (_, waiters) in all {
            for w in waiters {
                let _ = w.send(Disposition::Leave);
            }
        }
        n
    }

    /// Grants in flight.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when nothing is in flight.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_redelivery_attaches_and_both_deliveries_are_acked_once_settled() {
        let registry = InFlight::new();
        let id = Uuid::new_v4();
        let (first, rx1) = registry.admit(id);
        let (second, rx2) = registry.admit(id);
        assert_eq!((first, second), (Admission::New, Admission::Attached));
        assert_eq!(registry.len(), 1);
        assert_eq!(registry.finish(&id, Disposition::Ack), 2);
        assert_eq!(rx1.await.unwrap(), Disposition::Ack);
        assert_eq!(rx2.await.unwrap(), Disposition::Ack);
        // Settled and forgotten: a later delivery starts it again (the contract answers
        // "already paid").
        assert_eq!(registry.admit(id).0, Admission::New);
    }

    #[tokio::test]
    async fn on_shutdown_every_waiting_delivery_is_left_for_redelivery() {
        let registry = InFlight::new();
        let (_, a) = registry.admit(Uuid::new_v4());
        let (_, b) = registry.admit(Uuid::new_v4());
        assert_eq!(registry.leave_all(), 2);
        assert_eq!(a.await.unwrap(), Disposition::Leave);
        assert_eq!(b.await.unwrap(), Disposition::Leave);
        assert!(registry.is_empty());
    }
}
