"""A prompt-injected agent stays inside its project: run contained (the default where bubblewrap works), it tries
each way out found by an outside probe — another pane's environment, the data directory, the tmux socket, the admin
CLI, writing outside its worktree, planting a hook the server's git would run — and every one fails, while it still
commits in its worktree, reports with its token and calls /mcp."""
import os
import shutil
import subprocess

import pytest

from api import AGENTS, call, create_project, eventually, login, read
from conftest import ADMIN_PASSWORD, stop_workspace_server, workspace_server

HOSTILE = os.path.join(AGENTS, "hostile-agent.sh")
LINE_AGENT = os.path.join(AGENTS, "line-agent.py")


@pytest.fixture(scope="module")
def server():
    if not shutil.which("bwrap"):
        pytest.fail("bubblewrap is needed for this test (apt-get install bubblewrap)")
    running = workspace_server("orc-e2e-contain-", ORCHESTRATOR_AGENT_SANDBOX="bubblewrap")
    running.token = login(running)
    yield running
    stop_workspace_server(running)


def test_a_hostile_agent_reaches_nothing_outside_its_project(server):
    assert "Sandbox: agents run contained" in read(server.log_path)
    victim = create_project(server, server.token, "victim", LINE_AGENT, team_composition=["developer"])
    other = victim["agents"][0]["worktree_path"]
    checkout = os.path.join(server.workspace, "hostile")
    nonce = f"{os.getpid()}-{server.port}"
    command = f"{HOSTILE} {server.data} {server.env['ORCHESTRATOR_TMUX_SOCKET']} {server.process.pid} {other} {checkout} {ADMIN_PASSWORD} {nonce}"
    hostile = create_project(server, server.token, "hostile", command, team_composition=["developer"])
    agent = hostile["agents"][0]
    report = os.path.join(agent["worktree_path"], "escape-report.txt")
    assert eventually(lambda: "DONE" in read(report), 60), read(report)
    lines = read(report).splitlines()
    print("\n".join(lines))
    escaped = [line for line in lines if line.startswith("ESCAPED")]
    broken = [line for line in lines if line.startswith("BROKEN")]
    assert not escaped, escaped
    assert not broken, broken
    assert len([line for line in lines if line.startswith("blocked")]) == 14, lines

    status = call(server, "GET", "/api/v1/projects/hostile/agents/developer/status", token=server.token)
    assert status["contained"] is True
    assert status["current_task"] == "Tried every way out"
    # Its commit is on its branch; nothing was written outside.
    log = subprocess.run(["git", "-C", checkout, "log", "--format=%s", "orc/hostile/developer"], capture_output=True, text=True).stdout
    assert "Notes from a contained agent" in log
    assert not os.path.exists(os.path.join(checkout, "hacked.txt")) and not os.path.exists(os.path.join(other, "hacked.txt"))
    assert not os.path.exists(f"/etc/orchestrator-hacked-{nonce}")
    hooks = subprocess.run(["git", "-C", checkout, "config", "--get", "core.hooksPath"], capture_output=True, text=True).stdout
    assert hooks == ""
    users = call(server, "GET", "/api/v1/users", token=server.token)
    names = [user["username"] for user in (users["items"] if isinstance(users, dict) else users)]
    assert "agentadmin" not in names
    # The tmux server still sees the agent's own program in its own folder.
    pane = subprocess.run(["tmux", "-L", server.env["ORCHESTRATOR_TMUX_SOCKET"], "display-message", "-p", "-t", agent["pane_id"] or "",
                           "#{pane_current_path}"], capture_output=True, text=True).stdout.strip()
    assert pane == os.path.realpath(agent["worktree_path"])
