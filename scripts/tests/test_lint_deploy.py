"""Tests of scripts/lint_deploy.py: each check passes on the repository's own artefacts and fails,
naming the fault, on a copy with one fault put in.

    scripts/lint-deploy.sh        # runs these as one of its checks, in its venv
    target/deploy-lint/venv/bin/python -m unittest discover -s scripts/tests -p 'test_lint_deploy.py'

Needs PyYAML and jsonschema, cargo and git (as the checks do), kubectl (it renders the overlays)
and the Compose binary that lint-deploy.sh installs (LINT_DEPLOY_TOOLS, default
target/deploy-lint): the compose tests are skipped, saying so, without it.
"""

import contextlib
import copy
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, SCRIPTS)
import lint_deploy  # noqa: E402
import yaml  # noqa: E402

ROOT = lint_deploy.ROOT
read = lint_deploy.read
TOOLS = os.environ.get("LINT_DEPLOY_TOOLS", os.path.join(ROOT, "target", "deploy-lint"))
COMPOSE = os.path.join(TOOLS, "venv", "bin", "docker-compose")


def run_check(cmd, *args):
    """The check's findings; what it prints is swallowed."""
    with contextlib.redirect_stdout(io.StringIO()):
        return lint_deploy.run_check(cmd, *args)


class Case(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="lint-deploy-test-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def assert_passes(self, cmd, *args):
        findings = run_check(cmd, *args)
        self.assertEqual(findings.errors, [])

    def assert_fails_with(self, findings, *fragments):
        """Every fragment is in some error, and there is no error beside them."""
        for fragment in fragments:
            self.assertTrue(any(fragment in e for e in findings.errors),
                            f"no error mentions {fragment!r}: {findings.errors}")
        for e in findings.errors:
            self.assertTrue(any(fragment in e for fragment in fragments), f"unexpected error: {e}")

    def test_the_command_line_exits_1_on_a_fault_and_0_without(self):
        rules = yaml.safe_load(read(os.path.join(ROOT, "ops/prometheus/alerts.yml")))
        rules["groups"][0]["rules"][0]["labels"]["severity"] = "page"
        bad = self.write("alerts.yml", yaml.safe_dump(rules))
        script = os.path.join(SCRIPTS, "lint_deploy.py")
        for path, code in ((bad, 1), (os.path.join(ROOT, "ops/prometheus/alerts.yml"), 0)):
            p = subprocess.run([sys.executable, script, "prometheus", path], capture_output=True, text=True)
            self.assertEqual(p.returncode, code, p.stdout + p.stderr)
        self.assertEqual(subprocess.run([sys.executable, script, "nonsense"], capture_output=True).returncode, 2)


class Prometheus(Case):
    PATH = os.path.join(ROOT, "ops/prometheus/alerts.yml")

    def rules(self):
        return yaml.safe_load(read(self.PATH))

    def alert(self, doc, name):
        return next(r for g in doc["groups"] for r in g["rules"] if r.get("alert") == name)

    def test_the_repository_alert_rules_pass(self):
        self.assert_passes("prometheus", self.PATH)

    def test_an_alert_on_a_metric_the_code_does_not_export_fails(self):
        doc = self.rules()
        self.alert(doc, "ChainSvcDown")["expr"] = "sum(rate(grant_requests_vanished_total[5m])) > 0"
        findings = run_check("prometheus", self.write("alerts.yml", yaml.safe_dump(doc)))
        self.assert_fails_with(findings, "alert ChainSvcDown: metric 'grant_requests_vanished_total' is not exported")

    def test_a_histogram_used_without_its_bucket_sum_or_count_fails(self):
        doc = self.rules()
        self.alert(doc, "ChainSvcDown")["expr"] = "webhook_delivery_latency_seconds > 1"
        findings = run_check("prometheus", self.write("alerts.yml", yaml.safe_dump(doc)))
        self.assert_fails_with(findings, "histogram webhook_delivery_latency_seconds used without _bucket/_sum/_count")

    def test_missing_severity_summary_or_required_alert_fails(self):
        doc = self.rules()
        self.alert(doc, "CampaignSvcDown")["labels"]["severity"] = "page"
        del self.alert(doc, "ChainSvcDown")["annotations"]["summary"]
        self.alert(doc, "SignerBalanceLow")["alert"] = "SignerBalanceLowish"
        findings = run_check("prometheus", self.write("alerts.yml", yaml.safe_dump(doc)))
        self.assert_fails_with(findings, "CampaignSvcDown: labels.severity must be",
                               "ChainSvcDown: annotations.summary is required",
                               "required alert SignerBalanceLow is missing")

    def test_a_duplicate_rule_name_fails(self):
        doc = self.rules()
        doc["groups"][0]["rules"].append(copy.deepcopy(self.alert(doc, "ChainSvcDown")))
        findings = run_check("prometheus", self.write("alerts.yml", yaml.safe_dump(doc)))
        self.assert_fails_with(findings, "duplicate rule name ChainSvcDown")


class Grafana(Case):
    PATH = os.path.join(ROOT, "ops/grafana/token-grants.json")

    def panels(self, d):
        out = []
        for p in d["panels"]:
            out.extend(p.get("panels", []) if p.get("type") == "row" else [p])
        return out

    def test_the_repository_dashboard_passes(self):
        self.assert_passes("grafana", self.PATH)

    def test_unknown_metric_duplicate_id_and_fixed_datasource_fail(self):
        d = json.loads(read(self.PATH))
        first, second = self.panels(d)[:2]
        first["targets"][0]["expr"] = "rate(grants_invented_total[5m])"
        second["id"] = first["id"]
        second["datasource"] = {"type": "prometheus", "uid": "prod-prometheus"}
        findings = run_check("grafana", self.write("d.json", json.dumps(d)))
        self.assert_fails_with(findings, "metric 'grants_invented_total' is not exported",
                               f"duplicate panel id {first['id']}",
                               f"panel {second['title']!r} does not use the $datasource variable")

    def test_a_dashboard_that_is_not_json_fails(self):
        findings = run_check("grafana", self.write("d.json", "{ not json"))
        self.assert_fails_with(findings, "is not valid JSON")


class Dockerfile(Case):
    TEXT = read(os.path.join(ROOT, "Dockerfile"))

    def check_with(self, old, new, count=1):
        self.assertIn(old, self.TEXT)
        return run_check("dockerfiles", self.write("Dockerfile", self.TEXT.replace(old, new, count)))

    def test_the_repository_dockerfile_passes(self):
        self.assert_passes("dockerfiles")

    def test_a_root_user_fails(self):
        findings = self.check_with("USER 10001:10001\nEXPOSE 8081", "USER root\nEXPOSE 8081")
        self.assert_fails_with(findings, "chain-svc: runtime USER root must be a numeric non-root uid")

    def test_an_unpinned_base_image_fails(self):
        findings = self.check_with("FROM debian:${DEBIAN_RELEASE}-slim AS runtime", "FROM debian:latest AS runtime")
        self.assert_fails_with(findings, "base image debian:latest has no pinned tag")

    def test_a_binary_the_workspace_does_not_have_fails(self):
        findings = self.check_with("--package devnet --bin devnet", "--package devnet --bin dev_net")
        self.assert_fails_with(findings, "builds --bin dev_net, which is no binary of the workspace",
                               "devnet: the builder does not build --bin devnet")

    def test_a_missing_healthcheck_or_expose_fails(self):
        start = self.TEXT.index("FROM runtime AS campaign-svc")
        stage = self.TEXT[start:]
        cut = "\n".join(line for line in stage.splitlines()
                        if not line.startswith(("EXPOSE", "HEALTHCHECK", "  CMD")))
        findings = run_check("dockerfiles", self.write("Dockerfile", self.TEXT[:start] + cut + "\n"))
        self.assert_fails_with(findings, "campaign-svc: the runtime stage has no HEALTHCHECK",
                               "campaign-svc: runtime stage does not EXPOSE 8080")

    def test_an_env_the_binary_does_not_read_fails(self):
        findings = self.check_with("ENV PORT=8081", "ENV PORT=8081 SIGNER_KEYZ=x")
        self.assert_fails_with(findings, "chain-svc: ENV SIGNER_KEYZ is not read by the binary")


class DockerIgnore(unittest.TestCase):
    def test_patterns_match_as_docker_does_with_negation_last_winning(self):
        pats = ["target", "**/target", "docs", "**/*.log", "!docs/keep.md"]
        self.assertTrue(lint_deploy.ignored("target/debug/x", pats))
        self.assertTrue(lint_deploy.ignored("chain-svc/target/x", pats))
        self.assertTrue(lint_deploy.ignored("chain-svc/src/a.log", pats))
        self.assertTrue(lint_deploy.ignored("docs/deploy.md", pats))
        self.assertFalse(lint_deploy.ignored("docs/keep.md", pats))
        self.assertFalse(lint_deploy.ignored("chain-svc/src/main.rs", pats))


class PromQL(unittest.TestCase):
    def test_metric_names_are_found_and_functions_labels_and_keywords_are_not(self):
        expr = ('sum by (kind) (rate(http_requests_total{status=~"5.."}[5m])) / ignoring(kind) '
                'sum(rate(http_requests_total[5m])) > 0.05 and on() up == 0 or vector(1) '
                'unless histogram_quantile(0.99, webhook_delivery_latency_seconds_bucket)')
        self.assertEqual(lint_deploy.promql_metrics(expr),
                         {"http_requests_total", "up", "webhook_delivery_latency_seconds_bucket"})


@unittest.skipUnless(os.access(COMPOSE, os.X_OK), f"no Compose binary at {COMPOSE} (scripts/lint-deploy.sh installs it)")
class Compose(Case):
    def rendered(self):
        out = subprocess.check_output([COMPOSE, "-f", os.path.join(ROOT, "docker-compose.yml"), "config",
                                       "--format", "json"], cwd=ROOT)
        return json.loads(out)

    def test_the_repository_compose_file_passes(self):
        self.assert_passes("compose", self.write("compose.json", json.dumps(self.rendered())))

    def test_no_healthcheck_unhealthy_start_order_and_a_different_dev_key_fail(self):
        cfg = self.rendered()
        svcs = cfg["services"]
        del svcs["devnet"]["healthcheck"]
        svcs["chain-svc"]["depends_on"]["postgres" if "postgres" in svcs["chain-svc"]["depends_on"]
                                        else next(iter(svcs["chain-svc"]["depends_on"]))]["condition"] = "service_started"
        svcs["chain-svc"]["environment"]["SIGNER_KEYS"] = "ab" * 32
        svcs["campaign-svc"]["environment"]["LEDGER_SCHEDUEL"] = "5m"
        findings = run_check("compose", self.write("compose.json", json.dumps(cfg)))
        self.assert_fails_with(findings, "compose: devnet has no healthcheck",
                               "without condition service_healthy",
                               "SIGNER_KEYS must equal the dev chain's DEVNET_OPERATOR_KEYS",
                               "campaign-svc sets LEDGER_SCHEDUEL, which campaign-svc does not read")


class Kubernetes(Case):
    def rendered(self, overlay):
        out = subprocess.check_output(["kubectl", "kustomize", os.path.join(ROOT, "k8s/overlays", overlay)])
        return [d for d in yaml.safe_load_all(out) if d]

    def obj(self, docs, kind, name):
        return next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name)

    def check(self, overlay, docs):
        return run_check("k8s", overlay, self.write(f"{overlay}.yaml", yaml.safe_dump_all(docs)))

    def test_the_repository_overlays_pass(self):
        for overlay in ("local", "gke"):
            with self.subTest(overlay=overlay):
                self.assertEqual(self.check(overlay, self.rendered(overlay)).errors, [])

    def test_a_root_container_and_a_shared_signer_key_fail(self):
        docs = self.rendered("local")
        campaign = self.obj(docs, "Deployment", "campaign-svc")["spec"]["template"]["spec"]
        campaign["containers"][0]["securityContext"]["runAsNonRoot"] = False
        campaign["securityContext"]["runAsNonRoot"] = False
        chain = self.obj(docs, "StatefulSet", "chain-svc")["spec"]["template"]["spec"]["containers"][0]
        chain["env"].append({"name": "SIGNER_KEYS", "value": "ab" * 32})
        findings = self.check("local", docs)
        self.assert_fails_with(findings, "container campaign-svc: runAsNonRoot must be true",
                               "chain-svc: SIGNER_KEYS would give every pod the same keys")

    def test_a_signer_secret_without_a_key_for_every_possible_pod_fails(self):
        docs = self.rendered("local")
        hpa = next(d for d in docs if d["kind"] == "HorizontalPodAutoscaler"
                   and d["spec"]["scaleTargetRef"]["name"] == "chain-svc")
        hpa["spec"]["maxReplicas"] += 5
        findings = self.check("local", docs)
        self.assert_fails_with(findings, "chain-svc can run")

    def test_a_ledger_cronjob_with_other_arguments_or_concurrency_fails(self):
        docs = self.rendered("gke")
        cron = next(d for d in docs if d["kind"] == "CronJob")
        cron["spec"]["concurrencyPolicy"] = "Allow"
        cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["args"] = ["ledger-run", "--dry-run"]
        findings = self.check("gke", docs)
        self.assert_fails_with(findings, "must use concurrencyPolicy Forbid",
                               "the ledger CronJob runs ['ledger-run', '--dry-run'], expected ledger-run")

    def test_an_emulator_in_the_gke_overlay_fails(self):
        docs = self.rendered("gke")
        self.obj(docs, "ConfigMap", "pubsub-config")["data"]["PUBSUB_EMULATOR_HOST"] = "pubsub:8681"
        findings = self.check("gke", docs)
        self.assert_fails_with(findings, "gke: PUBSUB_EMULATOR_HOST must be unset")


if __name__ == "__main__":
    unittest.main()
