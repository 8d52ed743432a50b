//! Recipients known to hold the payout token, so a batch is priced by what it holds.
//!
//! On the real VM a grant to a wallet that already has a primary store of the token costs a
//! fraction of one to a new wallet (no store to create: about two thirds of the execution, and
//! 960 storage octas against 54,200; [`crate::gas`]), so a transaction carries many more of them
//! before the execution limit. chain-svc learns holders from its own payments: every grant a
//! committed transaction paid (`GrantPaid`) left its recipient with a primary store, and a
//! primary store is never deleted, so what is learned stays true. A recipient not learned is
//! priced as new — the worst case — so knowing less only makes batches smaller, never too big.
//! A replica knows only what it paid itself, and nothing after a restart; that costs batch size
//! for a while, never a payment.
//!
//! Memory is bounded: at most `capacity` addresses, in two generations (the older one is
//! dropped when the newer fills half the capacity), so the recipients paid most recently are
//! the ones kept. A capacity of 0 keeps nothing (every grant priced as new).

use crate::gas::Mix;
use crate::grant::Grant;
use std::collections::HashSet;
use std::sync::Mutex;

/// The set of recipients known to hold the token (see the module documentation).
#[derive(Debug)]
pub(crate) struct Holders {
    capacity: usize,
    generations: Mutex<Generations>,
}

#[derive(Debug, Default)]
struct Generations {
    current: HashSet<[u8; 32]>,
    previous: HashSet<[u8; 32]>,
}

impl Holders {
    /// An empty set keeping at most `capacity` addresses.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            generations: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations> {
        self.generations
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records that `recipient` holds the token (a grant to it was paid).
    pub(crate) fn learn(&self, recipient: [u8; 32]) {
        if self.capacity == 0 {
            return;
        }
        let mut g = self.lock();
        if g.current.contains(&recipient) {
            return;
        }
        if g.current.len() >= self.capacity.div_ceil(2) {
            g.previous = std::mem::take(&mut g.current);
        }
        g.previous.remove(&recipient);
        g.current.insert(recipient);
    }

    /// The set as it is now, for asking about many grants under one lock (learning waits).
    pub(crate) fn known(&self) -> Known<'_> {
        Known(self.lock())
    }

    /// What `grants` hold, as the gas model prices it.
    pub(crate) fn mix<'a>(&self, grants: impl IntoIterator<Item = &'a Grant>) -> Mix {
        let known = self.known();
        grants
            .into_iter()
            .fold(Mix::default(), |mix, grant| mix.and(known.holds(grant)))
    }
}

/// [`Holders`] held still ([`Holders::known`]).
pub(crate) struct Known<'a>(std::sync::MutexGuard<'a, Generations>);

impl Known<'_> {
    /// Whether `grant` goes to a known holder.
    pub(crate) fn holds(&self, grant: &Grant) -> bool {
        let r = grant.recipient_bytes();
        self.0.current.contains(&r) || self.0.previous.contains(&r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(n: u32) -> [u8; 32] {
        let mut a = [0u8; 32];
        a[..4].copy_from_slice(&n.to_be_bytes());
        a
    }

    /// What the tests ask of the set, through the batcher's own path ([`Holders::known`]) where
    /// there is one.
    impl Holders {
        /// True when `recipient` is known to hold the token.
        fn knows(&self, recipient: &[u8; 32]) -> bool {
            let g = self.lock();
            g.current.contains(recipient) || g.previous.contains(recipient)
        }

        /// Addresses known.
        fn len(&self) -> usize {
            let g = self.lock();
            g.current.len() + g.previous.len()
        }

        /// True when nothing is known.
        fn is_empty(&self) -> bool {
            self.len() == 0
        }

        /// Whether `grant` goes to a known holder.
        fn holds(&self, grant: &Grant) -> bool {
            self.known().holds(grant)
        }
    }

    #[test]
    fn a_learned_recipient_is_known_and_prices_as_a_holder() {
        let holders = Holders::new(10);
        let a = crate::grant::fixtures::grant("0xabc", 1);
        let b = crate::grant::fixtures::grant("0xdef", 1);
        assert!(!holders.holds(&a));
        holders.learn(a.recipient_bytes());
        assert!(holders.holds(&a));
        assert_eq!(holders.mix([&a, &b, &a]), Mix { new: 1, holders: 2 });
    }

    #[test]
    fn memory_is_bounded_and_the_most_recent_are_kept() {
        let holders = Holders::new(100);
        for n in 0..1_000 {
            holders.learn(addr(n));
            assert!(holders.len() <= 100, "{} after {n}", holders.len());
        }
        // The last half-capacity learned are always known.
        for n in 950..1_000 {
            assert!(holders.knows(&addr(n)), "{n}");
        }
        assert!(!holders.knows(&addr(0)));
        // Learning a known address again moves it to the newer generation.
        let keep = addr(960);
        for n in 2_000..2_100 {
            holders.learn(keep);
            holders.learn(addr(n));
        }
        assert!(holders.knows(&keep));
    }

    #[test]
    fn capacity_zero_knows_nothing() {
        let holders = Holders::new(0);
        holders.learn(addr(1));
        assert!(!holders.knows(&addr(1)));
        assert!(holders.is_empty());
    }
}
