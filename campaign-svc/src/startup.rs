//! Wiring: connect to Postgres (running migrations) and Pub/Sub (provisioning both pipes and the
//! notifications topic), then run the HTTP API, the ledger schedule, the outbox relay, the
//! notifications relay and the results consumer until shutdown, draining each.

use crate::config::Config;
use crate::game::GameSource;
use crate::http::auth::{ApiKeys, ApiKeysError};
use crate::http::{ApiContext, router};
use crate::ledger::{LedgerRules, run_ledger};
use crate::schedule::{Schedule, ScheduleError};
use crate::{outbox, results};
use shared::pubsub::{BusError, BusPublisher, PubSub, SubscriberOptions, run_subscriber};
use shared::shutdown::Shutdown;
use shared::signing::{Keyring, KeyringError};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The database is unreachable or refused us.
    #[error("cannot connect to the database: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("database migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Pub/Sub is unreachable or refused us.
    #[error(transparent)]
    Bus(#[from] BusError),
    /// The port is taken.
    #[error("cannot listen on {0}: {1}")]
    Bind(String, std::io::Error),
    /// A setting is invalid.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    /// API_KEYS is invalid.
    #[error(transparent)]
    ApiKeys(#[from] ApiKeysError),
    /// A combination of settings that cannot work.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// `WEBHOOK_SECRETS_KEY` is unusable.
    #[error(transparent)]
    WebhookKey(#[from] crate::webhooks::secret::SecretError),
    /// The message signing keys are unusable (`MESSAGE_SIGNING_KEYS_FILE`).
    #[error(transparent)]
    Signing(#[from] KeyringError),
}

/// Opens the ledger pool and brings the schema up to date.
pub async fn connect_ledger(config: &Config) -> Result<PgPool, StartupError> {
    let notify_created = config.notifications.notify_grant_created;
    let pool = PgPoolOptions::new()
        .max_connections(config.db_max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .after_connect(move |conn, _| {
            Box::pin(async move {
                // The grant.created trigger reads this setting (crate::notifications).
                if notify_created {
                    sqlx::query!(
                        "SELECT set_config($1, 'on', false)",
                        crate::notifications::CREATED_SETTING
                    )
                    .fetch_one(conn)
                    .await?;
                }
                Ok(())
            })
        })
        .connect(&config.database_url)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// The game source (its own pool unless the game table lives in the ledger database).
pub async fn connect_game(config: &Config, ledger: &PgPool) -> Result<GameSource, StartupError> {
    let pool = if config.game_is_ledger_database() {
        ledger.clone()
    } else {
        PgPoolOptions::new()
            .max_connections(config.db_max_connections.min(16))
            .acquire_timeout(Duration::from_secs(5))
            .connect(config.game_database_url())
            .await?
    };
    Ok(GameSource::new(
        pool,
        &config.game_users_query,
        config.game_is_ledger_database(),
    ))
}

/// The ledger rules from the configuration.
pub fn ledger_rules(config: &Config) -> LedgerRules {
    LedgerRules {
        min_payout_coins: crate::config::amount(config.min_payout_coins),
        coin_token_rate: crate::config::amount(config.coin_token_rate),
        max_grant_amount: crate::config::amount(config.max_grant_amount),
        token_type: config.token_type.clone(),
        workers: config.ledger_workers,
    }
}

/// A built, not yet running, service.
pub struct Application {
    listener: TcpListener,
    ctx: ApiContext,
    schedule: Schedule,
    requests: BusPublisher,
    notifications: BusPublisher,
    results_dead_letters: BusPublisher,
    keyring: Arc<Keyring>,
}

impl Application {
    /// Connects everything and binds the port.
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        config.validate()?;
        let schedule: Schedule = config.ledger_schedule.parse()?;
        let keys = ApiKeys::parse(&config.api_keys)?;
        let webhook_key = config
            .webhooks
            .webhook_secrets_key
            .as_deref()
            .map(crate::webhooks::secret::SecretsKey::parse)
            .transpose()?;
        if config.webhooks.webhook_allow_insecure_urls {
            tracing::warn!(
                "WEBHOOK_ALLOW_INSECURE_URLS is on: webhooks may call http:// and local addresses (development only)"
            );
        }
        let keyring = Arc::new(config.signing.load()?);
        tracing::info!(
            signing_key_id = keyring.signing_key_id(),
            accepted_key_ids = ?keyring.key_ids(),
            "message signing keys loaded"
        );
        if !keys.enabled() {
            tracing::warn!(
                "API_KEYS is empty: the API is open to anyone who can reach it (development only)"
            );
        }
        // Install the metrics recorder before anything records.
        let _ = shared::telemetry::metrics_handle();
        let db = connect_ledger(&config).await?;
        let game = connect_game(&config, &db).await?;
        let bus = PubSub::connect(&config.pubsub, config.results_streams).await?;
        // Provision both pipes: a request published before chain-svc ever started still has a
        // subscription to wait in.
        bus.provision(&config.topics.requests()).await?;
        bus.provision(&config.topics.results()).await?;
        bus.provision_topic(&config.topics.notifications_topic)
            .await?;
        let requests = bus
            .publisher(&config.topics.requests_topic, config.publish_timeout())
            .await?;
        let notifications = bus
            .publisher(&config.topics.notifications_topic, config.publish_timeout())
            .await?;
        let results_dead_letters = bus
            .publisher(
                &config.topics.results_dead_letter_topic,
                config.publish_timeout(),
            )
            .await?;
        let addr = format!("{}:{}", config.bind_address, config.port);
        let listener = TcpListener::bind(&addr)
            .await
            .map_err(|e| StartupError::Bind(addr.clone(), e))?;
        let rules = ledger_rules(&config);
        let campaigns = crate::campaigns::CampaignBook::new(crate::config::amount(
            config.default_campaign_amount,
        ));
        let readiness_ttl = Duration::from_millis(config.readiness_cache_ms);
        let limits = crate::http::limits::Limits::from_config(&config);
        Ok(Self {
            listener,
            ctx: ApiContext {
                chain: crate::chain::ChainSvc::new(config.chain_svc_url.as_deref()),
                webhook_key,
                writer: crate::grants::GrantWriter::spawn(
                    db.clone(),
                    config.grant_writers,
                    config.grant_insert_batch,
                ),
                users: crate::game::UserLookup::spawn(
                    game.clone(),
                    config.game_lookups,
                    config.game_lookup_batch,
                ),
                config: Arc::new(config),
                db,
                game,
                bus,
                keys,
                rules,
                campaigns,
                readiness: crate::http::Readiness::new(readiness_ttl),
                limits,
            },
            schedule,
            requests,
            notifications,
            results_dead_letters,
            keyring,
        })
    }

    /// The bound address (port 0 picks a free one).
    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// The ledger pool (for tests and tools).
    pub fn db(&self) -> &PgPool {
        &self.ctx.db
    }

    /// Runs until `shutdown` fires, then drains: the HTTP server stops accepting and finishes
    /// open requests, the relay finishes its pass, the consumer finishes its messages and
    /// flushes acks.
    pub async fn run(self, shutdown: Shutdown) -> std::io::Result<()> {
        let Application {
            listener,
            ctx,
            schedule,
            requests,
            notifications,
            results_dead_letters,
            keyring,
        } = self;
        let config = ctx.config.clone();
        tracing::info!(addr = %listener.local_addr()?, "campaign-svc listening");
        let mut tasks = JoinSet::new();
        // Woken by the results consumer when it settled grants: their notification events are
        // recorded, and the webhook fan-out takes them at once rather than at its next poll.
        let settled = Arc::new(tokio::sync::Notify::new());
        for _ in 0..config.outbox_workers {
            tasks.spawn(outbox::run_relay(
                ctx.db.clone(),
                requests.clone(),
                keyring.clone(),
                config.outbox_batch,
                Duration::from_millis(config.outbox_poll_ms),
                shutdown.clone(),
            ));
        }
        for _ in 0..config.notifications.notifications_workers {
            tasks.spawn(crate::notifications::topic::run_topic_relay(
                ctx.db.clone(),
                notifications.clone(),
                config.notifications.notifications_batch,
                Duration::from_millis(config.notifications.notifications_poll_ms),
                shutdown.clone(),
            ));
        }
        drop(notifications);
        if let Some(retention) = config.notifications.retention() {
            tasks.spawn(crate::notifications::retention::run_pruning(
                ctx.db.clone(),
                retention,
                shutdown.clone(),
            ));
        }
        if config.webhooks.webhook_workers > 0 {
            match ctx.webhook_key.clone() {
                Some(key) => {
                    // On the deliveries' own runtime, with a pool of its own made there.
                    let isolated = crate::webhooks::runtime::Isolated::new(
                        "webhooks",
                        config.webhooks.webhook_threads.into(),
                        config.webhooks.webhook_nice,
                    )?;
                    let options = (*ctx.db.connect_options()).clone();
                    let webhooks = config.webhooks.clone();
                    let (settled, shutdown) = (settled.clone(), shutdown.clone());
                    tasks.spawn(isolated.run(move || {
                        let pool = crate::webhooks::delivery::connect_pool(options);
                        let deliverer =
                            crate::webhooks::delivery::Deliverer::new(pool, key, webhooks);
                        crate::webhooks::delivery::run_deliveries(deliverer, settled, shutdown)
                    }));
                }
                None => {
                    tasks.spawn(crate::webhooks::delivery::run_fan_out_only(
                        ctx.db.clone(),
                        Duration::from_millis(config.webhooks.webhook_poll_ms),
                        settled.clone(),
                        shutdown.clone(),
                    ));
                }
            }
        }
        if config.resend_after_secs > 0 && config.outbox_workers > 0 {
            let older_than = Duration::from_secs(config.resend_after_secs);
            tasks.spawn(outbox::run_requeue(
                ctx.db.clone(),
                older_than,
                (older_than / 4).clamp(Duration::from_secs(1), Duration::from_secs(60)),
                shutdown.clone(),
            ));
        }
        {
            let (applier, applier_task) =
                results::Applier::spawn(ctx.db.clone(), config.results_batch, settled);
            let subscriber = ctx.bus.subscriber().clone();
            let options = SubscriberOptions {
                subscription: ctx
                    .bus
                    .subscription_path(&config.topics.results_subscription),
                streams: config.results_streams,
                max_in_flight: config.results_max_in_flight,
            };
            let shutdown = shutdown.clone();
            tasks.spawn(async move {
                run_subscriber(&subscriber, options, shutdown, move |message, ack| {
                    results::handle_message(
                        applier.clone(),
                        results_dead_letters.clone(),
                        keyring.clone(),
                        message,
                        ack,
                    )
                })
                .await;
                // Every handler (and its handle on the applier) is gone: the applier drains and stops.
                if tokio::time::timeout(Duration::from_secs(30), applier_task)
                    .await
                    .is_err()
                {
                    tracing::warn!("results applier did not stop in time");
                }
            });
        }
        if !matches!(schedule, Schedule::Off) {
            let db = ctx.db.clone();
            let game = ctx.game.clone();
            let rules = ctx.rules.clone();
            let shutdown = shutdown.clone();
            tasks.spawn(async move {
                while let Some(delay) = schedule.next_delay() {
                    tokio::select! {
                        _ = shutdown.wait() => break,
                        _ = tokio::time::sleep(delay) => {}
                    }
                    if let Err(e) = run_ledger(&db, &game, &rules, "schedule").await {
                        tracing::error!(error = %e, "scheduled ledger run failed");
                    }
                }
            });
        }
        let served = crate::http::serve::serve(
            listener,
            router(ctx),
            Duration::from_secs(config.http_header_read_timeout_secs),
            shutdown.clone(),
        )
        .await;
        shutdown.trigger();
        while tasks.join_next().await.is_some() {}
        tracing::info!("campaign-svc stopped");
        served
    }
}
