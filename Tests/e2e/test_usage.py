"""Usage and cost from the outside: a Claude Code stand-in writes its real transcript (each response streamed as two
lines) and calls the real `orchestrator hook claude`; the project's usage rises within a second of each turn, by
agent, model and day, as JSON, CSV, `orchestrator usage` and Prometheus counters; a server restart neither loses nor
double-counts; a transcript the agent names outside the Claude folders, or another session's, is never read. A budget
of $0.50 with the stand-in spending $0.10 a turn: the alert at 80 %, the pause at 100 % with its reason, no message
delivered to the paused agent, and after the budget is raised and the project resumed, the message arrives; the
manager's webhook channel (a local receiver standing in for their endpoint) is told at 80 % and at 100 %."""
import json
import os
import subprocess
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api import AGENTS, call, create_project, eventually, login, send, status
from conftest import BINARY, free_port, stop_workspace_server, workspace_server

FAKE_CLAUDE = os.path.join(AGENTS, "fake-claude/claude")
PRICES = json.load(open(os.path.join(os.path.dirname(AGENTS), "..", "..", "Resources", "model-prices.json")))["models"]


def usage(server, token, project, by="model", **query):
    suffix = "".join(f"&{key}={value}" for key, value in query.items())
    return call(server, "GET", f"/api/v1/projects/{project}/usage?by={by}{suffix}", token=token)


def events(server, token, project, kind):
    found = call(server, "GET", f"/api/v1/projects/{project}/events?limit=500", token=token)
    items = found["events"] if isinstance(found, dict) else found
    return [item["data"] if isinstance(item["data"], dict) else json.loads(item["data"]) for item in items if item["type"] == kind]


def field_names(answer):
    return [item["field"] for item in answer.get("error", {}).get("details", {}).get("fields", [])]


def cost_of(model, input_tokens, output_tokens):
    price = PRICES[model]
    return (input_tokens * price["input"] + output_tokens * price["output"]) / 1_000_000


def turn(server, token, project, text):
    """Sends a message and waits until the stand-in finished that turn (its Stop hook ran)."""
    before = usage(server, token, project)["total"]["entries"]
    send(server, token, project, text)
    assert eventually(lambda: usage(server, token, project)["total"]["entries"] > before, 30), f"the turn '{text}' was counted"


class WebhookReceiverStandIn:
    """Stands in for a manager's webhook endpoint: records each JSON body posted to it."""

    def __init__(self):
        self.bodies = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                receiver.bodies.append(json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}"))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.url = f"http://127.0.0.1:{free_port()}/hook"
        self.http = ThreadingHTTPServer(("127.0.0.1", int(self.url.split(":")[2].split("/")[0])), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def setup():
    receiver = WebhookReceiverStandIn()
    server = workspace_server("orc-e2e-usage-", home=True, ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
    try:
        admin = login(server)
        for name, role in [("mona", "manager"), ("vera", "viewer")]:
            call(server, "POST", "/api/v1/users", {"username": name, "password": f"{name}-pass-1", "role": role}, admin)
        mona = login(server, "mona", "mona-pass-1")
        call(server, "POST", "/api/v1/notifications/channels", {"kind": "webhook", "name": "budget", "url": receiver.url}, mona)
        yield {"server": server, "admin": admin, "mona": mona, "vera": login(server, "vera", "vera-pass-1"), "receiver": receiver}
    finally:
        stop_workspace_server(server)
        receiver.http.shutdown()


def test_bad_requests_are_refused_by_field(setup):
    server, admin, mona, vera = setup["server"], setup["admin"], setup["mona"], setup["vera"]
    create_project(server, admin, "checked", "bash")
    for query, field in [("by=colour", "by"), ("since=yesterday", "since"), ("until=2026-13-40", "until"),
                         ("since=2026-12-02&until=2026-12-01", "until")]:
        code, answer = call(server, "GET", f"/api/v1/projects/checked/usage?{query}", token=vera, expect="status")
        assert code == 422 and field in field_names(answer), (query, code, answer)
    code, _ = call(server, "GET", "/api/v1/projects/nowhere/usage", token=vera, expect="status")
    assert code == 404
    for body, field in [({"total_dollars": -1}, "total_dollars"), ({"daily_dollars": 0}, "daily_dollars"),
                        ({"total_tokens": 0}, "total_tokens"), ({"on_exceed": "pause"}, "budget"),
                        ({"total_dollars": 5, "on_exceed": "explode"}, "on_exceed"), ({"total_dollars": 1e12}, "total_dollars")]:
        code, answer = call(server, "PUT", "/api/v1/projects/checked/budget", body, mona, expect="status")
        assert code == 422 and field in field_names(answer), (body, code, answer)
    code, answer = call(server, "PUT", "/api/v1/projects/checked/budget", {"total_dollars": "lots"}, mona, expect="status")
    assert code in (400, 422), answer
    code, _ = call(server, "PUT", "/api/v1/projects/checked/budget", {"total_dollars": 5}, vera, expect="status")
    assert code == 403, "viewers do not set budgets"
    assert call(server, "GET", "/api/v1/projects/checked/budget", token=vera)["total_dollars"] is None, "nothing was half-written"
    empty = usage(server, vera, "checked")
    assert empty["rows"] == [] and empty["total"]["total_tokens"] == 0 and empty["total"]["cost_dollars"] is None, empty
    assert empty["prices"]["source"].startswith("litellm") and empty["prices"]["date"], empty["prices"]


def test_claude_usage_rises_with_each_turn_and_survives_a_restart(setup):
    server, admin = setup["server"], setup["admin"]
    project = create_project(server, admin, "spender", FAKE_CLAUDE)
    worktree = project["agents"][0]["worktree_path"]
    assert eventually(lambda: status(server, admin, "spender")["status"] == "idle", 30)
    # The briefing was a turn: one response of 1,000 + 100 Sonnet tokens, written twice, counted once.
    assert eventually(lambda: usage(server, admin, "spender")["total"]["entries"] == 1, 15), usage(server, admin, "spender")
    first = usage(server, admin, "spender")
    assert first["rows"][0]["key"] == "claude-sonnet-4-5-20250929" and first["rows"][0]["input_tokens"] == 1000, first

    started = time.time()
    send(server, admin, "spender", "spend 50000 10000")
    assert eventually(lambda: usage(server, admin, "spender")["total"]["entries"] == 2, 30)
    waited = time.time() - started
    by_model = {row["key"]: row for row in usage(server, admin, "spender")["rows"]}
    haiku = by_model["claude-haiku-4-5-20251001"]
    assert (haiku["input_tokens"], haiku["output_tokens"], haiku["entries"]) == (50000, 10000, 1), haiku
    assert haiku["cost_dollars"] == pytest.approx(cost_of("claude-haiku-4-5-20251001", 50000, 10000)) == pytest.approx(0.10)
    sonnet = by_model["claude-sonnet-4-5-20250929"]
    assert (sonnet["input_tokens"], sonnet["output_tokens"], sonnet["entries"]) == (1000, 100, 1), "the briefing's turn"
    total = usage(server, admin, "spender")["total"]
    assert total["cost_dollars"] == pytest.approx(0.10 + cost_of("claude-sonnet-4-5-20250929", 1000, 100)), total
    assert waited < 15, waited

    by_agent = usage(server, admin, "spender", by="agent")
    assert [row["key"] for row in by_agent["rows"]] == ["developer"] and by_agent["total"] == total
    today = time.strftime("%Y-%m-%d", time.gmtime())
    assert [row["key"] for row in usage(server, admin, "spender", by="day")["rows"]] == [today]
    assert usage(server, admin, "spender", since="2000-01-01", until="2000-01-02")["rows"] == []
    everything = call(server, "GET", "/api/v1/usage?by=project", token=setup["vera"])
    assert {row["key"]: row["total_tokens"] for row in everything["rows"]}["spender"] == total["total_tokens"]

    request = urllib.request.Request(f"{server.base}/api/v1/projects/spender/usage?by=model",
                                     headers={"Authorization": f"Bearer {admin}", "Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.headers["Content-Type"].startswith("text/csv")
        lines = answer.read().decode().splitlines()
    assert lines[0].startswith("key,input_tokens,output_tokens") and lines[-1].startswith("total,") and len(lines) == 4, lines

    printed = subprocess.run([BINARY, "usage", "--project", "spender", "--url", server.base, "--token", admin],
                             capture_output=True, text=True, timeout=30)
    assert printed.returncode == 0 and "developer" in printed.stdout and "$0.1" in printed.stdout, printed
    printed = subprocess.run([BINARY, "usage", "--by", "model", "--json", "--url", server.base, "--token", admin],
                             capture_output=True, text=True, timeout=30)
    assert printed.returncode == 0 and json.loads(printed.stdout)["by"] == "model", printed

    with urllib.request.urlopen(server.base + "/metrics", timeout=10) as answer:
        metrics = answer.read().decode()
    assert 'orchestrator_tokens_total{project="spender",agent="developer",model="claude-haiku-4-5-20251001",kind="input"} 50000' in metrics
    assert 'orchestrator_cost_dollars_total{project="spender",agent="developer",model="claude-haiku-4-5-20251001"} 0.100000' in metrics

    # Ask-AI answers from the same figures.
    asked = call(server, "POST", "/api/v2/monitoring/ask-ai", {"question": "What did project spender cost this week?"}, admin)
    assert asked["answer"].startswith("spender cost $0.10 in the last 7 days"), asked
    assert float(asked["supporting_data"]["cost_spender"]) == pytest.approx(total["cost_dollars"], abs=1e-4), asked

    dashboard = call(server, "GET", "/api/v2/monitoring/intelligent-dashboard", token=admin)
    spender = next(item for item in dashboard["active_projects"] if item["project_id"] == "spender")
    assert spender["cost_total"] == pytest.approx(total["cost_dollars"], abs=1e-6) and spender["tokens_total"] == total["total_tokens"], spender

    # A restart: nothing lost, nothing counted twice (the offsets are stored), and the next turn still counts.
    server.process.terminate()
    server.process.wait(timeout=20)
    server.restart()
    admin = login(server)
    setup["admin"] = admin
    time.sleep(2.5)
    assert usage(server, admin, "spender")["total"] == total
    turn(server, admin, "spender", "spend 100 10")
    after = usage(server, admin, "spender")["total"]
    assert after["entries"] == total["entries"] + 1 and after["input_tokens"] == total["input_tokens"] + 100, (total, after)

    # The transcript was the stand-in's own, under its HOME's .claude, and ran in its worktree.
    sources = [line for line in open(os.path.join(server.data, "server.log")) if "usage:" in line]
    assert not any("outside the Claude folders" in line for line in sources), sources


def test_transcripts_not_the_agents_own_are_never_read(setup):
    server, admin = setup["server"], setup["admin"]
    create_project(server, admin, "nosy", "bash")
    hook = "/api/v1/projects/nosy/agents/developer/hooks?kind=claude"
    # Outside the Claude folders; a directory; a symlink from inside pointing out; another agent's session.
    folder = os.path.join(server.home, ".claude", "projects", "x")
    os.makedirs(folder, exist_ok=True)
    outside = os.path.join(server.workspace, "fake.jsonl")
    line = {"type": "assistant", "cwd": "/", "requestId": "r1",
            "message": {"id": "m1", "model": "claude-sonnet-4-5-20250929", "usage": {"input_tokens": 10 ** 9, "output_tokens": 1}}}
    with open(outside, "w") as file:
        file.write(json.dumps(line) + "\n")
    os.symlink(outside, os.path.join(folder, "link.jsonl"))
    foreign = os.path.join(folder, "foreign.jsonl")
    with open(foreign, "w") as file:
        file.write(json.dumps(line) + "\n")
    for path in [outside, folder, os.path.join(folder, "link.jsonl"), foreign, "/etc/passwd", "relative.jsonl", "/nonexistent/a.jsonl"]:
        code, _ = call(server, "POST", hook, {"hook_event_name": "Stop", "session_id": "s", "transcript_path": path}, admin, expect="status")
        assert code == 200, path
    time.sleep(2)
    assert usage(server, admin, "nosy")["total"]["entries"] == 0

    # The agent's own transcript is read; swapped for a link afterwards (to a bigger file), it is read no further.
    worktree = call(server, "GET", "/api/v1/projects/nosy/agents/developer/status", token=admin)["worktree_path"]
    own = os.path.join(folder, "own.jsonl")
    mine = {**line, "cwd": worktree, "message": {**line["message"], "usage": {"input_tokens": 10, "output_tokens": 1}}}
    with open(own, "w") as file:
        file.write(json.dumps(mine) + "\n")
    call(server, "POST", hook, {"hook_event_name": "Stop", "session_id": "s", "transcript_path": own}, admin)
    assert eventually(lambda: usage(server, admin, "nosy")["total"]["input_tokens"] == 10, 10)
    bigger = os.path.join(server.workspace, "bigger.jsonl")
    with open(bigger, "w") as file:
        file.write(json.dumps(mine) + "\n" + json.dumps({**line, "cwd": worktree, "requestId": "r2"}) + "\n")
    os.remove(own)
    os.symlink(bigger, own)
    call(server, "POST", hook, {"hook_event_name": "Stop", "session_id": "s", "transcript_path": own}, admin)
    time.sleep(2.5)
    assert usage(server, admin, "nosy")["total"]["input_tokens"] == 10


def test_a_budget_alerts_at_80_percent_and_pauses_at_100(setup):
    server, admin, mona = setup["server"], setup["admin"], setup["mona"]
    create_project(server, admin, "budgeted", FAKE_CLAUDE)
    assert eventually(lambda: status(server, admin, "budgeted")["status"] == "idle", 30)
    assert eventually(lambda: usage(server, admin, "budgeted")["total"]["entries"] == 1, 15)
    briefing = usage(server, admin, "budgeted")["total"]["cost_dollars"]
    budget = call(server, "PUT", "/api/v1/projects/budgeted/budget", {"total_dollars": 0.5, "on_exceed": "pause"}, mona)
    assert budget["total_dollars"] == 0.5 and budget["state"] == "ok" and budget["updated_by"] == "mona", budget

    for spent in range(1, 6):
        turn(server, admin, "budgeted", "spend 50000 10000")
        cost = usage(server, admin, "budgeted")["total"]["cost_dollars"]
        assert cost == pytest.approx(briefing + 0.10 * spent), cost
        alerts = events(server, admin, "budgeted", "budget_alert")
        if cost < 0.4:
            assert alerts == [], (cost, alerts)
        elif cost < 0.5:
            assert eventually(lambda: [a["percent"] for a in events(server, admin, "budgeted", "budget_alert")] == [80], 5), (cost, alerts)
        else:
            break
    assert eventually(lambda: call(server, "GET", "/api/v1/projects/budgeted", token=admin)["status"] == "paused", 15)
    alerts = events(server, admin, "budgeted", "budget_alert")
    assert [(a["percent"], a["action"]) for a in alerts] == [(80, "alert"), (100, "pause")], alerts
    assert "reached its total budget" in alerts[-1]["message"], alerts
    assert status(server, admin, "budgeted")["status_reason"] == "budget reached"
    standing = call(server, "GET", "/api/v1/projects/budgeted/budget", token=setup["vera"])
    assert standing["state"] == "exceeded" and standing["limits"][0]["percent"] >= 100, standing
    assert any("budget" in item["message"] for item in events(server, admin, "budgeted", "system_alert"))
    told = lambda: [body for body in setup["receiver"].bodies if body.get("event") == "budget" and body.get("project_id") == "budgeted"]
    assert eventually(lambda: len(told()) == 2, 15), setup["receiver"].bodies
    assert "80 %" in told()[0]["title"] and "reached" in told()[1]["title"], told()

    # Paused: a message waits, and is not delivered.
    queued = send(server, admin, "budgeted", "after the pause")
    time.sleep(3)
    messages = call(server, "GET", "/api/v1/projects/budgeted/messages?limit=50", token=admin)
    assert next(item for item in messages if item["id"] == queued["id"])["status"] != "delivered"

    # Raised and resumed: it goes.
    raised = call(server, "PUT", "/api/v1/projects/budgeted/budget", {"total_dollars": 5, "on_exceed": "pause"}, mona)
    assert raised["state"] == "ok", raised
    call(server, "POST", "/api/v1/projects/budgeted/resume", {}, mona)
    assert eventually(lambda: next(item for item in call(server, "GET", "/api/v1/projects/budgeted/messages?limit=50", token=admin)
                                   if item["id"] == queued["id"])["status"] == "delivered", 40)

    # A limit reached again while the project runs pauses it again; resumed without raising it, the next usage pauses
    # it once more (the budget keeps acting, not only the first time).
    project = lambda: call(server, "GET", "/api/v1/projects/budgeted", token=admin)
    spent = usage(server, admin, "budgeted")["total"]["cost_dollars"]
    call(server, "PUT", "/api/v1/projects/budgeted/budget", {"total_dollars": round(spent + 0.05, 4), "on_exceed": "pause"}, mona)
    turn(server, admin, "budgeted", "spend 50000 10000")
    assert eventually(lambda: project()["status"] == "paused", 15), project()
    call(server, "POST", "/api/v1/projects/budgeted/resume", {}, mona)
    assert eventually(lambda: project()["status"] == "running", 15)
    turn(server, admin, "budgeted", "spend 50000 10000")
    assert eventually(lambda: project()["status"] == "paused", 15), "resumed without raising the budget, the next usage pauses it"
    assert status(server, admin, "budgeted")["status_reason"] == "budget reached"

    # "alert" only: reaching the limit is told, and nothing is paused.
    call(server, "PUT", "/api/v1/projects/budgeted/budget", {"total_tokens": 1000, "on_exceed": "alert"}, mona)
    call(server, "POST", "/api/v1/projects/budgeted/resume", {}, mona)
    assert eventually(lambda: project()["status"] == "running", 15)
    turn(server, admin, "budgeted", "spend 500 100")
    assert eventually(lambda: [(a["limit"], a["percent"], a["action"]) for a in events(server, admin, "budgeted", "budget_alert")][-1:]
                      == [("total_tokens", 100, "alert")], 15), events(server, admin, "budgeted", "budget_alert")
    time.sleep(2)
    assert project()["status"] == "running", "an alert-only budget never pauses"

    code, _ = call(server, "DELETE", "/api/v1/projects/budgeted/budget", token=mona, expect="status")
    assert code == 204
    assert call(server, "GET", "/api/v1/projects/budgeted/budget", token=admin)["total_dollars"] is None


FAKE_CODEX = os.path.join(AGENTS, "fake-codex-usage/codex")
FAKE_AIDER = os.path.join(AGENTS, "fake-aider-usage/aider")


def test_codex_usage_is_read_from_its_rollout_after_each_turn(setup):
    server, admin = setup["server"], setup["admin"]
    create_project(server, admin, "codexed", FAKE_CODEX)
    # The briefing turn: 1,000 input and 100 output tokens, its token_count sent twice, counted once.
    assert eventually(lambda: usage(server, admin, "codexed")["total"]["entries"] == 1, 40), usage(server, admin, "codexed")
    turn(server, admin, "codexed", "spend 30000 20000 500")
    row = {item["key"]: item for item in usage(server, admin, "codexed")["rows"]}["gpt-5-codex"]
    # Fresh input is input minus its cached part; the cached part is a cache read.
    assert (row["input_tokens"], row["cache_read_input_tokens"], row["output_tokens"], row["entries"]) == (1000 + 10000, 20000, 600, 2), row
    price = PRICES["gpt-5-codex"]
    expected = (11000 * price["input"] + 20000 * price["cache_read"] + 600 * price["output"]) / 1_000_000
    assert row["cost_dollars"] == pytest.approx(expected), row


def test_aider_usage_is_read_from_its_own_report_on_screen(setup):
    server, admin = setup["server"], setup["admin"]
    create_project(server, admin, "aidered", FAKE_AIDER)
    assert eventually(lambda: usage(server, admin, "aidered")["total"]["entries"] == 1, 40), usage(server, admin, "aidered")
    turn(server, admin, "aidered", "spend 24000 1500 0.25")
    time.sleep(2)  # the same reports stay on screen: looked at again, still counted once
    total = usage(server, admin, "aidered")["total"]
    assert (total["input_tokens"], total["output_tokens"], total["entries"]) == (1000 + 24000, 100 + 1500, 2), total
    assert total["cost_dollars"] == pytest.approx(0.26), "aider's own stated costs"
    assert [row["key"] for row in usage(server, admin, "aidered")["rows"]] == ["claude-sonnet-4-5-20250929"]


def test_gemini_usage_is_read_from_the_recording_its_hooks_name(setup):
    """A Gemini CLI chat recording (the fixture, written from the public format) placed where the agent's Gemini CLI
    writes it, with its project hash made for the agent's worktree, named by a hook: counted once per message."""
    import hashlib
    import shutil

    server, admin = setup["server"], setup["admin"]
    worktree = create_project(server, admin, "geminied", "bash")["agents"][0]["worktree_path"]
    chats = os.path.join(server.home, ".gemini", "tmp", "geminied", "chats")
    os.makedirs(chats)
    fixture = os.path.join(os.path.dirname(AGENTS), "usage", "gemini", "session-2026-12-01T10-00-3f2a9c1e.jsonl")
    recording = os.path.join(chats, os.path.basename(fixture))
    text = open(fixture, encoding="utf-8").read()
    hashes = (hashlib.sha256(b"/home/dev/shop-api").hexdigest(), hashlib.sha256(worktree.encode()).hexdigest())
    with open(recording, "w", encoding="utf-8") as file:
        file.write(text.replace(*hashes))
    hook = "/api/v1/projects/geminied/agents/developer/hooks?kind=gemini"
    call(server, "POST", hook, {"hook_event_name": "AfterAgent", "session_id": "3f2a9c1e-7b1d-4c55-9a0e-2d6f0c1b8e77",
                                "transcript_path": recording, "cwd": worktree}, admin)
    assert eventually(lambda: usage(server, admin, "geminied")["total"]["entries"] == 3, 10), usage(server, admin, "geminied")
    rows = {row["key"]: row for row in usage(server, admin, "geminied")["rows"]}
    pro = rows["gemini-2.5-pro"]
    assert (pro["input_tokens"], pro["output_tokens"], pro["cache_read_input_tokens"]) == (3670, 601, 21800), pro
    # The same file copied where another project's recording would be is not this agent's (its hash is the fixture's own).
    shutil.copy(fixture, os.path.join(chats, "session-other.jsonl"))
    call(server, "POST", hook, {"hook_event_name": "AfterAgent", "session_id": "x", "transcript_path": os.path.join(chats, "session-other.jsonl")}, admin)
    time.sleep(1.5)
    assert usage(server, admin, "geminied")["total"]["entries"] == 3
