"""The monitoring part of the compose deployment (deploy/), against the real binary and a real Prometheus:
- promtool checks the Prometheus config and alert rules and runs the rules' unit tests;
- compose.yaml, the Prometheus config and the Grafana provisioning agree on names, paths and ports, and the
  dashboard is well formed;
- a server with a metrics token and a backup every 3 s (and one asked for through the API) runs a project with shell
  agents and some traffic (messages, a question answered, the intelligence layer, a WebSocket client). Prometheus is
  started by the compose service's own entrypoint script (which writes the token to a file for `credentials_file`),
  with the deploy scrape config pointed at that server at a 1 s interval and the deploy alert rules. The server is
  scraped at the machine's outside address, where /metrics answers only with the token;
- every Grafana panel query and template variable returns data, every alert rule is loaded with health "ok", its
  expression evaluates, each metric it reads has data, and none fires on this healthy server;
- the agent's waiting time is scraped while it waits and is back to 0 once it is answered, each delivery is timed,
  and the backup metrics follow the backups folder (its newest file, a unix time in seconds).
Needs Debian's `prometheus` package (prometheus and promtool)."""
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import yaml

from api import call, create_project, eventually, login, read, send, status
from conftest import ROOT, free_port, stop_workspace_server, workspace_server

DEPLOY = os.path.join(ROOT, "deploy")
COMPOSE = os.path.join(DEPLOY, "compose.yaml")
PROMETHEUS_CONFIG = os.path.join(DEPLOY, "prometheus/prometheus.yml")
ALERTS = os.path.join(DEPLOY, "prometheus/alerts.yml")
ALERTS_TEST = os.path.join(DEPLOY, "prometheus/alerts_test.yml")
DASHBOARD = os.path.join(DEPLOY, "grafana/dashboards/orchestrator.json")
DATASOURCES = os.path.join(DEPLOY, "grafana/provisioning/datasources/prometheus.yml")
DASHBOARD_PROVIDERS = os.path.join(DEPLOY, "grafana/provisioning/dashboards/orchestrator.yml")
METRICS_TOKEN = "e2e-metrics-token-4f1c9a"
BACKUP_INTERVAL_MINUTES = "0.05"  # 3 s: the backup metrics have data, and the staleness alert has its interval
# What Grafana puts in place of its variables: the dashboard's "All" and windows that hold enough 1 s scrapes.
GRAFANA_VARIABLES = {"__rate_interval": "1m", "__interval_ms": "1000", "__interval": "1s", "__range": "5m",
                     "job": ".*", "instance": ".*"}
PROMQL_WORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left",
                "group_right", "inf", "nan"}


def load_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def compose_service(name):
    return load_yaml(COMPOSE)["services"][name]


def compose_interpolate(text, environment):
    """What compose makes of `$$`, `${NAME:-default}`, `${NAME:?message}` and `$NAME` in a value."""
    def replace(match):
        if match.group(0) == "$$":
            return "$"
        name, default = match.group(1) or match.group(4), match.group(3)
        if name in environment:
            return environment[name]
        if match.group(2) == ":?":
            raise AssertionError(f"compose would refuse to start without {name}")
        return default or ""
    return re.sub(r"\$\$|\$\{(\w+)(?:(:-|:\?)([^}]*))?\}|\$(\w+)", replace, text)


def outside_address():
    """This machine's address on its default route (no packet is sent), or None when it has only loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def grafana_expression(expr):
    """A panel's query as Grafana sends it, with the dashboard's variables filled in."""
    for name in sorted(GRAFANA_VARIABLES, key=len, reverse=True):
        expr = expr.replace("${" + name + "}", GRAFANA_VARIABLES[name]).replace("$" + name, GRAFANA_VARIABLES[name])
    assert "$" not in expr, f"a variable the test does not know: {expr}"
    return expr


def selectors(expr):
    """The metric selectors an expression reads (`name{matchers}`), found without a PromQL parser: grouping label
    lists, range or subquery brackets and Grafana variables are dropped, then every name not followed by `(` and not
    a keyword."""
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    found = []
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|\{[^}]*\}|\$\{?\w+\}?|([A-Za-z_:][A-Za-z0-9_:]*)\s*(\{[^}]*\})?', text):
        name = match.group(1)
        if not name or name in PROMQL_WORDS:
            continue
        if not match.group(2) and text[match.end():].lstrip().startswith("("):
            continue  # a function
        found.append(name + (match.group(2) or ""))
    return found


def dashboard_targets(dashboard):
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            yield panel, target


def alert_rules():
    return [rule for group in load_yaml(ALERTS)["groups"] for rule in group["rules"] if "alert" in rule]


class Prometheus:
    """Debian's prometheus, started by the compose service's own entrypoint script with its container paths
    replaced by scratch ones, and the deploy config pointed at `target` with 1 s intervals."""

    def __init__(self, target):
        self.dir = tempfile.mkdtemp(prefix="orc-e2e-prometheus-")
        self.secrets = os.path.join(self.dir, "secrets")
        os.makedirs(self.secrets, mode=0o1777)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        config = load_yaml(PROMETHEUS_CONFIG)
        config["global"].update(scrape_interval="1s", scrape_timeout="1s", evaluation_interval="1s")
        [scrape] = config["scrape_configs"]
        self.container_token_file = scrape["authorization"]["credentials_file"]
        self.token_file = os.path.join(self.secrets, os.path.basename(self.container_token_file))
        scrape["authorization"]["credentials_file"] = self.token_file
        scrape["static_configs"] = [{"targets": [target]}]
        self.config = os.path.join(self.dir, "prometheus.yml")
        with open(self.config, "w") as f:
            yaml.safe_dump(config, f)
        for rules in config["rule_files"]:  # relative to the config, as in the container
            shutil.copy(os.path.join(os.path.dirname(PROMETHEUS_CONFIG), rules), os.path.join(self.dir, rules))
        self.log_path = os.path.join(self.dir, "prometheus.log")
        self.process = None

    def entrypoint(self):
        service = compose_service("prometheus")
        assert service["entrypoint"] == ["/bin/sh", "-c"]
        [script] = service["command"]
        script = compose_interpolate(script, {})
        replacements = {
            os.path.dirname(self.container_token_file): self.secrets,
            "/bin/prometheus ": shutil.which("prometheus") + " ",
            "--config.file=/etc/prometheus/prometheus.yml": f"--config.file={self.config}",
            "--storage.tsdb.path=/prometheus": f"--storage.tsdb.path={os.path.join(self.dir, 'data')}",
            "--web.listen-address=:9090": f"--web.listen-address=127.0.0.1:{self.port}",
        }
        for old, new in replacements.items():
            assert old in script, f"the prometheus service's command no longer has {old!r}"
            script = script.replace(old, new)
        return script

    def start(self):
        env = dict(os.environ, ORCHESTRATOR_METRICS_TOKEN=METRICS_TOKEN)
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(["/bin/sh", "-c", self.entrypoint()], env=env, stdout=log, stderr=subprocess.STDOUT)
        ready = eventually(lambda: self.process.poll() is None and self.answers("/-/ready"), 30, 0.2)
        assert ready, "prometheus did not start:\n" + read(self.log_path)

    def answers(self, path):
        try:
            with urllib.request.urlopen(self.base + path, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def api(self, path, **params):
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        try:
            with urllib.request.urlopen(url, timeout=20) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            return json.loads(error.read())

    def query(self, expr):
        answer = self.api("/api/v1/query", query=expr)
        assert answer["status"] == "success", f"{expr}: {answer}"
        return answer["data"]["result"]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def metrics_text(server):
    with urllib.request.urlopen(server.base + "/metrics", timeout=10) as response:
        return response.read().decode()


def metric_value(text, name):
    [line] = [line for line in text.splitlines() if line.startswith(name + " ")]
    return line.split()[1]


def traffic(server, prometheus):
    """Some of everything the dashboard shows: messages delivered, an agent waiting for a person and answered,
    the intelligence layer asked in each way, a WebSocket client."""
    token = server.token
    for number in range(3):
        send(server, token, "watched", f"echo monitored-{number}")
    # A question on the shell agent's screen: it waits for a person (and an insight is announced), then is answered.
    send(server, token, "watched", "read -r -p 'Deploy the monitoring now? (y/n) ' reply")
    assert eventually(lambda: status(server, token, "watched")["status"] == "waiting", 30), status(server, token, "watched")
    insight = 'ai_insights_generated_total{insight_type="waiting"}'
    assert eventually(lambda: insight in metrics_text(server), 10), "the waiting agent is announced as an insight"
    assert eventually(lambda: prometheus.query('orchestrator_agents{status="waiting"} > 0'), 10, 0.2), "scraped waiting"
    waited = 'orchestrator_agent_waiting_seconds{project="watched", agent="developer"}'
    assert eventually(lambda: prometheus.query(f"{waited} > 0 and on () orchestrator_agents_waiting_longest_seconds > 0"),
                      10, 0.2), f"the agent's waiting time is scraped: {metrics_text(server)}"
    call(server, "POST", "/api/v1/projects/watched/agents/developer/keys", {"keys": ["y", "Enter"]}, token)
    assert eventually(lambda: status(server, token, "watched")["status"] == "idle", 30), status(server, token, "watched")
    assert eventually(lambda: prometheus.query(f"{waited} == 0 and on () orchestrator_agents_waiting_longest_seconds == 0"),
                      10, 0.2), "once answered, nobody waits"
    call(server, "POST", "/api/v2/projects/natural", {"prompt": "A command line tool that prints a greeting, with tests",
                                                      "agent_command": "bash"}, token)
    for question in ["How many agents are waiting?", "Which project is busiest?"]:
        call(server, "POST", "/api/v2/monitoring/ask-ai", {"question": question}, token)
        time.sleep(1.2)
    session = call(server, "POST", "/api/v2/daemon/chat", {"title": "monitoring"}, token)["session_id"]
    call(server, "POST", f"/api/v2/daemon/chat/{session}", {"message": "What needs me?"}, token)
    call(server, "GET", "/api/v2/monitoring/intelligent-dashboard", token=token)
    watcher = socket.create_connection(("127.0.0.1", server.port))
    lines = [f"GET /ws/system?token={token} HTTP/1.1", f"Host: 127.0.0.1:{server.port}", "Upgrade: websocket",
             "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"]
    watcher.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    watcher.settimeout(10)
    assert watcher.recv(4096).split()[1] == b"101", "the WebSocket client is connected"
    for number in range(3, 6):
        send(server, token, "watched", f"echo monitored-{number}")
        time.sleep(0.5)
    return watcher


@pytest.fixture(scope="module")
def stack():
    address = outside_address()
    server = workspace_server("orc-e2e-monitoring-", ORCHESTRATOR_METRICS_TOKEN=METRICS_TOKEN,
                              ORCHESTRATOR_BACKUP_INTERVAL_MINUTES=BACKUP_INTERVAL_MINUTES,
                              ORCHESTRATOR_HOST="0.0.0.0" if address else "127.0.0.1")
    server.address = address
    prometheus = watcher = None
    try:
        server.token = login(server)
        server.requested_backup = call(server, "POST", "/api/v1/system/backups", token=server.token)
        create_project(server, server.token, "watched", "bash")
        ready = lambda: status(server, server.token, "watched")["status"] == "idle"
        assert eventually(ready, 30), "the shell agent is ready"
        prometheus = Prometheus(f"{address or '127.0.0.1'}:{server.port}")
        prometheus.start()
        assert eventually(lambda: prometheus.query('up{job="orchestrator"} == 1'), 30, 0.2), \
            f"the server is scraped: {prometheus.api('/api/v1/targets')}\n{read(prometheus.log_path)}"
        watcher = traffic(server, prometheus)
        history = lambda: call(server, "GET", "/api/v1/projects/watched/messages?limit=50", token=server.token)
        delivered = lambda: sum(1 for item in history() if item["status"] == "delivered") >= 7
        assert eventually(delivered, 30), "the messages were delivered"
        time.sleep(4)  # scrapes after the last of the traffic
        yield server, prometheus
    finally:
        if watcher:
            watcher.close()
        if prometheus:
            prometheus.stop()
        stop_workspace_server(server)


def test_promtool_checks_the_config_and_rules_and_runs_the_rule_unit_tests():
    with tempfile.TemporaryDirectory(prefix="orc-e2e-promtool-") as scratch:
        # The config names the token file only the container has: check a copy naming one that exists.
        config = load_yaml(PROMETHEUS_CONFIG)
        token_file = os.path.join(scratch, "metrics_token")
        with open(token_file, "w") as f:
            f.write("token")
        config["scrape_configs"][0]["authorization"]["credentials_file"] = token_file
        with open(os.path.join(scratch, "prometheus.yml"), "w") as f:
            yaml.safe_dump(config, f)
        shutil.copy(ALERTS, os.path.join(scratch, "alerts.yml"))
        checks = [["check", "config", os.path.join(scratch, "prometheus.yml")], ["check", "rules", ALERTS],
                  ["test", "rules", os.path.basename(ALERTS_TEST)]]
        for args in checks:
            run = subprocess.run(["promtool", *args], cwd=os.path.dirname(ALERTS_TEST), capture_output=True, text=True)
            assert run.returncode == 0, f"promtool {' '.join(args)}:\n{run.stdout}{run.stderr}"


def test_compose_prometheus_and_grafana_files_agree():
    services = load_yaml(COMPOSE)["services"]
    assert set(services) >= {"orchestrator", "prometheus", "grafana"}
    orchestrator, prometheus, grafana = services["orchestrator"], services["prometheus"], services["grafana"]
    assert orchestrator["image"] == "tmux-orchestrator:latest"
    assert orchestrator["build"] == {"context": "..", "dockerfile": "Dockerfile"}, "the image is built from the root Dockerfile"
    assert "orchestrator-data:/data" in orchestrator["volumes"]
    # Secrets come from deploy/.env, required, never written here; deploy/.env is git-ignored.
    for service, name in [(orchestrator, "ORCHESTRATOR_ADMIN_PASSWORD"), (orchestrator, "ORCHESTRATOR_METRICS_TOKEN"),
                          (prometheus, "ORCHESTRATOR_METRICS_TOKEN"), (grafana, "GF_SECURITY_ADMIN_PASSWORD")]:
        assert re.fullmatch(r"\$\{\w+:\?[^}]+\}", service["environment"][name]), f"{name} comes from deploy/.env"
    example = read(os.path.join(DEPLOY, ".env.example"))
    for name in ["ORCHESTRATOR_ADMIN_PASSWORD", "ORCHESTRATOR_METRICS_TOKEN", "GRAFANA_ADMIN_PASSWORD"]:
        assert re.search(rf"^{name}=$", example, re.M), f".env.example lists {name} empty"
    ignored = subprocess.run(["git", "check-ignore", "-q", "deploy/.env"], cwd=ROOT)
    assert ignored.returncode == 0, "deploy/.env is git-ignored"

    # Prometheus: the scrape target is the orchestrator service; the token file sits on the tmpfs the entrypoint
    # writes; the config and its rule files are mounted side by side.
    config = load_yaml(PROMETHEUS_CONFIG)
    [scrape] = config["scrape_configs"]
    assert scrape["job_name"] == "orchestrator" and scrape["metrics_path"] == "/metrics"
    assert scrape["static_configs"] == [{"targets": ["orchestrator:8000"]}]
    token_file = scrape["authorization"]["credentials_file"]
    assert os.path.dirname(token_file) in prometheus["tmpfs"]
    assert token_file in prometheus["command"][0]
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in prometheus["volumes"]}
    assert os.path.normpath(os.path.join(DEPLOY, mounts["/etc/prometheus/prometheus.yml"])) == PROMETHEUS_CONFIG
    for rules in config["rule_files"]:
        assert os.path.normpath(os.path.join(DEPLOY, mounts[os.path.join("/etc/prometheus", rules)])) == ALERTS

    # Grafana: the data source points at the prometheus service; the dashboards folder is where the provider reads.
    [source] = load_yaml(DATASOURCES)["datasources"]
    assert source["type"] == "prometheus" and source["url"] == "http://prometheus:9090" and source["uid"]
    assert source["jsonData"]["timeInterval"] == config["global"]["scrape_interval"]
    [provider] = load_yaml(DASHBOARD_PROVIDERS)["providers"]
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in grafana["volumes"]}
    assert os.path.normpath(os.path.join(DEPLOY, mounts[provider["options"]["path"]])) == os.path.dirname(DASHBOARD)
    for folder in ["datasources", "dashboards"]:
        assert os.path.normpath(os.path.join(DEPLOY, mounts[f"/etc/grafana/provisioning/{folder}"])) == \
            os.path.join(DEPLOY, "grafana/provisioning", folder)
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home == os.path.join(provider["options"]["path"], os.path.basename(DASHBOARD))


def test_the_dashboard_is_well_formed():
    with open(DASHBOARD, encoding="utf-8") as f:
        dashboard = json.load(f)
    assert dashboard["title"] == "Orchestrator" and dashboard["uid"]
    variables = {variable["name"]: variable for variable in dashboard["templating"]["list"]}
    [source] = load_yaml(DATASOURCES)["datasources"]
    assert variables["datasource"]["type"] == "datasource" and variables["datasource"]["current"]["value"] == source["uid"]
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids)), "panel ids are unique"
    cells = set()
    for panel in dashboard["panels"]:
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["w"] > 0 and grid["x"] + grid["w"] <= 24, panel["title"]
        for x in range(grid["x"], grid["x"] + grid["w"]):
            for y in range(grid["y"], grid["y"] + grid["h"]):
                assert (x, y) not in cells, f"{panel['title']} overlaps another panel"
                cells.add((x, y))
        if panel["type"] == "row":
            continue
        assert panel.get("title") and panel.get("description"), panel
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, panel["title"]
        assert panel["targets"], f"{panel['title']} has a query"
        refs = [target["refId"] for target in panel["targets"]]
        assert len(refs) == len(set(refs)), panel["title"]
        for target in panel["targets"]:
            assert target["datasource"] == panel["datasource"] and target["expr"].strip(), panel["title"]
            for selector in selectors(target["expr"]):
                if not selector.startswith("up{"):
                    assert 'job=~"$job"' in selector and 'instance=~"$instance"' in selector, \
                        f"{panel['title']}: {selector} follows the job and instance variables"


def test_metrics_from_elsewhere_need_the_token(stack):
    server, _ = stack
    if not server.address:
        print("this machine has only loopback: the scrape below is a loopback one, which needs no token")
        return
    url = f"http://{server.address}:{server.port}/metrics"
    for headers, expected in [({}, 403), ({"Authorization": "Bearer not-the-token"}, 403),
                              ({"Authorization": f"Bearer {METRICS_TOKEN}"}, 200)]:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
                got = response.status
        except urllib.error.HTTPError as error:
            got = error.code
        assert got == expected, f"{headers}: {got}"


def test_prometheus_scrapes_the_server_with_the_token_its_entrypoint_wrote(stack):
    server, prometheus = stack
    with open(prometheus.token_file) as f:
        assert f.read() == METRICS_TOKEN, "the entrypoint wrote the token, without a newline"
    assert stat.S_IMODE(os.stat(prometheus.token_file).st_mode) == 0o600, "only Prometheus's user reads it"
    targets = prometheus.api("/api/v1/targets")["data"]["activeTargets"]
    [target] = [t for t in targets if t["labels"]["job"] == "orchestrator"]
    assert target["health"] == "up" and target["lastError"] == "", target
    assert target["scrapeUrl"] == f"http://{server.address or '127.0.0.1'}:{server.port}/metrics"
    assert float(prometheus.query('count_over_time(up{job="orchestrator"}[1m])')[0]["value"][1]) >= 5, "several scrapes"


def test_every_dashboard_query_and_variable_returns_data(stack):
    _, prometheus = stack
    with open(DASHBOARD, encoding="utf-8") as f:
        dashboard = json.load(f)
    empty = []
    for panel, target in dashboard_targets(dashboard):
        expr = grafana_expression(target["expr"])
        result = prometheus.query(expr)
        if not result:
            empty.append(f"{panel['title']} [{target['refId']}]: {expr}")
        for selector in selectors(expr):
            if not prometheus.query(selector):
                empty.append(f"{panel['title']} [{target['refId']}] reads {selector}, which has no data")
    assert not empty, "queries without data:\n" + "\n".join(empty)
    checked = sum(1 for _ in dashboard_targets(dashboard))
    assert checked >= 30, checked
    for variable in dashboard["templating"]["list"]:
        if variable["type"] != "query":
            continue
        match = re.fullmatch(r"label_values\((.+), (\w+)\)", variable["query"]["query"])
        assert match, variable["query"]
        values = prometheus.api(f"/api/v1/label/{match.group(2)}/values", **{"match[]": grafana_expression(match.group(1))})
        assert values["status"] == "success" and values["data"], f"{variable['name']}: {values}"


def test_every_alert_rule_is_loaded_evaluates_reads_data_and_stays_quiet(stack):
    _, prometheus = stack
    rules = alert_rules()
    assert {rule["alert"] for rule in rules} >= {
        "OrchestratorDown", "OrchestratorAgentWaitingForPerson", "OrchestratorAgentFailed", "OrchestratorAgentOutOfCredits",
        "OrchestratorMessagesStuckQueued", "OrchestratorIntelligenceDegraded", "OrchestratorMessageDeliverySlow",
        "OrchestratorBackupsFailing", "OrchestratorBackupStale"}
    for rule in rules:
        assert rule["labels"]["severity"] in {"critical", "warning"}, rule["alert"]
        assert {"summary", "description", "runbook"} <= set(rule["annotations"]), rule["alert"]

    def loaded_and_evaluated():
        groups = prometheus.api("/api/v1/rules")["data"]["groups"]
        loaded = {rule["name"]: rule for group in groups for rule in group["rules"] if rule["type"] == "alerting"}
        evaluated = all(not rule["lastEvaluation"].startswith("0001-") for rule in loaded.values())
        return loaded if set(loaded) == {rule["alert"] for rule in rules} and evaluated else None
    loaded = eventually(loaded_and_evaluated, 10, 0.5)
    assert loaded, prometheus.api("/api/v1/rules")
    for name, rule in loaded.items():
        assert rule["health"] == "ok", f"{name}: {rule.get('lastError')}"
        assert rule["state"] == "inactive", f"{name} is {rule['state']} on a healthy server: {rule['alerts']}"

    for rule in rules:
        assert prometheus.query(rule["expr"]) == [], f"{rule['alert']} would fire on a healthy server"
        found = selectors(rule["expr"])
        assert found, rule["alert"]
        for selector in found:
            assert prometheus.query(selector), f"{rule['alert']} reads {selector}, which has no data"
    assert prometheus.api("/api/v1/alerts")["data"]["alerts"] == [], "nothing pending or firing"


def test_delivery_and_backup_metrics_agree_with_the_server(stack):
    server, prometheus = stack
    value = lambda expr: float(prometheus.query(expr)[0]["value"][1])
    delivered = sum(1 for item in call(server, "GET", "/api/v1/projects/watched/messages?limit=50", token=server.token)
                    if item["status"] == "delivered")
    count = 'orchestrator_message_delivery_seconds_count{job="orchestrator", outcome="delivered"}'
    assert eventually(lambda: value(count) >= delivered, 5, 0.2), f"{value(count)} deliveries timed, {delivered} delivered"
    assert value('orchestrator_message_delivery_seconds_count{job="orchestrator", outcome="failed"}') == 0

    interval = float(BACKUP_INTERVAL_MINUTES) * 60
    assert value('orchestrator_backup_interval_seconds{job="orchestrator"}') == interval
    assert value('orchestrator_backups_total{job="orchestrator", outcome="failed"}') == 0
    # the one asked for through the API, then one every 3 s
    assert value('orchestrator_backups_total{job="orchestrator", outcome="succeeded"}') >= 3
    age = value('time() - orchestrator_backup_newest_timestamp_seconds{job="orchestrator"}')
    assert -1 <= age <= interval + 3, f"the newest backup is {age} s old (a unix time in seconds)"
    assert server.requested_backup["name"].endswith(".tar") and server.requested_backup["sha256"], server.requested_backup
    folder = os.path.join(server.data, "backups")

    def newest_file_is_the_metric():  # (a backup written between the two reads: look again)
        metric = float(metric_value(metrics_text(server), "orchestrator_backup_newest_timestamp_seconds"))
        try:
            newest = max(os.path.getmtime(os.path.join(folder, name)) for name in os.listdir(folder) if name.endswith(".tar"))
        except FileNotFoundError:  # pruned meanwhile
            return False
        return abs(newest - metric) <= 1
    assert eventually(newest_file_is_the_metric, 10, 0.3), "the newest backup's time is the newest file's"
