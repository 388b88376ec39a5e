"""Agents on SSH hosts from the outside, against real sshd servers in network namespaces (`ssh_hosts.py`: each its
own address, user and home; nothing leaves the machine) and the real server in the root namespace.

A project placed on a host runs its agents in the host's tmux (not the server's), in worktrees of a mirror there; the
server's own executable is copied there and reaches the server through the tunnel on the master connection (a report
typed into the agent's shell arrives); its commits come back to the server's checkout and merge from the API; its
output streams live. `placement: "spread"` picks the host with the fewest agents. A host with projects on it is not
removed unless forced. The link cut mid-burst for 20 s: the agents show failed with the reason, come back, and every
message arrives exactly once; the same with the server SIGKILLed while the host is down."""
import json
import os
import subprocess
import time

import pytest
import websocket

from api import AGENTS, call, create_project, eventually, login, message, send, status
from conftest import stop_workspace_server, workspace_server
from ssh_hosts import ssh_hosts

LINE_AGENT = os.path.join(AGENTS, "line-agent.py")
FAKE_CLAUDE = os.path.join(AGENTS, "fake-claude", "claude")


@pytest.fixture(scope="module")
def setup():
    with ssh_hosts(2) as hosts:
        server = workspace_server("orc-e2e-remote-")
        try:
            admin = login(server)
            for name, host in zip(["box-1", "box-2"], hosts):
                body = {"name": name, "ssh": host.ssh, "identity_file": host.identity_file, "workspace_root": host.home + "/work"}
                call(server, "POST", "/api/v1/hosts", body, admin)
            yield {"server": server, "admin": admin, "hosts": dict(zip(["box-1", "box-2"], hosts))}
        finally:
            stop_workspace_server(server)


def git(path, *args):
    return subprocess.run(["git", "-C", path, *args], capture_output=True, text=True).stdout


def remote_tmux(server, host, *args):
    return host.run(["tmux", "-L", server.env["ORCHESTRATOR_TMUX_SOCKET"], *args])


def test_one_team_on_two_hosts_and_here_reports_commits_streams_and_is_merged(setup):
    """One project, three machines: the developer on box-1, the tester on box-2, the reviewer here."""
    server, admin, hosts = setup["server"], setup["admin"], setup["hosts"]
    team = [{"role": "developer", "host": "box-1"}, {"role": "tester", "host": "box-2"}, "reviewer"]
    project = create_project(server, admin, "mixed", "bash", team_composition=team)
    placed = {agent["agent_id"]: agent["host"] for agent in project["agents"]}
    assert project["host"] == "local" and placed == {"developer": "box-1", "tester": "box-2", "reviewer": "local"}, project

    def idle(agent):
        return (lambda s: s if s["status"] == "idle" else None)(status(server, admin, "mixed", agent))

    agents = {name: eventually(lambda: idle(name), 40) for name in placed}
    assert all(agents.values()), {name: status(server, admin, "mixed", name) for name in placed}
    assert agents["developer"]["pane_id"].endswith("@box-1") and agents["tester"]["pane_id"].endswith("@box-2")
    assert "@" not in agents["reviewer"]["pane_id"]

    # Each window is in its own machine's tmux, in a worktree there.
    from api import tmux
    for name, host in [("developer", "box-1"), ("tester", "box-2")]:
        assert remote_tmux(server, hosts[host], "has-session", "-t", "=orc-mixed").returncode == 0
        worktree = os.path.join(hosts[host].home, "work", "mixed", name)
        assert os.path.exists(os.path.join(worktree, ".git")) and os.path.exists(os.path.join(worktree, ".orchestrator", "BRIEFING.md"))
        assert worktree in open(os.path.join(worktree, ".orchestrator", "BRIEFING.md")).read(), "the briefing names the host's worktree"
    listed = tmux(server, "list-windows", "-t", "=orc-mixed", "-F", "#{window_name}").stdout.split()
    assert listed == ["reviewer"], listed
    assert not os.path.exists(os.path.join(hosts["box-1"].home, "work", "mixed", "tester")), "box-1 holds only its own agent"

    # The copied executable, through the tunnel: reports typed into each agent's shell arrive.
    for name in placed:
        send(server, admin, "mixed", f"orchestrator report --task 'working as {name}' --progress 0.5", agent=name)
    for name in placed:
        reported = eventually(lambda: (lambda s: s if s["current_task"] == f"working as {name}" else None)(status(server, admin, "mixed", name)), 30)
        assert reported and reported["progress"] == 0.5, status(server, admin, "mixed", name)
    binary = subprocess.run(["sh", "-c", f"ls {hosts['box-1'].home}/work/.orchestrator/bin/*/orchestrator"], capture_output=True, text=True).stdout.split()
    assert len(binary) == 1, binary

    # Live output over the project's stream, from a host's agent.
    stream = websocket.create_connection(f"ws://127.0.0.1:{server.port}/ws/projects/mixed?token={admin}", timeout=10)
    try:
        send(server, admin, "mixed", "echo live-$((6*7))", agent="tester")
        deadline, seen = time.time() + 20, ""
        while time.time() < deadline and "live-42" not in seen:
            try:
                event = json.loads(stream.recv())
            except websocket.WebSocketTimeoutException:
                continue
            if event["type"] == "agent_output":
                data = event["data"] if isinstance(event["data"], dict) else json.loads(event["data"])
                if data["agent_id"] == "tester":
                    seen += data["text"]
        assert "live-42" in seen, seen[-500:]
    finally:
        stream.close()

    # Commits made on each host come back to the server's checkout and merge from the API.
    repository = os.path.join(server.workspace, "mixed")
    for name, host in [("developer", "box-1"), ("tester", "box-2")]:
        send(server, admin, "mixed", f"printf '{name}\\n' > {name}.txt && git add {name}.txt && git commit -qm 'Hello from {host}'", agent=name)
    for name, host in [("developer", "box-1"), ("tester", "box-2")]:
        assert eventually(lambda: f"Hello from {host}" in git(repository, "log", "--format=%s", f"orc/mixed/{name}"), 30), name

    def commit_events():
        events = call(server, "GET", "/api/v1/projects/mixed/events?limit=200", token=admin)
        return [event for event in events if event["type"] == "git_event" and "Hello from box-" in json.dumps(event["data"])]
    assert eventually(lambda: len(commit_events()) >= 2, 15), "the branch watcher reports the fetched commits"
    base = project["base_branch"] or "main"
    for name in ["developer", "tester"]:
        merged = call(server, "POST", "/api/v1/projects/mixed/git/merge", {"source": name}, admin)
        assert merged["merged"], merged
        assert git(repository, "show", f"{base}:{name}.txt") == f"{name}\n"

    # The hosts are in use: removing one is refused unless forced.
    code, answer = call(server, "DELETE", "/api/v1/hosts/box-1", token=admin, expect="status")
    assert code == 409 and answer["error"]["code"] == "host_in_use" and "mixed" in answer["error"]["message"], answer
    call(server, "DELETE", "/api/v1/projects/mixed", token=admin)
    assert eventually(lambda: remote_tmux(server, hosts["box-1"], "has-session", "-t", "=orc-mixed").returncode != 0, 10), "terminating ends its sessions on every host"


def test_a_claude_like_agent_on_a_host_runs_its_hooks_and_tools_and_is_answered_with_keys(setup):
    """Claude Code's stand-in on box-2: its hooks run the copied `orchestrator hook claude` through the tunnel (the
    question arrives from the hook), the manager answers with keys through the host's tmux, a held message goes after,
    and its MCP tools and `orchestrator reply` work there."""
    server, admin, host = setup["server"], setup["admin"], setup["hosts"]["box-2"]
    create_project(server, admin, "remote-claude", FAKE_CLAUDE, host="box-2", team_composition=["developer"])
    worktree = os.path.join(host.home, "work", "remote-claude", "developer")
    assert eventually(lambda: status(server, admin, "remote-claude")["status"] == "idle", 40), status(server, admin, "remote-claude")

    send(server, admin, "remote-claude", "mcp-report via-mcp-on-box-2")
    assert eventually(lambda: status(server, admin, "remote-claude").get("current_task") == "via-mcp-on-box-2", 30)

    send(server, admin, "remote-claude", "ask")
    waiting = eventually(lambda: (lambda s: s if s["status"] == "waiting" else None)(status(server, admin, "remote-claude")), 30)
    assert waiting and waiting["status_reason"] == "hook: PermissionRequest (Bash)" and waiting["prompt"]["source"] == "hook", waiting
    held = send(server, admin, "remote-claude", "after the answer")
    assert eventually(lambda: (message(server, admin, "remote-claude", held["id"]) or {}).get("status_detail") == "held: the agent is waiting for an answer")
    call(server, "POST", "/api/v1/projects/remote-claude/agents/developer/keys", {"keys": waiting["prompt"]["options"][0]["keys"]}, admin)
    assert eventually(lambda: message(server, admin, "remote-claude", held["id"])["status"] == "delivered", 30)
    assert eventually(lambda: status(server, admin, "remote-claude").get("last_message") == "Noted: after the answer", 30), "the Stop hook came through"

    question = send(server, admin, "remote-claude", "Which host are you on?", requires_response=True)

    def reply():
        history = call(server, "GET", "/api/v1/projects/remote-claude/messages?limit=200", token=admin)
        return next((item for item in history if item.get("in_reply_to") == question["id"]), None)

    answer = eventually(reply, 30)
    assert answer and answer["sender"] == "developer" and answer["content"] == "answer: Which host are you on?", answer

    log = [json.loads(line) for line in open(os.path.join(worktree, ".claude-stand-in", "hooks.jsonl"))]
    assert {"SessionStart", "UserPromptSubmit", "PermissionRequest", "Stop"} <= {entry["event"] for entry in log}
    assert all(entry["code"] == 0 and entry["stdout"] == "" and entry["stderr"] == "" for entry in log), log
    call(server, "DELETE", "/api/v1/projects/remote-claude", token=admin)


def test_spread_places_a_project_on_the_least_busy_machine_and_bad_placements_are_refused(setup):
    server, admin = setup["server"], setup["admin"]
    for bad, field in [({"host": "nowhere"}, "host"), ({"placement": "random"}, "placement"), ({"placement": "spread", "host": "box-1"}, "placement"),
                       ({"team_composition": [{"role": "developer", "host": "nowhere"}]}, "team_composition"),
                       ({"team_composition": [{"host": "box-1"}]}, None)]:
        body = {"name": "nowhere", "project_path": os.path.join(server.workspace, "nowhere"), "agent_command": "bash", **bad}
        code, answer = call(server, "POST", "/api/v1/projects", body, admin, expect="status")
        assert code in (400, 422) and (field is None or field in [item["field"] for item in answer["error"]["details"]["fields"]]), (bad, answer)
    assert not os.path.exists(os.path.join(server.workspace, "nowhere")), "a refused project leaves nothing"
    create_project(server, admin, "local-one", "bash", team_composition=["developer"])
    create_project(server, admin, "box1-one", "bash", host="box-1", team_composition=["developer"])

    def agents_per_machine():
        counts = {"local": 0, "box-1": 0, "box-2": 0}
        for item in call(server, "GET", "/api/v1/projects?status=running&limit=100", token=admin)["items"]:
            for agent in call(server, "GET", f"/api/v1/projects/{item['id']}", token=admin)["agents"]:
                counts[agent["host"]] += 1
        return counts

    counts = agents_per_machine()
    fewest = {name for name, count in counts.items() if count == min(counts.values())}
    spread = create_project(server, admin, "spread-one", "bash", placement="spread", team_composition=["developer"])
    assert spread["host"] in fewest, (spread["host"], counts)
    assert eventually(lambda: status(server, admin, "spread-one")["status"] == "idle", 40)
    for project in ["local-one", "box1-one", "spread-one"]:
        call(server, "DELETE", f"/api/v1/projects/{project}", token=admin)


def received(host, project, agent="developer"):
    path = os.path.join(host.home, "work", project, agent, "received.txt")
    try:
        return open(path, encoding="utf-8").read().splitlines()
    except OSError:
        return []


def diagnosis(server, admin, host):
    """What a failed wait shows: the lines the agent took, the messages' states, the server log's end."""
    messages = call(server, "GET", "/api/v1/projects/remote-burst/messages?limit=200", token=admin)
    states = [(item["id"], item["content"][:30], item["status"], item.get("hold_reason"), item.get("status_detail")) for item in messages]
    return {"received": received(host, "remote-burst")[-12:], "messages": states, "log": open(server.log_path).read()[-4000:]}


def test_a_cut_link_fails_the_agents_and_every_message_arrives_once_when_it_is_back(setup):
    server, admin, host = setup["server"], setup["admin"], setup["hosts"]["box-2"]
    create_project(server, admin, "remote-burst", f"python3 {LINE_AGENT}", host="box-2", team_composition=["developer"],
                   spec="# Burst\nTake lines.")
    assert eventually(lambda: status(server, admin, "remote-burst")["status"] in ("idle", "active"), 40), status(server, admin, "remote-burst")
    sent = []
    for index in range(6):
        sent.append(f"line {index} before the cut")
        send(server, admin, "remote-burst", sent[-1])
    create_project(server, admin, "here-too", "bash", team_composition=["developer"])
    assert eventually(lambda: status(server, admin, "here-too")["status"] == "idle", 30)
    cut_at = time.time()
    host.cut()
    try:
        for index in range(6):
            sent.append(f"line {index} during the cut")
            send(server, admin, "remote-burst", sent[-1])
        # A hanging host holds up nobody else: while its link hangs (before it is known down), an agent here is still
        # watched (its shell exits: seen within seconds).
        time.sleep(2)
        send(server, admin, "here-too", "exit")
        assert eventually(lambda: status(server, admin, "here-too")["status"] == "failed", 5), status(server, admin, "here-too")
        down = eventually(lambda: (lambda s: s if s["status"] == "failed" else None)(status(server, admin, "remote-burst")), 45)
        assert down and "host box-2 unreachable since" in down["status_reason"], status(server, admin, "remote-burst")
        time.sleep(max(0, 20 - (time.time() - cut_at)))
    finally:
        host.restore()
    assert eventually(lambda: status(server, admin, "remote-burst")["status"] != "failed", 40), status(server, admin, "remote-burst")
    assert eventually(lambda: all(line in received(host, "remote-burst") for line in sent), 60), (sent, received(host, "remote-burst"))
    lines = received(host, "remote-burst")
    assert sorted(line for line in lines if line in sent) == sorted(sent), lines
    for line in sent:
        assert lines.count(line) == 1, (line, lines)

    # The server killed while the host is down: it comes back with the host and nothing is lost or doubled.
    host.cut()
    try:
        server.process.kill()
        server.process.wait(timeout=10)
        server.restart()
        down = eventually(lambda: (lambda s: s if s["status"] == "failed" else None)(status(server, admin, "remote-burst")), 40)
        assert down and "host box-2 unreachable since" in down["status_reason"], status(server, admin, "remote-burst")
        after = [f"line {index} after the restart" for index in range(3)]
        for line in after:
            send(server, admin, "remote-burst", line)
    finally:
        host.restore()
    assert eventually(lambda: status(server, admin, "remote-burst")["status"] != "failed", 60), status(server, admin, "remote-burst")
    assert eventually(lambda: all(line in received(host, "remote-burst") for line in after), 60), diagnosis(server, admin, host)
    lines = received(host, "remote-burst")
    for line in sent + after:
        assert lines.count(line) == 1, (line, lines)


def test_the_create_form_places_a_project_on_a_host_and_its_tiles_say_where(setup):
    """In Chromium at phone width: "Runs on" offers this machine, the least busy one and each host; a project made
    on box-2 from the form runs there, and its tiles say "on box-2"."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from conftest import ADMIN_PASSWORD
    from test_dashboard import sign_in
    from test_layout import chromium

    server, admin = setup["server"], setup["admin"]
    driver = chromium(390, 844, True)
    try:
        sign_in(driver, server, "admin", ADMIN_PASSWORD)
        driver.get(f"{server.base}/projects/new")
        choices = Select(driver.find_element(By.ID, "host"))
        assert [option.get_attribute("value") for option in choices.options] == ["local", "spread", "box-1", "box-2"]
        assert choices.first_selected_option.get_attribute("value") == "local"
        form = driver.find_element(By.CSS_SELECTOR, "form[action='/projects']")
        for name, value in [("name", "form-remote"), ("project_path", os.path.join(server.workspace, "form-remote")),
                            ("roles", "developer"), ("agent_command", "bash")]:
            field = form.find_element(By.NAME, name)
            field.clear()
            field.send_keys(value)
        choices.select_by_value("box-2")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 60).until(lambda d: d.current_url.endswith("/projects/form-remote"))
        tile = WebDriverWait(driver, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-field=host]"))
        assert tile.text == "on box-2"
        assert call(server, "GET", "/api/v1/projects/form-remote", token=admin)["host"] == "box-2"
    finally:
        driver.quit()
        call(server, "DELETE", "/api/v1/projects/form-remote", token=admin, expect="status")
