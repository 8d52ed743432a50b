//! Batches that hit a VM limit: how they are split, and how large the next batches may be.
//!
//! A transaction that commits with `EXECUTION_LIMIT_REACHED`, `IO_LIMIT_REACHED`,
//! `STORAGE_LIMIT_REACHED` or out of gas paid nothing (the VM discards an aborted
//! transaction's writes and events; only its gas is charged), so its grants may ride again
//! at once. The batch is cut in two halves that are sent as they are, each in its own
//! transaction; a half that hits a limit again is cut again, down to a single grant. A single
//! grant that still hits a limit cannot be paid by `jobs::submit_job` as configured: it fails
//! (class `permanent`) after the usual final check. Each cut halves the batch, so a grant
//! rides in at most `log2(BATCH_MAX_GRANTS) + 1` transactions this way.
//!
//! The batcher's cap on new batches adapts the way TCP's congestion window does: each limit
//! hit lowers it to half the failed batch at once; then every [`RECOVER_AFTER`] committed
//! batches that were full at the current cap raise it by a tenth of the configured cap, back up
//! to `BATCH_MAX_GRANTS`. The gas model ([`crate::gas`]) should make limit hits rare; this is
//! what keeps grants moving when the model is wrong (a contract change, a new gas schedule).

use std::sync::Mutex;

/// Committed full batches after which a lowered cap grows one step.
pub(crate) const RECOVER_AFTER: u32 = 10;

/// What to do with the grants of a batch that hit a VM limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Split<T> {
    /// Send each half as its own batch (first half first; both non-empty).
    Halves(Vec<T>, Vec<T>),
    /// The batch was one grant: it fails.
    Alone(T),
}

/// Cuts a batch that hit a limit (order kept; the first half gets the odd grant).
/// `None` for an empty batch.
pub(crate) fn split<T>(mut batch: Vec<T>) -> Option<Split<T>> {
    match batch.len() {
        0 => None,
        1 => batch.pop().map(Split::Alone),
        n => {
            let second = batch.split_off(n.div_ceil(2));
            Some(Split::Halves(batch, second))
        }
    }
}

/// The batcher's cap on new batches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BatchCap {
    configured: usize,
    current: usize,
    full_commits: u32,
}

impl BatchCap {
    /// A cap starting at (and never above) `configured` (at least 1).
    pub(crate) fn new(configured: usize) -> Self {
        let configured = configured.max(1);
        Self {
            configured,
            current: configured,
            full_commits: 0,
        }
    }

    /// The cap now.
    pub(crate) fn current(&self) -> usize {
        self.current
    }

    /// `BATCH_MAX_GRANTS`.
    pub(crate) fn configured(&self) -> usize {
        self.configured
    }

    /// A batch of `size` grants hit a limit: the cap drops to half of it (at least 1) unless
    /// it is already lower. Returns the new cap when it changed.
    pub(crate) fn limit_hit(&mut self, size: usize) -> Option<usize> {
        self.full_commits = 0;
        let lowered = (size / 2).max(1);
        if lowered < self.current {
            self.current = lowered;
            Some(lowered)
        } else {
            None
        }
    }

    /// A batch of `size` grants committed without hitting a limit. Returns the new cap when it
    /// grew.
    pub(crate) fn committed(&mut self, size: usize) -> Option<usize> {
        if self.current >= self.configured || size < self.current {
            // Only full batches say anything about whether a larger one would fit.
            return None;
        }
        self.full_commits += 1;
        if self.full_commits < RECOVER_AFTER {
            return None;
        }
        self.full_commits = 0;
        let step = (self.configured / 10).max(1);
        self.current = (self.current + step).min(self.configured);
        Some(self.current)
    }
}

/// The cap shared by the batcher (reads it for every batch) and submission (reports limit hits
/// and commits); changes are logged and exported as `chain_batch_cap_grants`.
#[derive(Debug)]
pub(crate) struct LiveCap(Mutex<BatchCap>);

impl LiveCap {
    /// A cap at `configured`.
    pub(crate) fn new(configured: usize) -> Self {
        let cap = BatchCap::new(configured);
        metrics::gauge!("chain_batch_cap_grants").set(cap.current() as f64);
        Self(Mutex::new(cap))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BatchCap> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The cap now.
    pub(crate) fn current(&self) -> usize {
        self.lock().current()
    }

    /// See [`BatchCap::limit_hit`].
    pub(crate) fn limit_hit(&self, size: usize, limit: &str) {
        if let Some(cap) = self.lock().limit_hit(size) {
            tracing::warn!(
                cap,
                failed_batch = size,
                limit,
                "batch cap lowered after a VM limit"
            );
            metrics::gauge!("chain_batch_cap_grants").set(cap as f64);
        }
    }

    /// See [`BatchCap::committed`].
    pub(crate) fn committed(&self, size: usize) {
        let mut cap = self.lock();
        if let Some(current) = cap.committed(size) {
            tracing::info!(
                cap = current,
                configured = cap.configured(),
                "batch cap raised"
            );
            metrics::gauge!("chain_batch_cap_grants").set(current as f64);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_batch_is_cut_in_two_ordered_halves_and_a_single_grant_stands_alone() {
        assert_eq!(
            split(vec![1, 2, 3, 4, 5]),
            Some(Split::Halves(vec![1, 2, 3], vec![4, 5]))
        );
        assert_eq!(split(vec![1, 2]), Some(Split::Halves(vec![1], vec![2])));
        assert_eq!(split(vec![7]), Some(Split::Alone(7)));
        assert_eq!(split(Vec::<u8>::new()), None);
    }

    #[test]
    fn repeated_limit_hits_end_in_single_grants_within_log2_cuts() {
        // Every half keeps hitting the limit: each grant ends alone after at most
        // ceil(log2(n)) cuts, and every grant comes out exactly once.
        let n = 250;
        let mut queue = vec![((0..n).collect::<Vec<usize>>(), 0u32)];
        let mut alone = Vec::new();
        while let Some((batch, cuts)) = queue.pop() {
            match split(batch).unwrap() {
                Split::Halves(a, b) => {
                    assert!(!a.is_empty() && !b.is_empty());
                    queue.push((a, cuts + 1));
                    queue.push((b, cuts + 1));
                }
                Split::Alone(g) => alone.push((g, cuts)),
            }
        }
        alone.sort_unstable();
        assert_eq!(
            alone.iter().map(|(g, _)| *g).collect::<Vec<_>>(),
            (0..n).collect::<Vec<_>>()
        );
        assert!(alone.iter().all(|(_, cuts)| *cuts <= 8), "log2(250) < 8");
    }

    #[test]
    fn a_limit_hit_halves_the_cap_and_full_commits_raise_it_slowly() {
        let mut cap = BatchCap::new(250);
        assert_eq!(cap.limit_hit(250), Some(125));
        // Other transactions of the same size that were already in flight fail too: no
        // further drop for the same evidence.
        assert_eq!(cap.limit_hit(250), None);
        assert_eq!(cap.limit_hit(200), Some(100));
        // Small (not full) batches say nothing.
        for _ in 0..100 {
            assert_eq!(cap.committed(40), None);
        }
        for _ in 0..RECOVER_AFTER - 1 {
            assert_eq!(cap.committed(100), None);
        }
        assert_eq!(cap.committed(100), Some(125));
        // A limit hit resets the count towards the next step.
        for _ in 0..RECOVER_AFTER - 1 {
            cap.committed(125);
        }
        assert_eq!(cap.limit_hit(300), None);
        assert_eq!(cap.committed(125), None);
        for _ in 0..RECOVER_AFTER * 20 {
            cap.committed(cap.current());
        }
        assert_eq!(cap.current(), 250, "never above the configured cap");
        assert_eq!(BatchCap::new(0).current(), 1);
        let mut tiny = BatchCap::new(3);
        assert_eq!(tiny.limit_hit(1), Some(1), "never below one grant");
        assert_eq!(tiny.limit_hit(1), None);
    }

    proptest! {
        #[test]
        fn the_cap_stays_between_one_and_the_configured_value(
            configured in 1usize..=1000,
            events in proptest::collection::vec((any::<bool>(), 1usize..=1000), 0..300),
        ) {
            let mut cap = BatchCap::new(configured);
            for (hit, size) in events {
                let before = cap.current();
                if hit {
                    cap.limit_hit(size);
                    prop_assert_eq!(cap.current(), before.min((size / 2).max(1)));
                } else {
                    cap.committed(size);
                    prop_assert!(cap.current() >= before);
                }
                prop_assert!(cap.current() >= 1 && cap.current() <= configured);
            }
        }
    }
}
