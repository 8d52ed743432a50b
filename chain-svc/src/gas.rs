//! What a `jobs::submit_job` transaction costs on the Move VM, and everything chain-svc derives
//! from it: the largest batch that stays inside the VM's per-transaction limits, the
//! `max_gas_amount` each batch is sent with, and the balance a signer must hold to send one.
//! The batcher, the configuration check and submission all ask this one model.
//!
//! The VM charges three things, each linear enough in the number of grants `n` to model so:
//!
//! | component | model | limit per transaction |
//! |---|---|---|
//! | execution | `GAS_EXECUTION_BASE + GAS_EXECUTION_PER_GRANT × n` units | 920 units (`EXECUTION_LIMIT_REACHED`) |
//! | IO | `GAS_IO_BASE + GAS_IO_PER_GRANT × n` units | 1,000 units (`IO_LIMIT_REACHED`) |
//! | storage fee | `GAS_STORAGE_OCTAS_BASE + GAS_STORAGE_OCTAS_PER_GRANT × n` octas | charged against `max_gas_amount` at the gas price; 2 MOVE |
//!
//! The contract (`move/jobs`) keeps paid grant ids in shared leaves of a trie keyed by the id's
//! leading bits (campaign-svc's UUID v7 ids are time-ordered, so a batch's ids share a leaf) and
//! one payment record per transaction. Measured on the real VM (Movement's aptos-core, local
//! chain, gas price 100, split from the `FeeStatement` event; `move/jobs/README.md`):
//!
//! | batch | execution units | IO units | storage octas | largest batch that commits |
//! |---|---|---|---|---|
//! | new recipients | 1.4 + 1.403 × n | 8.3 + 1.353 × n | 54,200 a grant + 1,920 | 650 (`EXECUTION_LIMIT_REACHED` above) |
//! | recipients that hold the token | 16.6 + 0.992 × n | 6.1 + 1.985 × n | 960 a grant + 1,920 | 500–501 (`IO_LIMIT_REACHED` above) |
//! | a leaf splitting in the batch | + 46–90 (+ up to 390 for the first, cascading one) | – | + up to ~2,000,000 before a refund of about half | – |
//!
//! chain-svc does not know whether a recipient already holds the token, so every grant is
//! costed as the worst case of each component: a new recipient's execution (1.41) and storage
//! (54,200: its primary store and the id's 24 bytes), an existing one's IO (1.99, reading and
//! writing its store). A split's execution is in the base (100 = 10 + 90); the storage base
//! (2,100,000 octas) covers a split's new slots before its refund, a new leaf and a new
//! payment slot; the IO base (11) covers a one-grant job's (9–11). With `GAS_MARGIN_PERCENT` 5
//! the IO limit binds at **473 grants** (`(11 + 1.99 × 473) × 1.05 = 999.9`): 95 % of the 500
//! that commit to holders, 73–77 % of the 611–650 that commit to new recipients (sizing each batch by what it holds would need to know the
//! recipients, or a simulation per batch). A first, cascading split can still push a full batch
//! of new recipients over the execution limit: the batch is split and resent
//! ([`crate::sizing`]), never failed.
//!
//! `max_gas_amount` is what a transaction may be charged at most, storage included: storage
//! octas count as `octas / gas_unit_price` units, so it is computed per batch at the batch's own
//! price (`ceil(1.05 × (execution + IO)) + ceil(1.05 × storage / price)`, at most 2,000,000).
//! Only gas actually used is charged; the sender's balance must cover `max_gas_amount × price`
//! for the transaction to be accepted.

use crate::payload::MAX_GRANTS_PER_JOB;
use std::fmt;
use std::str::FromStr;

/// Least gas unit price the VM accepts (`min_price_per_gas_unit`, Aptos and Movement), octas.
pub const MIN_GAS_UNIT_PRICE: u64 = 100;
/// Execution gas one transaction may use (`max_execution_gas`).
pub const MAX_EXECUTION_GAS: GasUnits = GasUnits::whole(920);
/// IO gas one transaction may use (`max_io_gas`).
pub const MAX_IO_GAS: GasUnits = GasUnits::whole(1_000);
/// Largest `max_gas_amount` a transaction may carry (`maximum_number_of_gas_units`).
pub const MAX_GAS_AMOUNT: u64 = 2_000_000;
/// Most storage fee one transaction may be charged (`max_storage_fee`): 2 MOVE.
pub const MAX_STORAGE_FEE_OCTAS: u64 = 200_000_000;

/// An amount of gas units with three decimals (the VM meters in millionths of a unit; per-grant
/// rates such as 2.9 need a fraction, three digits are plenty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct GasUnits(u64);

impl GasUnits {
    /// `units` whole gas units.
    pub const fn whole(units: u64) -> Self {
        Self(units * 1_000)
    }

    /// `milli` thousandths of a gas unit.
    pub const fn from_milli(milli: u64) -> Self {
        Self(milli)
    }

    /// In thousandths of a unit.
    pub const fn milli(self) -> u64 {
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
pub struct BadGasUnits(String);

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
pub enum OverLimit {
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
    pub execution_base: GasUnits,
    /// Execution units each further grant adds (new recipient).
    pub execution_per_grant: GasUnits,
    /// IO units of a job regardless of its size.
    pub io_base: GasUnits,
    /// IO units each grant adds (existing recipient: its store is read).
    pub io_per_grant: GasUnits,
    /// Storage fee of a job regardless of its size, in octas (a leaf split's new slots before
    /// its refund, a new leaf, a new payment slot).
    pub storage_octas_base: u64,
    /// Storage fee each grant adds, in octas (new recipient: its store and the id's bytes).
    pub storage_octas_per_grant: u64,
    /// Every modelled component is multiplied by `1 + margin_percent / 100` before it is
    /// compared with a limit or turned into `max_gas_amount`.
    pub margin_percent: u64,
}

impl GasModel {
    /// The model measured on Movement's VM (see the module documentation).
    pub const MEASURED: GasModel = GasModel {
        execution_base: GasUnits::whole(100),
        execution_per_grant: GasUnits::from_milli(1_410),
        io_base: GasUnits::whole(11),
        io_per_grant: GasUnits::from_milli(1_990),
        storage_octas_base: 2_100_000,
        storage_octas_per_grant: 54_200,
        margin_percent: 5,
    };

    /// `value × (1 + margin)`, rounded up.
    fn with_margin(&self, value: u128) -> u128 {
        (value * (100 + self.margin_percent as u128)).div_ceil(100)
    }

    fn linear(base: GasUnits, per_grant: GasUnits, grants: usize) -> u128 {
        base.milli() as u128 + per_grant.milli() as u128 * grants as u128
    }

    fn saturate_units(milli: u128) -> GasUnits {
        GasUnits(u64::try_from(milli).unwrap_or(u64::MAX))
    }

    /// Modelled execution gas of a job of `grants`, margin included.
    pub fn execution(&self, grants: usize) -> GasUnits {
        let raw = Self::linear(self.execution_base, self.execution_per_grant, grants);
        Self::saturate_units(self.with_margin(raw))
    }

    /// Modelled IO gas of a job of `grants`, margin included.
    pub fn io(&self, grants: usize) -> GasUnits {
        let raw = Self::linear(self.io_base, self.io_per_grant, grants);
        Self::saturate_units(self.with_margin(raw))
    }

    /// Modelled storage fee of a job of `grants` in octas, margin included.
    pub fn storage_octas(&self, grants: usize) -> u64 {
        let raw =
            self.storage_octas_base as u128 + self.storage_octas_per_grant as u128 * grants as u128;
        u64::try_from(self.with_margin(raw)).unwrap_or(u64::MAX)
    }

    /// `max_gas_amount` for a job of `grants` at `gas_unit_price` (octas; clamped to at least
    /// [`MIN_GAS_UNIT_PRICE`]): execution and IO with the margin, plus the storage fee with the
    /// margin in units of that price, rounded up, at most [`MAX_GAS_AMOUNT`].
    pub fn max_gas_amount(&self, grants: usize, gas_unit_price: u64) -> u64 {
        self.max_gas_uncapped(grants, gas_unit_price)
            .min(MAX_GAS_AMOUNT)
    }

    fn max_gas_uncapped(&self, grants: usize, gas_unit_price: u64) -> u64 {
        let price = gas_unit_price.max(MIN_GAS_UNIT_PRICE);
        let compute = (self.execution(grants).milli() as u128 + self.io(grants).milli() as u128)
            .div_ceil(1_000);
        let storage = (self.storage_octas(grants) as u128).div_ceil(price as u128);
        u64::try_from(compute + storage).unwrap_or(u64::MAX)
    }

    /// The most a job of `grants` can cost in octas at any gas price up to `price_cap`: what
    /// a signer's balance must cover for the node to accept it (`max_gas_amount × price`).
    pub fn max_fee_octas(&self, grants: usize, price_cap: u64) -> u64 {
        let cap = price_cap.max(MIN_GAS_UNIT_PRICE);
        // max_gas(p) × p = compute × p + ceil(storage / p) × p < compute × p + storage + p,
        // which grows with p: its value at the cap bounds every lower price.
        let compute = (self.execution(grants).milli() as u128 + self.io(grants).milli() as u128)
            .div_ceil(1_000);
        let bound = compute * cap as u128 + self.storage_octas(grants) as u128 + cap as u128;
        let ceiling = MAX_GAS_AMOUNT as u128 * cap as u128;
        u64::try_from(bound.min(ceiling)).unwrap_or(u64::MAX)
    }

    /// Whether a job of `grants` stays inside every per-transaction limit by this model.
    pub fn check(&self, grants: usize) -> Result<(), OverLimit> {
        let execution = self.execution(grants);
        if execution > MAX_EXECUTION_GAS {
            return Err(OverLimit::Execution {
                grants,
                needed: execution,
            });
        }
        let io = self.io(grants);
        if io > MAX_IO_GAS {
            return Err(OverLimit::Io { grants, needed: io });
        }
        let storage = self.storage_octas(grants);
        if storage > MAX_STORAGE_FEE_OCTAS {
            return Err(OverLimit::Storage {
                grants,
                needed: storage,
            });
        }
        let max_gas = self.max_gas_uncapped(grants, MIN_GAS_UNIT_PRICE);
        if max_gas > MAX_GAS_AMOUNT {
            return Err(OverLimit::MaxGas {
                grants,
                needed: max_gas,
            });
        }
        Ok(())
    }

    /// The largest batch (up to the contract's 1000) that passes [`GasModel::check`]; 0 when
    /// not even one grant does.
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
    fn the_measured_model_allows_473_grants_under_the_io_limit() {
        let model = GasModel::MEASURED;
        assert_eq!(model.largest_batch(), 473);
        // The IO limit binds (grants to holders read and write their stores), 95 % of the 500
        // that committed on the real VM; execution stays well below its limit.
        assert!(matches!(
            model.check(474),
            Err(OverLimit::Io { grants: 474, .. })
        ));
        assert_eq!(model.io(473), GasUnits::from_milli(999_884));
        assert!(model.execution(473) < MAX_EXECUTION_GAS);
    }

    #[test]
    fn the_model_without_margin_is_at_or_above_every_real_measurement() {
        let model = GasModel {
            margin_percent: 0,
            ..GasModel::MEASURED
        };
        // (grants, execution, IO, storage octas, gas units) measured on the real VM with
        // `move/jobs` (UUID v7 ids): new recipients, then recipients holding the token; the
        // 300-, 600- and 500-grant rows split a leaf.
        for (grants, execution, io, storage, total) in [
            (1, 11, 11, 56_120, 583),
            (100, 151, 143, 5_422_000, 54_514),
            (300, 491, 417, 17_749_760, 178_404),
            (600, 908, 822, 33_363_280, 335_362),
            (650, 920, 888, 35_274_040, 354_548),
            (1, 23, 9, 2_880, 60),
            (100, 114, 204, 139_960, 1_716),
            (300, 370, 604, 1_538_560, 16_359),
            (400, 416, 800, 428_040, 5_494),
            (500, 603, 1_000, 1_268_360, 14_286),
        ] {
            assert!(
                model.execution(grants) >= GasUnits::whole(execution),
                "{grants}"
            );
            assert!(model.io(grants) >= GasUnits::whole(io), "{grants}");
            assert!(model.storage_octas(grants) >= storage, "{grants}");
            assert!(model.max_gas_amount(grants, 100) >= total, "{grants}");
        }
    }

    #[test]
    fn max_gas_amount_at_price_100_for_the_default_batch() {
        let model = GasModel::MEASURED;
        // ceil(1.05 × (100 + 1.41 × 473 + 11 + 1.99 × 473)) + ceil(1.05 × (2.1 M + 54,200 × 473) / 100)
        assert_eq!(model.max_gas_amount(473, 100), 1_806 + 291_235);
        assert_eq!(model.max_gas_amount(1, 100), 121 + 22_620);
        // A higher price needs fewer units for the same storage octas.
        assert_eq!(model.max_gas_amount(473, 1_000), 1_806 + 29_124);
        // Below the VM's minimum price the minimum is assumed (it is what the VM would charge).
        assert_eq!(model.max_gas_amount(473, 1), model.max_gas_amount(473, 100));
        assert_eq!(model.max_gas_amount(1_000_000, 100), MAX_GAS_AMOUNT);
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
