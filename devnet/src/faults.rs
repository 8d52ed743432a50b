//! Fault injection: the ways a real node or its network misbehaves, on demand and counted.
//!
//! HTTP faults (latency, 5xx, 429) apply to `/v1` requests before they are handled, so a faulted
//! submit never reaches mempool. `drop_rate` answers a submit with 202 and then never commits the
//! transaction (it shows as pending until it expires, then 404). `job_abort_rate` makes a
//! `jobs::submit_job` abort at execution with `E_UNAVAILABLE` (0xD0063), a transient-looking code.
//! Every injected fault increments a counter shown by `GET /admin/faults`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rand::Rng;
use serde::{Deserialize, Serialize};

/// Which faults to inject and how often. Rates are probabilities in `[0, 1]`. All off by default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, clap::Args)]
#[serde(default, deny_unknown_fields)]
pub struct FaultConfig {
    /// Milliseconds added before every `/v1` response.
    #[arg(
        long = "fault-latency-ms",
        env = "DEVNET_FAULT_LATENCY_MS",
        default_value_t = 0
    )]
    pub latency_ms: u64,
    /// Share of `/v1` requests answered 503 with an `internal_error` body.
    #[arg(
        long = "fault-5xx-rate",
        env = "DEVNET_FAULT_5XX_RATE",
        default_value_t = 0.0
    )]
    pub http_5xx_rate: f64,
    /// Share of `/v1` requests answered 429 with `Retry-After`.
    #[arg(
        long = "fault-429-rate",
        env = "DEVNET_FAULT_429_RATE",
        default_value_t = 0.0
    )]
    pub http_429_rate: f64,
    /// `Retry-After` seconds sent with injected 429s.
    #[arg(
        long = "fault-retry-after-secs",
        env = "DEVNET_FAULT_RETRY_AFTER_SECS",
        default_value_t = 1
    )]
    pub retry_after_secs: u64,
    /// Share of accepted submissions silently dropped (202, never committed, expires).
    #[arg(
        long = "fault-drop-rate",
        env = "DEVNET_FAULT_DROP_RATE",
        default_value_t = 0.0
    )]
    pub drop_rate: f64,
    /// Share of `jobs::submit_job` executions aborted with `E_UNAVAILABLE`.
    #[arg(
        long = "fault-job-abort-rate",
        env = "DEVNET_FAULT_JOB_ABORT_RATE",
        default_value_t = 0.0
    )]
    pub job_abort_rate: f64,
}

/// Why a fault configuration is refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FaultConfigError {
    /// A rate outside `[0, 1]`.
    #[error("{field} must be between 0 and 1, got {value}")]
    RateOutOfRange {
        /// Field name.
        field: &'static str,
        /// Value given.
        value: f64,
    },
}

impl FaultConfig {
    /// Checks every rate is a probability.
    pub(crate) fn validate(&self) -> Result<(), FaultConfigError> {
        for (field, value) in [
            ("http_5xx_rate", self.http_5xx_rate),
            ("http_429_rate", self.http_429_rate),
            ("drop_rate", self.drop_rate),
            ("job_abort_rate", self.job_abort_rate),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(FaultConfigError::RateOutOfRange { field, value });
            }
        }
        Ok(())
    }
}

/// How many times each fault fired since start.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultCounters {
    /// Requests delayed.
    pub delayed_requests: u64,
    /// 503s sent.
    pub http_5xx: u64,
    /// 429s sent.
    pub http_429: u64,
    /// Submissions accepted and dropped.
    pub dropped_transactions: u64,
    /// Jobs aborted with `E_UNAVAILABLE`.
    pub aborted_jobs: u64,
}

/// What `GET /admin/faults` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultReport {
    /// Active configuration.
    pub config: FaultConfig,
    /// Counters.
    pub counters: FaultCounters,
}

/// An HTTP-level fault to apply to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HttpFault {
    /// Answer 503.
    ServiceUnavailable,
    /// Answer 429 with this `Retry-After`.
    RateLimited {
        /// Seconds.
        retry_after_secs: u64,
    },
}

/// Live fault configuration plus counters, shared by the API and the block producer.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    config: Mutex<FaultConfig>,
    delayed_requests: AtomicU64,
    http_5xx: AtomicU64,
    http_429: AtomicU64,
    dropped_transactions: AtomicU64,
    aborted_jobs: AtomicU64,
}

impl Faults {
    /// Starts with `config`.
    pub(crate) fn new(config: FaultConfig) -> Self {
        Faults {
            config: Mutex::new(config),
            ..Faults::default()
        }
    }

    /// Replaces the configuration (counters keep counting).
    pub(crate) fn set(&self, config: FaultConfig) -> Result<(), FaultConfigError> {
        config.validate()?;
        *self.lock() = config;
        Ok(())
    }

    /// Active configuration.
    pub(crate) fn config(&self) -> FaultConfig {
        self.lock().clone()
    }

    /// Configuration and counters.
    pub(crate) fn report(&self) -> FaultReport {
        FaultReport {
            config: self.config(),
            counters: FaultCounters {
                delayed_requests: self.delayed_requests.load(Ordering::Relaxed),
                http_5xx: self.http_5xx.load(Ordering::Relaxed),
                http_429: self.http_429.load(Ordering::Relaxed),
                dropped_transactions: self.dropped_transactions.load(Ordering::Relaxed),
                aborted_jobs: self.aborted_jobs.load(Ordering::Relaxed),
            },
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FaultConfig> {
        // A poisoned lock only means a panic elsewhere; the config itself is always valid.
        self.config.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Latency to add to this request, counted when non-zero.
    pub(crate) fn latency(&self) -> Option<std::time::Duration> {
        let ms = self.lock().latency_ms;
        (ms > 0).then(|| {
            self.delayed_requests.fetch_add(1, Ordering::Relaxed);
            std::time::Duration::from_millis(ms)
        })
    }

    /// Rolls for a 503 or 429 on this request.
    pub(crate) fn roll_http(&self) -> Option<HttpFault> {
        let cfg = self.config();
        let mut rng = rand::thread_rng();
        if cfg.http_5xx_rate > 0.0 && rng.gen_bool(cfg.http_5xx_rate) {
            self.http_5xx.fetch_add(1, Ordering::Relaxed);
            return Some(HttpFault::ServiceUnavailable);
        }
        if cfg.http_429_rate > 0.0 && rng.gen_bool(cfg.http_429_rate) {
            self.http_429.fetch_add(1, Ordering::Relaxed);
            return Some(HttpFault::RateLimited {
                retry_after_secs: cfg.retry_after_secs,
            });
        }
        None
    }

    /// Rolls for dropping an accepted submission.
    pub(crate) fn roll_drop(&self) -> bool {
        let rate = self.lock().drop_rate;
        let hit = rate > 0.0 && rand::thread_rng().gen_bool(rate);
        if hit {
            self.dropped_transactions.fetch_add(1, Ordering::Relaxed);
        }
        hit
    }

    /// Rolls for aborting a job.
    pub(crate) fn roll_job_abort(&self) -> bool {
        let rate = self.lock().job_abort_rate;
        let hit = rate > 0.0 && rand::thread_rng().gen_bool(rate);
        if hit {
            self.aborted_jobs.fetch_add(1, Ordering::Relaxed);
        }
        hit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_outside_zero_to_one_are_refused() {
        let faults = Faults::default();
        let bad = FaultConfig {
            drop_rate: 1.5,
            ..FaultConfig::default()
        };
        assert!(faults.set(bad).is_err());
        assert_eq!(faults.config(), FaultConfig::default());
    }

    #[test]
    fn certain_faults_fire_and_are_counted() {
        let faults = Faults::new(FaultConfig {
            http_5xx_rate: 1.0,
            drop_rate: 1.0,
            job_abort_rate: 1.0,
            ..FaultConfig::default()
        });
        assert_eq!(faults.roll_http(), Some(HttpFault::ServiceUnavailable));
        assert!(faults.roll_drop());
        assert!(faults.roll_job_abort());
        let c = faults.report().counters;
        assert_eq!(
            (c.http_5xx, c.dropped_transactions, c.aborted_jobs),
            (1, 1, 1)
        );
        assert_eq!(Faults::default().roll_http(), None);
    }
}
