"""E-mail channels from the outside: the server sends through a real SMTP server (PyPI's aiosmtpd, run by
Tests/Fixtures/smtp/smtp_sink.py on loopback, keeping every message it accepts). A person adds their address as a
channel; a test message and an agent's question arrive as mail with the title as subject and the question, its
answers and a link in the body. Bad addresses and header injection are refused with the field named; a recipient the
mail server refuses for good is listed as a failed attempt, not retried; a server with no mail server set up refuses
e-mail channels."""
import json
import os
import subprocess
import sys
import tempfile
import time

import pytest

from api import call, create_project, eventually, login
from conftest import stop_workspace_server, workspace_server

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SINK = os.path.join(ROOT, "Tests", "Fixtures", "smtp", "smtp_sink.py")
QUESTION = "Ship the release? (y/n)"
CHANNELS = "/api/v1/notifications/channels"


def field_names(answer):
    return [item["field"] for item in answer.get("error", {}).get("details", {}).get("fields", [])]


class MailServer:
    """aiosmtpd on 127.0.0.1 (plain SMTP, as a relay on the same machine is); each accepted message is one JSON line."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="orc-e2e-mail-")
        self.path = os.path.join(self.folder, "messages.jsonl")
        self.process = subprocess.Popen([sys.executable, SINK, self.path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        assert line.isdigit(), f"the SMTP sink did not start (needs aiosmtpd): {line!r}"
        self.port = int(line)

    def messages(self):
        if not os.path.exists(self.path):
            return []
        with open(self.path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def to(self, address):
        return [item for item in self.messages() if address in item["rcpt_tos"]]

    def stop(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def setup():
    mail = MailServer()
    server = None
    try:
        server = workspace_server(
            "orc-e2e-email-", ORCHESTRATOR_SMTP_HOST="127.0.0.1", ORCHESTRATOR_SMTP_PORT=str(mail.port), ORCHESTRATOR_SMTP_SECURITY="none",
            ORCHESTRATOR_SMTP_FROM="Orchestrator <orchestrator@example.test>", ORCHESTRATOR_PUBLIC_URL="https://orc.example.test")
        admin = login(server)
        call(server, "POST", "/api/v1/users", {"username": "vera", "password": "vera-pass-1", "role": "viewer"}, admin)
        yield {"server": server, "mail": mail, "admin": admin, "vera": login(server, "vera", "vera-pass-1")}
    finally:
        if server is not None:
            stop_workspace_server(server)
        mail.stop()


def test_an_address_is_checked_then_a_test_and_a_question_arrive_as_mail(setup):
    server, mail, admin, vera = setup["server"], setup["mail"], setup["admin"], setup["vera"]

    for bad in ["not an address", "a@b", "two@example.test, three@example.test", "<x@example.test>", "x@example.test\r\nRCPT TO:<y@example.test>",
                "x y@example.test", "x@" + "a" * 250 + ".test", ""]:
        status, answer = call(server, "POST", CHANNELS, {"kind": "email", "name": "mail", "url": bad}, admin, expect="status")
        assert status == 422 and "url" in field_names(answer), (bad, status, answer)
    assert call(server, "GET", CHANNELS, token=admin) == []

    status, created = call(server, "POST", CHANNELS, {"kind": "email", "name": "my inbox", "url": "ada@example.test"}, admin, expect="status")
    assert status == 201 and created["kind"] == "email" and created["target"] == "ada@example.test", created
    status, viewer = call(server, "POST", CHANNELS, {"kind": "email", "name": "inbox", "url": "vera@example.test"}, vera, expect="status")
    assert status == 201, viewer

    tested = call(server, "POST", f"{CHANNELS}/{created['id']}/test", token=admin)
    assert tested["outcome"] == "delivered", tested
    [first] = mail.to("ada@example.test")
    assert first["mail_from"] == "orchestrator@example.test", first
    assert first["headers"]["Subject"] == "Tmux Orchestrator" and "ada@example.test" in first["headers"]["To"], first["headers"]
    assert "Notifications reach this channel." in first["body"] and "https://orc.example.test/account/notifications" in first["body"]

    create_project(server, admin, "mailed", f"bash -c 'read -p \"{QUESTION} \" a; sleep 100000'")

    def asked(address):
        return [item for item in mail.to(address) if QUESTION in item["body"]]

    assert eventually(lambda: asked("ada@example.test") and asked("vera@example.test"), 60), mail.messages()
    [question] = asked("ada@example.test")
    assert question["headers"]["Subject"] == "developer in mailed needs you", question["headers"]
    assert "https://orc.example.test/projects/mailed/agents/developer" in question["body"], question["body"]
    assert "Answers:" in question["body"], question["body"]
    attempts = call(server, "GET", "/api/v1/notifications/attempts", token=admin)
    assert any(item["channel"] == "email" and item["event"] == "agent_waiting" and item["outcome"] == "delivered" for item in attempts), attempts
    listed = call(server, "GET", CHANNELS, token=admin)
    assert [item["last_outcome"] for item in listed] == ["delivered"], listed


def test_a_refused_recipient_is_a_failed_attempt_and_is_not_retried(setup):
    server, mail, admin = setup["server"], setup["mail"], setup["admin"]
    # The sink refuses every "nobody@" recipient with 550: a refusal for good.
    status, created = call(server, "POST", CHANNELS, {"kind": "email", "name": "gone", "url": "nobody@example.test"}, admin, expect="status")
    assert status == 201, created
    started = time.time()
    tested = call(server, "POST", f"{CHANNELS}/{created['id']}/test", token=admin)
    assert tested["outcome"] == "failed" and "550" in tested["detail"] and "RCPT TO" in tested["detail"], tested
    assert time.time() - started < 1.5, "a permanent refusal is not tried again after a backoff"
    attempts = [item for item in call(server, "GET", "/api/v1/notifications/attempts", token=admin) if item["event"] == "test" and item["channel"] == "email"]
    assert [item["outcome"] for item in attempts if "550" in (item["detail"] or "")] == ["failed"], attempts
    call(server, "DELETE", f"{CHANNELS}/{created['id']}", token=admin, expect="status")


def test_a_server_without_a_mail_server_refuses_email_channels():
    server = workspace_server("orc-e2e-nomail-")
    try:
        admin = login(server)
        status, answer = call(server, "POST", CHANNELS, {"kind": "email", "name": "mail", "url": "ada@example.test"}, admin, expect="status")
        assert status == 422 and "kind" in field_names(answer) and "smtp_host" in json.dumps(answer), answer
        assert call(server, "GET", CHANNELS, token=admin) == []
    finally:
        stop_workspace_server(server)
