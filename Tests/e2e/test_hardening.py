"""What an outside probe found at the edges, checked on the real binary over real sockets: idle connections and
headers that never finish are closed, WebSocket handshakes are refused with 401/403 (not 400) and only from the
server's own origin, answers carrying secrets are never cached, and no credential reaches the log."""
import json
import os
import socket
import time
import urllib.request

import pytest

from api import call, login, read
from conftest import stop_workspace_server, workspace_server


@pytest.fixture(scope="module")
def server():
    running = workspace_server("orc-e2e-hardening-", ORCHESTRATOR_IDLE_TIMEOUT_SECONDS="2")
    running.token = login(running)
    yield running
    stop_workspace_server(running)


def closed_within(connection, seconds):
    """Whether the server closes the connection within `seconds` (reads until end of stream)."""
    connection.settimeout(seconds)
    deadline = time.time() + seconds
    try:
        while time.time() < deadline:
            if connection.recv(65536) == b"":
                return True
    except socket.timeout:
        return False
    except ConnectionResetError:
        return True
    return False


def test_idle_connections_and_unfinished_headers_are_closed(server):
    idle = socket.create_connection(("127.0.0.1", server.port))
    assert closed_within(idle, 10), "an idle connection is closed"
    slow = socket.create_connection(("127.0.0.1", server.port))
    slow.sendall(b"GET /api/v1/system/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    assert closed_within(slow, 10), "headers that never finish are not waited for"


def handshake(server, path, headers=None):
    connection = socket.create_connection(("127.0.0.1", server.port))
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}", "Upgrade: websocket", "Connection: Upgrade",
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13", *(headers or [])]
    connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    connection.settimeout(10)
    answer = connection.recv(65536).decode(errors="replace")
    connection.close()
    return int(answer.split()[1]), answer


def test_websocket_handshakes_are_refused_with_the_right_status_and_origin(server):
    assert handshake(server, "/ws/system")[0] == 401, "no credential"
    assert handshake(server, "/ws/system?token=not-a-token")[0] == 401, "a forged one"
    ok, _ = handshake(server, f"/ws/system?token={server.token}")
    assert ok == 101
    same, _ = handshake(server, f"/ws/system?token={server.token}", [f"Origin: http://127.0.0.1:{server.port}"])
    assert same == 101, "the server's own pages"
    foreign, answer = handshake(server, f"/ws/system?token={server.token}", ["Origin: https://evil.example"])
    assert foreign == 403, answer
    assert "secret-query-token" not in read(server.log_path)
    handshake(server, "/ws/system?token=secret-query-token")
    time.sleep(0.5)
    assert "secret-query-token" not in read(server.log_path), "no credential in the log"


def test_answers_with_secrets_are_never_stored(server):
    request = urllib.request.Request(server.base + "/auth/login", method="POST",
                                     data=json.dumps({"username": "admin", "password": "e2e-admin-password"}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-XSS-Protection"] == "0"
    status, _ = call(server, "POST", "/api/v1/projects", {"name": "Bad\nName", "project_path": os.path.join(server.workspace, "bad\nfolder")},
                     server.token, expect="status")
    assert status == 422, "control characters in names and paths are refused"
