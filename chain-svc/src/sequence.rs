//! The sequence manager of one signer: which sequence numbers are in flight, which are settled,
//! and when the local counter must be thrown away and re-read from the chain.
//!
//! Pure state, no I/O: the signer task feeds it what the node said and acts on what it returns.
//! The rules that make drift impossible:
//!
//! * At most [`WINDOW`] transactions in flight (the Aptos mempool's per-account limit).
//! * A transaction is settled only by the chain: its sequence number was passed (then `by_hash`
//!   tells whether it was ours), or the chain's clock passed its expiry while the account had
//!   not reached it (then it can never commit), or every post of it was definitely refused.
//! * Anything unexpected (a refusal, an expiry, a slot taken by another transaction, the account
//!   ahead of our counter) puts the signer in *resync*: it hands out no sequence number until
//!   every in-flight transaction is settled, then takes the chain's number as the truth.
//!   The counter therefore never runs ahead of transactions that cannot commit, and never
//!   lags behind the chain for more than one resync.

use std::collections::BTreeMap;

/// Most transactions one signer has in flight (Aptos mempool: 100 per account).
pub(crate) const WINDOW: usize = 100;

/// One transaction in flight, with the caller's payload `T` (its batch).
#[derive(Debug, Clone)]
pub(crate) struct Tracked<T> {
    /// Expiration, seconds since the epoch (as signed).
    pub(crate) expiration_secs: u64,
    /// True once a post of it may have reached the node (accepted, or the answer was lost).
    pub(crate) maybe_accepted: bool,
    /// What the caller keeps with it.
    pub(crate) payload: T,
}

/// What the chain looked like at one moment: the clock was read before the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ChainView {
    /// Latest block timestamp, microseconds, read first.
    pub(crate) timestamp_usecs: u64,
    /// The account's next sequence number, read after the clock.
    pub(crate) account_sequence: u64,
}

/// A transaction the chain has decided, to be settled by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decided {
    /// The account passed this sequence number: some transaction committed in it. Look the hash
    /// up: ours (committed, maybe aborted) or another one's (ours can never commit).
    Passed(u64),
    /// The chain's clock passed the expiry while the account had not reached this number: it can
    /// never commit (confirm with `by_hash`).
    Expired(u64),
}

/// The sequence manager.
#[derive(Debug)]
pub(crate) struct SequenceManager<T> {
    next: u64,
    in_flight: BTreeMap<u64, Tracked<T>>,
    resyncing: bool,
    resync_reason: Option<String>,
}

impl<T> SequenceManager<T> {
    /// Starts at the chain's sequence number.
    pub(crate) fn new(chain_sequence: u64) -> Self {
        Self {
            next: chain_sequence,
            in_flight: BTreeMap::new(),
            resyncing: false,
            resync_reason: None,
        }
    }

    /// The next sequence number to hand out.
    pub(crate) fn next(&self) -> u64 {
        self.next
    }

    /// Transactions in flight.
    pub(crate) fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// True while waiting to resync.
    pub(crate) fn is_resyncing(&self) -> bool {
        self.resyncing
    }

    /// Why the last resync was started.
    pub(crate) fn resync_reason(&self) -> Option<&str> {
        self.resync_reason.as_deref()
    }

    /// True when a new transaction may be sent now.
    pub(crate) fn can_send(&self) -> bool {
        !self.resyncing && self.in_flight.len() < WINDOW
    }

    /// Hands out the next sequence number for what `make` builds with it, or `None` when the
    /// signer cannot send now. When `make` fails the number is not used (no gap is left).
    pub(crate) fn try_send<E>(
        &mut self,
        make: impl FnOnce(u64) -> Result<Tracked<T>, E>,
    ) -> Result<Option<u64>, E> {
        if !self.can_send() {
            return Ok(None);
        }
        let seq = self.next;
        let tracked = make(seq)?;
        self.next += 1;
        self.in_flight.insert(seq, tracked);
        Ok(Some(seq))
    }

    /// The tracked transaction at `seq`.
    pub(crate) fn get(&self, seq: u64) -> Option<&Tracked<T>> {
        self.in_flight.get(&seq)
    }

    /// Mutable access to the tracked transaction at `seq`.
    pub(crate) fn get_mut(&mut self, seq: u64) -> Option<&mut Tracked<T>> {
        self.in_flight.get_mut(&seq)
    }

    /// Stops handing out numbers until everything in flight is settled and the chain is re-read.
    pub(crate) fn start_resync(&mut self, reason: &str) {
        if !self.resyncing {
            self.resyncing = true;
            self.resync_reason = Some(reason.to_string());
        }
    }

    /// A post of `seq` was definitely refused. Resync (the slot is now a gap). Returns true when
    /// no post of it may have reached the node, so the caller may settle it right away.
    pub(crate) fn refused(&mut self, seq: u64, reason: &str) -> bool {
        self.start_resync(reason);
        self.in_flight.get(&seq).is_some_and(|t| !t.maybe_accepted)
    }

    /// Transactions the chain has decided, given a view of it. Starts a resync when a
    /// transaction expired or the account is ahead of our counter (someone else used the key).
    pub(crate) fn decide(&mut self, view: ChainView) -> Vec<Decided> {
        if view.account_sequence > self.next {
            self.start_resync("account_ahead");
        }
        let mut decided = Vec::new();
        let mut expired = false;
        for (&seq, t) in &self.in_flight {
            if seq < view.account_sequence {
                decided.push(Decided::Passed(seq));
            } else if t.expiration_secs.saturating_mul(1_000_000) <= view.timestamp_usecs {
                decided.push(Decided::Expired(seq));
                expired = true;
            }
        }
        if expired {
            self.start_resync("expired");
        }
        decided
    }

    /// Removes a settled transaction and returns its payload.
    pub(crate) fn settle(&mut self, seq: u64) -> Option<T> {
        self.in_flight.remove(&seq).map(|t| t.payload)
    }

    /// True when a resync can finish (nothing left in flight).
    pub(crate) fn ready_to_resync(&self) -> bool {
        self.resyncing && self.in_flight.is_empty()
    }

    /// Finishes a resync with the account's sequence number read *after* everything settled.
    /// Returns false (and changes nothing) if something is still in flight.
    pub(crate) fn finish_resync(&mut self, account_sequence: u64) -> bool {
        if !self.in_flight.is_empty() {
            return false;
        }
        self.next = account_sequence;
        self.resyncing = false;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    impl<T> SequenceManager<T> {
        /// [`SequenceManager::try_send`] with a `make` that cannot fail.
        fn send(&mut self, make: impl FnOnce(u64) -> Tracked<T>) -> Option<u64> {
            self.try_send(|n| Ok::<_, std::convert::Infallible>(make(n)))
                .ok()
                .flatten()
        }
    }

    fn tracked(expiration_secs: u64) -> Tracked<()> {
        Tracked {
            expiration_secs,
            maybe_accepted: true,
            payload: (),
        }
    }

    fn view(secs: u64, seq: u64) -> ChainView {
        ChainView {
            timestamp_usecs: secs * 1_000_000,
            account_sequence: seq,
        }
    }

    #[test]
    fn hands_out_consecutive_numbers_up_to_a_window_of_100() {
        let mut m = SequenceManager::new(7);
        for i in 0..WINDOW as u64 {
            assert_eq!(m.send(|_| tracked(100)), Some(7 + i));
        }
        assert!(!m.can_send());
        assert_eq!(m.send(|_| tracked(100)), None);
        assert_eq!(m.next(), 107);
        assert_eq!(m.decide(view(10, 8)), vec![Decided::Passed(7)]);
        m.settle(7);
        assert_eq!(m.send(|_| tracked(100)), Some(107));
    }

    #[test]
    fn an_expiry_stops_sending_until_everything_settles_then_takes_the_chains_number() {
        let mut m = SequenceManager::new(10);
        for _ in 0..3 {
            m.send(|_| tracked(50));
        }
        m.send(|_| tracked(60));
        // Chain at 10: nothing passed; at t=55 the first three expired, the fourth not yet.
        let d = m.decide(view(55, 10));
        assert_eq!(
            d,
            vec![
                Decided::Expired(10),
                Decided::Expired(11),
                Decided::Expired(12)
            ]
        );
        assert!(m.is_resyncing());
        assert_eq!(m.resync_reason(), Some("expired"));
        assert_eq!(m.send(|_| tracked(99)), None);
        for s in [10, 11, 12] {
            m.settle(s);
        }
        assert!(!m.ready_to_resync());
        assert!(!m.finish_resync(10));
        assert_eq!(m.decide(view(61, 10)), vec![Decided::Expired(13)]);
        m.settle(13);
        assert!(m.ready_to_resync());
        assert!(m.finish_resync(10));
        assert_eq!(m.send(|_| tracked(99)), Some(10));
    }

    #[test]
    fn an_account_ahead_of_the_counter_forces_a_resync_to_the_chains_number() {
        let mut m = SequenceManager::new(5);
        m.send(|_| tracked(100));
        m.send(|_| tracked(100));
        // Someone else used the key: the chain is at 9.
        let d = m.decide(view(10, 9));
        assert_eq!(d, vec![Decided::Passed(5), Decided::Passed(6)]);
        assert!(m.is_resyncing());
        m.settle(5);
        m.settle(6);
        assert!(m.finish_resync(9));
        assert_eq!(m.send(|_| tracked(100)), Some(9));
    }

    #[test]
    fn a_refusal_settles_at_once_only_if_no_post_may_have_landed() {
        let mut m = SequenceManager::new(0);
        m.send(|_| Tracked {
            expiration_secs: 100,
            maybe_accepted: false,
            payload: (),
        });
        m.send(|_| tracked(100));
        assert!(m.refused(0, "SEQUENCE_NUMBER_TOO_OLD"));
        assert!(!m.refused(1, "SEQUENCE_NUMBER_TOO_OLD"));
        assert!(m.is_resyncing());
        assert_eq!(m.resync_reason(), Some("SEQUENCE_NUMBER_TOO_OLD"));
    }

    proptest! {
        /// Whatever the chain does, the manager never has more than 100 in flight, never hands
        /// out a number twice between resyncs, and after a resync starts where the chain is.
        #[test]
        fn never_exceeds_the_window_nor_reuses_a_number(
            steps in proptest::collection::vec((0u8..4, 0u64..5), 1..200)
        ) {
            let mut m = SequenceManager::new(0);
            let mut chain_seq = 0u64;
            let mut now = 0u64;
            let mut handed: std::collections::HashSet<u64> = Default::default();
            for (op, n) in steps {
                match op {
                    0 => for _ in 0..n * 10 {
                        if let Some(s) = m.send(|_| tracked(now + 3)) {
                            prop_assert!(handed.insert(s), "number {} handed out twice", s);
                        }
                    },
                    1 => { chain_seq = (chain_seq + n).min(m.next().max(chain_seq)); }
                    2 => { now += n; }
                    _ => { chain_seq += n; } // drift: someone else used the key
                }
                prop_assert!(m.in_flight() <= WINDOW);
                for d in m.decide(view(now, chain_seq)) {
                    let (Decided::Passed(s) | Decided::Expired(s)) = d;
                    m.settle(s);
                }
                if m.ready_to_resync() {
                    prop_assert!(m.finish_resync(chain_seq));
                    prop_assert_eq!(m.next(), chain_seq);
                    handed.retain(|s| *s < chain_seq);
                }
            }
        }
    }
}
