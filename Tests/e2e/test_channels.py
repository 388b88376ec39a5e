"""Chat and webhook channels from the outside: each user adds their own channels (a signed webhook, Slack, Discord,
ntfy, Telegram) and a loopback stand-in (named as such: one HTTP server playing every receiver, one path each,
Telegram's Bot API included through ORCHESTRATOR_TELEGRAM_API_URL) records what the server sends. Bad channels are
refused with the field named, a user sees and removes only their own, secrets are shown once; a test message, an
agent waiting for a person and an agent that fails reach every channel in that channel's own format; a receiver
answering 500 is tried again, a redirect is not followed, and every attempt is listed."""
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api import call, create_project, eventually, login
from conftest import free_port, stop_workspace_server, workspace_server

QUESTION = "Deploy now? (y/n)"
BOT_TOKEN = "123:abc-e2e-bot-token"
NTFY_TOKEN = "tk_e2e-ntfy-access-token"


class ChannelReceiverStandIn:
    """Stands in for every receiver a channel posts to (a webhook endpoint, Slack's and Discord's incoming webhooks,
    an ntfy topic, Telegram's Bot API): records each request (method, path, lower-cased headers, raw body) and answers
    from a per-path script (statuses in turn), then with the path's fixed answer, else as that receiver would."""

    def __init__(self):
        self.received = []
        self.script = {}  # path -> list of statuses to answer in turn
        self.fixed = {}  # path -> (status, headers) answered every time
        self.lock = threading.Lock()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def handle_any(self):
                with stand_in.lock:
                    stand_in.received.append({"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                              "body": self.read_body(), "at": time.time()})
                    queue = stand_in.script.get(self.path, [])
                    status, headers = (queue.pop(0), {}) if queue else stand_in.fixed.get(self.path, (None, {}))
                if status is None:
                    status, headers, body = stand_in.usual_answer(self.path)
                else:
                    body = b""
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def read_body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    body = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            self.rfile.readline()
                            return body
                        body += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length", 0)))

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def usual_answer(path):
        if path.startswith("/bot"):
            return 200, {"Content-Type": "application/json"}, b'{"ok":true,"result":{"message_id":1}}'
        if path.startswith("/discord/"):
            return 204, {}, b""
        if path.startswith("/ntfy/"):
            return 200, {"Content-Type": "application/json"}, b'{"id":"e2e","event":"message"}'
        return 200, {"Content-Type": "text/plain"}, b"ok"

    def url(self, path):
        return self.base + path

    def to(self, path):
        with self.lock:
            return [item for item in self.received if item["path"] == path]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def body_json(record):
    return json.loads(record["body"])


def parsed(record):
    """The record's JSON object body, or {} when it is not one (for picking messages out; checks use `body_json`)."""
    try:
        value = json.loads(record["body"])
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def check_signature(record, secret):
    """The webhook's `X-Orchestrator-Signature` is the HMAC-SHA256 of the raw body with the channel's secret."""
    expected = "sha256=" + hmac.new(secret.encode(), record["body"], hashlib.sha256).hexdigest()
    got = record["headers"].get("x-orchestrator-signature", "")
    assert hmac.compare_digest(got, expected), (got, expected)


def is_json(record):
    return record["method"] == "POST" and record["headers"].get("content-type", "").startswith("application/json")


def field_names(answer):
    return [item["field"] for item in answer.get("error", {}).get("details", {}).get("fields", [])]


# Where each channel of the module's setup posts, by name.
PATHS = {"admin-hook": "/hook/admin", "admin-slack": "/slack/admin", "admin-discord": "/discord/admin", "mona-ntfy": "/ntfy/mona-topic",
         "mona-telegram": f"/bot{BOT_TOKEN}/sendMessage", "vera-flaky": "/hook/vera-flaky", "vera-ntfy": "/ntfy/vera-open",
         "rita-redirect": "/hook/rita-redirect"}
REDIRECTED = "/hook/redirected"


@pytest.fixture(scope="module")
def setup():
    stand_in = ChannelReceiverStandIn()
    server = None
    try:
        server = workspace_server("orc-e2e-channels-", ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1", ORCHESTRATOR_TELEGRAM_API_URL=stand_in.base)
        admin = login(server)
        tokens = {"admin": admin}
        for name, role in [("mona", "manager"), ("vera", "viewer"), ("rita", "viewer"), ("lena", "viewer")]:
            call(server, "POST", "/api/v1/users", {"username": name, "password": f"{name}-pass-1", "role": role}, admin)
            tokens[name] = login(server, name, f"{name}-pass-1")
        stand_in.fixed[PATHS["rita-redirect"]] = (302, {"Location": stand_in.url(REDIRECTED)})
        bodies = {
            "admin-hook": ("admin", {"kind": "webhook", "name": "ops", "url": stand_in.url(PATHS["admin-hook"])}),
            "admin-slack": ("admin", {"kind": "slack", "name": "team chat", "url": stand_in.url(PATHS["admin-slack"])}),
            "admin-discord": ("admin", {"kind": "discord", "name": "guild", "url": stand_in.url(PATHS["admin-discord"])}),
            "mona-ntfy": ("mona", {"kind": "ntfy", "name": "phone", "url": stand_in.url(PATHS["mona-ntfy"]), "token": NTFY_TOKEN}),
            "mona-telegram": ("mona", {"kind": "telegram", "name": "tg", "bot_token": BOT_TOKEN, "chat_id": "42"}),
            "vera-flaky": ("vera", {"kind": "webhook", "name": "flaky", "url": stand_in.url(PATHS["vera-flaky"])}),
            "vera-ntfy": ("vera", {"kind": "ntfy", "name": "open topic", "url": stand_in.url(PATHS["vera-ntfy"])}),
            "rita-redirect": ("rita", {"kind": "webhook", "name": "moved", "url": stand_in.url(PATHS["rita-redirect"])}),
        }
        created = {}
        for key, (user, body) in bodies.items():
            status, answer = call(server, "POST", "/api/v1/notifications/channels", body, tokens[user], expect="status")
            assert status == 201, (key, body, status, answer)
            created[key] = answer
        yield {"server": server, "stand_in": stand_in, "tokens": tokens, "created": created, "bodies": bodies}
    finally:
        if server is not None:
            stop_workspace_server(server)
        stand_in.stop()


def test_channels_are_checked_kept_to_their_owner_and_keep_their_secrets(setup):
    server, stand_in, tokens, created = setup["server"], setup["stand_in"], setup["tokens"], setup["created"]
    admin, vera, lena = tokens["admin"], tokens["vera"], tokens["lena"]
    port = stand_in.port

    # The creation answer: what was made, and (for a webhook) its signing secret, this once.
    for key, (user, body) in setup["bodies"].items():
        answer = created[key]
        assert {"id", "kind", "name", "target", "created_at"} <= set(answer), (key, answer)
        assert answer["kind"] == body["kind"] and answer["name"] == body["name"], (key, answer)
        expected_target = "telegram chat 42" if body["kind"] == "telegram" else f"127.0.0.1:{port}"
        assert answer["target"] == expected_target, (key, answer)
    secrets = [created[key]["secret"] for key in ["admin-hook", "vera-flaky", "rita-redirect"]]
    assert all(isinstance(secret, str) and len(secret) >= 16 for secret in secrets) and len(set(secrets)) == 3, secrets

    # Bad channels are refused with the field named, and nothing is stored.
    hook = stand_in.url("/hook/never")
    for bad, field in [({"kind": "pager", "name": "x", "url": hook}, "kind"),
                       ({"kind": "webhook", "name": "x"}, "url"),
                       ({"kind": "discord", "name": "x"}, "url"),
                       ({"kind": "webhook", "name": "x", "url": "not a url"}, "url"),
                       ({"kind": "slack", "name": "x", "url": f"ftp://127.0.0.1:{port}/x"}, "url"),
                       ({"kind": "webhook", "name": "x", "url": "http://10.1.2.3/x"}, "url"),
                       ({"kind": "ntfy", "name": "x", "url": "http://10.1.2.3/topic"}, "url"),
                       ({"kind": "webhook", "name": "x", "url": f"http://localhost:{port}/x"}, "url"),
                       ({"kind": "telegram", "name": "x", "chat_id": "42"}, "bot_token")]:
        status, answer = call(server, "POST", "/api/v1/notifications/channels", bad, admin, expect="status")
        assert status == 422 and field in field_names(answer), (bad, field, status, answer)
    assert not stand_in.to("/hook/never")

    # Each user lists only their own channels, and no list shows a secret, an access token or a bot token again.
    mine = {"admin": ["admin-hook", "admin-slack", "admin-discord"], "mona": ["mona-ntfy", "mona-telegram"],
            "vera": ["vera-flaky", "vera-ntfy"], "rita": ["rita-redirect"], "lena": []}
    for user, keys in mine.items():
        listed = call(server, "GET", "/api/v1/notifications/channels", token=tokens[user])
        assert sorted(item["id"] for item in listed) == sorted(created[key]["id"] for key in keys), (user, listed)
        text = json.dumps(listed)
        for item in listed:
            assert not {"secret", "token", "bot_token"} & set(item), item
            assert item["target"] in (f"127.0.0.1:{port}", "telegram chat 42"), item
        for secret in secrets + [NTFY_TOKEN, BOT_TOKEN, BOT_TOKEN.split(":")[1]]:
            assert secret not in text, (user, secret, text)
    status, _ = call(server, "GET", "/api/v1/notifications/channels", expect="status")
    assert status == 401

    # Someone else's channel cannot be removed.
    status, answer = call(server, "DELETE", f"/api/v1/notifications/channels/{created['admin-hook']['id']}", token=vera, expect="status")
    assert status == 404, answer
    assert created["admin-hook"]["id"] in [item["id"] for item in call(server, "GET", "/api/v1/notifications/channels", token=admin)]

    # At most 20 channels a user; removing one makes room, and removed ones are gone.
    made = []
    try:
        for number in range(20):
            status, answer = call(server, "POST", "/api/v1/notifications/channels",
                                  {"kind": "webhook", "name": f"spare {number}", "url": stand_in.url(f"/spare/{number}")}, lena, expect="status")
            assert status == 201, (number, answer)
            made.append(answer["id"])
        status, answer = call(server, "POST", "/api/v1/notifications/channels",
                              {"kind": "webhook", "name": "one too many", "url": stand_in.url("/spare/21")}, lena, expect="status")
        assert status == 409, answer
        assert len(call(server, "GET", "/api/v1/notifications/channels", token=lena)) == 20
        # Someone else's limit is their own.
        status, answer = call(server, "POST", "/api/v1/notifications/channels",
                              {"kind": "webhook", "name": "vera's own", "url": stand_in.url("/spare/vera")}, vera, expect="status")
        assert status == 201, answer
        status, _ = call(server, "DELETE", f"/api/v1/notifications/channels/{answer['id']}", token=vera, expect="status")
        assert status == 204
    finally:
        for channel_id in made:
            status, _ = call(server, "DELETE", f"/api/v1/notifications/channels/{channel_id}", token=lena, expect="status")
            assert status == 204, channel_id
    assert call(server, "GET", "/api/v1/notifications/channels", token=lena) == []
    status, _ = call(server, "DELETE", f"/api/v1/notifications/channels/{made[0]}", token=lena, expect="status")
    assert status == 404, "a removed channel is gone"


def test_a_test_message_reaches_each_kind_in_its_own_format(setup):
    server, stand_in, tokens, created = setup["server"], setup["stand_in"], setup["tokens"], setup["created"]
    owner = {key: setup["bodies"][key][0] for key in created}

    def send_test(key):
        status, answer = call(server, "POST", f"/api/v1/notifications/channels/{created[key]['id']}/test", token=tokens[owner[key]], expect="status")
        assert status == 200 and isinstance(answer.get("detail"), str), (key, status, answer)
        return answer

    for key in ["admin-hook", "admin-slack", "admin-discord", "mona-ntfy", "mona-telegram", "vera-flaky", "vera-ntfy"]:
        answer = send_test(key)
        assert answer["outcome"] == "delivered", (key, answer, [(item["method"], item["path"]) for item in stand_in.received])
        assert eventually(lambda: stand_in.to(PATHS[key]), 5), key

    # Webhook: signed JSON with the event named in a header too.
    for key in ["admin-hook", "vera-flaky"]:
        record = stand_in.to(PATHS[key])[-1]
        assert is_json(record), record
        check_signature(record, created[key]["secret"])
        assert record["headers"].get("x-orchestrator-event") == "test", record["headers"]
        message = body_json(record)
        assert {"event", "title", "body", "timestamp"} <= set(message), message
        assert message["event"] == "test" and message["title"] and message["timestamp"], message
    with pytest.raises(AssertionError):  # the other webhook's secret does not sign it
        check_signature(stand_in.to(PATHS["admin-hook"])[-1], created["vera-flaky"]["secret"])

    slack = stand_in.to(PATHS["admin-slack"])[-1]
    assert is_json(slack) and isinstance(body_json(slack).get("text"), str) and body_json(slack)["text"].strip(), slack

    discord = stand_in.to(PATHS["admin-discord"])[-1]
    content = body_json(discord)
    assert is_json(discord) and content.get("username") == "Tmux Orchestrator" and 0 < len(content.get("content", "")) <= 2000, content

    ntfy = stand_in.to(PATHS["mona-ntfy"])[-1]
    assert ntfy["method"] == "POST" and ntfy["body"].strip(), ntfy
    headers = ntfy["headers"]
    assert headers.get("title") and headers.get("priority") == "default" and headers.get("tags") == "robot", headers
    assert headers.get("authorization") == f"Bearer {NTFY_TOKEN}", headers
    open_topic = stand_in.to(PATHS["vera-ntfy"])[-1]["headers"]
    assert "authorization" not in open_topic and open_topic.get("priority") == "default", open_topic

    telegram = stand_in.to(PATHS["mona-telegram"])[-1]
    sent = body_json(telegram)
    assert is_json(telegram) and sent.get("chat_id") == "42" and sent.get("disable_web_page_preview") is True and sent.get("text"), sent

    # A redirect is not followed: the delivery fails and the place it points to hears nothing.
    answer = send_test("rita-redirect")
    assert answer["outcome"] == "failed", answer
    assert stand_in.to(PATHS["rita-redirect"]), "the channel's own URL was called"
    time.sleep(2)
    assert not stand_in.to(REDIRECTED), [(item["method"], item["path"]) for item in stand_in.to(REDIRECTED)]

    # Each test shows among its owner's attempts.
    for user, kinds in [("admin", {"webhook", "slack", "discord"}), ("mona", {"ntfy", "telegram"}), ("vera", {"webhook", "ntfy"})]:
        attempts = call(server, "GET", "/api/v1/notifications/attempts", token=tokens[user])
        seen = {item["channel"] for item in attempts if item["event"] == "test" and item["outcome"] == "delivered"}
        assert kinds <= seen, (user, attempts)
    attempts = call(server, "GET", "/api/v1/notifications/attempts", token=tokens["rita"])
    assert [item for item in attempts if item["channel"] == "webhook" and item["event"] == "test" and item["outcome"] == "failed"], attempts


def test_a_waiting_agent_and_a_failing_one_reach_every_channel(setup):
    server, stand_in, tokens, created = setup["server"], setup["stand_in"], setup["tokens"], setup["created"]
    admin = tokens["admin"]
    page = "/projects/asks/agents/developer"
    stand_in.script[PATHS["vera-flaky"]] = [500]  # the first try fails, the second is taken

    def asked(record):
        """The record's message if it is about the question (parsed by the kind that posts to its path)."""
        path = record["path"]
        if path.startswith("/hook/"):
            message = parsed(record)
            return message if message.get("event") == "agent_waiting" else None
        if path.startswith("/ntfy/"):
            return record if QUESTION in record["body"].decode(errors="replace") else None
        message = parsed(record)
        text = message.get("text") or message.get("content") or ""
        return message if QUESTION in text else None

    def about_question(key):
        return [item for item in stand_in.to(PATHS[key]) if asked(item)]

    everyone = [key for key in PATHS if key != "rita-redirect"]
    create_project(server, admin, "asks", "bash -c 'read -p \"Deploy now? (y/n) \" a; sleep 100000'")
    assert eventually(lambda: all(about_question(key) for key in everyone) and len(about_question("vera-flaky")) >= 2, 60), \
        {key: len(about_question(key)) for key in everyone}
    time.sleep(3)
    counts = {key: len(about_question(key)) for key in everyone}
    assert counts == {**{key: 1 for key in everyone}, "vera-flaky": 2}, counts

    # The webhook: signed, and the question with its answers.
    record = about_question("admin-hook")[0]
    check_signature(record, created["admin-hook"]["secret"])
    assert record["headers"].get("x-orchestrator-event") == "agent_waiting", record["headers"]
    message = body_json(record)
    assert {"event", "title", "body", "url", "project_id", "agent_id", "question", "options", "timestamp"} <= set(message), message
    assert message["project_id"] == "asks" and message["agent_id"] == "developer" and QUESTION in message["question"], message
    assert message["url"].endswith(page) and message["title"] and message["timestamp"], message
    assert [option.lower()[:1] for option in message["options"]] == ["y", "n"], message["options"]
    title = message["title"]
    for retried in about_question("vera-flaky"):
        check_signature(retried, created["vera-flaky"]["secret"])
        assert body_json(retried)["project_id"] == "asks"

    text = body_json(about_question("admin-slack")[0])["text"]
    assert title in text and QUESTION in text, text
    discord = body_json(about_question("admin-discord")[0])
    assert title in discord["content"] and QUESTION in discord["content"] and len(discord["content"]) <= 2000, discord
    assert discord.get("username") == "Tmux Orchestrator", discord
    for key in ["mona-ntfy", "vera-ntfy"]:
        headers = about_question(key)[0]["headers"]
        assert headers.get("title") == title and headers.get("priority") == "high" and headers.get("tags") == "robot", (key, headers)
        click = headers.get("click", "")
        assert click.startswith(("http://", "https://")) and click.endswith(page), (key, headers)
        # ntfy's action button syntax: "view, <label>, <url>[, clear=true]" opens the agent's page from the notice.
        assert headers.get("actions") == f"view, Answer, {click}, clear=true", (key, headers)
    assert about_question("mona-ntfy")[0]["headers"].get("authorization") == f"Bearer {NTFY_TOKEN}"
    assert "authorization" not in about_question("vera-ntfy")[0]["headers"]
    telegram = body_json(about_question("mona-telegram")[0])
    assert telegram["chat_id"] == "42" and telegram["disable_web_page_preview"] is True and QUESTION in telegram["text"], telegram

    # Attempts are listed for each channel's owner, by kind.
    def attempts(user, event):
        return [(item["channel"], item["outcome"]) for item in call(server, "GET", "/api/v1/notifications/attempts", token=tokens[user])
                if item["event"] == event]

    for user, expected in [("admin", [("discord", "delivered"), ("slack", "delivered"), ("webhook", "delivered")]),
                           ("mona", [("ntfy", "delivered"), ("telegram", "delivered")])]:
        assert eventually(lambda: sorted(attempts(user, "agent_waiting")) == expected, 10), (user, attempts(user, "agent_waiting"))

    # An agent whose program exits is a failure: every channel hears of it.
    create_project(server, admin, "breaks", "false")
    failed_page = "/projects/breaks/agents/developer"

    def failure(key):
        for item in stand_in.to(PATHS[key]):
            if key.endswith(("hook", "flaky")):
                message = parsed(item)
                if message.get("event") == "agent_failed" and message.get("project_id") == "breaks":
                    return item
            elif key.endswith("ntfy"):
                if item["headers"].get("click", "").endswith(failed_page):
                    return item
            else:
                message = parsed(item)
                text = message.get("text") or message.get("content") or ""
                if "breaks" in text:
                    return item
        return None

    assert eventually(lambda: all(failure(key) for key in everyone), 60), {key: bool(failure(key)) for key in everyone}
    notice = failure("admin-hook")
    assert notice["headers"].get("x-orchestrator-event") == "agent_failed", notice["headers"]
    check_signature(notice, created["admin-hook"]["secret"])
    failed_title = body_json(notice)["title"]
    assert body_json(notice)["agent_id"] == "developer" and failed_title, body_json(notice)
    assert failed_title in body_json(failure("admin-slack"))["text"] and failed_title in body_json(failure("admin-discord"))["content"]
    assert failure("mona-ntfy")["headers"].get("title") == failed_title
    assert eventually(lambda: ("webhook", "delivered") in attempts("admin", "agent_failed") and ("telegram", "delivered") in attempts("mona", "agent_failed"),
                      10), (attempts("admin", "agent_failed"), attempts("mona", "agent_failed"))

    # The channel answering with a redirect heard of both, and the place it points to never did.
    assert len(stand_in.to(PATHS["rita-redirect"])) >= 3
    assert not stand_in.to(REDIRECTED), [(item["method"], item["path"]) for item in stand_in.to(REDIRECTED)]

    # Both tries at the receiver that first answered 500 are listed: the first as failed, the retry as delivered.
    both = [("ntfy", "delivered"), ("webhook", "delivered"), ("webhook", "failed")]
    assert eventually(lambda: sorted(attempts("vera", "agent_waiting")) == both, 10), attempts("vera", "agent_waiting")
