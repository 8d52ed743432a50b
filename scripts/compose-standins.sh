#!/usr/bin/env bash
# LOCAL STAND-INS for the four public base images that Dockerfile and docker-compose.yml name, for
# machines that cannot pull from Docker Hub or gcr.io (the team's VMs reach only the package
# registries). A user's machine pulls the real images and never needs this script.
#
#   scripts/compose-standins.sh            # build whichever stand-in is missing (cached)
#   scripts/compose-standins.sh --rebuild  # build all four again
#
# Each is tagged with the official name, so the Dockerfile and the compose file run unmodified:
#   debian:<release>-slim     `debootstrap --variant=minbase <release>` from Debian's mirror, with
#                             the official slim image's dpkg excludes (no docs, man pages, locales)
#   rust:<ver>-slim-<release> that base + gcc/libc6-dev + this machine's Rust toolchain, laid out
#                             like the official image (RUSTUP_HOME=/usr/local/rustup,
#                             CARGO_HOME=/usr/local/cargo, PATH); copied, not downloaded. It
#                             also trusts the CAs this machine added (/usr/local/share/
#                             ca-certificates: a TLS-intercepting egress proxy), so the builder
#                             stages reach crates.io; only builder stages use this image, so no
#                             shipped image carries them
#   postgres:16               that base + Debian's PostgreSQL (the release's own major version: 17
#                             on trixie; Debian carries no 16) behind an entrypoint that honours the
#                             official image's POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB and
#                             /docker-entrypoint-initdb.d; pg_isready on PATH
#   google-cloud-cli:emulators  that base + Debian's Java + this machine's Cloud SDK (gcloud core,
#                             its bundled Python and the Pub/Sub emulator component) at
#                             /google-cloud-sdk, started the way the official image is
#                             (`gcloud beta emulators pubsub start ...`)
# Every stand-in carries the label org.token-grants.stand-in=true (`podman image inspect`).
# Podman keeps them under $COMPOSE_PODMAN_ROOT (scripts/compose-podman.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/compose-podman.sh
source scripts/compose-podman.sh

REBUILD=0
[ "${1:-}" = "--rebuild" ] && REBUILD=1

arg() { sed -n "s/^ARG $1=//p" Dockerfile | head -1; }
RUST_VERSION=$(arg RUST_VERSION)
DEBIAN_RELEASE=$(arg DEBIAN_RELEASE)
[ -n "$RUST_VERSION" ] && [ -n "$DEBIAN_RELEASE" ] || compose_die "cannot read RUST_VERSION / DEBIAN_RELEASE from Dockerfile"
compose_image() { sed -n "s/^ *image: *\(.*$1.*\)$/\1/p" docker-compose.yml | head -1; }
DEBIAN_IMAGE="docker.io/library/debian:${DEBIAN_RELEASE}-slim"
RUST_IMAGE="docker.io/library/rust:${RUST_VERSION}-slim-${DEBIAN_RELEASE}"
PG_IMAGE="docker.io/library/$(compose_image postgres:)"
EMU_IMAGE=$(compose_image google-cloud-cli)
[ "$PG_IMAGE" != docker.io/library/ ] && [ -n "$EMU_IMAGE" ] || compose_die "cannot read the postgres / emulators images from docker-compose.yml"

podman_setup
WORK=$(mktemp -d "$COMPOSE_PODMAN_ROOT/tmp/standins.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
LABEL="org.token-grants.stand-in=true"

wanted() { # wanted IMAGE: true when it has to be built
  if [ $REBUILD -eq 0 ] && podman image exists "$1"; then
    compose_log "stand-in $1: cached ($(podman image inspect --format '{{.Size}}' "$1" | numfmt --to=iec))"
    return 1
  fi
  compose_log "stand-in $1: building"
}

# ------------------------------------------------------------------------- debian:<release>-slim
if wanted "$DEBIAN_IMAGE"; then
  rootfs="$WORK/rootfs"
  debootstrap --variant=minbase "$DEBIAN_RELEASE" "$rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 ||
    { tail -20 "$WORK/debootstrap.log" >&2; compose_die "debootstrap $DEBIAN_RELEASE failed"; }
  # What the official slim image drops, and keeps dropping on later installs.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/*
EOF
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'APT::Install-Recommends "false";' >"$rootfs/etc/apt/apt.conf.d/docker-no-recommends"
  find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  rm -rf "$rootfs"/usr/share/{man,info,locale,groff,lintian}/* "$rootfs"/var/cache/apt/*.bin \
    "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
  tar -C "$rootfs" -c . | podman import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' --change "LABEL $LABEL" \
    --message "stand-in for debian:${DEBIAN_RELEASE}-slim (debootstrap minbase)" - "$DEBIAN_IMAGE" >/dev/null
  rm -rf "$rootfs"
fi

# ------------------------------------------------------------------------- rust:<ver>-slim-<release>
if wanted "$RUST_IMAGE"; then
  command -v rustc >/dev/null || compose_die "no Rust toolchain on this machine to copy into $RUST_IMAGE"
  have=$(rustc --version | awk '{print $2}')
  case "$have" in "$RUST_VERSION" | "$RUST_VERSION".*) ;; *) compose_die "the Dockerfile wants Rust $RUST_VERSION, this machine's rustc is $have" ;; esac
  sysroot=$(readlink -f "$(rustc --print sysroot)")
  rustup_bin=$(command -v rustup || true)
  [ -n "$rustup_bin" ] || compose_die "rustup is missing: the image's cargo and rustc are rustup proxies, as in the official image"
  cat >"$WORK/Containerfile.rust" <<EOF
FROM $DEBIAN_IMAGE
LABEL $LABEL
ENV RUSTUP_HOME=/usr/local/rustup CARGO_HOME=/usr/local/cargo \\
    PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    RUST_VERSION=$have
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates gcc libc6-dev \\
 && rm -rf /var/lib/apt/lists/*
RUN set -eu; if ls /mnt/local-ca/*.crt >/dev/null 2>&1; then \\
      cp /mnt/local-ca/*.crt /usr/local/share/ca-certificates/ && update-ca-certificates >/dev/null; fi
RUN set -eu; tc=/usr/local/rustup/toolchains/$have-x86_64-unknown-linux-gnu; \\
    mkdir -p "\$tc" /usr/local/cargo/bin; \\
    cp -a /mnt/toolchain/bin /mnt/toolchain/lib "\$tc/"; \\
    if [ -d /mnt/toolchain/libexec ]; then cp -a /mnt/toolchain/libexec "\$tc/"; fi; \\
    mkdir -p "\$tc/etc" "\$tc/share"; cp -a /mnt/toolchain/etc/. "\$tc/etc/"; \\
    rm -rf "\$tc/lib/rustlib/src" "\$tc/lib/rustlib/"*/analysis; \\
    install -m 0755 /mnt/rustup /usr/local/cargo/bin/rustup; \\
    for p in cargo rustc rustdoc rust-gdb rust-lldb rustfmt cargo-fmt cargo-clippy clippy-driver; do \\
      ln -s rustup "/usr/local/cargo/bin/\$p"; done; \\
    printf 'version = "12"\ndefault_toolchain = "%s-x86_64-unknown-linux-gnu"\nprofile = "minimal"\n' "$have" \\
      >/usr/local/rustup/settings.toml; \\
    chmod -R a+w /usr/local/rustup /usr/local/cargo; \\
    rustup --version && cargo --version && rustc --version
EOF
  mkdir -p "$WORK/no-local-ca"
  local_ca=/usr/local/share/ca-certificates
  ls "$local_ca"/*.crt >/dev/null 2>&1 || local_ca="$WORK/no-local-ca"
  podman build --quiet --network host -v "$sysroot:/mnt/toolchain:ro" -v "$rustup_bin:/mnt/rustup:ro" \
    -v "$local_ca:/mnt/local-ca:ro" \
    -f "$WORK/Containerfile.rust" -t "$RUST_IMAGE" "$WORK" >/dev/null
fi

# ------------------------------------------------------------------------- postgres:16
if wanted "$PG_IMAGE"; then
  cat >"$WORK/docker-entrypoint.sh" <<'EOF'
#!/bin/bash
# Stand-in for the official postgres image's entrypoint (scripts/compose-standins.sh): the part
# the compose file relies on. First start with an empty $PGDATA: initdb with POSTGRES_USER as the
# superuser and POSTGRES_PASSWORD (scram-sha-256 for TCP, trust on the local socket, as the
# official image), create POSTGRES_DB, run /docker-entrypoint-initdb.d/*.sh|*.sql|*.sql.gz; then run
# the server as the postgres user.
set -euo pipefail
if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi
as_pg() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 0700 "$PGDATA"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "error: the database is uninitialized and POSTGRES_PASSWORD is not set" >&2
    exit 1
  fi
  POSTGRES_USER=${POSTGRES_USER:-postgres}
  POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  chown postgres "$pwfile"
  as_pg initdb -D "$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  printf '\nhost all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  as_pg pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  psql=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc)
  if [ "$POSTGRES_DB" != postgres ]; then
    as_pg "${psql[@]}" --dbname postgres -c "CREATE DATABASE \"$POSTGRES_DB\"" >/dev/null
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; . "$f" ;;
      *.sql) echo "running $f"; as_pg "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) echo "running $f"; gunzip -c "$f" | as_pg "${psql[@]}" --dbname "$POSTGRES_DB" ;;
      *) ;;
    esac
  done
  as_pg pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups "$@" -c listen_addresses='*'
EOF
  cat >"$WORK/Containerfile.postgres" <<EOF
FROM $DEBIAN_IMAGE
LABEL $LABEL
RUN mkdir -p /etc/postgresql-common \\
 && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf \\
 && apt-get update && apt-get install -y --no-install-recommends postgresql \\
 && rm -rf /var/lib/apt/lists/* \\
 && ln -s /usr/lib/postgresql/*/bin /usr/lib/postgresql/bin \\
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql /docker-entrypoint-initdb.d \\
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \\
 && chmod 3777 /var/run/postgresql
ENV PATH=/usr/lib/postgresql/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    PGDATA=/var/lib/postgresql/data
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 0755 /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
EOF
  podman build --quiet --network host -f "$WORK/Containerfile.postgres" -t "$PG_IMAGE" "$WORK" >/dev/null
fi

# ------------------------------------------------------------------------- google-cloud-cli:emulators
if wanted "$EMU_IMAGE"; then
  command -v gcloud >/dev/null || compose_die "no Cloud SDK (gcloud) on this machine to copy into $EMU_IMAGE"
  sdk=$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null)
  [ -x "$sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator" ] ||
    compose_die "the machine's Cloud SDK ($sdk) has no pubsub-emulator component"
  [ -x "$sdk/platform/bundledpythonunix/bin/python3" ] ||
    compose_die "the machine's Cloud SDK ($sdk) has no bundled Python"
  cat >"$WORK/Containerfile.emulators" <<EOF
FROM $DEBIAN_IMAGE
LABEL $LABEL
RUN mkdir -p /usr/share/man/man1 \\
 && apt-get update && apt-get install -y --no-install-recommends ca-certificates curl default-jre-headless \\
 && rm -rf /var/lib/apt/lists/*
# gcloud core, its bundled Python and the Pub/Sub emulator; no other components, no kubectl etc.
RUN mkdir /google-cloud-sdk && cd /mnt/sdk \\
 && cp -a VERSION properties .install lib data /google-cloud-sdk/ \\
 && mkdir -p /google-cloud-sdk/bin /google-cloud-sdk/platform \\
 && cp -a bin/gcloud bin/bootstrapping /google-cloud-sdk/bin/ \\
 && cp -a platform/bundledpythonunix platform/pubsub-emulator /google-cloud-sdk/platform/ \\
 && /google-cloud-sdk/bin/gcloud --version
ENV PATH=/google-cloud-sdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \\
    CLOUDSDK_CORE_DISABLE_PROMPTS=1 CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK=1
EOF
  podman build --quiet --network host -v "$sdk:/mnt/sdk:ro" -f "$WORK/Containerfile.emulators" -t "$EMU_IMAGE" "$WORK" >/dev/null
fi

for i in "$DEBIAN_IMAGE" "$RUST_IMAGE" "$PG_IMAGE" "$EMU_IMAGE"; do
  printf '  %-62s %s\n' "$i" "$(podman image inspect --format '{{.Size}}' "$i" | numfmt --to=iec)"
done
