//! What a `jobs::submit_job` transaction costs on the Move VM, and everything chain-svc derives
//! from it: the largest batch that stays inside the VM's per-transaction limits for what it
//! holds, the `max_gas_amount` each batch is sent with, and the balance a signer must hold to
//! send one. The configuration check, the batcher and submission all ask this one model.
//!
//! The VM charges three things, each linear enough in the grants to model so, with one rate for
//! a grant to a recipient not known to hold the token ("new": its primary store may have to be
//! created) and one for a known holder ([`crate::holders`]):
//!
//! | component | model | limit per transaction |
//! |---|---|---|
//! | execution | `GAS_EXECUTION_BASE + GAS_EXECUTION_PER_GRANT × new + GAS_EXECUTION_PER_HOLDER × holders` units | 920 units (`EXECUTION_LIMIT_REACHED`) |
//! | IO | `GAS_IO_BASE + GAS_IO_PER_GRANT × new + GAS_IO_PER_HOLDER × holders` units | 1,000 units (`IO_LIMIT_REACHED`) |
//! | storage fee | `GAS_STORAGE_OCTAS_BASE + GAS_STORAGE_OCTAS_PER_GRANT × new + GAS_STORAGE_OCTAS_PER_HOLDER × holders` octas | charged against `max_gas_amount` at the gas price; 2 MOVE |
//!
//! The contract (`move/jobs`) keeps paid grant ids in shared leaves of a trie keyed by the id's
//! leading bits (campaign-svc's UUID v7 ids are time-ordered, so a batch's ids share a leaf),
//! one payment record per transaction, and mints each grant straight into the recipient's
//! primary store (created when missing). Measured on the real VM (Movement's aptos-core, local
//! chain, gas price 100, ten `measure-gas` runs, split from the `FeeStatement` event;
//! `move/jobs/README.md`), per grant beyond a job's ~10 units of execution and 11 of IO:
//!
//! | batch | execution units a grant | IO units a grant | storage octas a grant | largest batch that committed |
//! |---|---|---|---|---|
//! | new recipients | 1.32 (at most 1.330) | at most 1.351 | 54,200 (store 53,240 + the id's 24 bytes) | 624-706 (execution) |
//! | recipients that hold the token | 0.94 (at most 0.980) | at most 1.063 | 960 | 883-934 (execution or IO) |
//! | a leaf splitting in the batch | + 46-90 once (+ up to 390 for a deployment's first, cascading one) | – | + up to ~2,000,000 before a refund of about half | – |
//!
//! The defaults are those rates, a base that leaves room for a split (execution 100 = 10 + 90,
//! IO 11, storage 2,100,000: a split's new slots before its refund, a new leaf, a new payment
//! slot), and `GAS_MARGIN_PERCENT` 3 on every component. A batch of new recipients fits up to
//! **596** (execution: `(100 + 1.33 × 596) × 1.03 = 919.5`), one of known holders up to **817**
//! (`(100 + 0.97 × 817) × 1.03 = 919.3`), a mix in between. Without the split's room a full
//! batch would meet the limit whenever a leaf split lands in it (a leaf splits every 1,024 ids:
//! 25 % of the measured 100+-grant jobs had one). A batch that meets a limit anyway (a
//! deployment's first, cascading split) is split and resent ([`crate::sizing`]), never failed.
//!
//! `max_gas_amount` is what a transaction may be charged at most, storage included: storage
//! octas count as `octas / gas_unit_price` units, so it is computed per batch at the batch's own
//! price (`ceil(1.03 × (execution + IO)) + ceil(1.03 × storage / price)`, at most 2,000,000).
//! Only gas actually used is charged; the sender's balance must cover `max_gas_amount × price`
//! for the transaction to be accepted: a signer must hold the dearest batch's fee, whatever it
//! holds ([`GasModel::max_batch_fee_octas`]).

use crate::payload::MAX_GRANTS_PER_JOB;
use std::fmt;
use std::str::FromStr;

/// Least gas unit price the VM accepts (`min_price_per_gas_unit`, Aptos and Movement), octas.
pub(crate) const MIN_GAS_UNIT_PRICE: u64 = 100;
/// Execution gas one transaction may use (`max_execution_gas`).
pub(crate) const MAX_EXECUTION_GAS: GasUnits = GasUnits::whole(920);
/// IO gas one transaction may use (`max_io_gas`).
pub(crate) const MAX_IO_GAS: GasUnits = GasUnits::whole(1_000);
/// Largest `max_gas_amount` a transaction may carry (`maximum_number_of_gas_units`).
pub(crate) const MAX_GAS_AMOUNT: u64 = 2_000_000;
/// Most storage fee one transaction may be charged (`max_storage_fee`): 2 MOVE.
pub(crate) const MAX_STORAGE_FEE_OCTAS: u64 = 200_000_000;

/// An amount of gas units with three decimals (the VM meters in millionths of a unit; per-grant
/// rates such as 2.9 need a fraction, three digits are plenty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) struct GasUnits(u64);

impl GasUnits {
    /// `units` whole gas units.
    pub(crate) const fn whole(units: u64) -> Self {
        Self(units * 1_000)
    }

    /// `milli` thousandths of a gas unit.
    pub(crate) const fn from_milli(milli: u64) -> Self {
        Self(milli)
    }

    /// In thousandths of a unit.
    pub(crate) const fn milli(self) -> u64 {
        self.0
    }
}

impl fmt::Display for GasUnits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 1_000, self.0 % 1_000);
        if frac == 0 {
            write!(f, "{whole}")
        } else {
            let digits = format!("{frac:03}");
            write!(f, "{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

/// A gas amount that is not a decimal number of units with at most three decimals.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a number of gas units (digits, optionally '.' and up to 3 decimals, at most 1000000)"
)]
pub(crate) struct BadGasUnits(String);

impl FromStr for GasUnits {
    type Err = BadGasUnits;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let bad = || BadGasUnits(raw.to_string());
        let (whole, frac) = raw.trim().split_once('.').unwrap_or((raw.trim(), ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || whole.len() > 7 || !digits(whole) || frac.len() > 3 || !digits(frac)
        {
            return Err(bad());
        }
        let whole: u64 = whole.parse().map_err(|_| bad())?;
        let frac: u64 = format!("{frac:0<3}").parse().map_err(|_| bad())?;
        if whole > 1_000_000 || (whole == 1_000_000 && frac > 0) {
            return Err(bad());
        }
        Ok(Self(whole * 1_000 + frac))
    }
}

/// A batch size the model says the VM would refuse (or charge more than allowed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum OverLimit {
    /// Modelled execution gas with the margin is above `max_execution_gas`.
    #[error(
        "{grants} grants need {needed} execution gas units with the margin, above the VM's {MAX_EXECUTION_GAS} per transaction"
    )]
    Execution {
        /// Batch size.
        grants: usize,
        /// Modelled units, margin included.
        needed: GasUnits,
    },
    /// Modelled IO gas with the margin is above `max_io_gas`.
    #[error(
        "{grants} grants need {needed} IO gas units with the margin, above the VM's {MAX_IO_GAS} per transaction"
    )]
    Io {
        /// Batch size.
        grants: usize,
        /// Modelled units, margin included.
        needed: GasUnits,
    },
    /// Modelled storage fee with the margin is above `max_storage_fee`.
    #[error(
        "{grants} grants need {needed} octas of storage fee with the margin, above the VM's {MAX_STORAGE_FEE_OCTAS}"
    )]
    Storage {
        /// Batch size.
        grants: usize,
        /// Modelled octas, margin included.
        needed: u64,
    },
    /// `max_gas_amount` at the lowest gas price would be above the VM's 2,000,000.
    #[error(
        "{grants} grants need a max_gas_amount of {needed} at gas price {MIN_GAS_UNIT_PRICE}, above the VM's {MAX_GAS_AMOUNT}"
    )]
    MaxGas {
        /// Batch size.
        grants: usize,
        /// Units needed.
        needed: u64,
    },
}

/// The cost of `jobs::submit_job` per transaction and per grant, and the safety margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GasModel {
    /// Execution units of a job regardless of its size (intrinsic cost, loading, the first grant).
    pub(crate) execution_base: GasUnits,
    /// Execution units each grant to a recipient not known to hold the token adds (its primary
    /// store may have to be created).
    pub(crate) execution_per_grant: GasUnits,
    /// Execution units each grant to a known holder adds ([`crate::holders`]).
    pub(crate) execution_per_holder: GasUnits,
    /// IO units of a job regardless of its size.
    pub(crate) io_base: GasUnits,
    /// IO units each grant to a recipient not known to hold the token adds.
    pub(crate) io_per_grant: GasUnits,
    /// IO units each grant to a known holder adds.
    pub(crate) io_per_holder: GasUnits,
    /// Storage fee of a job regardless of its size, in octas (a leaf split's new slots before
    /// its refund, a new leaf, a new payment slot).
    pub(crate) storage_octas_base: u64,
    /// Storage fee each grant to a recipient not known to hold the token adds, in octas (its
    /// store and the id's bytes).
    pub(crate) storage_octas_per_grant: u64,
    /// Storage fee each grant to a known holder adds, in octas (the id's bytes).
    pub(crate) storage_octas_per_holder: u64,
    /// Every modelled component is multiplied by `1 + margin_percent / 100` before it is
    /// compared with a limit or turned into `max_gas_amount`.
    pub(crate) margin_percent: u64,
}

/// What a batch holds, as the model prices it: grants to recipients not known to hold the token
/// (`new`) and grants to known holders ([`crate::holders`]). A bare count is that many `new`
/// grants, the worst case when nothing is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Mix {
    /// Grants to recipients not known to hold the token.
    pub(crate) new: usize,
    /// Grants to known holders.
    pub(crate) holders: usize,
}

impl Mix {
    /// Grants in the batch.
    pub(crate) fn grants(self) -> usize {
        self.new + self.holders
    }

    /// This mix with one more grant, to a holder or not.
    pub(crate) fn and(self, holder: bool) -> Self {
        if holder {
            Self {
                holders: self.holders + 1,
                ..self
            }
        } else {
            Self {
                new: self.new + 1,
                ..self
            }
        }
    }
}

impl From<usize> for Mix {
    fn from(new: usize) -> Self {
        Self { new, holders: 0 }
    }
}

impl GasModel {
    /// The model measured on Movement's VM (see the module documentation).
    pub const MEASURED: GasModel = GasModel {
        execution_base: GasUnits::whole(100),
        execution_per_grant: GasUnits::from_milli(1_330),
        execution_per_holder: GasUnits::from_milli(970),
        io_base: GasUnits::whole(11),
        io_per_grant: GasUnits::from_milli(1_360),
        io_per_holder: GasUnits::from_milli(1_070),
        storage_octas_base: 2_100_000,
        storage_octas_per_grant: 54_200,
        storage_octas_per_holder: 960,
        margin_percent: 3,
    };

    /// This model with every grant priced as the dearer of the two kinds, component by
    /// component: what a batch costs at most whatever it holds.
    pub(crate) fn worst_case(&self) -> GasModel {
        self.every_grant_at(u64::max)
    }

    /// This model with every grant priced as the cheaper of the two kinds.
    fn best_case(&self) -> GasModel {
        self.every_grant_at(u64::min)
    }

    /// This model with both kinds of grant priced at `pick(new, holder)`, component by component.
    fn every_grant_at(&self, pick: fn(u64, u64) -> u64) -> GasModel {
        let units = |new: GasUnits, holder: GasUnits| GasUnits(pick(new.0, holder.0));
        let execution = units(self.execution_per_grant, self.execution_per_holder);
        let io = units(self.io_per_grant, self.io_per_holder);
        let storage = pick(self.storage_octas_per_grant, self.storage_octas_per_holder);
        GasModel {
            execution_per_grant: execution,
            execution_per_holder: execution,
            io_per_grant: io,
            io_per_holder: io,
            storage_octas_per_grant: storage,
            storage_octas_per_holder: storage,
            ..*self
        }
    }

    /// `value × (1 + margin)`, rounded up.
    fn with_margin(&self, value: u128) -> u128 {
        (value * (100 + self.margin_percent as u128)).div_ceil(100)
    }

    fn linear(base: u64, per_new: u64, per_holder: u64, mix: Mix) -> u128 {
        base as u128 + per_new as u128 * mix.new as u128 + per_holder as u128 * mix.holders as u128
    }

    fn saturate_units(milli: u128) -> GasUnits {
        GasUnits(u64::try_from(milli).unwrap_or(u64::MAX))
    }

    /// Modelled execution gas of a job holding `mix`, margin included.
    pub(crate) fn execution(&self, mix: impl Into<Mix>) -> GasUnits {
        let raw = Self::linear(
            self.execution_base.milli(),
            self.execution_per_grant.milli(),
            self.execution_per_holder.milli(),
            mix.into(),
        );
        Self::saturate_units(self.with_margin(raw))
    }

    /// Modelled IO gas of a job holding `mix`, margin included.
    pub(crate) fn io(&self, mix: impl Into<Mix>) -> GasUnits {
        let raw = Self::linear(
            self.io_base.milli(),
            self.io_per_grant.milli(),
            self.io_per_holder.milli(),
            mix.into(),
        );
        Self::saturate_units(self.with_margin(raw))
    }

    /// Modelled storage fee of a job holding `mix` in octas, margin included.
    pub(crate) fn storage_octas(&self, mix: impl Into<Mix>) -> u64 {
        let raw = Self::linear(
            self.storage_octas_base,
            self.storage_octas_per_grant,
            self.storage_octas_per_holder,
            mix.into(),
        );
        u64::try_from(self.with_margin(raw)).unwrap_or(u64::MAX)
    }

    /// `max_gas_amount` for a job holding `mix` at `gas_unit_price` (octas; clamped to at least
    /// [`MIN_GAS_UNIT_PRICE`]): execution and IO with the margin, plus the storage fee with the
    /// margin in units of that price, rounded up, at most [`MAX_GAS_AMOUNT`].
    pub(crate) fn max_gas_amount(&self, mix: impl Into<Mix>, gas_unit_price: u64) -> u64 {
        self.max_gas_uncapped(mix.into(), gas_unit_price)
            .min(MAX_GAS_AMOUNT)
    }

    fn compute_units(&self, mix: Mix) -> u128 {
        (self.execution(mix).milli() as u128 + self.io(mix).milli() as u128).div_ceil(1_000)
    }

    fn max_gas_uncapped(&self, mix: Mix, gas_unit_price: u64) -> u64 {
        let price = gas_unit_price.max(MIN_GAS_UNIT_PRICE);
        let storage = (self.storage_octas(mix) as u128).div_ceil(price as u128);
        u64::try_from(self.compute_units(mix) + storage).unwrap_or(u64::MAX)
    }

    /// The most a job holding `mix` can cost in octas at any gas price up to `price_cap`: what
    /// a signer's balance must cover for the node to accept it (`max_gas_amount × price`).
    pub(crate) fn max_fee_octas(&self, mix: impl Into<Mix>, price_cap: u64) -> u64 {
        let mix = mix.into();
        let cap = price_cap.max(MIN_GAS_UNIT_PRICE);
        // max_gas(p) × p = compute × p + ceil(storage / p) × p < compute × p + storage + p,
        // which grows with p: its value at the cap bounds every lower price.
        let bound =
            self.compute_units(mix) * cap as u128 + self.storage_octas(mix) as u128 + cap as u128;
        let ceiling = MAX_GAS_AMOUNT as u128 * cap as u128;
        u64::try_from(bound.min(ceiling)).unwrap_or(u64::MAX)
    }

    /// The most any batch of at most `cap` grants that passes [`GasModel::check`] can cost at
    /// gas prices up to `price_cap` (octas), whatever it holds: what a signer must hold.
    pub(crate) fn max_batch_fee_octas(&self, cap: usize, price_cap: u64) -> u64 {
        // For each count of new recipients, as many holders as fit (every cost grows with
        // either count, so more holders never cost less).
        (0..=cap.min(MAX_GRANTS_PER_JOB))
            .filter_map(|new| {
                let room = cap.min(MAX_GRANTS_PER_JOB) - new;
                let (mut lo, mut hi) = (0usize, room);
                if self.check(Mix { new, holders: 0 }).is_err() {
                    return None;
                }
                while lo < hi {
                    let mid = (lo + hi).div_ceil(2);
                    if self.check(Mix { new, holders: mid }).is_ok() {
                        lo = mid;
                    } else {
                        hi = mid - 1;
                    }
                }
                Some(self.max_fee_octas(Mix { new, holders: lo }, price_cap))
            })
            .max()
            .unwrap_or(0)
    }

    /// Whether a job holding `mix` stays inside every per-transaction limit by this model.
    pub(crate) fn check(&self, mix: impl Into<Mix>) -> Result<(), OverLimit> {
        let mix = mix.into();
        let grants = mix.grants();
        let execution = self.execution(mix);
        if execution > MAX_EXECUTION_GAS {
            return Err(OverLimit::Execution {
                grants,
                needed: execution,
            });
        }
        let io = self.io(mix);
        if io > MAX_IO_GAS {
            return Err(OverLimit::Io { grants, needed: io });
        }
        let storage = self.storage_octas(mix);
        if storage > MAX_STORAGE_FEE_OCTAS {
            return Err(OverLimit::Storage {
                grants,
                needed: storage,
            });
        }
        let max_gas = self.max_gas_uncapped(mix, MIN_GAS_UNIT_PRICE);
        if max_gas > MAX_GAS_AMOUNT {
            return Err(OverLimit::MaxGas {
                grants,
                needed: max_gas,
            });
        }
        Ok(())
    }

    /// The largest batch (up to the contract's 1000) of grants to recipients not known to hold
    /// the token that passes [`GasModel::check`]; 0 when not even one grant does.
    pub fn largest_batch(&self) -> usize {
        // Every component grows with the batch, so the passing sizes are 1..=k.
        let (mut lo, mut hi) = (0usize, MAX_GRANTS_PER_JOB);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if self.check(mid).is_ok() {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        lo
    }

    /// The largest batch that fits whatever it holds (every grant at the dearer kind's cost).
    pub(crate) fn largest_batch_any_mix(&self) -> usize {
        self.worst_case().largest_batch()
    }

    /// The largest batch that fits when it holds the cheapest grants: no batch the model
    /// passes is larger.
    pub(crate) fn largest_batch_best_mix(&self) -> usize {
        self.best_case().largest_batch()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn gas_units_parse_decimals_and_print_them_back() {
        for (raw, milli) in [
            ("2.9", 2_900),
            ("8", 8_000),
            ("0.001", 1),
            ("10.25", 10_250),
        ] {
            let units: GasUnits = raw.parse().unwrap();
            assert_eq!(units.milli(), milli, "{raw}");
            assert_eq!(units.to_string(), raw);
        }
        for bad in ["", ".5", "1.2345", "-1", "1e3", "abc", "2000000", "1.2.3"] {
            assert!(bad.parse::<GasUnits>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_measured_model_sizes_a_batch_by_what_it_holds() {
        let model = GasModel::MEASURED;
        // New recipients: execution binds at 596 ((100 + 1.33 × 596) × 1.03 = 919.5).
        assert_eq!(model.largest_batch(), 596);
        assert!(matches!(
            model.check(597),
            Err(OverLimit::Execution { grants: 597, .. })
        ));
        assert_eq!(model.execution(596), GasUnits::from_milli(919_461));
        assert_eq!(model.io(596), GasUnits::from_milli(846_207));
        // Known holders: 817 ((100 + 0.97 × 817) × 1.03 = 919.3), IO 911.7.
        assert_eq!(model.largest_batch_best_mix(), 817);
        let holders = |n| Mix { new: 0, holders: n };
        assert!(model.check(holders(817)).is_ok());
        assert!(matches!(
            model.check(holders(818)),
            Err(OverLimit::Execution { grants: 818, .. })
        ));
        assert_eq!(model.io(holders(817)), GasUnits::from_milli(911_746));
        // A mix between: 300 new and as many holders as fit.
        let mixed = Mix {
            new: 300,
            holders: 406,
        };
        assert!(model.check(mixed).is_ok());
        assert!(model.check(mixed.and(true)).is_err());
        // Whatever a batch holds, up to 596 fit.
        assert_eq!(model.largest_batch_any_mix(), 596);
    }

    #[test]
    fn the_worst_case_prices_every_grant_at_the_dearer_kind_per_component() {
        let model = GasModel {
            io_per_holder: GasUnits::from_milli(2_000),
            ..GasModel::MEASURED
        };
        let worst = model.worst_case();
        assert_eq!(worst.execution_per_holder, model.execution_per_grant);
        assert_eq!(worst.io_per_grant, GasUnits::from_milli(2_000));
        assert_eq!(
            worst.storage_octas_per_holder,
            model.storage_octas_per_grant
        );
        // IO now binds for holders below the new recipients' execution limit.
        assert!(model.largest_batch_any_mix() < model.largest_batch());
    }

    #[test]
    fn the_model_covers_every_real_measurement_and_without_splits_needs_no_margin() {
        let model = GasModel::MEASURED;
        let bare = GasModel {
            margin_percent: 0,
            ..model
        };
        // (holders?, grants, execution, IO, storage octas, gas units, a leaf split in the job),
        // measured on the real VM with `move/jobs` (UUID v7 ids; the largest of each size over
        // ten `measure-gas` runs): new recipients, then recipients holding the token. 706 new and
        // 934 holders are the largest that committed (execution, resp. IO, near its limit).
        for (holder, grants, execution, io, storage, total, split) in [
            (false, 1, 11, 10, 56_120, 582, false),
            (false, 100, 143, 143, 5_421_920, 54_505, false),
            (false, 250, 325, 347, 13_551_920, 136_191, false),
            (false, 340, 456, 469, 18_429_920, 185_224, false),
            (false, 340, 559, 470, 19_541_920, 196_447, true),
            (false, 706, 871, 963, 38_309_240, 384_927, false),
            (true, 1, 23, 8, 2_880, 59, false),
            (true, 100, 108, 113, 97_920, 1_200, false),
            (true, 600, 582, 645, 577_920, 7_005, false),
            (true, 600, 697, 647, 1_605_320, 17_396, true),
            (true, 900, 852, 967, 2_051_240, 22_331, true),
            (true, 934, 884, 1_000, 940_680, 11_291, false),
        ] {
            let mix = if holder {
                Mix {
                    new: 0,
                    holders: grants,
                }
            } else {
                Mix::from(grants)
            };
            // A split's execution (46-90 units) is in the base; a deployment's first split,
            // which cascades (up to ~390), is not: that batch is split and sent again.
            let m = if split { model } else { bare };
            assert!(m.execution(mix) >= GasUnits::whole(execution), "{mix:?}");
            assert!(m.io(mix) >= GasUnits::whole(io), "{mix:?}");
            assert!(m.storage_octas(mix) >= storage, "{mix:?}");
            assert!(m.max_gas_amount(mix, 100) >= total, "{mix:?}");
        }
    }

    #[test]
    fn max_gas_amount_at_price_100_for_the_largest_batches() {
        let model = GasModel::MEASURED;
        // ceil((919.461 + 846.207)) + ceil(1.03 × (2.1 M + 54,200 × 596) / 100)
        assert_eq!(model.max_gas_amount(596, 100), 1_766 + 354_353);
        assert_eq!(model.max_gas_amount(1, 100), 118 + 22_189);
        // 817 holders: their storage is the ids' bytes (960 octas each).
        let holders = Mix {
            new: 0,
            holders: 817,
        };
        assert_eq!(model.max_gas_amount(holders, 100), 1_832 + 29_709);
        // A higher price needs fewer units for the same storage octas.
        assert_eq!(model.max_gas_amount(596, 1_000), 1_766 + 35_436);
        // Below the VM's minimum price the minimum is assumed (it is what the VM would charge).
        assert_eq!(model.max_gas_amount(596, 1), model.max_gas_amount(596, 100));
        assert_eq!(model.max_gas_amount(1_000_000, 100), MAX_GAS_AMOUNT);
    }

    #[test]
    fn a_signer_must_cover_the_dearest_batch_whatever_it_holds() {
        let model = GasModel::MEASURED;
        // At the 817-grant cap the dearest batch that fits is 596 new recipients (storage).
        assert_eq!(
            model.max_batch_fee_octas(817, 1_000),
            model.max_fee_octas(596, 1_000)
        );
        assert_eq!(
            model.max_fee_octas(596, 1_000),
            1_766 * 1_000 + 35_435_296 + 1_000
        );
        // A lower cap bounds it.
        assert_eq!(
            model.max_batch_fee_octas(100, 1_000),
            model.max_fee_octas(100, 1_000)
        );
    }

    #[test]
    fn a_model_whose_one_grant_does_not_fit_allows_no_batch() {
        let model = GasModel {
            execution_base: GasUnits::whole(900),
            ..GasModel::MEASURED
        };
        assert!(model.check(1).is_err());
        assert_eq!(model.largest_batch(), 0);
    }

    #[test]
    fn storage_that_needs_more_than_max_gas_at_the_minimum_price_is_refused() {
        let model = GasModel {
            execution_per_grant: GasUnits::from_milli(1),
            io_per_grant: GasUnits::from_milli(1),
            storage_octas_per_grant: 190_000,
            margin_percent: 0,
            ..GasModel::MEASURED
        };
        // 1000 × 190,000 / 100 = 1.9 M units fits; with a 10 % margin it does not.
        assert!(model.check(1_000).is_ok());
        let tighter = GasModel {
            margin_percent: 10,
            ..model
        };
        assert!(matches!(
            tighter.check(1_000),
            Err(OverLimit::Storage { .. } | OverLimit::MaxGas { .. })
        ));
    }

    proptest! {
        #[test]
        fn the_fee_bound_covers_every_price_up_to_the_cap(
            grants in 1usize..=1000,
            storage in 0u64..200_000,
            margin in 0u64..100,
            cap in 100u64..5_000,
            price_offset in 0u64..5_000,
        ) {
            let model = GasModel { storage_octas_per_grant: storage, margin_percent: margin, ..GasModel::MEASURED };
            let price = MIN_GAS_UNIT_PRICE + price_offset % (cap - MIN_GAS_UNIT_PRICE + 1);
            let fee = model.max_gas_amount(grants, price) as u128 * price as u128;
            prop_assert!(fee <= model.max_fee_octas(grants, cap) as u128);
        }

        #[test]
        fn every_size_up_to_the_largest_batch_passes_and_none_above(
            exec in 0u64..20_000, io in 0u64..20_000, storage in 0u64..500_000, margin in 0u64..200,
        ) {
            let model = GasModel {
                execution_per_grant: GasUnits::from_milli(exec),
                io_per_grant: GasUnits::from_milli(io),
                storage_octas_per_grant: storage,
                margin_percent: margin,
                ..GasModel::MEASURED
            };
            let k = model.largest_batch();
            for n in [1, k / 2, k.saturating_sub(1), k] {
                if n >= 1 && n <= k { prop_assert!(model.check(n).is_ok(), "{n} of {k}"); }
            }
            if k < MAX_GRANTS_PER_JOB { prop_assert!(model.check(k + 1).is_err()); }
        }
    }
}
