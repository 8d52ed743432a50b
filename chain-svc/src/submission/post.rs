//! Post: a batch becomes one signed transaction (payload, the signer's next sequence number, gas
//! price and `max_gas_amount` from the gas model, expiry, chain id; the hash recorded before the
//! first post), then the same signed bytes are posted until the node takes them or definitely
//! refuses them (classified by [`crate::classify`]).

use super::{Engine, SIDELINE, backoff, unix_secs};
use crate::classify::{self, SubmitRecovery};
use crate::grant::Grant;
use crate::payload;
use crate::signer::{Flight, Signer};
use aptos_sdk::transaction::TransactionBuilder;
use aptos_sdk::transaction::builder::sign_transaction;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tracing::Instrument;

impl Engine {
    /// Builds, signs and tracks a transaction for `batch` on `signer`, then posts it in the
    /// background. Gives the batch back when the signer cannot take it.
    pub(super) fn send_batch(
        self: &Arc<Self>,
        signer: Arc<Signer>,
        mut batch: Vec<Grant>,
    ) -> Result<(), Vec<Grant>> {
        let job_id = self.next_job_id.fetch_add(1, Ordering::Relaxed);
        let grants = batch.len();
        let job_grants: Vec<_> = batch.iter().map(Grant::job_grant).collect();
        let payload = match payload::submit_job(self.jobs, job_id, &job_grants) {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "cannot build the submit_job payload");
                self.stats.error(format!("payload: {e}"));
                return Err(batch);
            }
        };
        let expiration = unix_secs() + self.settings.tx_expiration_secs;
        let gas_price = self.gas_price();
        let mix = self.settings.holders.mix(&batch);
        let max_gas_amount = self.settings.gas_model.max_gas_amount(mix, gas_price);
        let sent = signer.send(expiration, |seq| {
            let raw = TransactionBuilder::new()
                .sender(signer.address())
                .sequence_number(seq)
                .payload(payload)
                .max_gas_amount(max_gas_amount)
                .gas_unit_price(gas_price)
                .expiration_timestamp_secs(expiration)
                .chain_id(self.chain_id)
                .build()?;
            let signed = sign_transaction(&raw, signer.account())?;
            let hash = signed.hash()?;
            for g in &mut batch {
                g.carried_by.push(hash.to_hex());
            }
            Ok::<_, aptos_sdk::AptosError>(Flight {
                job_id,
                grants: std::mem::take(&mut batch),
                signed: Arc::new(signed),
                hash,
            })
        });
        let (seq, signed, hash) = match sent {
            Ok(Some(sent)) => sent,
            Ok(None) => return Err(batch),
            Err(e) => {
                tracing::error!(error = %e, "cannot sign the transaction");
                self.stats.error(format!("signing: {e}"));
                return Err(batch);
            }
        };
        self.stats.batch(grants);
        let span = tracing::info_span!("job", job_id, seq, grants, hash = %hash.to_hex(), signer = %signer.address().to_long_string());
        span.in_scope(|| {
            tracing::info!(
                gas_price,
                max_gas_amount,
                expiration,
                new_recipients = mix.new,
                "transaction signed"
            )
        });
        let engine = self.clone();
        tokio::spawn(
            async move { engine.post(signer, seq, signed, hash, expiration).await }
                .instrument(span),
        );
        Ok(())
    }

    /// Posts the signed bytes until the node takes them, refuses them, or their fate is decided
    /// by the watcher.
    pub(super) async fn post(
        self: Arc<Self>,
        signer: Arc<Signer>,
        seq: u64,
        signed: Arc<aptos_sdk::transaction::SignedTransaction>,
        hash: aptos_sdk::HashValue,
        expiration: u64,
    ) {
        let mut attempt = 0u32;
        loop {
            if !signer.is_in_flight(seq, &hash) || self.stop.is_triggered() {
                return;
            }
            match self.submit_node.submit(&signed).await {
                Ok(()) => {
                    signer.mark_maybe_accepted(seq);
                    tracing::debug!("transaction accepted");
                    return;
                }
                Err(e) => {
                    let verdict = classify::submit_error(&e);
                    if verdict.recovery == SubmitRecovery::RepostSame {
                        signer.mark_maybe_accepted(seq);
                        tracing::warn!(error = %e, label = %verdict.label, attempt, "submit answer lost; posting the same bytes again");
                        if unix_secs() > expiration {
                            // The watcher settles it by hash and expiry.
                            return;
                        }
                        tokio::time::sleep(backoff(
                            Duration::from_millis(100),
                            attempt,
                            Duration::from_secs(2),
                        ))
                        .await;
                        attempt += 1;
                        continue;
                    }
                    self.refused(&signer, seq, &verdict, &e.to_string());
                    return;
                }
            }
        }
    }

    /// A post was definitely refused.
    pub(super) fn refused(
        &self,
        signer: &Arc<Signer>,
        seq: u64,
        verdict: &classify::SubmitVerdict,
        error: &str,
    ) {
        tracing::warn!(error, label = %verdict.label, "transaction refused by the node");
        self.stats.refused(&verdict.label);
        self.stats
            .error(format!("submit refused: {}", verdict.label));
        if verdict.recovery == SubmitRecovery::SidelineSigner {
            signer.sideline(SIDELINE, format!("refused: {}", verdict.label));
        }
        let flight = {
            let mut state = signer.state();
            let Some(sequence) = state.sequence.as_mut() else {
                return;
            };
            if sequence.refused(seq, &verdict.label) {
                sequence.settle(seq)
            } else {
                None
            }
        };
        if let Some(flight) = flight {
            self.ride_again(
                flight.grants,
                format!("refused by the node: {}", verdict.label),
            );
        }
        self.pool.notify_freed();
    }
}
