# shellcheck shell=bash
# Sourced by scripts/compose-standins.sh and scripts/compose-test.sh: a podman set apart from any
# other podman user of the machine, for machines without a Docker engine (docs/deploy.md,
# "Running the stack with podman").
#
#   source scripts/compose-podman.sh
#   podman_setup      # install podman if missing (apt), write the private config, export it
#
# Everything podman keeps (images, containers, volumes, networks, its run state) lives under
# $COMPOSE_PODMAN_ROOT (default /var/lib/token-grants-podman): `rm -rf` it to reclaim the space.
# CONTAINERS_CONF and CONTAINERS_STORAGE_CONF point podman at the files there, so the machine's
# /etc/containers and /var/lib/containers are neither read nor changed.
#
# What the config says, and why (Debian's podman 4.3 on a VM like the team's):
#   runtime = "runc"    crun refuses this kernel's hybrid cgroups ("cgroups in hybrid mode not
#                       supported"); runc runs them.
#   default_ulimits     podman's default nofile/nproc limits cannot be set here ("setrlimit
#                       RLIMIT_NOFILE: Operation not permitted"); 1024/4096 can.
#   cgroupfs, file      PID 1 is not systemd: no systemd cgroup manager and no journald events.

COMPOSE_PODMAN_ROOT=${COMPOSE_PODMAN_ROOT:-/var/lib/token-grants-podman}

compose_log() { printf '\033[1m[%s] %s\033[0m\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
compose_die() {
  echo "compose: $*" >&2
  exit 2
}

podman_install() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v runc >/dev/null || missing+=(runc)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v netavark >/dev/null || [ -x /usr/lib/podman/netavark ] || missing+=(netavark aardvark-dns)
  command -v iptables >/dev/null || missing+=(iptables)
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || compose_die "podman is missing (${missing[*]}) and apt-get is not there to install it"
  [ "$(id -u)" -eq 0 ] || compose_die "podman is missing (${missing[*]}): run as root, or apt-get install ${missing[*]}"
  compose_log "installing ${missing[*]} (apt-get)"
  apt-get update -qq >/dev/null || compose_die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    podman runc debootstrap netavark aardvark-dns iptables uidmap catatonit >/dev/null ||
    compose_die "apt-get install podman runc debootstrap failed"
}

podman_setup() {
  podman_install
  [ "$(id -u)" -eq 0 ] || compose_die "run as root: rootless podman needs subuid ranges and a user session this machine does not set up"
  local root=$COMPOSE_PODMAN_ROOT
  mkdir -p "$root/storage" "$root/run" "$root/tmp" "$root/networks" "$root/volumes"
  cat >"$root/containers.conf" <<EOF
# Written by scripts/compose-podman.sh: token-grants' private podman (see that file).
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$root/run/events.log"
tmp_dir = "$root/tmp"
volume_path = "$root/volumes"

[network]
network_backend = "netavark"
network_config_dir = "$root/networks"
EOF
  cat >"$root/storage.conf" <<EOF
# Written by scripts/compose-podman.sh: token-grants' private podman storage.
[storage]
driver = "overlay"
graphroot = "$root/storage"
runroot = "$root/run"
EOF
  export CONTAINERS_CONF="$root/containers.conf"
  export CONTAINERS_STORAGE_CONF="$root/storage.conf"
  podman info --format '{{.Host.OCIRuntime.Name}}' >/dev/null 2>&1 ||
    compose_die "podman does not start with $CONTAINERS_CONF: $(podman info 2>&1 | tail -3)"
}
