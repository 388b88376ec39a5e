"""Kill the real server with SIGKILL mid-work and start it again: the agents never notice."""
import json
import os
import signal
import subprocess
import time
import urllib.request

from conftest import ADMIN_PASSWORD, ROOT, Server

AGENT = os.path.join(ROOT, "Tests/Fixtures/agents/paste-recorder.py")


def call(server, method, path, body=None, token=None):
    request = urllib.request.Request(server.base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def eventually(condition, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_sigkill_then_restart_readopts_the_agents():
    server = Server()
    workspace = os.path.join(server.data, "workspace")
    os.makedirs(workspace)
    try:
        server.process.kill()
        server.process.wait()
        server.env["ORCHESTRATOR_WORKSPACE_ROOTS"] = workspace
        server.restart()
        token = call(server, "POST", "/auth/login", {"username": "admin", "password": ADMIN_PASSWORD})["access_token"]
        project = call(server, "POST", "/api/v1/projects", {"name": "survivor", "project_path": os.path.join(workspace, "survivor"),
                                                             "spec_content": "# Survive", "size": "small", "agent_command": AGENT}, token)
        agent = project["agents"][0]
        worktree = agent["worktree_path"]
        assert eventually(lambda: os.path.exists(os.path.join(worktree, "paste-1"))), "briefing delivered"

        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
        server.restart()
        token = call(server, "POST", "/auth/login", {"username": "admin", "password": ADMIN_PASSWORD})["access_token"]
        status = call(server, "GET", "/api/v1/projects/survivor/agents/developer/status", token=token)
        assert status["pane_id"] == agent["pane_id"], "the same pane was re-adopted"
        assert status["status"] != "failed"
        call(server, "POST", "/api/v1/projects/survivor/messages", {"target_agent": "developer", "content": "still there?"}, token)
        assert eventually(lambda: open(os.path.join(worktree, "paste-2")).read() == "still there?" if os.path.exists(os.path.join(worktree, "paste-2")) else False)
    finally:
        subprocess.run(["tmux", "-L", server.env["ORCHESTRATOR_TMUX_SOCKET"], "kill-server"], stderr=subprocess.DEVNULL)
        server.stop()
