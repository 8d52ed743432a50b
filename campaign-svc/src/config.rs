//! Configuration from flags and environment (clap). Every field is documented here; the README's
//! configuration table is generated from the same names.

use shared::pubsub::{PubSubConfig, TopicNames};
use shared::telemetry::LogFormat;
use std::time::Duration;

/// The command line: `campaign-svc [serve]`, `campaign-svc ledger-run --once`, ...
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
    LedgerRun {
        /// Run once and exit (the only mode; kept explicit for the CronJob's readability).
        #[arg(long)]
        once: bool,
    },
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
    #[arg(long, env = "MIN_PAYOUT_COINS", default_value_t = 1)]
    pub min_payout_coins: i64,
    /// Token base units per game coin.
    #[arg(long, env = "COIN_TOKEN_RATE", default_value_t = 1)]
    pub coin_token_rate: i64,
    /// Token amount of a campaign grant when the campaign has no amount of its own.
    #[arg(long, env = "DEFAULT_CAMPAIGN_AMOUNT", default_value_t = 100)]
    pub default_campaign_amount: i64,
    /// Largest single grant, in token base units (a ledger delta above it is paid over several runs).
    #[arg(long, env = "MAX_GRANT_AMOUNT", default_value_t = 1_000_000_000_000)]
    pub max_grant_amount: i64,
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
    #[arg(long, env = "OUTBOX_BATCH", default_value_t = 1000)]
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
    #[arg(long, env = "DB_MAX_CONNECTIONS", default_value_t = 32)]
    pub db_max_connections: u32,
    /// Bound on every publish, in seconds.
    #[arg(long, env = "PUBLISH_TIMEOUT_SECS", default_value_t = 10)]
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
}

impl Config {
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

    /// A configuration for tests: the given database, test topics, no schedule, open API.
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
        }
    }
}
