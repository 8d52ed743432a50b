//! The batcher: grants in, batches out — flushed at the batch cap or after
//! `BATCH_MAX_WAIT_MS`, whichever comes first, and only when a signer can take the batch.
//!
//! A batch is as large as the gas model says fits in the VM's limits for what it holds
//! ([`crate::gas`]): grants to recipients chain-svc has paid before ([`crate::holders`]) cost a
//! fraction of grants to new ones, so a batch of holders is larger. On top of that is a count
//! cap, `BATCH_MAX_GRANTS` (by default the largest batch the model allows at all), lowered for a
//! while after a transaction hits a VM limit ([`crate::sizing::LiveCap`]); it is read again for
//! every batch.
//!
//! Waiting for a free signer is what makes batches large at saturation: while every signer
//! has 100 transactions in flight, grants keep accumulating up to the full batch size.
//! Grants riding again (after a transaction that did not pay them) go to the front. The halves
//! of a batch that hit a VM limit are *formed* batches: they go before everything else, each
//! exactly as it was cut, so every cut really halves the batch a grant rides in.
//!
//! A grant id is pending here at most once: [`Batcher::push`] refuses an id it already holds
//! (the intake's in-flight registry already keeps redeliveries out; this is the second lock).

use crate::gas::{GasModel, Mix};
use crate::grant::Grant;
use crate::holders::Holders;
use crate::signer::SignerPool;
use crate::sizing::LiveCap;
use shared::shutdown::Shutdown;
use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;
use uuid::Uuid;

/// A batch taken from the batcher.
#[derive(Debug)]
pub(crate) struct Batch {
    /// The grants, in payload order.
    pub(crate) grants: Vec<Grant>,
    /// True for a formed batch (a half of a batch that hit a VM limit), which is sent as is.
    pub(crate) formed: bool,
}

/// How the batcher prices what a batch holds.
#[derive(Debug, Clone)]
pub(crate) struct Pricing {
    model: GasModel,
    holders: Arc<Holders>,
    /// Batches up to this size fit whatever they hold.
    always_fits: usize,
}

impl Pricing {
    /// Batches priced by `model`, knowing `holders`.
    pub(crate) fn new(model: GasModel, holders: Arc<Holders>) -> Self {
        Self {
            always_fits: model.largest_batch_any_mix(),
            model,
            holders,
        }
    }

    /// How many grants from the front of `grants` (at most `cap`, at least one) fit one
    /// transaction by the model.
    fn fitting<'a>(&self, grants: impl ExactSizeIterator<Item = &'a Grant>, cap: usize) -> usize {
        let limit = grants.len().min(cap);
        if limit <= self.always_fits {
            return limit;
        }
        let known = self.holders.known();
        let mut mix = Mix::default();
        let mut n = 0;
        for grant in grants.take(limit) {
            let next = mix.and(known.holds(grant));
            if n > 0 && self.model.check(next).is_err() {
                break;
            }
            mix = next;
            n += 1;
        }
        n
    }
}

/// Grants waiting for a transaction.
#[derive(Debug)]
pub(crate) struct Batcher {
    max_grants: usize,
    max_wait: Duration,
    pricing: Option<Pricing>,
    pending: VecDeque<(Instant, Grant)>,
    formed: VecDeque<Vec<Grant>>,
    ids: HashSet<Uuid>,
}

impl Batcher {
    /// A batcher flushing at `max_grants` or after `max_wait` (batches sized by count alone).
    pub(crate) fn new(max_grants: usize, max_wait: Duration) -> Self {
        Self {
            max_grants: max_grants.max(1),
            max_wait,
            pricing: None,
            pending: VecDeque::new(),
            formed: VecDeque::new(),
            ids: HashSet::new(),
        }
    }

    /// This batcher, each batch also cut where `pricing` says the next grant would not fit.
    pub(crate) fn priced(self, pricing: Pricing) -> Self {
        Self {
            pricing: Some(pricing),
            ..self
        }
    }

    /// How many pending grants the next (unformed) batch takes.
    fn next_batch_len(&self) -> usize {
        match &self.pricing {
            Some(p) => p.fitting(self.pending.iter().map(|(_, g)| g), self.max_grants),
            None => self.pending.len().min(self.max_grants),
        }
    }

    /// Changes the batch cap (at least 1) for the batches taken from now on.
    pub(crate) fn set_max_grants(&mut self, max_grants: usize) {
        self.max_grants = max_grants.max(1);
    }

    /// Queues a formed batch, to be sent as it is before anything else. Grants whose id is
    /// already pending are left out (and returned: their other copy settles them).
    pub(crate) fn push_formed(&mut self, batch: Vec<Grant>) -> Vec<Grant> {
        let (fresh, dropped): (Vec<Grant>, Vec<Grant>) =
            batch.into_iter().partition(|g| self.ids.insert(g.id()));
        if !fresh.is_empty() {
            self.formed.push_back(fresh);
        }
        dropped
    }

    /// Queues a new grant at the back. False (and dropped) when its id is already pending.
    pub(crate) fn push(&mut self, grant: Grant, now: Instant) -> bool {
        if !self.ids.insert(grant.id()) {
            return false;
        }
        self.pending.push_back((now, grant));
        true
    }

    /// Queues a grant riding again at the front (first into the next batch; it waits for
    /// batch-mates like any other, so retries do not scatter into tiny transactions).
    pub(crate) fn push_front(&mut self, grant: Grant, now: Instant) -> bool {
        if !self.ids.insert(grant.id()) {
            return false;
        }
        self.pending.push_front((now, grant));
        true
    }

    /// True when nothing is pending.
    pub(crate) fn is_empty(&self) -> bool {
        self.pending.is_empty() && self.formed.is_empty()
    }

    /// True when enough grants wait to fill a batch, by count or by cost (new ones are not
    /// taken in meanwhile).
    pub(crate) fn is_full(&self) -> bool {
        self.pending.len() >= self.max_grants || self.next_batch_len() < self.pending.len()
    }

    /// When the oldest pending grant's wait is over.
    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.pending
            .iter()
            .map(|(t, _)| *t)
            .min()
            .map(|t| t + self.max_wait)
    }

    /// True when a batch should go now: a formed batch waits, a full batch is pending, or the
    /// oldest grant waited long enough.
    pub(crate) fn is_due(&self, now: Instant) -> bool {
        !self.formed.is_empty() || self.is_full() || self.deadline().is_some_and(|d| d <= now)
    }

    /// Takes the next batch: the oldest formed batch, else from the front as many as fit the
    /// cap and the gas model.
    pub(crate) fn take(&mut self) -> Batch {
        let (grants, formed) = match self.formed.pop_front() {
            Some(batch) => (batch, true),
            None => {
                let n = self.next_batch_len();
                (self.pending.drain(..n).map(|(_, g)| g).collect(), false)
            }
        };
        for g in &grants {
            self.ids.remove(&g.id());
        }
        Batch { grants, formed }
    }

    /// Puts a batch that could not be sent back at the front, in order (a formed one stays
    /// formed).
    pub(crate) fn put_back(&mut self, batch: Batch, now: Instant) {
        if batch.formed {
            for g in &batch.grants {
                self.ids.insert(g.id());
            }
            self.formed.push_front(batch.grants);
            return;
        }
        for g in batch.grants.into_iter().rev() {
            self.push_front(g, now);
        }
    }
}

/// What feeds the batcher.
#[derive(Debug)]
pub(crate) enum Feed {
    /// A grant seen for the first time.
    New(Grant),
    /// A grant riding again.
    Again(Grant),
    /// One half of a batch that hit a VM limit, to be sent as it is.
    Formed(Vec<Grant>),
}

/// Sends a batch to a signer; gives it back if that signer could not take it.
pub(crate) trait Dispatch: Send + Sync + 'static {
    /// Hands `batch` to `signer`.
    fn dispatch(
        &self,
        signer: Arc<crate::signer::Signer>,
        batch: Vec<Grant>,
    ) -> Result<(), Vec<Grant>>;
}

/// Runs the batcher until `feed` closes and everything pending is dispatched, or `stop` fires.
/// After `flush_now` fires, pending grants go without waiting for batch-mates. `cap` is read
/// before every batch.
pub(crate) async fn run(
    mut batcher: Batcher,
    mut feed: mpsc::UnboundedReceiver<Feed>,
    pool: Arc<SignerPool>,
    dispatch: Arc<dyn Dispatch>,
    cap: Arc<LiveCap>,
    flush_now: Shutdown,
    stop: Shutdown,
) {
    let mut open = true;
    loop {
        batcher.set_max_grants(cap.current());
        let now = Instant::now();
        let due = !batcher.is_empty() && (batcher.is_due(now) || flush_now.is_triggered());
        if !open && batcher.is_empty() {
            return;
        }
        let full = batcher.is_full();
        let deadline = batcher.deadline();
        tokio::select! {
            biased;
            _ = stop.wait() => return,
            signer = pool.wait_for_free(Duration::from_millis(250)), if due => {
                let Batch { grants, formed } = batcher.take();
                let span = tracing::debug_span!("batch", grants = grants.len(), formed, signer = %signer.address());
                let _enter = span.enter();
                if let Err(back) = dispatch.dispatch(signer, grants) {
                    batcher.put_back(Batch { grants: back, formed }, Instant::now());
                    // The signer changed its mind (resync started): give the pool a moment.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
            item = feed.recv(), if open && !full => match item {
                Some(Feed::New(g)) => {
                    let id = g.id();
                    if !batcher.push(g, Instant::now()) {
                        tracing::warn!(request_id = %id, "grant already pending; not batched twice");
                    }
                }
                Some(Feed::Again(g)) => {
                    batcher.push_front(g, Instant::now());
                }
                Some(Feed::Formed(batch)) => {
                    for g in batcher.push_formed(batch) {
                        tracing::warn!(request_id = %g.id(), "grant already pending; not batched twice");
                    }
                }
                None => open = false,
            },
            _ = tokio::time::sleep_until(deadline.unwrap_or(now + Duration::from_secs(3600))), if !due && deadline.is_some() => {}
            _ = flush_now.wait(), if !due && !batcher.is_empty() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the tests observe of a batcher.
    impl Batcher {
        /// The batch cap now.
        fn max_grants(&self) -> usize {
            self.max_grants
        }

        /// Grants pending (formed batches included).
        fn len(&self) -> usize {
            self.pending.len() + self.formed.iter().map(Vec::len).sum::<usize>()
        }
    }

    fn grant() -> Grant {
        crate::grant::fixtures::grant("0x1234", 1)
    }

    #[test]
    fn flushes_when_full_before_the_wait_is_over() {
        let t0 = Instant::now();
        let mut b = Batcher::new(3, Duration::from_secs(10));
        b.push(grant(), t0);
        b.push(grant(), t0);
        assert!(!b.is_due(t0));
        b.push(grant(), t0);
        b.push(grant(), t0);
        assert!(b.is_due(t0));
        assert_eq!(b.take().grants.len(), 3);
        assert_eq!(b.len(), 1);
        assert!(!b.is_due(t0));
    }

    #[test]
    fn flushes_a_partial_batch_once_the_oldest_grant_waited_long_enough() {
        let t0 = Instant::now();
        let wait = Duration::from_millis(200);
        let mut b = Batcher::new(1000, wait);
        b.push(grant(), t0);
        b.push(grant(), t0 + Duration::from_millis(150));
        assert_eq!(b.deadline(), Some(t0 + wait));
        assert!(!b.is_due(t0 + Duration::from_millis(199)));
        assert!(b.is_due(t0 + wait));
        assert_eq!(b.take().grants.len(), 2);
        assert_eq!(b.deadline(), None);
    }

    #[test]
    fn a_pending_grant_id_is_never_batched_twice() {
        let t0 = Instant::now();
        let mut b = Batcher::new(10, Duration::from_millis(1));
        let g = grant();
        assert!(b.push(g.clone(), t0));
        assert!(!b.push(g.clone(), t0));
        assert!(!b.push_front(g.clone(), t0));
        let batch = b.take();
        assert_eq!(batch.grants.len(), 1);
        // Once taken (in a transaction) it may come back to ride again.
        assert!(b.push_front(g, t0));
    }

    #[test]
    fn grants_riding_again_go_first() {
        let t0 = Instant::now();
        let mut b = Batcher::new(2, Duration::from_secs(5));
        let (a, c, again) = (grant(), grant(), grant());
        let again_id = again.id();
        b.push(a, t0);
        b.push(c, t0);
        b.take();
        b.push(grant(), t0);
        b.push_front(again, t0);
        assert!(b.is_due(t0));
        assert_eq!(b.take().grants[0].id(), again_id);
    }

    #[test]
    fn a_batch_put_back_keeps_its_order_at_the_front() {
        let t0 = Instant::now();
        let mut b = Batcher::new(3, Duration::from_secs(5));
        let gs: Vec<Grant> = (0..3).map(|_| grant()).collect();
        let ids: Vec<Uuid> = gs.iter().map(Grant::id).collect();
        for g in gs {
            b.push(g, t0);
        }
        let batch = b.take();
        b.push(grant(), t0);
        b.put_back(batch, t0);
        let again: Vec<Uuid> = b.take().grants.iter().map(Grant::id).collect();
        assert_eq!(again, ids);
    }

    #[test]
    fn formed_halves_go_first_as_they_were_cut_whatever_the_cap() {
        let t0 = Instant::now();
        let mut b = Batcher::new(2, Duration::from_secs(5));
        b.push(grant(), t0);
        let half: Vec<Grant> = (0..3).map(|_| grant()).collect();
        let ids: Vec<Uuid> = half.iter().map(Grant::id).collect();
        assert!(b.push_formed(half).is_empty());
        // A formed batch is due at once, is not merged with pending grants, and is not cut
        // to the (lower) cap: it is already a half of a batch that failed.
        assert!(b.is_due(t0));
        assert_eq!(b.len(), 4);
        let taken = b.take();
        assert!(taken.formed);
        assert_eq!(taken.grants.iter().map(Grant::id).collect::<Vec<_>>(), ids);
        // Given back (no signer could take it), it stays formed and first.
        b.put_back(taken, t0);
        let again = b.take();
        assert!(again.formed);
        assert_eq!(again.grants.len(), 3);
        assert!(!b.is_due(t0));
        assert!(!b.take().formed);
    }

    #[test]
    fn a_formed_batch_never_duplicates_a_pending_grant() {
        let t0 = Instant::now();
        let mut b = Batcher::new(10, Duration::from_secs(5));
        let g = grant();
        b.push(g.clone(), t0);
        let dropped = b.push_formed(vec![g.clone(), grant()]);
        assert_eq!(dropped.len(), 1);
        assert_eq!(dropped[0].id(), g.id());
        assert_eq!(b.len(), 2);
        assert_eq!(b.take().grants.len(), 1);
        assert_eq!(b.take().grants[0].id(), g.id());
    }

    fn to(wallet: &str) -> Grant {
        crate::grant::fixtures::grant(wallet, 1)
    }

    /// A model where a job fits 10 new recipients or 20 holders (execution 0.1 + 0.05 a holder
    /// against a limit of 920 scaled: 92 units a new recipient, 46 a holder, nothing else).
    fn ten_new_or_twenty_holders() -> GasModel {
        GasModel {
            execution_base: crate::gas::GasUnits::whole(0),
            execution_per_grant: crate::gas::GasUnits::whole(92),
            execution_per_holder: crate::gas::GasUnits::whole(46),
            io_base: crate::gas::GasUnits::whole(0),
            io_per_grant: crate::gas::GasUnits::whole(0),
            io_per_holder: crate::gas::GasUnits::whole(0),
            storage_octas_base: 0,
            storage_octas_per_grant: 0,
            storage_octas_per_holder: 0,
            margin_percent: 0,
        }
    }

    #[test]
    fn a_batch_of_known_holders_is_larger_than_one_of_new_recipients() {
        let t0 = Instant::now();
        let holders = Arc::new(Holders::new(100));
        let pricing = Pricing::new(ten_new_or_twenty_holders(), holders.clone());
        let mut b = Batcher::new(1_000, Duration::from_secs(5)).priced(pricing);
        for _ in 0..25 {
            b.push(to("0x1"), t0);
        }
        // Nobody known: ten new recipients fill a transaction.
        assert!(b.is_full());
        assert_eq!(b.take().grants.len(), 10);
        holders.learn(to("0x1").recipient_bytes());
        // The same recipient, now a known holder: twenty would fit, the 15 left all go.
        assert!(!b.is_full());
        assert_eq!(b.take().grants.len(), 15);
        for _ in 0..25 {
            b.push(to("0x1"), t0);
        }
        assert_eq!(b.take().grants.len(), 20);
        // A mix: 2 new (184) + 16 holders (736) = 920 fits; one more of either does not.
        for _ in 0..2 {
            b.push_front(to("0x2"), t0);
        }
        for _ in 0..20 {
            b.push(to("0x1"), t0);
        }
        let batch = b.take();
        assert_eq!(batch.grants.len(), 18);
        assert_eq!(
            holders.mix(&batch.grants),
            Mix {
                new: 2,
                holders: 16
            }
        );
        // The count cap still binds below what the model allows.
        b.set_max_grants(3);
        assert_eq!(b.take().grants.len(), 3);
    }

    #[test]
    fn under_the_model_a_batch_is_not_full_until_its_front_no_longer_fits() {
        let t0 = Instant::now();
        let pricing = Pricing::new(ten_new_or_twenty_holders(), Arc::new(Holders::new(10)));
        let mut b = Batcher::new(1_000, Duration::from_secs(5)).priced(pricing);
        for _ in 0..10 {
            b.push(to("0x3"), t0);
        }
        assert!(!b.is_full());
        b.push(to("0x3"), t0);
        assert!(b.is_full());
    }

    #[test]
    fn a_lowered_cap_makes_smaller_batches() {
        let t0 = Instant::now();
        let mut b = Batcher::new(4, Duration::from_secs(5));
        for _ in 0..4 {
            b.push(grant(), t0);
        }
        b.set_max_grants(2);
        assert!(b.is_full());
        assert_eq!(b.take().grants.len(), 2);
        b.set_max_grants(0);
        assert_eq!(b.max_grants(), 1);
    }
}
