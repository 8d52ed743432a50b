#!/usr/bin/env python3
"""Cross-checks of the deployment artefacts that no off-the-shelf linter does: names against the
Rust code, secrets against their producers, one signer key per chain-svc pod, ...

scripts/lint-deploy.sh installs the off-the-shelf linters and runs these checks beside them, one
command per artefact:

    lint_deploy.py dockerfiles [DOCKERFILE]   # default: ./Dockerfile
    lint_deploy.py compose COMPOSE_JSON       # `docker-compose config --format json` output
    lint_deploy.py k8s local|gke RENDERED_YAML # `kubectl kustomize k8s/overlays/X` output
    lint_deploy.py prometheus ALERTS_YML
    lint_deploy.py grafana DASHBOARD_JSON

Each prints what it found and exits 1 if any check failed. The Rust sources, Cargo metadata,
.dockerignore and git file list are always the repository's (ROOT). Needs PyYAML and jsonschema
(the lint venv has both). Tests: scripts/tests/test_lint_deploy.py.
"""

import fnmatch, json, os, re, subprocess, sys
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRATES = {"campaign-svc": 8080, "chain-svc": 8081, "devnet": 8090}


class Findings:
    """What one check found: errors fail it, notes are printed beside."""

    def __init__(self):
        self.errors = []
        self.notes = []


# The findings of the check being run (see run_check); err() and note() add to them.
_findings = Findings()

def err(msg): _findings.errors.append(msg)
def note(msg): _findings.notes.append(msg)

def finish(ok_msg):
    for n in _findings.notes:
        print("note:", n)
    for e in _findings.errors:
        print("ERROR:", e)
    if not _findings.errors:
        print(ok_msg)

def read(path):
    with open(path) as f:
        return f.read()

def rust_sources():
    for crate in ["shared", "campaign-svc", "chain-svc", "devnet"]:
        for base, _, files in os.walk(os.path.join(ROOT, crate, "src")):
            for f in files:
                if f.endswith(".rs"):
                    yield crate, os.path.join(base, f)

def env_names():
    """Environment variables each binary reads (clap `env = "X"`), by crate; shared counts for both services."""
    names = {c: set() for c in ["shared", "campaign-svc", "chain-svc", "devnet"]}
    for crate, path in rust_sources():
        names[crate] |= set(re.findall(r'env\s*=\s*"([A-Z0-9_]+)"', read(path)))
    # Read by libraries rather than clap.
    common = {"RUST_LOG"}
    return {
        "campaign-svc": names["campaign-svc"] | names["shared"] | common,
        "chain-svc": names["chain-svc"] | names["shared"] | common,
        "devnet": names["devnet"] | common,
    }

def code_metrics():
    kinds = {}
    for _, path in rust_sources():
        for kind, name in re.findall(r'metrics::(counter|gauge|histogram)!\(\s*"([a-zA-Z_:][a-zA-Z0-9_:]*)"', read(path)):
            kinds[name] = kind
    return kinds

# Metrics that come from outside our code: Prometheus itself, and Cloud Monitoring's Pub/Sub
# subscription metrics as prometheus-community/stackdriver_exporter names them.
EXTERNAL_METRICS = {
    "up": "Prometheus scrape health",
    "stackdriver_pubsub_subscription_pubsub_googleapis_com_subscription_num_undelivered_messages": "stackdriver_exporter (pubsub.googleapis.com/subscription/num_undelivered_messages)",
    "stackdriver_pubsub_subscription_pubsub_googleapis_com_subscription_oldest_unacked_message_age": "stackdriver_exporter (pubsub.googleapis.com/subscription/oldest_unacked_message_age)",
    "kube_cronjob_status_last_successful_time": "kube-state-metrics (the ledger-run CronJob)",
}
PROMQL_WORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
                "group_left", "group_right", "inf", "nan", "Inf", "NaN"}

def promql_metrics(expr):
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    e = re.sub(r"\{[^}]*\}", "", e)
    e = re.sub(r"\[[^\]]*\]", "", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    e = re.sub(r"\$\w+", " ", e)
    found = set()
    for m in re.finditer(r"(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*", e):
        tok = m.group(0)
        if e[m.end():].lstrip().startswith("("):
            continue  # a function or an aggregation
        if tok in PROMQL_WORDS:
            continue
        found.add(tok)
    return found

def check_metric_refs(where, exprs, metrics, used):
    for expr in exprs:
        for name in promql_metrics(expr):
            base = re.sub(r"_(bucket|sum|count)$", "", name)
            if name in metrics and metrics[name] != "histogram":
                used.add(name)
            elif base in metrics and metrics[base] == "histogram" and name != base:
                used.add(base)
            elif name in metrics:
                err(f"{where}: histogram {name} used without _bucket/_sum/_count")
            elif name in EXTERNAL_METRICS:
                used.add(name)
            else:
                err(f"{where}: metric {name!r} is not exported by the code (grep metrics::counter!/gauge!/histogram!) nor a known external metric")

# ----------------------------------------------------------------------------- metrics / ops
def cmd_prometheus(path):
    metrics = code_metrics()
    doc = yaml.safe_load(read(path))
    used = set()
    seen = set()
    for g in doc.get("groups", []):
        for r in g.get("rules", []):
            name = r.get("alert") or r.get("record")
            if not name:
                err(f"a rule in group {g.get('name')} has neither alert nor record")
                continue
            if name in seen:
                err(f"duplicate rule name {name}")
            seen.add(name)
            if "alert" in r:
                if not r.get("labels", {}).get("severity") in {"info", "warning", "critical"}:
                    err(f"{name}: labels.severity must be info, warning or critical")
                if not r.get("annotations", {}).get("summary"):
                    err(f"{name}: annotations.summary is required")
            check_metric_refs(f"alert {name}", [r.get("expr", "")], metrics, used)
    required = {"DeadLetterBacklog", "GrantRequestsDeadLettered", "GrantResultsDeadLettered", "GrantRequestsWaitingTooLong",
                "GrantsCreatedButNoResults", "SignerBalanceLow", "CampaignSvcHighErrorRate", "CampaignSvcDown", "ChainSvcDown"}
    for m in sorted(required - seen):
        err(f"required alert {m} is missing")
    print(f"{len(seen)} rules; metrics referenced: {', '.join(sorted(used))}")
    print("external metrics relied on:", ", ".join(f"{m} ({EXTERNAL_METRICS[m]})" for m in sorted(used & set(EXTERNAL_METRICS))))
    finish("alert rules: every metric exists in the code or is a listed external metric")

def cmd_grafana(path):
    metrics = code_metrics()
    try:
        d = json.loads(read(path))
    except ValueError as e:
        err(f"{path} is not valid JSON: {e}")
        return finish("")
    for k in ["title", "uid", "panels", "schemaVersion"]:
        if k not in d:
            err(f"dashboard lacks {k}")
    ids = set()
    used = set()
    titles = []
    def walk(panels):
        for p in panels:
            pid = p.get("id")
            if pid in ids:
                err(f"duplicate panel id {pid}")
            ids.add(pid)
            if "gridPos" not in p:
                err(f"panel {p.get('title')} has no gridPos")
            if p.get("type") == "row":
                walk(p.get("panels", []))
                continue
            titles.append(p.get("title"))
            ds = json.dumps(p.get("datasource"))
            if "${datasource}" not in ds:
                err(f"panel {p.get('title')!r} does not use the $datasource variable")
            targets = p.get("targets") or []
            if not targets:
                err(f"panel {p.get('title')!r} has no queries")
            for t in targets:
                if not t.get("expr"):
                    err(f"panel {p.get('title')!r} has a query without expr")
            check_metric_refs(f"panel {p.get('title')!r}", [t.get("expr", "") for t in targets], metrics, used)
    walk(d.get("panels", []))
    wanted = ["grant", "dead", "latency", "signer", "outbox", "results applied", "per transaction", "oldest unacked"]
    blob = " ".join(t.lower() for t in titles if t)
    for w in wanted:
        if w not in blob:
            err(f"no panel about {w!r}")
    unused = sorted(set(metrics) - used)
    print(f"{len(titles)} panels, {len(used)} metrics used")
    if unused:
        note("code metrics not on the dashboard: " + ", ".join(unused))
    finish("dashboard: valid JSON, every query's metrics exist in the code or are listed external metrics")

# ----------------------------------------------------------------------------- Dockerfiles
def dockerignore_patterns():
    pats = []
    for line in read(os.path.join(ROOT, ".dockerignore")).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            pats.append(line)
    return pats

def ignored(path, pats):
    out = False
    for p in pats:
        neg = p.startswith("!")
        p = p[1:] if neg else p
        p = p.rstrip("/")
        parts = path.split("/")
        hit = False
        for i in range(1, len(parts) + 1):
            prefix = "/".join(parts[:i])
            if fnmatch.fnmatchcase(prefix, p) or (p.startswith("**/") and (fnmatch.fnmatchcase(prefix, p[3:]) or fnmatch.fnmatchcase(prefix.split("/")[-1], p[3:]))):
                hit = True
                break
        if hit:
            out = not neg
    return out

def cmd_dockerfiles(path=None):
    meta = json.loads(subprocess.check_output(["cargo", "metadata", "--no-deps", "--format-version", "1", "--offline"], cwd=ROOT))
    bins = {t["name"]: p["name"] for p in meta["packages"] for t in p["targets"] if "bin" in t["kind"]}
    members = [os.path.relpath(os.path.dirname(p["manifest_path"]), ROOT) for p in meta["packages"]]
    envs = env_names()
    # One Dockerfile for the three images: a target stage per crate, named after it.
    path = path or os.path.join(ROOT, "Dockerfile")
    if not os.path.exists(path):
        err(f"{os.path.relpath(path, ROOT)} is missing")
        return finish("Dockerfile")
    for crate in CRATES:
        if os.path.exists(os.path.join(ROOT, crate, "Dockerfile")):
            err(f"{crate}/Dockerfile is back: the images share ./Dockerfile (--target {crate})")
    text = read(path).replace("\\\n", " ")
    lines = [l.strip() for l in text.splitlines() if l.strip() and not l.strip().startswith("#")]
    args = {}
    stages = []
    for l in lines:
        kw, _, rest = l.partition(" ")
        kw = kw.upper()
        if kw == "ARG" and not stages:
            k, _, v = rest.partition("=")
            args[k.strip()] = v.strip()
        if kw == "FROM":
            m = re.match(r"(\S+)(?:\s+AS\s+(\S+))?", rest, re.I)
            image = m.group(1)
            for k, v in args.items():
                image = image.replace("${%s}" % k, v)
            stages.append({"image": image, "name": m.group(2), "lines": []})
        elif stages:
            stages[-1]["lines"].append((kw, rest))
    by_name = {s["name"]: s for s in stages if s["name"]}
    names = set(by_name)
    for s in stages:
        img = s["image"]
        if img not in names and (":" not in img or img.endswith(":latest")):
            err(f"Dockerfile: base image {img} has no pinned tag")
        for kw, rest in s["lines"]:
            m = re.search(r"--from=(\S+)", rest)
            if kw == "COPY" and m and m.group(1) not in names:
                err(f"Dockerfile: COPY --from={m.group(1)} names no stage")
    def chain(stage):  # the stage and the stages it is built FROM, base first
        out = [stage]
        while out[0]["image"] in by_name:
            out.insert(0, by_name[out[0]["image"]])
        return out
    release = {m.group(0) for s in stages if s["image"] not in names
               for m in [re.search(r"bookworm|trixie|forky|bullseye", s["image"])] if m}
    if len(release) != 1:
        err(f"Dockerfile: builder and runtime are on different Debian releases {release} (glibc mismatch)")
    for crate, port in CRATES.items():
        if crate not in by_name:
            err(f"Dockerfile: no stage named {crate} (the target compose and docs build)")
            continue
        runtime = chain(by_name[crate])
        runtime_ids = {id(s) for s in runtime}
        fl = [line for s in runtime for line in s["lines"]]
        build_stages = [s for s in stages if id(s) not in runtime_ids and s["name"] not in CRATES]
        if len(runtime) + len(build_stages) < 2:
            err(f"{crate}: not a multi-stage build")
        users = [rest for kw, rest in fl if kw == "USER"]
        if not users:
            err(f"{crate}: the runtime stage has no USER")
        else:
            uid = users[-1].split(":")[0]
            if uid in ("0", "root") or not uid.isdigit():
                err(f"{crate}: runtime USER {users[-1]} must be a numeric non-root uid (Kubernetes runAsNonRoot needs a number)")
        if not any(kw == "HEALTHCHECK" for kw, _ in fl):
            err(f"{crate}: the runtime stage has no HEALTHCHECK")
        else:
            hc = [rest for kw, rest in fl if kw == "HEALTHCHECK"][-1]
            tool = "curl" if "curl" in hc else None
            if tool and not any(kw == "RUN" and "install" in rest and tool in rest for kw, rest in fl):
                err(f"{crate}: HEALTHCHECK uses {tool}, which the runtime stage does not install")
        expose = [rest for kw, rest in fl if kw == "EXPOSE"]
        if str(port) not in " ".join(expose):
            err(f"{crate}: runtime stage does not EXPOSE {port}")
        entry = [rest for kw, rest in fl if kw == "ENTRYPOINT"]
        if not entry or f"/{crate}" not in entry[-1]:
            err(f"{crate}: ENTRYPOINT does not run the {crate} binary")
        copies = " ".join(rest for kw, rest in by_name[crate]["lines"] if kw == "COPY")
        if f"/{crate}" not in copies:
            err(f"{crate}: its stage does not copy the {crate} binary")
        for kw, rest in fl:
            if kw == "ENV":
                for k in re.findall(r"([A-Z_][A-Z0-9_]*)=", rest):
                    if k not in envs[crate]:
                        err(f"{crate}: ENV {k} is not read by the binary")
        build = " ".join(rest for s in build_stages for kw, rest in s["lines"] if kw == "RUN")
        for b in re.findall(r"--bin\s+(\S+)", build):
            if b not in bins:
                err(f"{crate}: builds --bin {b}, which is no binary of the workspace ({sorted(bins)})")
        for p in re.findall(r"--package\s+(\S+)", build):
            if p not in {pk['name'] for pk in meta['packages']}:
                err(f"{crate}: builds --package {p}, which is no workspace member")
        if f"--bin {crate}" not in build:
            err(f"{crate}: the builder does not build --bin {crate}")
        print(f"Dockerfile --target {crate}: {' -> '.join(s['name'] or s['image'] for s in runtime)}, built by {', '.join(s['name'] or s['image'] for s in build_stages)}; USER {users[-1] if users else '-'}, EXPOSE {' '.join(expose)}")
    # The build context must carry everything cargo needs.
    pats = dockerignore_patterns()
    tracked = subprocess.check_output(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT, text=True).split()
    needed = [f for f in tracked if f in ("Cargo.toml", "Cargo.lock") or any(f.startswith(m + "/") for m in members)]
    needed = [f for f in needed if not f.endswith("Dockerfile")]
    missing = [f for f in needed if ignored(f, pats)]
    for f in missing[:20]:
        err(f".dockerignore excludes {f}, which the build needs")
    excluded = [f for f in tracked if ignored(f, pats)]
    print(f".dockerignore: {len(needed)} workspace files kept in the build context, {len(excluded)} other files excluded")
    finish("Dockerfiles: multi-stage, pinned bases, non-root numeric USER, HEALTHCHECK with an installed tool, binaries exist")

# ----------------------------------------------------------------------------- compose
def cmd_compose(path):
    cfg = json.loads(read(path))
    svcs = cfg.get("services", {})
    envs = env_names()
    for name in ["pubsub", "postgres", "devnet", "campaign-svc", "chain-svc"]:
        if name not in svcs:
            err(f"compose: service {name} is missing")
    ports = set()
    for name, s in svcs.items():
        for p in s.get("ports", []):
            ports.add(int(p.get("published", 0)) if isinstance(p, dict) else int(str(p).split(":")[0]))
        one_shot = s.get("restart") == "no"
        if not one_shot and not s.get("healthcheck", {}).get("test"):
            err(f"compose: {name} has no healthcheck")
        for dep, c in (s.get("depends_on") or {}).items():
            cond = c.get("condition")
            if dep not in svcs:
                err(f"compose: {name} depends on unknown service {dep}")
            elif svcs[dep].get("restart") == "no":
                if cond != "service_completed_successfully":
                    err(f"compose: {name} must wait for one-shot {dep} with service_completed_successfully")
            elif cond != "service_healthy":
                err(f"compose: {name} depends on {dep} without condition service_healthy")
        b = s.get("build")
        if b:
            df = os.path.join(b.get("context", ROOT), b.get("dockerfile", "Dockerfile"))
            if not os.path.exists(df):
                err(f"compose: {name} builds from missing {df}")
        image = s.get("image", "")
        crate = next((c for c in CRATES if f"/{c}:" in image), None)
        if crate:
            for k in (s.get("environment") or {}):
                if k not in envs[crate]:
                    err(f"compose: {name} sets {k}, which {crate} does not read")
            if not s.get("read_only") or "ALL" not in (s.get("cap_drop") or []):
                err(f"compose: {name} should run read_only with cap_drop ALL")
    for p in [8080, 8081, 8681, 8090, 5432]:
        if p not in ports:
            err(f"compose: port {p} is not published")
    seeds = [n for n, s in svcs.items() if (s.get("command") or [None])[0] == "seed-users"]
    if not seeds:
        err("compose: no one-shot seed-users service")
    elif seeds[0] not in (svcs.get("campaign-svc", {}).get("depends_on") or {}):
        err("compose: campaign-svc does not wait for the seed")
    dv = (svcs.get("devnet", {}).get("environment") or {})
    ch = (svcs.get("chain-svc", {}).get("environment") or {})
    if not dv.get("DEVNET_OPERATOR_KEYS") or dv.get("DEVNET_OPERATOR_KEYS") != ch.get("SIGNER_KEYS"):
        err("compose: chain-svc's SIGNER_KEYS must equal the dev chain's DEVNET_OPERATOR_KEYS")
    if not str(ch.get("NODE_URL", "")).startswith("http://devnet:8090/"):
        err("compose: chain-svc's NODE_URL must point at the devnet service")
    for n in ["campaign-svc", "chain-svc"]:
        e = svcs.get(n, {}).get("environment") or {}
        if e.get("PUBSUB_EMULATOR_HOST") != "pubsub:8681" or e.get("GCP_PROJECT_ID") != "test-project":
            err(f"compose: {n} must use the emulator at pubsub:8681, project test-project")
    print(f"services: {', '.join(sorted(svcs))}; published ports: {', '.join(map(str, sorted(ports)))}")
    finish("compose: healthchecks, health-ordered start, seed before campaign-svc, shared dev key, env names known to the binaries")

# ----------------------------------------------------------------------------- Kubernetes
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}

def pod_spec(o):
    if o["kind"] == "CronJob":
        return o["spec"]["jobTemplate"]["spec"]["template"]
    return o["spec"]["template"]

def matches(selector, labels):
    if selector is None:
        return False
    for k, v in (selector.get("matchLabels") or {}).items():
        if labels.get(k) != v:
            return False
    for e in selector.get("matchExpressions") or []:
        val = labels.get(e["key"])
        op = e["operator"]
        if op == "In" and val not in e.get("values", []): return False
        if op == "NotIn" and val in e.get("values", []): return False
        if op == "Exists" and val is None: return False
        if op == "DoesNotExist" and val is not None: return False
    return True

# Minimal structural schemas for the CRDs we use (the upstream CRD schemas are not available
# offline); they catch missing required fields and misspelt top-level keys.
CRD_SCHEMAS = {
    ("external-secrets.io/v1", "SecretStore"): {
        "type": "object", "required": ["spec"],
        "properties": {"spec": {"type": "object", "required": ["provider"], "additionalProperties": False,
            "properties": {"provider": {"type": "object", "minProperties": 1, "maxProperties": 1,
                "properties": {"gcpsm": {"type": "object", "required": ["projectID"],
                    "properties": {"projectID": {"type": "string", "minLength": 1}, "auth": {"type": "object"}, "location": {"type": "string"}},
                    "additionalProperties": False}}},
                "controller": {"type": "string"}, "refreshInterval": {"type": "integer"}, "retrySettings": {"type": "object"}, "conditions": {"type": "array"}}}}},
    ("external-secrets.io/v1", "ExternalSecret"): {
        "type": "object", "required": ["spec"],
        "properties": {"spec": {"type": "object", "required": ["secretStoreRef", "target"], "additionalProperties": False,
            "properties": {
                "refreshInterval": {"type": "string", "pattern": r"^([0-9]+(\.[0-9]+)?(ns|us|ms|s|m|h))+$"},
                "secretStoreRef": {"type": "object", "required": ["name"], "additionalProperties": False,
                    "properties": {"name": {"type": "string"}, "kind": {"enum": ["SecretStore", "ClusterSecretStore"]}}},
                "target": {"type": "object", "required": ["name"], "additionalProperties": False,
                    "properties": {"name": {"type": "string"}, "creationPolicy": {"enum": ["Owner", "Orphan", "Merge", "None"]},
                                   "deletionPolicy": {"enum": ["Delete", "Merge", "Retain"]}, "template": {"type": "object"}, "immutable": {"type": "boolean"}}},
                "data": {"type": "array", "items": {"type": "object", "required": ["secretKey", "remoteRef"], "additionalProperties": False,
                    "properties": {"secretKey": {"type": "string"}, "remoteRef": {"type": "object", "required": ["key"],
                        "properties": {"key": {"type": "string"}, "version": {"type": "string"}, "property": {"type": "string"}}, "additionalProperties": False}}}},
                "dataFrom": {"type": "array"}}}}},
    ("monitoring.googleapis.com/v1", "PodMonitoring"): {
        "type": "object", "required": ["spec"],
        "properties": {"spec": {"type": "object", "required": ["selector", "endpoints"], "additionalProperties": False,
            "properties": {"selector": {"type": "object"}, "targetLabels": {"type": "object"}, "limits": {"type": "object"},
                "endpoints": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["port"],
                    "properties": {"port": {"type": ["string", "integer"]}, "path": {"type": "string"},
                                   "interval": {"type": "string", "pattern": r"^[0-9]+(ms|s|m|h)$"}, "timeout": {"type": "string"}, "scheme": {"type": "string"}}}}}}}},
}

KNOWN_NETWORKS = {"https://mainnet.movementnetwork.xyz/v1": "126", "https://testnet.movementnetwork.xyz/v1": "250"}

def cmd_k8s(overlay, path):
    import jsonschema
    docs = [d for d in yaml.safe_load_all(read(path)) if d]
    envs = env_names()
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    objs = lambda kind: by_kind.get(kind, {})
    # CRDs against the minimal schemas.
    core_groups = ("v1", "apps/v1", "batch/v1", "autoscaling/v2", "policy/v1", "networking.k8s.io/v1")
    for d in docs:
        key = (d["apiVersion"], d["kind"])
        if d["apiVersion"] in core_groups:
            continue
        schema = CRD_SCHEMAS.get(key)
        if not schema:
            err(f"{d['kind']} {d['metadata']['name']}: no schema known for {key}")
            continue
        try:
            jsonschema.validate(d, schema)
        except jsonschema.ValidationError as e:
            err(f"{d['kind']} {d['metadata']['name']}: {e.message} at {'/'.join(map(str, e.absolute_path))}")
    # Secrets: what exists and with which keys (a Secret, or the target of an ExternalSecret).
    secrets = {}
    for n, s in objs("Secret").items():
        secrets[n] = set((s.get("data") or {}).keys()) | set((s.get("stringData") or {}).keys())
    for n, es in objs("ExternalSecret").items():
        t = es["spec"]["target"].get("name", n)
        secrets[t] = {x["secretKey"] for x in es["spec"].get("data", [])}
        store = es["spec"]["secretStoreRef"]["name"]
        if store not in objs(es["spec"]["secretStoreRef"].get("kind", "SecretStore")):
            err(f"ExternalSecret {n}: secret store {store} is not in the overlay")
    configmaps = {n: c.get("data") or {} for n, c in objs("ConfigMap").items()}
    sas = objs("ServiceAccount")
    templates = []  # (kind, name, pod template)
    for kind in WORKLOADS:
        for n, o in objs(kind).items():
            templates.append((kind, n, pod_spec(o)))
    own_images = 0
    for kind, n, tpl in templates:
        spec = tpl["spec"]
        where = f"{kind} {n}"
        psc = spec.get("securityContext") or {}
        sa = spec.get("serviceAccountName")
        if sa and sa not in sas:
            err(f"{where}: ServiceAccount {sa} is not in the overlay")
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for v in volumes.values():
            if "secret" in v:
                sn = v["secret"]["secretName"]
                if sn not in secrets and not v["secret"].get("optional"):
                    err(f"{where}: volume {v['name']} mounts Secret {sn}, which nothing in the overlay creates")
            if "configMap" in v and v["configMap"]["name"] not in configmaps:
                err(f"{where}: volume {v['name']} mounts unknown ConfigMap {v['configMap']['name']}")
        for c in spec.get("initContainers", []) + spec.get("containers", []):
            cw = f"{where} container {c['name']}"
            image = c.get("image", "")
            tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else ""
            if not tag or tag == "latest":
                err(f"{cw}: image {image!r} needs an explicit tag other than latest")
            sc = c.get("securityContext") or {}
            eff = lambda k: sc.get(k, psc.get(k))
            if eff("runAsNonRoot") is not True:
                err(f"{cw}: runAsNonRoot must be true")
            if eff("runAsUser") == 0:
                err(f"{cw}: runs as uid 0")
            if sc.get("readOnlyRootFilesystem") is not True:
                err(f"{cw}: readOnlyRootFilesystem must be true")
            if sc.get("allowPrivilegeEscalation") is not False:
                err(f"{cw}: allowPrivilegeEscalation must be false")
            if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
                err(f"{cw}: capabilities.drop must contain ALL")
            if ((sc.get("seccompProfile") or psc.get("seccompProfile") or {}).get("type")) != "RuntimeDefault":
                err(f"{cw}: seccompProfile RuntimeDefault is required")
            res = c.get("resources") or {}
            if not (res.get("requests", {}).get("cpu") and res.get("requests", {}).get("memory") and res.get("limits", {}).get("memory")):
                err(f"{cw}: needs cpu/memory requests and a memory limit")
            ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
            if kind in ("Deployment", "StatefulSet"):
                for probe in ("livenessProbe", "readinessProbe"):
                    if probe not in c:
                        err(f"{cw}: no {probe}")
                for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
                    p = (c.get(probe) or {}).get("httpGet")
                    if p and isinstance(p.get("port"), str) and p["port"] not in ports:
                        err(f"{cw}: {probe} uses unknown port name {p['port']}")
            for mnt in c.get("volumeMounts", []):
                if mnt["name"] not in volumes:
                    err(f"{cw}: mounts undeclared volume {mnt['name']}")
            # Configuration references.
            env_seen = set()
            for ef in c.get("envFrom", []):
                if "configMapRef" in ef:
                    cm = ef["configMapRef"]["name"]
                    if cm not in configmaps:
                        err(f"{cw}: envFrom unknown ConfigMap {cm}")
                    env_seen |= set(configmaps.get(cm, {}))
                if "secretRef" in ef:
                    sn = ef["secretRef"]["name"]
                    if sn not in secrets:
                        err(f"{cw}: envFrom Secret {sn}, which nothing creates")
                    env_seen |= secrets.get(sn, set())
            helpers = set()
            for e in c.get("env", []):
                env_seen.add(e["name"])
                vf = e.get("valueFrom") or {}
                if "fieldRef" in vf or ("secretKeyRef" in vf and not re.fullmatch(r"[A-Z][A-Z0-9_]*", e["name"])):
                    helpers.add(e["name"])
                if "secretKeyRef" in vf:
                    r = vf["secretKeyRef"]
                    if r["name"] not in secrets:
                        err(f"{cw}: env {e['name']} reads Secret {r['name']}, which nothing in the overlay creates")
                    elif r["key"] not in secrets[r["name"]] and not r.get("optional"):
                        err(f"{cw}: env {e['name']} reads key {r['key']} that Secret {r['name']} does not have")
                if "configMapKeyRef" in vf:
                    r = vf["configMapKeyRef"]
                    if r["name"] not in configmaps or (r["key"] not in configmaps[r["name"]] and not r.get("optional")):
                        err(f"{cw}: env {e['name']} reads missing ConfigMap key {r['name']}/{r['key']}")
                for ref in re.findall(r"\$\(([A-Za-z0-9_]+)\)", e.get("value", "")):
                    helpers.add(ref)
                    if ref not in env_seen:
                        err(f"{cw}: env {e['name']} refers to $({ref}), which is not defined before it")
            crate = next((cr for cr in CRATES if re.search(rf"(^|/){cr}(:|$)", image)), None)
            if crate:
                own_images += 1
                unknown = sorted(k for k in env_seen - helpers if k not in envs[crate] and k != "POD_NAME")
                if unknown:
                    err(f"{cw}: {crate} does not read {', '.join(unknown)}")
                if kind in ("Deployment", "StatefulSet") and CRATES[crate] not in ports.values():
                    err(f"{cw}: does not expose port {CRATES[crate]}")
    if own_images == 0:
        err("no container runs one of our images")
    # Services select pods and target named ports that exist.
    for n, svc in objs("Service").items():
        sel = svc["spec"].get("selector")
        pods = [tpl for _, _, tpl in templates if sel and all(tpl["metadata"].get("labels", {}).get(k) == v for k, v in sel.items())]
        if not pods:
            err(f"Service {n}: selector {sel} matches no pod template")
        for p in svc["spec"].get("ports", []):
            tp = p.get("targetPort")
            if isinstance(tp, str) and not any(tp in {cp.get("name") for c in t["spec"]["containers"] for cp in c.get("ports", [])} for t in pods):
                err(f"Service {n}: targetPort {tp} names no container port")
        if any(k in ("Job", "CronJob") for k, _, t in templates if sel and all(t["metadata"].get("labels", {}).get(a) == b for a, b in sel.items())):
            err(f"Service {n}: selector also matches Job pods")
    for n, h in objs("HorizontalPodAutoscaler").items():
        ref = h["spec"]["scaleTargetRef"]
        if ref["name"] not in objs(ref["kind"]):
            err(f"HPA {n}: target {ref['kind']}/{ref['name']} does not exist")
        if h["spec"].get("minReplicas", 1) > h["spec"]["maxReplicas"]:
            err(f"HPA {n}: minReplicas > maxReplicas")
    for n, p in objs("PodDisruptionBudget").items():
        if not any(matches(p["spec"]["selector"], t["metadata"].get("labels", {})) for k, _, t in templates if k in ("Deployment", "StatefulSet")):
            err(f"PDB {n}: selector matches no Deployment/StatefulSet")
    nps = objs("NetworkPolicy")
    if not any(np["spec"].get("podSelector") == {} and set(np["spec"].get("policyTypes", [])) == {"Ingress", "Egress"} for np in nps.values()):
        err("no default-deny NetworkPolicy (podSelector {} with Ingress and Egress)")
    for n, np in nps.items():
        if np["spec"].get("podSelector") != {} and not any(matches(np["spec"]["podSelector"], t["metadata"].get("labels", {})) for _, _, t in templates):
            err(f"NetworkPolicy {n}: podSelector matches no pod")
    for app in ("campaign-svc", "chain-svc"):
        labels = {"app.kubernetes.io/name": app}
        eg = [np for np in nps.values() if "Egress" in np["spec"].get("policyTypes", []) and matches(np["spec"]["podSelector"], labels)]
        ports = {p.get("port") for np in eg for r in np["spec"].get("egress", []) for p in r.get("ports", [])}
        need = {53, 443} | ({5432} if app == "campaign-svc" else set())
        if not need <= ports:
            err(f"NetworkPolicy: {app} egress lacks ports {sorted(need - ports)}")
    # Workload Identity.
    for app in ("campaign-svc", "chain-svc"):
        sa = sas.get(app)
        if not sa:
            err(f"ServiceAccount {app} is missing")
            continue
        gsa = (sa["metadata"].get("annotations") or {}).get("iam.gke.io/gcp-service-account", "")
        if not re.fullmatch(r"[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-zA-Z0-9-]+\.iam\.gserviceaccount\.com", gsa):
            (err if overlay == "gke" else note)(f"ServiceAccount {app}: Workload Identity annotation {gsa!r} is not a Google service account email")
    # chain-svc: one signer key per pod, never shared.
    sts = objs("StatefulSet").get("chain-svc")
    if not sts:
        err("chain-svc must be a StatefulSet (one signer key per ordinal)")
    else:
        c = sts["spec"]["template"]["spec"]["containers"][0]
        env = {e["name"]: e for e in c.get("env", [])}
        kf = env.get("SIGNER_KEYS_FILE", {}).get("value", "")
        if "SIGNER_KEYS" in env:
            err("chain-svc: SIGNER_KEYS would give every pod the same keys; use SIGNER_KEYS_FILE per pod")
        if not kf.endswith("/$(POD_NAME)") or (env.get("POD_NAME", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") != "metadata.name"):
            err("chain-svc: SIGNER_KEYS_FILE must be <mount>/$(POD_NAME) with POD_NAME from metadata.name")
        vol = next((v for v in sts["spec"]["template"]["spec"].get("volumes", []) if "secret" in v), None)
        mounts = {m["name"]: m["mountPath"] for m in c.get("volumeMounts", [])}
        if not vol or mounts.get(vol["name"]) != kf.rsplit("/", 1)[0]:
            err("chain-svc: SIGNER_KEYS_FILE does not point into the mounted signer-key Secret")
        else:
            if vol["secret"].get("items"):
                err("chain-svc: the signer Secret volume must not restrict items (every ordinal needs its file)")
            keys = secrets.get(vol["secret"]["secretName"], set())
            hpa = next((h for h in objs("HorizontalPodAutoscaler").values() if h["spec"]["scaleTargetRef"]["name"] == "chain-svc"), None)
            most = max(sts["spec"].get("replicas", 1), hpa["spec"]["maxReplicas"] if hpa else 0)
            want = {f"chain-svc-{i}" for i in range(most)}
            if not want <= keys:
                err(f"chain-svc can run {most} pods but Secret {vol['secret']['secretName']} has no key for {sorted(want - keys)}")
            secret = objs("Secret").get(vol["secret"]["secretName"])
            if secret:
                vals = list((secret.get("data") or {}).values())
                if len(vals) != len(set(vals)):
                    err("chain-svc: two ordinals share the same signer key")
            print(f"chain-svc: StatefulSet, up to {most} pods, signer Secret keys {sorted(keys)}")
        cm = configmaps.get("chain-svc-config", {})
        url, chain = cm.get("NODE_URL", ""), cm.get("CHAIN_ID", "")
        if not url.rstrip("/").endswith("/v1"):
            err(f"chain-svc NODE_URL {url!r} must end in /v1")
        if url in KNOWN_NETWORKS and KNOWN_NETWORKS[url] != chain:
            err(f"chain-svc: NODE_URL {url} is chain {KNOWN_NETWORKS[url]}, but CHAIN_ID is {chain}")
        print(f"chain-svc: NODE_URL {url}, CHAIN_ID {chain}")
    # Ledger: in-process schedule or CronJob, not neither.
    sched = configmaps.get("campaign-svc-config", {}).get("LEDGER_SCHEDULE")
    cron = [o for o in objs("CronJob").values() if "ledger-run" in json.dumps(o)]
    if sched == "off" and not cron:
        err("LEDGER_SCHEDULE is off and there is no ledger-run CronJob: ledger runs never happen")
    if sched != "off" and cron:
        note("both the in-process ledger schedule and the CronJob are on (the advisory lock serialises them)")
    for cj in cron:
        if cj["spec"].get("concurrencyPolicy") != "Forbid":
            err("the ledger-run CronJob must use concurrencyPolicy Forbid")
        args = pod_spec(cj)["spec"]["containers"][0].get("args", [])
        if args != ["ledger-run"]:
            err(f"the ledger CronJob runs {args}, expected ledger-run")
    print(f"ledger: LEDGER_SCHEDULE={sched}, CronJob: {'yes' if cron else 'no'}")
    pubsub = configmaps.get("pubsub-config", {})
    blob = yaml.safe_dump_all(docs)
    if overlay == "gke":
        for bad in ("devnet", "pubsub-emulator", "postgres"):
            if any(bad == n for k in WORKLOADS for n in objs(k)):
                err(f"gke: must not run {bad}")
        if "PUBSUB_EMULATOR_HOST" in blob:
            err("gke: PUBSUB_EMULATOR_HOST must be unset")
        if "devnet" in blob.lower() and "DEVNET_" in blob:
            err("gke: dev-chain settings leaked in")
        if objs("Secret"):
            err(f"gke: Secret values must not be in the manifests ({', '.join(objs('Secret'))}); use ExternalSecrets or kubectl create secret")
        if url not in KNOWN_NETWORKS:
            err(f"gke: NODE_URL {url} is not a Movement endpoint")
        for app in ("campaign-svc", "chain-svc"):
            gsa = (sas.get(app, {}).get("metadata", {}).get("annotations") or {}).get("iam.gke.io/gcp-service-account", "")
            project = pubsub.get("GCP_PROJECT_ID")
            if f"@{project}.iam.gserviceaccount.com" not in gsa:
                err(f"gke: {app}'s Google service account {gsa} is not in GCP_PROJECT_ID {project}")
        todo = sorted(set(re.findall(r"REPLACE_WITH_[A-Z_]+|my-gcp-project", blob)))
        if todo:
            note("placeholders to replace before applying: " + ", ".join(todo))
    if overlay == "local":
        host = pubsub.get("PUBSUB_EMULATOR_HOST", "")
        svc, _, port = host.partition(":")
        if svc not in objs("Service") or int(port or 0) not in [p["port"] for p in objs("Service")[svc]["spec"]["ports"]]:
            err(f"local: PUBSUB_EMULATOR_HOST {host!r} is not a Service of the overlay")
        m = re.match(r"http://([a-z0-9-]+):(\d+)/v1$", url)
        if not m or m.group(1) not in objs("Service"):
            err(f"local: NODE_URL {url} does not point at an in-cluster Service")
        dv = objs("Deployment").get("devnet")
        if dv:
            env = {e["name"]: e for e in dv["spec"]["template"]["spec"]["containers"][0].get("env", [])}
            refs = re.findall(r"\$\(([A-Z0-9_]+)\)", env.get("DEVNET_OPERATOR_KEYS", {}).get("value", ""))
            used = {env[r]["valueFrom"]["secretKeyRef"]["key"] for r in refs if "valueFrom" in env.get(r, {})}
            if sts and used != secrets.get(vol["secret"]["secretName"], set()):
                err(f"local: the dev chain registers operator keys {sorted(used)}, chain-svc's Secret has {sorted(secrets.get(vol['secret']['secretName'], set()))}")
    print(f"{overlay}: {len(docs)} objects: " + ", ".join(f"{len(v)} {k}" for k, v in sorted(by_kind.items())))
    finish(f"{overlay}: security contexts, probes, resources, references, NetworkPolicies, Workload Identity, signer-key layout")

CHECKS = {"prometheus": cmd_prometheus, "grafana": cmd_grafana, "dockerfiles": cmd_dockerfiles,
          "compose": cmd_compose, "k8s": cmd_k8s}


def run_check(cmd, *args):
    """Runs one check (a CHECKS name) on `args`; prints as it goes and returns its Findings."""
    global _findings
    _findings = Findings()
    CHECKS[cmd](*args)
    return _findings


def main(argv):
    if not argv or argv[0] not in CHECKS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return 1 if run_check(*argv).errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
