//! When the ledger runs on its own: never, every fixed interval, or on a cron expression.

use std::str::FromStr;
use std::time::Duration;

/// A parsed `LEDGER_SCHEDULE`.
#[derive(Debug, Clone)]
pub enum Schedule {
    /// No in-process runs (a CronJob or an operator triggers them).
    Off,
    /// Every fixed interval.
    Every(Duration),
    /// A 6-field cron expression (seconds first), evaluated in UTC.
    Cron(Box<cron::Schedule>),
}

/// Why a schedule string was refused.
#[derive(Debug, thiserror::Error)]
#[error(
    "LEDGER_SCHEDULE {0:?} is neither `off`, an interval like `5m`, nor a cron expression: {1}"
)]
pub struct ScheduleError(String, String);

impl FromStr for Schedule {
    type Err = ScheduleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.is_empty() || s.eq_ignore_ascii_case("off") || s.eq_ignore_ascii_case("none") {
            return Ok(Schedule::Off);
        }
        if let Some(d) = parse_interval(s) {
            if d.is_zero() {
                return Err(ScheduleError(
                    s.into(),
                    "the interval must be positive".into(),
                ));
            }
            return Ok(Schedule::Every(d));
        }
        cron::Schedule::from_str(s)
            .map(|c| Schedule::Cron(Box::new(c)))
            .map_err(|e| ScheduleError(s.into(), e.to_string()))
    }
}

fn parse_interval(s: &str) -> Option<Duration> {
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = s.split_at(split);
    let n: u64 = n.parse().ok()?;
    let secs = match unit {
        "ms" => return Some(Duration::from_millis(n)),
        "s" => n,
        "m" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        _ => return None,
    };
    Some(Duration::from_secs(secs))
}

impl Schedule {
    /// How long to wait from now until the next run; `None` when off.
    pub fn next_delay(&self) -> Option<Duration> {
        match self {
            Schedule::Off => None,
            Schedule::Every(d) => Some(*d),
            Schedule::Cron(c) => {
                let next = c.upcoming(chrono::Utc).next()?;
                Some((next - chrono::Utc::now()).to_std().unwrap_or_default())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_cron_and_off_parse() {
        assert!(matches!("off".parse::<Schedule>().unwrap(), Schedule::Off));
        assert!(
            matches!("30s".parse::<Schedule>().unwrap(), Schedule::Every(d) if d == Duration::from_secs(30))
        );
        assert!(
            matches!("5m".parse::<Schedule>().unwrap(), Schedule::Every(d) if d == Duration::from_secs(300))
        );
        assert!(matches!(
            "0 */5 * * * *".parse::<Schedule>().unwrap(),
            Schedule::Cron(_)
        ));
        let delay = "* * * * * *"
            .parse::<Schedule>()
            .unwrap()
            .next_delay()
            .unwrap();
        assert!(delay <= Duration::from_secs(1));
    }

    #[test]
    fn nonsense_is_refused() {
        assert!("every tuesday".parse::<Schedule>().is_err());
        assert!("0s".parse::<Schedule>().is_err());
        assert!("5x".parse::<Schedule>().is_err());
    }
}
