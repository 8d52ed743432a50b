//! Start-up, the running service, and shutdown, in campaign-svc's shape:
//! [`Application::build`] connects everything and binds the port, [`Application::run`] runs
//! until the [`Shutdown`] fires and then drains.
//!
//! Build, step by step: validate the configuration, load the message signing keys
//! ([`load_keyring`]) and the signer keys ([`load_signers`]), ask the node for its chain id
//! ([`connect_node`], refusing a node on another chain than `CHAIN_ID`), provision the requests
//! pipe and the results topic ([`connect_bus`]), bind the HTTP port ([`bind`]).
//!
//! Run: build the submission engine ([`start_engine`]), then start the results publisher
//! ([`start_results`]), the batcher ([`start_batcher`]), the HTTP server ([`serve_http`]) and the
//! streaming pull ([`start_pull`]) — in the data's reverse order, so nothing is pulled before it
//! can be handled.
//!
//! Shutdown ([`drain`], SIGTERM): stop pulling, flush the batcher at once, let in-flight
//! transactions settle and their results publish for up to `SHUTDOWN_GRACE_SECS`, then leave
//! everything still unsettled unacked (Pub/Sub redelivers it), flush acks and publishes, and
//! return.

use crate::batcher::{self, Batcher, Feed, Pricing};
use crate::config::{Config, ConfigError};
use crate::holders::Holders;
use crate::http::{self, HttpState};
use crate::inflight::InFlight;
use crate::intake::Intake;
use crate::node::{Node, NodeError};
use crate::payload;
use crate::signer::{BadSignerKey, Signer, SignerPool};
use crate::sizing::LiveCap;
use crate::stats::Stats;
use crate::submission::{Engine, EngineDispatch, SubmitSettings};
use shared::pubsub::{
    BusError, BusPublisher, PubSub, SubscriberOptions, run_subscriber_with_lease,
};
use shared::shutdown::Shutdown;
use shared::signing::{Keyring, KeyringError};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

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
    Node(NodeError),
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

// The cause is part of the message above, so it is not also reported as `source()` (it would
// print twice in an error chain).
impl From<NodeError> for StartupError {
    fn from(e: NodeError) -> Self {
        Self::Node(e)
    }
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

/// The node, as the service talks to it.
struct ChainLink {
    /// Reads (the SDK's retries on).
    node: Node,
    /// Posts (retries off: each post's answer is classified by the engine).
    submit_node: Node,
    /// The chain id the node reports (checked against `CHAIN_ID` when set).
    chain_id: u8,
}

/// The bus, provisioned: the requests pipe and the two publishers.
struct Bus {
    bus: PubSub,
    requests: shared::pubsub::Pipe,
    results: BusPublisher,
    dead_letters: BusPublisher,
}

/// The counters the running parts share, and the stages of the drain after the process's
/// [`Shutdown`] fires, each a [`Shutdown`] of its own (one vocabulary: `trigger`, `wait`,
/// `is_triggered`), fired in this order by [`drain`]: `flush_now`, `stop`, then the HTTP server's.
struct Wiring {
    stats: Arc<Stats>,
    inflight: Arc<InFlight>,
    /// Recipients known to hold the token (the batcher and the engine price batches by them).
    holders: Arc<Holders>,
    /// Stage 2: stops the engine's tasks, the batcher and the results publisher (after the
    /// pull has flushed its acks).
    stop: Shutdown,
    /// Stage 1: makes the batcher send what it holds at once.
    flush_now: Shutdown,
}

/// A built, not yet running, chain-svc: keys loaded, the node answering on the expected chain,
/// Pub/Sub provisioned, the HTTP port bound.
pub struct Application {
    config: Config,
    keyring: Arc<Keyring>,
    signers: Vec<Signer>,
    link: ChainLink,
    bus: Bus,
    listener: TcpListener,
    http_addr: SocketAddr,
    stats: Arc<Stats>,
}

impl Application {
    /// Loads the keys, connects to the node and to Pub/Sub (provisioning both) and binds the
    /// port; starts nothing.
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        shared::telemetry::install_crypto_provider();
        // Installs the Prometheus recorder before the first metric is recorded.
        let _ = shared::telemetry::metrics_handle();
        config.validate()?;
        let keyring = load_keyring(&config)?;
        let signers = load_signers(&config)?;
        let link = connect_node(&config, signers.len()).await?;
        let bus = connect_bus(&config).await?;
        let (listener, http_addr) = bind(config.port).await?;
        Ok(Self {
            config,
            keyring,
            signers,
            link,
            bus,
            listener,
            http_addr,
            stats: Arc::new(Stats::default()),
        })
    }

    /// The bound HTTP address (port 0 picks a free one).
    pub fn local_addr(&self) -> SocketAddr {
        self.http_addr
    }

    /// The counters (the same the HTTP `/stats` shows), shared with the running service.
    pub fn stats(&self) -> Arc<Stats> {
        self.stats.clone()
    }

    /// Runs until `shutdown` fires, then drains (see [`drain`]) and returns once stopped.
    pub async fn run(self, shutdown: Shutdown) {
        let Application {
            config,
            keyring,
            signers,
            link,
            bus,
            listener,
            http_addr,
            stats,
        } = self;
        let wiring = Wiring {
            stats,
            inflight: Arc::new(InFlight::new()),
            holders: Arc::new(Holders::new(config.known_holders_max())),
            stop: Shutdown::new(),
            flush_now: Shutdown::new(),
        };
        let (feed_tx, feed_rx) = mpsc::unbounded_channel();
        let (settled_tx, settled_rx) = mpsc::unbounded_channel();
        // A signer must cover a full batch's maximum fee at the highest price we would pay.
        let pool = Arc::new(SignerPool::new(signers, config.max_fee_octas()));
        let cap = Arc::new(LiveCap::new(config.batch_max_grants()));
        let engine = start_engine(
            &config,
            &link,
            &pool,
            &cap,
            &wiring,
            feed_tx.clone(),
            settled_tx,
        );

        // In the data's reverse order: results, then the batcher, then HTTP, then the pull.
        let mut background = engine.spawn_background();
        background.push(start_results(&bus, keyring.clone(), settled_rx, &wiring));
        background.push(start_batcher(
            &config,
            feed_rx,
            pool.clone(),
            engine.clone(),
            cap,
            &wiring,
        ));
        tracing::info!(%http_addr, "HTTP listening");
        let http = serve_http(
            listener,
            HttpState {
                stats: wiring.stats.clone(),
                pool,
                inflight: wiring.inflight.clone(),
                engine: engine.clone(),
                node: link.node.clone(),
                bus: bus.bus.clone(),
                requests_topic: bus.requests.topic.clone(),
                chain_id: link.chain_id,
            },
        );
        let intake = Arc::new(Intake {
            inflight: wiring.inflight.clone(),
            feed: feed_tx,
            dead_letters: bus.dead_letters.clone(),
            stats: wiring.stats.clone(),
            max_grant_amount: config.max_grant_amount,
            keyring,
            engine,
        });
        let pull = start_pull(&config, &bus, intake, shutdown.clone());

        drain(
            shutdown,
            Duration::from_secs(config.shutdown_grace_secs),
            wiring,
            pull,
            background,
            bus.results,
            http,
        )
        .await;
    }
}

/// The message signing keys (`MESSAGE_SIGNING_KEYS_FILE`): requests are verified and results
/// signed with them.
fn load_keyring(config: &Config) -> Result<Arc<Keyring>, StartupError> {
    let keyring = Arc::new(config.signing.load()?);
    tracing::info!(
        signing_key_id = keyring.signing_key_id(),
        accepted_key_ids = ?keyring.key_ids(),
        "message signing keys loaded"
    );
    Ok(keyring)
}

/// The signers from `SIGNER_PRIVATE_KEYS` (or its file).
fn load_signers(config: &Config) -> Result<Vec<Signer>, StartupError> {
    let keys = config.load_signer_keys()?;
    let signers = keys
        .expose()
        .iter()
        .enumerate()
        .map(|(i, k)| Signer::from_key(i, k))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(signers)
}

/// The node clients, once the node answers on the expected chain.
async fn connect_node(config: &Config, signers: usize) -> Result<ChainLink, StartupError> {
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
        signers,
        "node reachable"
    );
    Ok(ChainLink {
        node,
        submit_node,
        chain_id,
    })
}

/// The requests pipe and the results topic provisioned, and their publishers.
async fn connect_bus(config: &Config) -> Result<Bus, StartupError> {
    let bus = PubSub::connect(&config.pubsub, config.pubsub_streams).await?;
    let requests = config.topics.requests();
    bus.provision(&requests).await?;
    bus.provision_topic(&config.topics.results_topic).await?;
    let results = bus
        .publisher(&config.topics.results_topic, Duration::from_secs(30))
        .await?;
    let dead_letters = bus
        .publisher(&requests.dead_letter_topic, Duration::from_secs(10))
        .await?;
    Ok(Bus {
        bus,
        requests,
        results,
        dead_letters,
    })
}

/// The HTTP port, bound (0 picks one), and the address it got.
async fn bind(port: u16) -> Result<(TcpListener, SocketAddr), StartupError> {
    let listen = |source| StartupError::Listen { port, source };
    let listener = TcpListener::bind(("0.0.0.0", port)).await.map_err(listen)?;
    let addr = listener.local_addr().map_err(listen)?;
    Ok((listener, addr))
}

/// The submission engine, sized by the configured gas model.
fn start_engine(
    config: &Config,
    link: &ChainLink,
    pool: &Arc<SignerPool>,
    cap: &Arc<LiveCap>,
    wiring: &Wiring,
    feed: mpsc::UnboundedSender<Feed>,
    settled: mpsc::UnboundedSender<(crate::grant::Grant, crate::grant::Settlement)>,
) -> Arc<Engine> {
    let batch_max_grants = config.batch_max_grants();
    let model = config.gas_model();
    tracing::info!(
        batch_max_grants,
        largest_batch_new_recipients = model.largest_batch(),
        largest_batch_holders = model.largest_batch_best_mix(),
        known_holders_max = config.known_holders_max(),
        signer_min_balance_octas = config.max_fee_octas(),
        gas_model = ?model,
        "batch sizing"
    );
    Arc::new(Engine::new(
        link.node.clone(),
        link.submit_node.clone(),
        pool.clone(),
        wiring.stats.clone(),
        link.chain_id,
        SubmitSettings {
            gas_model: model,
            holders: wiring.holders.clone(),
            gas_unit_price_cap: config.gas_unit_price_cap,
            tx_expiration_secs: config.tx_expiration_secs,
            max_attempts: config.max_submit_attempts,
            poll: Duration::from_millis(config.node_poll_ms),
            low_balance_octas: config.low_balance_octas,
        },
        cap.clone(),
        feed,
        settled,
        wiring.stop.clone(),
    ))
}

/// The results publisher: signs and publishes each settled grant's result, then acks its
/// deliveries; until `wiring.stop` fires.
fn start_results(
    bus: &Bus,
    keyring: Arc<Keyring>,
    settled: mpsc::UnboundedReceiver<(crate::grant::Grant, crate::grant::Settlement)>,
    wiring: &Wiring,
) -> JoinHandle<()> {
    tokio::spawn(crate::results::run(
        bus.results.clone(),
        keyring,
        settled,
        wiring.inflight.clone(),
        wiring.stats.clone(),
        wiring.stop.clone(),
    ))
}

/// The batcher: cuts batches from the feed where the gas model says the next grant would not
/// fit, and hands them to the engine; flushes at once on `wiring.flush_now`, stops on
/// `wiring.stop`.
fn start_batcher(
    config: &Config,
    feed: mpsc::UnboundedReceiver<Feed>,
    pool: Arc<SignerPool>,
    engine: Arc<Engine>,
    cap: Arc<LiveCap>,
    wiring: &Wiring,
) -> JoinHandle<()> {
    tokio::spawn(batcher::run(
        Batcher::new(config.batch_max_grants(), config.batch_max_wait())
            .priced(Pricing::new(config.gas_model(), wiring.holders.clone())),
        feed,
        pool,
        Arc::new(EngineDispatch(engine)),
        cap,
        wiring.flush_now.clone(),
        wiring.stop.clone(),
    ))
}

/// The HTTP server, until its `stop` fires (the last stage of shutdown).
struct HttpServer {
    stop: Shutdown,
    task: JoinHandle<()>,
}

/// Serves the HTTP API on `listener`.
fn serve_http(listener: TcpListener, state: HttpState) -> HttpServer {
    let stop = Shutdown::new();
    let app = http::router(state);
    let task = {
        let stop = stop.clone();
        tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move { stop.wait().await })
                .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "HTTP server failed");
            }
        })
    };
    HttpServer { stop, task }
}

/// The streaming pull of grant requests into `intake`, until `shutdown`.
fn start_pull(
    config: &Config,
    bus: &Bus,
    intake: Arc<Intake>,
    shutdown: Shutdown,
) -> JoinHandle<()> {
    let options = SubscriberOptions {
        subscription: bus.bus.subscription_path(&bus.requests.subscription),
        streams: config.pubsub_streams,
        max_in_flight: config.max_in_flight_grants,
    };
    let subscriber = bus.bus.subscriber().clone();
    let lease = Duration::from_secs(config.topics.ack_deadline_secs);
    tracing::info!(subscription = %bus.requests.subscription, streams = config.pubsub_streams, "pulling grant requests");
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
}

/// Shutdown, once `shutdown` fires: the pull has stopped; flush the batcher at once, let
/// in-flight grants settle for up to `grace`, leave the rest unacked for redelivery, wait for
/// the pull to flush its acks, stop the engine, the batcher and the results publisher, flush
/// publishes, and stop HTTP last.
async fn drain(
    shutdown: Shutdown,
    grace: Duration,
    wiring: Wiring,
    pull: JoinHandle<()>,
    background: Vec<JoinHandle<()>>,
    results: BusPublisher,
    http: HttpServer,
) {
    shutdown.wait().await;
    let inflight = wiring.inflight;
    tracing::info!(
        in_flight = inflight.len(),
        "shutting down: pull stopped, flushing the batcher"
    );
    wiring.flush_now.trigger();
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
    wiring.stop.trigger();
    for task in background {
        let _ = task.await;
    }
    results.flush().await;
    http.stop.trigger();
    let _ = http.task.await;
    tracing::info!("chain-svc stopped");
}
