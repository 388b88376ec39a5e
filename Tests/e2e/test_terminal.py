"""The agent's interactive terminal from the outside: WS /ws/projects/{id}/agents/{agent}/terminal against a real
full-screen program stand-in (raw mode, colours, cursor moves; it records every byte it reads). A manager's keys
reach the program byte for byte; a viewer's are refused; the pane's size never changes for a client; a queued message
waits while a person has half a line typed and goes after their Enter; in Chromium the page's xterm.js shows the
program's screen and typing into it reaches the program."""
import json
import os
import sqlite3
import time

import pytest
import websocket
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from api import AGENTS, call, create_project, eventually, login, read, send, status, tmux
from conftest import ADMIN_PASSWORD, ARTIFACTS, console_errors, stop_workspace_server, workspace_server
from test_dashboard import sign_in
from test_layout import OVERFLOW, chromium

TUI = os.path.join(AGENTS, "tui-agent.py")
PROJECT = "tui"


def received(setup):
    try:
        with open(os.path.join(setup["worktree"], "tui-received.bin"), "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def pane_size(setup):
    answer = tmux(setup["server"], "display-message", "-p", "-t", setup["pane"], "#{pane_width}x#{pane_height}")
    return answer.stdout.strip()


def open_terminal(setup, token):
    server = setup["server"]
    socket = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/ws/projects/{PROJECT}/agents/developer/terminal?token={token}", timeout=10)
    hello = json.loads(socket.recv())
    first = socket.recv()
    return socket, hello, first


@pytest.fixture(scope="module")
def setup():
    server = workspace_server("orc-e2e-terminal-")
    try:
        admin = login(server)
        call(server, "POST", "/api/v1/users", {"username": "vera", "password": "vera-pass-1", "role": "viewer"}, admin)
        project = create_project(server, admin, PROJECT, TUI)
        worktree = project["agents"][0]["worktree_path"]
        assert eventually(lambda: "TUI READY" in call(server, "GET", f"/api/v1/projects/{PROJECT}/agents/developer/output", token=admin)["output"], 30)
        pane = call(server, "GET", f"/api/v1/projects/{PROJECT}/agents/developer/status", token=admin)["pane_id"]
        # The program's briefing goes first; the tests type once it is in.
        assert eventually(lambda: all(item["status"] == "delivered" for item in call(server, "GET", f"/api/v1/projects/{PROJECT}/messages", token=admin)), 60)
        yield {"server": server, "admin": admin, "vera": login(server, "vera", "vera-pass-1"), "worktree": worktree, "pane": pane}
    finally:
        stop_workspace_server(server)


def test_a_managers_keys_reach_the_program_byte_for_byte(setup):
    before = pane_size(setup)
    socket, hello, first = open_terminal(setup, setup["admin"])
    try:
        assert hello["type"] == "hello" and hello["can_type"] is True and f"{hello['cols']}x{hello['rows']}" == before, (hello, before)
        assert isinstance(first, bytes) and b"TUI READY" in first and b"\x1b[" in first, first[:200]
        assert b"\x1b[1;32m" in first or b"\x1b[32m" in first or b"32m" in first, "the screen keeps its colours"
        start = len(received(setup))
        socket.send(json.dumps({"type": "input", "data": "/help\r"}))
        assert eventually(lambda: received(setup)[start:] == b"/help\r", 10), received(setup)[start:]
        socket.send(json.dumps({"type": "input", "data": "é\t\x1b[A"}))
        assert eventually(lambda: received(setup)[start:] == b"/help\r" + "é".encode() + b"\t\x1b[A", 10), received(setup)[start:]
        # The program's answer comes back as terminal bytes.
        socket.settimeout(5)
        seen = b""
        while b"/help" not in seen:
            frame = socket.recv()
            seen += frame if isinstance(frame, bytes) else b""
        socket.send(json.dumps({"type": "input", "data": "x" * 4097}))
        answer = next(frame for frame in iter(socket.recv, None) if isinstance(frame, str))
        assert json.loads(answer)["type"] == "error" and "4096" in json.loads(answer)["message"], answer
    finally:
        socket.close()
    assert pane_size(setup) == before, "a client never resizes the pane"


def test_a_viewer_watches_but_cannot_type(setup):
    socket, hello, first = open_terminal(setup, setup["vera"])
    try:
        assert hello["can_type"] is False and b"TUI READY" in first
        start = len(received(setup))
        socket.send(json.dumps({"type": "input", "data": "rm -rf /\r"}))
        socket.settimeout(5)
        answer = next(frame for frame in iter(socket.recv, None) if isinstance(frame, str))
        assert json.loads(answer)["type"] == "error" and "read-only" in json.loads(answer)["message"]
        assert received(setup)[start:] == b""
    finally:
        socket.close()


def test_a_queued_message_waits_for_the_persons_enter(setup):
    server, admin = setup["server"], setup["admin"]
    socket, _, _ = open_terminal(setup, admin)
    try:
        socket.send(json.dumps({"type": "input", "data": "half a li"}))
        assert eventually(lambda: received(setup).endswith(b"half a li"), 10)
        queued = send(server, admin, PROJECT, "a message from the queue")

        def message():
            items = call(server, "GET", f"/api/v1/projects/{PROJECT}/messages?limit=50", token=admin)
            return next(item for item in items if item["id"] == queued["id"])

        assert eventually(lambda: message().get("status_detail") == "held: a person is typing in the agent's terminal", 10), {k: v for k, v in message().items() if k != "content_html"}
        assert b"a message from the queue" not in received(setup)
        socket.send(json.dumps({"type": "input", "data": "ne\r"}))
        assert eventually(lambda: message()["status"] == "delivered", 20), message()
        data = received(setup)
        assert data.index(b"half a line\r") < data.index(b"a message from the queue"), data[-200:]
    finally:
        socket.close()
    database = sqlite3.connect(os.path.join(server.data, "orchestrator.sqlite"))
    rows = database.execute("SELECT actor, details FROM audit_log WHERE action = 'agent.terminal'").fetchall()
    assert rows and all(actor == "admin" and details.startswith("typed ") for actor, details in rows), rows


def test_a_half_typed_line_left_idle_lets_the_queue_go_and_a_session_is_audited_once(setup):
    server, admin = setup["server"], setup["admin"]
    database = sqlite3.connect(os.path.join(server.data, "orchestrator.sqlite"))
    audited = lambda: database.execute("SELECT details FROM audit_log WHERE action = 'agent.terminal' ORDER BY id").fetchall()  # noqa: E731
    before = len(audited())
    socket, _, _ = open_terminal(setup, admin)
    try:
        for piece in ["left ", "idle ", "here"]:
            socket.send(json.dumps({"type": "input", "data": piece}))
        assert eventually(lambda: received(setup).endswith(b"left idle here"), 10)
        queued = send(server, admin, PROJECT, "after the idle spell")

        def message():
            items = call(server, "GET", f"/api/v1/projects/{PROJECT}/messages?limit=50", token=admin)
            return next(item for item in items if item["id"] == queued["id"])

        assert eventually(lambda: message().get("status_detail") == "held: a person is typing in the agent's terminal", 10), message()
        held_at = time.time()
        # No Enter: after 5 s without a key the person is taken to have left the line, and the message goes.
        assert eventually(lambda: message()["status"] == "delivered", 30), message()
        assert time.time() - held_at >= 3, "it waited for the idle spell"
    finally:
        socket.close()
    # One record for the whole terminal session, three frames and all.
    assert eventually(lambda: len(audited()) == before + 1, 10), audited()
    assert audited()[-1][0].startswith("typed 14 bytes"), audited()


def test_the_page_terminal_shows_the_program_and_types_into_it(setup):
    server = setup["server"]
    before = pane_size(setup)
    driver = chromium(390, 844, True)
    try:
        sign_in(driver, server, "admin", ADMIN_PASSWORD)
        driver.get(f"{server.base}/projects/{PROJECT}/agents/developer")
        driver.find_element(By.CSS_SELECTOR, "[data-xterm-open]").click()
        shown = """const term = document.querySelector('[data-xterm]').terminal; if (!term) return '';
            const buffer = term.buffer.active || term.buffer; const rows = [];
            for (let y = 0; y < term.rows; y++) { const line = buffer.getLine(buffer.viewportY + y); rows.push(line ? line.translateToString(true) : ''); }
            return rows.join('\\n');"""
        WebDriverWait(driver, 15).until(lambda d: "TUI READY" in d.execute_script(shown))
        start = len(received(setup))
        area = driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        area.send_keys("/help")
        area.send_keys(Keys.ENTER)
        assert eventually(lambda: received(setup)[start:] == b"/help\r", 10), received(setup)[start:]
        WebDriverWait(driver, 10).until(lambda d: "/help" in d.execute_script(shown))
        # The key row gives a phone the keys its keyboard lacks.
        start = len(received(setup))
        for key in ["esc", "tab", "up", "ctrl-c"]:
            driver.find_element(By.CSS_SELECTOR, f'[data-xterm-keys] [data-key="{key}"]').click()
        assert eventually(lambda: received(setup)[start:] == b"\x1b\t\x1b[A\x03", 10), received(setup)[start:]
        small = driver.execute_script("""return [...document.querySelectorAll('[data-xterm-keys] button')]
            .filter((b) => b.getBoundingClientRect().height < 44).map((b) => b.textContent);""")
        assert small == [], small
        measured = driver.execute_script(OVERFLOW)
        assert measured["scroll"] <= 390 and not measured["found"], measured
        driver.save_screenshot(os.path.join(ARTIFACTS, "phone-terminal.png"))
        assert console_errors(driver) == []
    finally:
        driver.quit()
    assert pane_size(setup) == before, "a 390-px browser never shrinks the pane"
