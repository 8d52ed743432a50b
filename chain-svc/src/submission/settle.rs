//! Settle: one look at the chain for one signer. The chain clock, then the account's sequence
//! number decide which transactions are over; each is looked up by hash: ours committed →
//! its events settle each grant ([`crate::settlement::judge`]), split on a VM limit, or ride
//! again; not found → dead, and its grants ride again (only the first dead one of a look counts
//! as an attempt).

use super::{Engine, SIDELINE};
use crate::grant::Settlement;
use crate::node::Lookup;
use crate::payment;
use crate::sequence::{ChainView, Decided};
use crate::settlement::{self, Fate};
use crate::signer::Signer;
use std::sync::Arc;
use tracing::Instrument;

impl Engine {
    /// One look at the chain for one signer: settles every transaction it has decided.
    pub(super) async fn settle_decided(
        &self,
        signer: &Arc<Signer>,
    ) -> Result<(), crate::node::NodeError> {
        // The clock first, then the account: a number at or above the account's that expired by
        // this clock can never commit.
        let ledger = self.node.ledger().await?;
        let account_sequence = self.node.sequence_number(signer.address()).await?;
        let decided: Vec<(Decided, aptos_sdk::HashValue)> = {
            let mut state = signer.state();
            let Some(sequence) = state.sequence.as_mut() else {
                return Ok(());
            };
            sequence
                .decide(ChainView {
                    timestamp_usecs: ledger.timestamp_usecs,
                    account_sequence,
                })
                .into_iter()
                .filter_map(|d| {
                    let (Decided::Passed(s) | Decided::Expired(s)) = d;
                    sequence.get(s).map(|t| (d, t.payload.hash))
                })
                .collect()
        };
        if decided.is_empty() {
            return Ok(());
        }
        // After one dead transaction, every later one of this signer expires behind the gap:
        // only the first dead one in this look counts as an attempt for its grants.
        let mut first_dead_seen = false;
        let lookups =
            futures::future::join_all(decided.iter().map(|(_, hash)| self.node.lookup(hash))).await;
        for ((decision, hash), lookup) in decided.into_iter().zip(lookups) {
            let (Decided::Passed(seq) | Decided::Expired(seq)) = decision;
            let lookup = match lookup {
                Ok(l) => l,
                Err(e) => {
                    tracing::debug!(error = %e, seq, "lookup failed; will look again");
                    continue;
                }
            };
            let Some(flight) = ({
                let mut state = signer.state();
                let seqm = state.sequence.as_mut();
                match seqm {
                    Some(s) if s.get(seq).is_some_and(|t| t.payload.hash == hash) => {
                        if let (Lookup::NotFound | Lookup::Pending, Decided::Passed(_)) =
                            (&lookup, decision)
                        {
                            s.start_resync("sequence number taken by another transaction");
                        }
                        s.settle(seq)
                    }
                    _ => None,
                }
            }) else {
                continue;
            };
            let span =
                tracing::info_span!("job", job_id = flight.job_id, seq, hash = %hash.to_hex());
            let _enter = span.enter();
            match lookup {
                Lookup::Committed(tx) => {
                    let verdict = settlement::judge(&tx, flight.job_id, &flight.grants, &self.jobs);
                    self.stats.committed(verdict.aborted.as_deref());
                    if verdict.sideline_signer {
                        signer.sideline(SIDELINE, "not an operator of the Jobs contract".into());
                    }
                    if let Some(limit) = verdict.limit {
                        tracing::warn!(vm_status = %tx.vm_status, gas_used = tx.gas_used, grants = flight.grants.len(), "transaction hit a VM limit; nothing paid, splitting the batch");
                        self.stats
                            .error(format!("job over a VM limit: {}", limit.label()));
                        self.split(flight.grants, limit, &tx.vm_status);
                        continue;
                    }
                    if let Some(label) = &verdict.aborted {
                        tracing::warn!(vm_status = %tx.vm_status, label, "job aborted; its grants ride again");
                        self.stats.error(format!("job aborted: {label}"));
                    } else {
                        tracing::info!(
                            version = tx.version,
                            gas_used = tx.gas_used,
                            grants = flight.grants.len(),
                            "transaction committed"
                        );
                        self.cap.committed(flight.grants.len());
                    }
                    let mut again = Vec::new();
                    let mut already_paid = Vec::new();
                    let mut reason = String::new();
                    for (grant, fate) in flight.grants.into_iter().zip(verdict.fates) {
                        match fate {
                            Fate::Settled(s) => {
                                if matches!(s, Settlement::Paid { .. }) {
                                    self.settings.holders.learn(grant.recipient_bytes());
                                }
                                let _ = self.settled.send((grant, s));
                            }
                            Fate::AlreadyPaid(record) => already_paid.push((grant, record)),
                            Fate::RideAgain(why) => {
                                reason = why;
                                again.push(grant);
                            }
                        }
                    }
                    if !already_paid.is_empty() {
                        tokio::spawn(
                            payment::settle(
                                self.node.clone(),
                                already_paid,
                                self.settled.clone(),
                                self.stats.clone(),
                                self.stop.clone(),
                            )
                            .in_current_span(),
                        );
                    }
                    if !again.is_empty() {
                        self.ride_again(again, reason);
                    }
                }
                Lookup::NotFound | Lookup::Pending => {
                    let why = match decision {
                        Decided::Passed(_) => "its sequence number was used by another transaction",
                        Decided::Expired(_) => "expired without being committed",
                    };
                    let collateral = std::mem::replace(&mut first_dead_seen, true);
                    tracing::warn!(
                        why,
                        collateral,
                        "transaction is dead; its grants ride again"
                    );
                    self.stats.expired();
                    self.stats.error(format!("transaction {why}"));
                    self.ride_again_counted(
                        flight.grants,
                        format!("transaction {why}"),
                        !collateral,
                    );
                }
            }
        }
        self.pool.notify_freed();
        Ok(())
    }
}
