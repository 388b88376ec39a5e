"""Web Push from the outside: a push service stand-in (named as such: a loopback HTTP server playing FCM/Mozilla's
part) receives what the server sends when an agent asks a question; it checks the VAPID JWT against the server's
public key and decrypts the body with PyPI's `http_ece` (a real RFC 8188/8291 implementation). A manager answers the
agent with the notification's action token; the token answers once, not for anyone else, and not a question that
is gone or was answered elsewhere; a 410 removes the subscription, a 429 and a 500 are retried and each try listed."""
import base64
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from api import call, create_project, eventually, login
from conftest import free_port, stop_workspace_server, workspace_server


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class PushServiceStandIn:
    """Stands in for a browser vendor's push service: records every POST; answers from a per-path script."""

    def __init__(self):
        self.received = []
        self.script = {}  # path -> list of statuses to answer in turn (then 201)
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stand_in.received.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body,
                                          "at": time.time()})
                queue = stand_in.script.get(self.path, [])
                status = queue.pop(0) if queue else 201
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def endpoint(self, name):
        return f"http://127.0.0.1:{self.port}/push/{name}"

    def to(self, name):
        return [item for item in self.received if item["path"] == f"/push/{name}"]

    def stop(self):
        self.server.shutdown()


class Browser:
    """A browser's side of a subscription: its P-256 key pair and auth secret."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.public = self.key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)

    def subscription(self, endpoint):
        return {"endpoint": endpoint, "keys": {"p256dh": b64url(self.public), "auth": b64url(self.auth)}}

    def decrypt(self, body):
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))


def check_vapid(headers, endpoint_origin, server_key):
    scheme, params = headers["authorization"].split(" ", 1)
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert fields["k"] == server_key, "signed with the key the server publishes"
    header, claims, signature = fields["t"].split(".")
    assert json.loads(unb64url(header)) == {"typ": "JWT", "alg": "ES256"}
    claims_json = json.loads(unb64url(claims))
    assert claims_json["aud"] == endpoint_origin and claims_json["exp"] > time.time() and claims_json["sub"].startswith("mailto:")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(fields["k"]))
    raw = unb64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises when forged



def subscribed_manager(server, stand_in, endpoint, username="mona", password="manager-pass-1"):
    """Adds a manager, signs her in and subscribes a browser of hers at the stand-in's `endpoint`: returns the admin's
    token, hers, and her Browser."""
    admin = login(server)
    call(server, "POST", "/api/v1/users", {"username": username, "password": password, "role": "manager"}, admin)
    token = login(server, username, password)
    browser = Browser()
    call(server, "POST", "/api/v1/notifications/subscriptions", browser.subscription(stand_in.endpoint(endpoint)), token)
    return admin, token, browser

def test_a_question_reaches_subscribed_browsers_and_is_answered_from_the_notification():
    stand_in = PushServiceStandIn()
    server = workspace_server("orc-e2e-push-", ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
    try:
        admin = login(server)
        call(server, "POST", "/api/v1/users", {"username": "mona", "password": "manager-pass-1", "role": "manager"}, admin)
        call(server, "POST", "/api/v1/users", {"username": "vera", "password": "viewer-pass-1", "role": "viewer"}, admin)
        manager = login(server, "mona", "manager-pass-1")
        viewer = login(server, "vera", "viewer-pass-1")
        server_key = call(server, "GET", "/api/v1/notifications/vapid-public-key", token=viewer)["public_key"]
        assert len(unb64url(server_key)) == 65

        # Bad subscriptions are refused with the field named, and nothing is stored.
        browser = Browser()
        for bad, field in [({**browser.subscription("http://push.example.com/x")}, "endpoint"),
                           ({**browser.subscription(stand_in.endpoint("a")), "keys": {"p256dh": b64url(b"\x04" + b"1" * 64), "auth": b64url(browser.auth)}}, "keys.p256dh"),
                           ({**browser.subscription(stand_in.endpoint("a")), "keys": {"p256dh": b64url(browser.public), "auth": "short"}}, "keys.auth")]:
            status, answer = call(server, "POST", "/api/v1/notifications/subscriptions", bad, admin, expect="status")
            assert status == 422 and field in json.dumps(answer), (field, status, answer)
        assert call(server, "GET", "/api/v1/notifications/subscriptions", token=admin) == []

        browsers = {name: Browser() for name in ["admin", "mona", "vera", "gone", "busy"]}
        for name, token in [("admin", admin), ("mona", manager), ("vera", viewer), ("gone", admin), ("busy", admin)]:
            status, _ = call(server, "POST", "/api/v1/notifications/subscriptions", browsers[name].subscription(stand_in.endpoint(name)), token, expect="status")
            assert status == 201
        stand_in.script["/push/gone"] = [410]
        stand_in.script["/push/busy"] = [429]
        assert [item["endpoint"] for item in call(server, "GET", "/api/v1/notifications/subscriptions", token=viewer)] == [stand_in.endpoint("vera")]

        # An agent asks a yes/no question.
        asked = time.time()
        create_project(server, admin, "asks", "bash -c 'read -p \"Deploy to staging? (y/n) \" a; echo \"answer=$a\" > answered; sleep 100000'")
        assert eventually(lambda: len(stand_in.to("admin")) >= 1 and len(stand_in.to("vera")) >= 1 and len(stand_in.to("busy")) >= 2, 40), \
            [item["path"] for item in stand_in.received]
        pushed = stand_in.to("admin")[0]
        assert pushed["at"] - asked < 30
        headers = pushed["headers"]
        assert headers["content-encoding"] == "aes128gcm" and headers["urgency"] == "high" and int(headers["ttl"]) > 0
        assert 0 < len(headers["topic"]) <= 32
        check_vapid(headers, f"http://127.0.0.1:{stand_in.port}", server_key)
        message = browsers["admin"].decrypt(pushed["body"])
        assert message["event"] == "agent_waiting" and message["project_id"] == "asks" and message["agent_id"] == "developer"
        assert "Deploy to staging?" in message["question"] and message["url"] == "/projects/asks/agents/developer"
        assert message["title"] and message["tag"] and message["action_token"]
        assert [action["title"].lower()[:1] for action in message["actions"]] == ["y", "n"], message["actions"]

        seen_by_viewer = browsers["vera"].decrypt(stand_in.to("vera")[0]["body"])
        assert "actions" not in seen_by_viewer and "action_token" not in seen_by_viewer, "viewers' notifications carry no actions"
        mona_message = browsers["mona"].decrypt(eventually(lambda: stand_in.to("mona"), 10)[0]["body"])

        # 410: the subscription is removed; 429: retried, then taken.
        assert eventually(lambda: stand_in.endpoint("gone") not in
                          [item["endpoint"] for item in call(server, "GET", "/api/v1/notifications/subscriptions", token=admin)], 10)
        assert len(stand_in.to("busy")) == 2
        outcomes = {item["outcome"] for item in call(server, "GET", "/api/v1/notifications/attempts", token=admin)}
        assert {"delivered", "gone"} <= outcomes, outcomes
        import urllib.request
        metrics = urllib.request.urlopen(server.base + "/metrics", timeout=5).read().decode()
        assert 'orchestrator_notifications_total{channel="webpush",event="agent_waiting",outcome="delivered"}' in metrics
        assert 'orchestrator_notifications_total{channel="webpush",event="agent_waiting",outcome="gone"} 1' in metrics
        assert "orchestrator_notification_delay_seconds_count" in metrics

        # Someone else's token is refused (and stays good for its owner); the owner's answers the agent, once.
        status, _ = call(server, "POST", "/api/v1/notifications/actions", {"token": message["action_token"], "action": "answer-0"}, manager,
                         expect="status")
        assert status == 403
        answered = call(server, "POST", "/api/v1/notifications/actions", {"token": message["action_token"], "action": "answer-0"}, admin)
        assert answered["agent_id"] == "developer" and answered["keys"][0] == "y"
        worktree = call(server, "GET", "/api/v1/projects/asks", token=admin)["agents"][0]["worktree_path"]
        assert eventually(lambda: os.path.exists(os.path.join(worktree, "answered")), 10)
        assert open(os.path.join(worktree, "answered")).read().strip() == "answer=y"
        status, answer = call(server, "POST", "/api/v1/notifications/actions", {"token": message["action_token"], "action": "answer-0"}, admin,
                              expect="status")
        assert status == 409 and answer["error"]["code"] == "action_spent"
        # Mona's notice was for a question that is answered now: refused, nothing typed.
        status, answer = call(server, "POST", "/api/v1/notifications/actions", {"token": mona_message["action_token"], "action": "answer-1"},
                              manager, expect="status")
        assert status == 409 and answer["error"]["code"] == "question_changed", answer
        assert open(os.path.join(worktree, "answered")).read().strip() == "answer=y"

        # An agent whose program exits is a failure: everyone subscribed hears of it, without answers to give.
        create_project(server, admin, "breaks", "false")

        def failure_notice():
            for item in stand_in.to("admin"):
                message = browsers["admin"].decrypt(item["body"])
                if message["event"] == "agent_failed" and message["project_id"] == "breaks":
                    return message
            return None

        failed = eventually(failure_notice, 40)
        assert failed and "failed" in failed["title"] and "actions" not in failed, failed
    finally:
        stop_workspace_server(server)
        stand_in.stop()


def test_a_push_service_error_is_retried_and_each_try_is_listed():
    """A push service answering 500 once: the server tries again after its backoff, the second try is taken, and the
    attempts list shows the failed try (retried) and then the delivery."""
    stand_in = PushServiceStandIn()
    server = workspace_server("orc-e2e-push5xx-", ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
    try:
        admin = login(server)
        browser = Browser()
        call(server, "POST", "/api/v1/notifications/subscriptions", browser.subscription(stand_in.endpoint("flaky")), admin)
        stand_in.script["/push/flaky"] = [500]
        create_project(server, admin, "asks", "bash -c 'read -p \"Deploy to staging? (y/n) \" a; sleep 100000'")
        assert eventually(lambda: len(stand_in.to("flaky")) >= 2, 40), [item["path"] for item in stand_in.received]
        time.sleep(1.5)
        first, second = stand_in.to("flaky")  # taken the second time: no third try
        assert second["at"] - first["at"] >= 0.9, "retried after the backoff"
        assert browser.decrypt(first["body"]) == browser.decrypt(second["body"])
        assert "Deploy to staging?" in browser.decrypt(second["body"])["question"]

        tries = eventually(lambda: [item for item in call(server, "GET", "/api/v1/notifications/attempts", token=admin)
                                    if item["channel"] == "webpush" and item["event"] == "agent_waiting"], 10)
        assert [item["outcome"] for item in tries] == ["delivered", "failed"], tries  # newest first
        failed, delivered = tries[1], tries[0]
        assert "500" in failed["detail"] and "retried" in failed["detail"], failed
        assert delivered["detail"] == "201" and delivered["project_id"] == "asks" and delivered["agent_id"] == "developer", delivered
        assert failed["created_at"] <= delivered["created_at"]
        (subscription,) = call(server, "GET", "/api/v1/notifications/subscriptions", token=admin)
        assert subscription["last_success_at"] and not subscription.get("last_failure"), subscription
        import urllib.request
        metrics = urllib.request.urlopen(server.base + "/metrics", timeout=5).read().decode()
        assert 'orchestrator_notifications_total{channel="webpush",event="agent_waiting",outcome="failed"} 1' in metrics
        assert 'orchestrator_notifications_total{channel="webpush",event="agent_waiting",outcome="delivered"} 1' in metrics
    finally:
        stop_workspace_server(server)
        stand_in.stop()


def test_a_notice_is_refused_once_its_question_was_answered_elsewhere():
    """A manager's notice stays unused while the question is answered on the agent's page (the keys API): once the
    agent asks something else its token is refused as stale (409), and so is the next notice's once the agent no
    longer waits; neither types anything."""
    stand_in = PushServiceStandIn()
    # The agent's second question comes seconds after the first: without the one-notice-per-minute rule, so its
    # notice goes at once (test_notification_rules.py tests the rule).
    server = workspace_server("orc-e2e-pushstale-", ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1", ORCHESTRATOR_AGENT_NOTICE_INTERVAL_SECONDS="0")
    try:
        admin, manager, browser = subscribed_manager(server, stand_in, "mona")
        create_project(server, admin, "asks", "bash -c 'read -p \"Deploy to staging? (y/n) \" a; echo \"first=$a\" >> answered; "
                                              "read -p \"Tag it as v2? (y/n) \" b; echo \"second=$b\" >> answered; echo Done.; sleep 100000'")

        def notice(text):
            for item in stand_in.to("mona"):
                message = browser.decrypt(item["body"])
                if text in message.get("question", ""):
                    return message
            return None

        first = eventually(lambda: notice("Deploy to staging?"), 40)
        assert first and first["action_token"], [browser.decrypt(item["body"]) for item in stand_in.to("mona")]
        worktree = call(server, "GET", "/api/v1/projects/asks", token=admin)["agents"][0]["worktree_path"]
        answered = os.path.join(worktree, "answered")

        # Answered on the page instead: the first notice's unused token is refused at once, before the server has even
        # read the agent's next question off its screen (a tap then would otherwise answer that next question).
        call(server, "POST", "/api/v1/projects/asks/agents/developer/keys", {"keys": ["y", "Enter"]}, manager)
        code, answer = call(server, "POST", "/api/v1/notifications/actions", {"token": first["action_token"], "action": "answer-0"},
                            manager, expect="status")
        assert code == 409 and answer["error"]["code"] == "question_changed", (code, answer)
        assert eventually(lambda: os.path.exists(answered) and open(answered).read() == "first=y\n", 10)
        second = eventually(lambda: notice("Tag it as v2?"), 20)
        assert second and second["action_token"] != first["action_token"], second
        code, answer = call(server, "POST", "/api/v1/notifications/actions", {"token": first["action_token"], "action": "answer-1"},
                            manager, expect="status")
        assert code == 409 and answer["error"]["code"] == "action_spent", "a refused token stays refused"

        # The second question answered on the page too: its notice is refused as well, at once.
        call(server, "POST", "/api/v1/projects/asks/agents/developer/keys", {"keys": ["n", "Enter"]}, manager)
        code, answer = call(server, "POST", "/api/v1/notifications/actions", {"token": second["action_token"], "action": "answer-0"},
                            manager, expect="status")
        assert code == 409 and answer["error"]["code"] == "question_changed", (code, answer)
        assert eventually(lambda: open(answered).read() == "first=y\nsecond=n\n", 10)
        time.sleep(1)
        assert open(answered).read() == "first=y\nsecond=n\n", "a refused token types nothing"
    finally:
        stop_workspace_server(server)
        stand_in.stop()
