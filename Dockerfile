# syntax=docker/dockerfile:1.7
# The three images of the workspace from one definition: pick one with --target.
#
# Build from the repository root (the workspace is the build context):
#   docker build --target campaign-svc -t token-grants/campaign-svc:dev .
#   docker build --target chain-svc    -t token-grants/chain-svc:dev .
#   docker build --target devnet       -t token-grants/devnet:dev .      # development only
# (docker-compose.yml builds the same targets.)
#
# Stages: chef (toolchain + cargo-chef) -> planner (dependency recipe) -> builder (the dependencies
# of all three binaries cooked in one layer, then the three binaries built together) -> runtime
# (debian-slim, curl + ca-certificates, the app user) -> one small stage per image, which only copies
# its binary. The builder's instructions do not depend on the target, so the second and third image
# reuse its cached layers: dependencies compile once, and a source-only change rebuilds only the
# workspace crates, once for all three.
#
# The runtime is debian-slim rather than distroless because the binaries have no self-check mode:
# curl serves the HEALTHCHECK, and ca-certificates are needed for TLS to Google APIs and the
# Movement RPC. Kubernetes ignores HEALTHCHECK (it uses the probes in k8s/); compose uses it for
# start order. No secret enters any layer: keys and passwords come from the environment or mounted
# files at run time.
ARG RUST_VERSION=1.95
ARG DEBIAN_RELEASE=trixie

FROM rust:${RUST_VERSION}-slim-${DEBIAN_RELEASE} AS chef
# The slim Rust image already has gcc and libc6-dev (aws-lc-rs builds its C sources with them).
RUN cargo install cargo-chef --locked --version 0.1.78
WORKDIR /src

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /src/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json \
      --package campaign-svc --package chain-svc --package devnet
COPY . .
RUN cargo build --release --locked \
      --package campaign-svc --bin campaign-svc \
      --package chain-svc --bin chain-svc \
      --package devnet --bin devnet \
 && install -D -m 0755 -t /out target/release/campaign-svc target/release/chain-svc target/release/devnet

FROM debian:${DEBIAN_RELEASE}-slim AS runtime
# Unpinned apt versions on purpose: the base tag pins the release and security updates should land.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app

# devnet: DEVELOPMENT CHAIN ONLY (Aptos REST subset + Jobs); never deploy to production.
FROM runtime AS devnet
COPY --from=builder /out/devnet /usr/local/bin/devnet
RUN install -d -o 10001 -g 10001 -m 0750 /var/lib/devnet
ENV DEVNET_LISTEN=0.0.0.0:8090
USER 10001:10001
EXPOSE 8090
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["/bin/sh", "-c", "curl -fsS --max-time 2 \"http://127.0.0.1:${DEVNET_LISTEN##*:}/v1\" > /dev/null || exit 1"]
ENTRYPOINT ["/usr/local/bin/devnet"]

# chain-svc: grant requests in, batched Jobs transactions out.
FROM runtime AS chain-svc
COPY --from=builder /out/chain-svc /usr/local/bin/chain-svc
ENV PORT=8081
USER 10001:10001
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["/bin/sh", "-c", "curl -fsS --max-time 2 \"http://127.0.0.1:${PORT}/health\" > /dev/null || exit 1"]
ENTRYPOINT ["/usr/local/bin/chain-svc"]

# campaign-svc: the payout ledger (HTTP API, ledger runs, outbox relay, results consumer). Last, so
# a build without --target gives the main service.
FROM runtime AS campaign-svc
COPY --from=builder /out/campaign-svc /usr/local/bin/campaign-svc
ENV PORT=8080
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["/bin/sh", "-c", "curl -fsS --max-time 2 \"http://127.0.0.1:${PORT}/health\" > /dev/null || exit 1"]
ENTRYPOINT ["/usr/local/bin/campaign-svc"]
