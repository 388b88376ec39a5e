"""Small helpers for the end-to-end tests that drive the real server over its REST API."""
import json
import os
import subprocess
import time
import urllib.error
import urllib.request

from conftest import ADMIN_PASSWORD, ROOT

AGENTS = os.path.join(ROOT, "Tests/Fixtures/agents")


def call(server, method, path, body=None, token=None, raw=None, expect=None):
    """Sends a request; returns the decoded JSON answer, or (status, answer) when `expect` is "status"."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(server.base + path, method=method, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            status, answer = response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        status, answer = error.code, json.loads(error.read() or b"{}")
        if expect != "status":
            raise AssertionError(f"{method} {path}: {status} {answer}")
    return (status, answer) if expect == "status" else answer


def login(server, username="admin", password=ADMIN_PASSWORD):
    return call(server, "POST", "/auth/login", {"username": username, "password": password})["access_token"]


def eventually(condition, seconds=20, interval=0.05):
    """Polls until `condition()` is truthy; returns its last value."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return condition()


def create_project(server, token, name, command, spec="# Build it\nMake the tests pass.", **extra):
    body = {"name": name, "project_path": os.path.join(server.workspace, name), "spec_content": spec, "size": "small",
            "agent_command": command, **extra}
    return call(server, "POST", "/api/v1/projects", body, token)


def status(server, token, project, agent="developer"):
    return call(server, "GET", f"/api/v1/projects/{project}/agents/{agent}/status", token=token)


def send(server, token, project, content, agent="developer", **extra):
    return call(server, "POST", f"/api/v1/projects/{project}/messages", {"target_agent": agent, "content": content, **extra}, token)


def message(server, token, project, message_id):
    for item in call(server, "GET", f"/api/v1/projects/{project}/messages?limit=200", token=token):
        if item["id"] == message_id:
            return item
    return None


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return ""


def tmux(server, *args):
    return subprocess.run(["tmux", "-L", server.env["ORCHESTRATOR_TMUX_SOCKET"], *args], capture_output=True, text=True)
