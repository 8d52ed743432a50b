//! Start-up, the running service, and shutdown.
//!
//! Start: validate the configuration, load the message signing keys and the signer keys, ask
//! the node for its chain id (refusing a node on another chain than `CHAIN_ID`), provision the
//! requests pipe and the results topic, then start the results publisher, the batcher, the signer
//! watchers, the HTTP server and the streaming pull — in the data's reverse order, so nothing is
//! pulled before it can be handled.
//!
//! Shutdown (SIGTERM): stop pulling, flush the batcher at once, let in-flight transactions
//! settle and their results publish for up to `SHUTDOWN_GRACE_SECS`, then leave everything
//! still unsettled unacked (Pub/Sub redelivers it), flush acks and publishes, and return.

use crate::batcher::{self, Batcher};
use crate::config::{Config, ConfigError};
use crate::http::{self, HttpState};
use crate::inflight::InFlight;
use crate::intake::Intake;
use crate::node::{Node, NodeError};
use crate::payload;
use crate::signer::{BadSignerKey, Signer, SignerPool};
use crate::sizing::LiveCap;
use crate::stats::Stats;
use crate::submission::{Engine, EngineDispatch, SubmitSettings};
use shared::pubsub::{BusError, PubSub, SubscriberOptions, run_subscriber_with_lease};
use shared::shutdown::Shutdown;
use shared::signing::KeyringError;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The configuration is unusable.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A signer key is unusable.
    #[error(transparent)]
    Key(#[from] BadSignerKey),
    /// The node could not be reached.
    #[error("the node at NODE_URL is not usable: {0}")]
    Node(#[from] NodeError),
    /// The node is on another chain than `CHAIN_ID`.
    #[error("the node reports chain id {found}, but CHAIN_ID is {expected}")]
    WrongChain {
        /// What the node says.
        found: u8,
        /// What is configured.
        expected: u8,
    },
    /// The message signing keys are unusable (`MESSAGE_SIGNING_KEYS_FILE`).
    #[error(transparent)]
    Signing(#[from] KeyringError),
    /// Pub/Sub could not be reached or provisioned.
    #[error(transparent)]
    Bus(#[from] BusError),
    /// The HTTP port could not be bound.
    #[error("cannot listen on port {port}: {source}")]
    Listen {
        /// The port.
        port: u16,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl StartupError {
    /// True when starting again later may work (the node or the bus was unreachable).
    pub fn is_transient(&self) -> bool {
        match self {
            StartupError::Node(e) => e.is_transient(),
            StartupError::Bus(_) => true,
            _ => false,
        }
    }
}

/// A running chain-svc.
#[derive(Debug)]
pub struct Running {
    /// The HTTP address actually bound (port 0 picks one).
    pub http_addr: SocketAddr,
    /// Counters (the same the HTTP `/stats` shows).
    pub stats: Arc<Stats>,
    /// Fires the graceful shutdown.
    pub shutdown: Shutdown,
    main: JoinHandle<()>,
}

impl Running {
    /// Waits until the service has shut down.
    pub async fn wait(self) {
        let _ = self.main.await;
    }
}

/// Reads the node's chain id, retrying a transient failure for up to `patience`.
async fn chain_id(node: &Node, pinned: Option<u8>, patience: Duration) -> Result<u8, StartupError> {
    let start = tokio::time::Instant::now();
    let mut attempt = 0;
    let ledger = loop {
        match node.ledger().await {
            Ok(l) => break l,
            Err(e) if e.is_transient() && start.elapsed() < patience => {
                tracing::warn!(error = %e, "node not reachable yet");
                attempt += 1;
                tokio::time::sleep(crate::submission::backoff(
                    Duration::from_millis(200),
                    attempt,
                    Duration::from_secs(5),
                ))
                .await;
            }
            Err(e) => return Err(e.into()),
        }
    };
    match pinned {
        Some(expected) if expected != ledger.chain_id => Err(StartupError::WrongChain {
            found: ledger.chain_id,
            expected,
        }),
        _ => Ok(ledger.chain_id),
    }
}

/// Starts the service; it runs until `shutdown` fires.
pub async fn start(config: Config, shutdown: Shutdown) -> Result<Running, StartupError> {
    shared::telemetry::install_crypto_provider();
    // Installs the Prometheus recorder before the first metric is recorded.
    let _ = shared::telemetry::metrics_handle();
    config.validate()?;
    let keyring = Arc::new(config.signing.load()?);
    tracing::info!(
        signing_key_id = keyring.signing_key_id(),
        accepted_key_ids = ?keyring.key_ids(),
        "message signing keys loaded"
    );
    let keys = config.load_signer_keys()?;
    let signers = keys
        .expose()
        .iter()
        .enumerate()
        .map(|(i, k)| Signer::from_key(i, k))
        .collect::<Result<Vec<_>, _>>()?;
    let jobs = payload::parse_address(&config.jobs_address).ok_or(ConfigError::Invalid {
        field: "JOBS_ADDRESS",
        reason: "not an address".into(),
    })?;
    let timeout = Duration::from_millis(config.node_timeout_ms);
    let node = Node::new(&config.node_url, jobs, timeout, 2)?;
    let submit_node = Node::new(&config.node_url, jobs, timeout, 0)?;
    let chain_id = chain_id(&node, config.chain_id, Duration::from_secs(60)).await?;
    tracing::info!(
        chain_id,
        node_url = %config.node_url,
        jobs_address = %jobs.to_long_string(),
        signers = signers.len(),
        "node reachable"
    );

    let bus = PubSub::connect(&config.pubsub, config.pubsub_streams).await?;
    let requests = config.topics.requests();
    bus.provision(&requests).await?;
    bus.provision_topic(&config.topics.results_topic).await?;
    let results_publisher = bus
        .publisher(&config.topics.results_topic, Duration::from_secs(30))
        .await?;
    let dead_letters = bus
        .publisher(&requests.dead_letter_topic, Duration::from_secs(10))
        .await?;

    let listener = tokio::net::TcpListener::bind(("0.0.0.0", config.port))
        .await
        .map_err(|source| StartupError::Listen {
            port: config.port,
            source,
        })?;
    let http_addr = listener
        .local_addr()
        .map_err(|source| StartupError::Listen {
            port: config.port,
            source,
        })?;

    let stats = Arc::new(Stats::default());
    let inflight = Arc::new(InFlight::new());
    let (feed_tx, feed_rx) = mpsc::unbounded_channel();
    let (settled_tx, settled_rx) = mpsc::unbounded_channel();
    let stop = CancellationToken::new();
    let flush_now = CancellationToken::new();
    // A signer must cover a full batch's maximum fee at the highest price we would pay.
    let max_fee = config.max_fee_octas();
    let pool = Arc::new(SignerPool::new(signers, max_fee));
    let batch_max_grants = config.batch_max_grants();
    let model = config.gas_model();
    tracing::info!(
        batch_max_grants,
        max_gas_amount_at_min_price = model.max_gas_amount(batch_max_grants, crate::gas::MIN_GAS_UNIT_PRICE),
        signer_min_balance_octas = max_fee,
        gas_model = ?model,
        "batch sizing"
    );
    let cap = Arc::new(LiveCap::new(batch_max_grants));
    let engine = Arc::new(Engine::new(
        node.clone(),
        submit_node,
        pool.clone(),
        stats.clone(),
        chain_id,
        SubmitSettings {
            gas_model: model,
            gas_unit_price_cap: config.gas_unit_price_cap,
            tx_expiration_secs: config.tx_expiration_secs,
            max_attempts: config.max_submit_attempts,
            poll: Duration::from_millis(config.node_poll_ms),
            low_balance_octas: config.low_balance_octas,
        },
        cap.clone(),
        feed_tx.clone(),
        settled_tx,
        stop.clone(),
    ));

    let mut background = engine.spawn_background();
    background.push(tokio::spawn(crate::results::run(
        results_publisher.clone(),
        keyring.clone(),
        settled_rx,
        inflight.clone(),
        stats.clone(),
        stop.clone(),
    )));
    background.push(tokio::spawn(batcher::run(
        Batcher::new(batch_max_grants, config.batch_max_wait()),
        feed_rx,
        pool.clone(),
        Arc::new(EngineDispatch(engine.clone())),
        cap,
        flush_now.clone(),
        stop.clone(),
    )));

    let http_stop = CancellationToken::new();
    let app = http::router(HttpState {
        stats: stats.clone(),
        pool: pool.clone(),
        inflight: inflight.clone(),
        engine: engine.clone(),
        node: node.clone(),
        bus: bus.clone(),
        requests_topic: requests.topic.clone(),
        chain_id,
    });
    let http_task = {
        let http_stop = http_stop.clone();
        tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move { http_stop.cancelled().await })
                .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "HTTP server failed");
            }
        })
    };
    tracing::info!(%http_addr, "HTTP listening");

    let intake = Arc::new(Intake {
        inflight: inflight.clone(),
        feed: feed_tx,
        dead_letters,
        stats: stats.clone(),
        max_grant_amount: config.max_grant_amount,
        keyring,
        engine: engine.clone(),
    });
    let options = SubscriberOptions {
        subscription: bus.subscription_path(&requests.subscription),
        streams: config.pubsub_streams,
        max_in_flight: config.max_in_flight_grants,
    };
    let subscriber = bus.subscriber().clone();
    let lease = Duration::from_secs(config.topics.ack_deadline_secs);
    let pull = {
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            // Leases are extended while a grant is in flight; if this process dies, the server
            // redelivers its messages after the subscription's ack deadline, not a minute later.
            run_subscriber_with_lease(
                &subscriber,
                options,
                Some(lease),
                shutdown,
                move |message, handler| {
                    let intake = intake.clone();
                    async move { intake.handle(message, handler).await }
                },
            )
            .await
        })
    };
    tracing::info!(subscription = %requests.subscription, streams = config.pubsub_streams, "pulling grant requests");

    let grace = Duration::from_secs(config.shutdown_grace_secs);
    let main = {
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            shutdown.wait().await;
            tracing::info!(
                in_flight = inflight.len(),
                "shutting down: pull stopped, flushing the batcher"
            );
            flush_now.cancel();
            let deadline = tokio::time::Instant::now() + grace;
            while !inflight.is_empty() && tokio::time::Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let left = inflight.leave_all();
            if left > 0 {
                tracing::warn!(
                    left,
                    "grace period over; unsettled grants left unacked for redelivery"
                );
            }
            // The pull task returns once every handler has acked or nacked and acks are flushed.
            let _ = pull.await;
            stop.cancel();
            for task in background {
                let _ = task.await;
            }
            results_publisher.flush().await;
            http_stop.cancel();
            let _ = http_task.await;
            tracing::info!("chain-svc stopped");
        })
    };
    Ok(Running {
        http_addr,
        stats,
        shutdown,
        main,
    })
}
