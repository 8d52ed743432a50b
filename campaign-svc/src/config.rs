//! Configuration from flags and environment (clap). Every field is documented here, under the
//! variable name the README's configuration table uses (`campaign-svc --help` lists them all).
//!
//! Settings that can only fail later are refused at start-up, naming the variable: a value that is
//! out of range on its own by clap's value ranges (every command), a combination that cannot work
//! by [`Config::validate`] (run by [`crate::startup::Application::build`]).

use shared::pubsub::{PubSubConfig, TopicNames};
use shared::signing::SigningConfig;
use shared::telemetry::LogFormat;
use std::time::Duration;

/// The largest amount or rate a setting may hold: the ledger's columns are Postgres `bigint`, so
/// every amount fits an `i64` (see [`amount`]).
pub const MAX_AMOUNT: u64 = i64::MAX as u64;

/// A setting's amount as the ledger stores it. Its parser bounds it to [`MAX_AMOUNT`], so the
/// conversion cannot fail for a parsed setting; a value set in code beyond it saturates.
pub fn amount(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// The command line: `campaign-svc [serve]`, `campaign-svc ledger-run`, ...
#[derive(Debug, clap::Parser)]
#[command(
    name = "campaign-svc",
    version,
    about = "The token-grant payout ledger"
)]
pub struct Cli {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Service configuration.
    #[command(flatten)]
    pub config: Config,
}

/// Sub-commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Run the HTTP API, the ledger schedule, the outbox relay and the results consumer.
    Serve,
    /// Run one ledger run and exit (for a Kubernetes CronJob instead of the in-process schedule).
    LedgerRun,
    /// Create the demo game `users` table in DATABASE_URL (never GAME_DATABASE_URL) and fill it.
    SeedUsers {
        /// How many generated users (`user-1` ... `user-N`) to add besides alice, bob and carol.
        #[arg(long, default_value_t = 1000)]
        count: u64,
        /// Add random coins to every existing user instead (simulates play between runs).
        #[arg(long)]
        bump: bool,
    },
    /// Print the SHA-256 of an API key, the form API_KEYS stores.
    HashKey {
        /// The key to hash.
        key: String,
    },
}

/// campaign-svc's settings.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// HTTP port.
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,
    /// Address to bind.
    #[arg(long, env = "BIND_ADDRESS", default_value = "0.0.0.0")]
    pub bind_address: String,
    /// The ledger's PostgreSQL database.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: String,
    /// The game's database (read only). Defaults to DATABASE_URL.
    #[arg(long, env = "GAME_DATABASE_URL", hide_env_values = true)]
    pub game_database_url: Option<String>,
    /// SQL returning (user_id, wallet_address, balance) for every game user.
    #[arg(
        long,
        env = "GAME_USERS_QUERY",
        default_value = "SELECT user_id, wallet_address, balance FROM users"
    )]
    pub game_users_query: String,
    /// Ledger schedule: `off`, an interval such as `5m`/`30s`/`1h`, or a 6-field cron expression
    /// (`0 */5 * * * *`).
    #[arg(long, env = "LEDGER_SCHEDULE", default_value = "5m")]
    pub ledger_schedule: String,
    /// Partitions of the users a ledger run processes in parallel (one database connection each).
    #[arg(long, env = "LEDGER_WORKERS", default_value_t = 2)]
    pub ledger_workers: u32,
    /// Smallest delta (in coins) worth a payout; smaller deltas wait for the next run.
    #[arg(long, env = "MIN_PAYOUT_COINS", default_value_t = 1, value_parser = clap::value_parser!(u64).range(0..=MAX_AMOUNT))]
    pub min_payout_coins: u64,
    /// Token base units per game coin.
    #[arg(long, env = "COIN_TOKEN_RATE", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=MAX_AMOUNT))]
    pub coin_token_rate: u64,
    /// Token amount of a campaign grant when the campaign has no amount of its own.
    #[arg(long, env = "DEFAULT_CAMPAIGN_AMOUNT", default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=MAX_AMOUNT))]
    pub default_campaign_amount: u64,
    /// Whether `POST /token-request` accepts a campaign id no admin registered
    /// (`PUT /admin/campaigns/{id}`), paying it DEFAULT_CAMPAIGN_AMOUNT once per user. On by
    /// default for the original spec's form and local tools; off in production (the GKE overlay), where
    /// an unregistered id is refused (422 naming campaign_id).
    #[arg(long, env = "ACCEPT_UNREGISTERED_CAMPAIGNS", default_value_t = true, action = clap::ArgAction::Set)]
    pub accept_unregistered_campaigns: bool,
    /// Largest single grant, in token base units (a ledger delta above it is paid over several runs).
    #[arg(long, env = "MAX_GRANT_AMOUNT", default_value_t = 1_000_000_000_000, value_parser = clap::value_parser!(u64).range(1..=MAX_AMOUNT))]
    pub max_grant_amount: u64,
    /// Token symbol written into requests.
    #[arg(long, env = "TOKEN_TYPE", default_value = "GRANT")]
    pub token_type: String,
    /// API keys: comma-separated `scopes:sha256hex` entries, scopes `+`-joined from grant, read,
    /// admin (e.g. `grant+read:9f86...`). Empty: the API is open (local development only).
    #[arg(long, env = "API_KEYS", default_value = "", hide_env_values = true)]
    pub api_keys: String,
    /// Requests per second each API key may make (0: unlimited); 429 with Retry-After beyond.
    #[arg(long, env = "RATE_LIMIT_PER_KEY", default_value_t = 0.0)]
    pub rate_limit_per_key: f64,
    /// Burst allowed per API key.
    #[arg(long, env = "RATE_LIMIT_PER_KEY_BURST", default_value_t = 100.0)]
    pub rate_limit_per_key_burst: f64,
    /// Requests per second each client IP may make (0: unlimited).
    #[arg(long, env = "RATE_LIMIT_PER_IP", default_value_t = 0.0)]
    pub rate_limit_per_ip: f64,
    /// Burst allowed per client IP.
    #[arg(long, env = "RATE_LIMIT_PER_IP_BURST", default_value_t = 100.0)]
    pub rate_limit_per_ip_burst: f64,
    /// Behind load balancers: the client IP is the entry this many places from the right of
    /// `X-Forwarded-For` (Google's external load balancer appends `<client>, <lb>`: 2). 0: use
    /// the connection's peer address and ignore the header (which a client can forge).
    #[arg(long, env = "FORWARDED_FOR_HOPS", default_value_t = 0)]
    pub forwarded_for_hops: u8,
    /// A connection that has not sent a request's complete headers this many seconds after it
    /// started sending them is closed (slow-header clients hold no connection open for long).
    #[arg(long, env = "HTTP_HEADER_READ_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub http_header_read_timeout_secs: u64,
    /// A request body that sends nothing for this many seconds fails (the whole request is
    /// bounded by the 10 s request timeout as well).
    #[arg(long, env = "HTTP_BODY_READ_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub http_body_read_timeout_secs: u64,
    /// `GET /ready` answers from one check for this many milliseconds; concurrent callers share
    /// one check, so probes cannot turn into database and Pub/Sub load.
    #[arg(long, env = "READINESS_CACHE_MS", default_value_t = 1000)]
    pub readiness_cache_ms: u64,
    /// Rows the outbox relay claims per batch.
    #[arg(long, env = "OUTBOX_BATCH", default_value_t = 1000, value_parser = clap::value_parser!(i64).range(1..))]
    pub outbox_batch: i64,
    /// How often an idle outbox relay looks for new rows, in milliseconds.
    #[arg(long, env = "OUTBOX_POLL_MS", default_value_t = 20)]
    pub outbox_poll_ms: u64,
    /// Concurrent outbox relay workers in this replica (0: this replica does not relay).
    #[arg(long, env = "OUTBOX_WORKERS", default_value_t = 2)]
    pub outbox_workers: usize,
    /// A grant handed to the bus this many seconds ago without a result is published again (same
    /// grant id; the chain never pays it twice). 0: never.
    #[arg(long, env = "RESEND_AFTER_SECS", default_value_t = 600)]
    pub resend_after_secs: u64,
    /// chain-svc's HTTP address (e.g. `http://chain-svc:8081`), asked what the contract says of
    /// a grant before an operator fails a stuck one (`POST /admin/grants/{id}/fail`). Unset:
    /// that endpoint answers 503 and nothing else changes.
    #[arg(long, env = "CHAIN_SVC_URL")]
    pub chain_svc_url: Option<String>,
    /// Streaming-pull connections for the results subscription.
    #[arg(long, env = "RESULTS_STREAMS", default_value_t = 2)]
    pub results_streams: usize,
    /// Results held (pulled, not yet acked) at once.
    #[arg(long, env = "RESULTS_MAX_IN_FLIGHT", default_value_t = 1000)]
    pub results_max_in_flight: usize,
    /// Most results applied in one database transaction.
    #[arg(long, env = "RESULTS_BATCH", default_value_t = 500)]
    pub results_batch: usize,
    /// Tasks writing campaign grants; concurrent requests' inserts share one statement each.
    #[arg(long, env = "GRANT_WRITERS", default_value_t = 4)]
    pub grant_writers: usize,
    /// Most campaign grants inserted by one statement.
    #[arg(long, env = "GRANT_INSERT_BATCH", default_value_t = 256)]
    pub grant_insert_batch: usize,
    /// Tasks looking up game users for the API; concurrent lookups share one query each.
    #[arg(long, env = "GAME_LOOKUPS", default_value_t = 2)]
    pub game_lookups: usize,
    /// Most game users looked up by one query.
    #[arg(long, env = "GAME_LOOKUP_BATCH", default_value_t = 256)]
    pub game_lookup_batch: usize,
    /// Ledger database connections.
    #[arg(long, env = "DB_MAX_CONNECTIONS", default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..))]
    pub db_max_connections: u32,
    /// Bound on every publish, in seconds.
    #[arg(long, env = "PUBLISH_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub publish_timeout_secs: u64,
    /// Log format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Json)]
    pub log_format: LogFormat,
    /// Pub/Sub project and emulator.
    #[command(flatten)]
    pub pubsub: PubSubConfig,
    /// Topic and subscription names.
    #[command(flatten)]
    pub topics: TopicNames,
    /// Notification events and their Pub/Sub relay.
    #[command(flatten)]
    pub notifications: crate::notifications::NotificationConfig,
    /// Webhook endpoints and their deliveries.
    #[command(flatten)]
    pub webhooks: crate::webhooks::WebhookConfig,
    /// The keys requests are signed and results verified with (`MESSAGE_SIGNING_KEYS_FILE`,
    /// required by `serve`; `ledger-run` publishes nothing and does not read it).
    #[command(flatten)]
    pub signing: SigningConfig,
}

/// A combination of settings that cannot work; the message names the variables.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid configuration: {variable}: {problem}")]
pub struct ConfigError {
    /// The environment variable at fault.
    pub variable: &'static str,
    /// Why its value cannot work.
    pub problem: String,
}

fn refuse(variable: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        problem: problem.into(),
    }
}

impl Config {
    /// Refuses combinations that parse but can only fail later: a `MAX_GRANT_AMOUNT` below one
    /// coin's worth (every ledger run would fail), a `DEFAULT_CAMPAIGN_AMOUNT` above
    /// `MAX_GRANT_AMOUNT` (every grant for an unregistered campaign would be refused on an
    /// `amount` the caller never sent), rate limits that are negative or not finite, and a burst
    /// below one request while its rate is on (every request would be refused).
    pub fn validate(&self) -> Result<(), ConfigError> {
        // Clap's ranges make each of these positive; they are checked again for configurations
        // built in code (tests, `for_tests`).
        for (variable, value) in [
            ("COIN_TOKEN_RATE", self.coin_token_rate),
            ("DEFAULT_CAMPAIGN_AMOUNT", self.default_campaign_amount),
            ("MAX_GRANT_AMOUNT", self.max_grant_amount),
        ] {
            if !(1..=MAX_AMOUNT).contains(&value) {
                return Err(refuse(
                    variable,
                    format!("must be between 1 and {MAX_AMOUNT}, got {value}"),
                ));
            }
        }
        if self.min_payout_coins > MAX_AMOUNT {
            return Err(refuse(
                "MIN_PAYOUT_COINS",
                format!(
                    "must be at most {MAX_AMOUNT}, got {}",
                    self.min_payout_coins
                ),
            ));
        }
        if self.outbox_batch <= 0 {
            return Err(refuse(
                "OUTBOX_BATCH",
                format!("must be positive, got {}", self.outbox_batch),
            ));
        }
        if self.max_grant_amount < self.coin_token_rate {
            return Err(refuse(
                "MAX_GRANT_AMOUNT",
                format!(
                    "{} is below one coin's worth of tokens (COIN_TOKEN_RATE {}): no ledger run could pay",
                    self.max_grant_amount, self.coin_token_rate
                ),
            ));
        }
        if self.default_campaign_amount > self.max_grant_amount {
            return Err(refuse(
                "DEFAULT_CAMPAIGN_AMOUNT",
                format!(
                    "{} is above MAX_GRANT_AMOUNT {}: every grant of an unregistered campaign would be refused",
                    self.default_campaign_amount, self.max_grant_amount
                ),
            ));
        }
        for (rate_name, rate, burst_name, burst) in [
            (
                "RATE_LIMIT_PER_KEY",
                self.rate_limit_per_key,
                "RATE_LIMIT_PER_KEY_BURST",
                self.rate_limit_per_key_burst,
            ),
            (
                "RATE_LIMIT_PER_IP",
                self.rate_limit_per_ip,
                "RATE_LIMIT_PER_IP_BURST",
                self.rate_limit_per_ip_burst,
            ),
        ] {
            if !rate.is_finite() || rate < 0.0 {
                return Err(refuse(
                    rate_name,
                    format!(
                        "must be a finite number of requests per second, 0 or more; got {rate}"
                    ),
                ));
            }
            if !burst.is_finite() || burst < 0.0 {
                return Err(refuse(
                    burst_name,
                    format!("must be a finite number, 0 or more; got {burst}"),
                ));
            }
            if rate > 0.0 && burst < 1.0 {
                return Err(refuse(
                    burst_name,
                    format!(
                        "{burst} is below one request while {rate_name} is on: every request would be refused"
                    ),
                ));
            }
        }
        if self.db_max_connections == 0 {
            return Err(refuse("DB_MAX_CONNECTIONS", "must be at least 1"));
        }
        if self.publish_timeout_secs == 0 {
            return Err(refuse(
                "PUBLISH_TIMEOUT_SECS",
                "must be at least 1: every publish would time out",
            ));
        }
        Ok(())
    }

    /// The game database URL (defaults to the ledger's).
    pub fn game_database_url(&self) -> &str {
        self.game_database_url
            .as_deref()
            .filter(|u| !u.is_empty())
            .unwrap_or(&self.database_url)
    }

    /// Whether the game table lives in the ledger's database (one transaction covers both).
    pub fn game_is_ledger_database(&self) -> bool {
        self.game_database_url() == self.database_url
    }

    /// Publish timeout.
    pub fn publish_timeout(&self) -> Duration {
        Duration::from_secs(self.publish_timeout_secs)
    }

    /// A configuration for tests: the given database, test topics, no schedule, open API, no
    /// signing keys (tests set `signing`, e.g. to `shared::testkit::signing_config()`).
    pub fn for_tests(database_url: String, pubsub: PubSubConfig, topics: TopicNames) -> Self {
        Self {
            port: 0,
            bind_address: "127.0.0.1".into(),
            database_url,
            game_database_url: None,
            game_users_query: "SELECT user_id, wallet_address, balance FROM users".into(),
            ledger_schedule: "off".into(),
            ledger_workers: 2,
            min_payout_coins: 1,
            coin_token_rate: 1,
            default_campaign_amount: 100,
            accept_unregistered_campaigns: true,
            max_grant_amount: 1_000_000_000_000,
            token_type: "GRANT".into(),
            api_keys: String::new(),
            rate_limit_per_key: 0.0,
            rate_limit_per_key_burst: 100.0,
            rate_limit_per_ip: 0.0,
            rate_limit_per_ip_burst: 100.0,
            forwarded_for_hops: 0,
            http_header_read_timeout_secs: 10,
            http_body_read_timeout_secs: 10,
            readiness_cache_ms: 1000,
            outbox_batch: 1000,
            outbox_poll_ms: 20,
            outbox_workers: 2,
            resend_after_secs: 600,
            chain_svc_url: None,
            results_streams: 1,
            results_max_in_flight: 64,
            results_batch: 500,
            grant_writers: 2,
            grant_insert_batch: 256,
            game_lookups: 2,
            game_lookup_batch: 256,
            db_max_connections: 10,
            publish_timeout_secs: 10,
            log_format: LogFormat::Pretty,
            pubsub,
            topics,
            notifications: crate::notifications::NotificationConfig::default(),
            webhooks: crate::webhooks::WebhookConfig::default(),
            signing: SigningConfig::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// Parses a command line with DATABASE_URL given and `extra` flags added.
    fn parse(extra: &[&str]) -> Result<Cli, clap::Error> {
        let mut args = vec!["campaign-svc", "--database-url", "postgres://localhost/x"];
        args.extend_from_slice(extra);
        Cli::try_parse_from(args)
    }

    /// Asserts that `flag=value` is refused at parse time with an error naming `variable`.
    fn refused_by_clap(flag_and_value: &str, variable: &str) {
        let error = parse(&[flag_and_value])
            .expect_err("should be refused")
            .to_string();
        assert!(error.contains(variable), "{error}");
    }

    /// The configuration the defaults give, after `change`.
    fn config(change: impl FnOnce(&mut Config)) -> Config {
        let mut config = parse(&[]).expect("defaults parse").config;
        change(&mut config);
        config
    }

    fn refused_variable(change: impl FnOnce(&mut Config)) -> &'static str {
        config(change)
            .validate()
            .expect_err("should be refused")
            .variable
    }

    #[test]
    fn the_defaults_are_valid() {
        config(|_| {}).validate().unwrap();
    }

    #[test]
    fn unregistered_campaigns_are_accepted_unless_switched_off() {
        assert!(parse(&[]).unwrap().config.accept_unregistered_campaigns);
        let off = parse(&["--accept-unregistered-campaigns=false"]).unwrap();
        assert!(!off.config.accept_unregistered_campaigns);
    }

    #[test]
    fn a_default_campaign_amount_of_zero_or_less_is_refused() {
        refused_by_clap("--default-campaign-amount=0", "DEFAULT_CAMPAIGN_AMOUNT");
        refused_by_clap("--default-campaign-amount=-5", "DEFAULT_CAMPAIGN_AMOUNT");
        assert_eq!(
            refused_variable(|c| c.default_campaign_amount = 0),
            "DEFAULT_CAMPAIGN_AMOUNT"
        );
    }

    #[test]
    fn a_coin_token_rate_of_zero_or_less_is_refused() {
        refused_by_clap("--coin-token-rate=0", "COIN_TOKEN_RATE");
        refused_by_clap("--coin-token-rate=-1", "COIN_TOKEN_RATE");
        assert_eq!(
            refused_variable(|c| c.coin_token_rate = 0),
            "COIN_TOKEN_RATE"
        );
        // Beyond what the ledger's bigint columns hold.
        refused_by_clap("--coin-token-rate=9223372036854775808", "COIN_TOKEN_RATE");
        assert_eq!(
            refused_variable(|c| c.coin_token_rate = u64::MAX),
            "COIN_TOKEN_RATE"
        );
    }

    #[test]
    fn a_max_grant_amount_of_zero_is_refused() {
        refused_by_clap("--max-grant-amount=0", "MAX_GRANT_AMOUNT");
        assert_eq!(
            refused_variable(|c| c.max_grant_amount = 0),
            "MAX_GRANT_AMOUNT"
        );
    }

    #[test]
    fn a_max_grant_amount_below_one_coins_worth_is_refused() {
        let error = config(|c| {
            c.coin_token_rate = 1000;
            c.max_grant_amount = 999;
        })
        .validate()
        .unwrap_err();
        assert_eq!(error.variable, "MAX_GRANT_AMOUNT");
        assert!(error.to_string().contains("COIN_TOKEN_RATE"), "{error}");
        config(|c| {
            c.coin_token_rate = 1000;
            c.max_grant_amount = 1000;
        })
        .validate()
        .unwrap();
    }

    #[test]
    fn a_default_campaign_amount_above_the_max_grant_is_refused() {
        let error = config(|c| {
            c.default_campaign_amount = 101;
            c.max_grant_amount = 100;
        })
        .validate()
        .unwrap_err();
        assert_eq!(error.variable, "DEFAULT_CAMPAIGN_AMOUNT");
        assert!(
            error.to_string().contains("DEFAULT_CAMPAIGN_AMOUNT"),
            "{error}"
        );
    }

    #[test]
    fn an_outbox_batch_of_zero_is_refused() {
        refused_by_clap("--outbox-batch=0", "OUTBOX_BATCH");
        assert_eq!(refused_variable(|c| c.outbox_batch = 0), "OUTBOX_BATCH");
    }

    #[test]
    fn zero_database_connections_are_refused() {
        refused_by_clap("--db-max-connections=0", "DB_MAX_CONNECTIONS");
        assert_eq!(
            refused_variable(|c| c.db_max_connections = 0),
            "DB_MAX_CONNECTIONS"
        );
    }

    #[test]
    fn a_publish_timeout_of_zero_is_refused() {
        refused_by_clap("--publish-timeout-secs=0", "PUBLISH_TIMEOUT_SECS");
        assert_eq!(
            refused_variable(|c| c.publish_timeout_secs = 0),
            "PUBLISH_TIMEOUT_SECS"
        );
    }

    #[test]
    fn negative_or_non_finite_rate_limits_are_refused() {
        assert_eq!(
            refused_variable(|c| c.rate_limit_per_key = -1.0),
            "RATE_LIMIT_PER_KEY"
        );
        assert_eq!(
            refused_variable(|c| c.rate_limit_per_ip = f64::NAN),
            "RATE_LIMIT_PER_IP"
        );
        assert_eq!(
            refused_variable(|c| c.rate_limit_per_ip_burst = f64::INFINITY),
            "RATE_LIMIT_PER_IP_BURST"
        );
    }

    #[test]
    fn a_burst_below_one_request_while_its_rate_is_on_is_refused() {
        assert_eq!(
            refused_variable(|c| {
                c.rate_limit_per_key = 5.0;
                c.rate_limit_per_key_burst = 0.5;
            }),
            "RATE_LIMIT_PER_KEY_BURST"
        );
        // A burst of 0 with the limit off is how a limit is switched off: accepted.
        config(|c| {
            c.rate_limit_per_key = 0.0;
            c.rate_limit_per_key_burst = 0.0;
        })
        .validate()
        .unwrap();
    }

    #[test]
    fn ledger_run_is_one_run_and_takes_no_flags() {
        assert!(matches!(
            parse(&["ledger-run"]).unwrap().command,
            Some(Command::LedgerRun)
        ));
        let error = parse(&["ledger-run", "--dry-run"])
            .expect_err("ledger-run has no flags")
            .to_string();
        assert!(error.contains("unexpected argument"), "{error}");
    }
}
