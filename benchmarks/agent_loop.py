#!/usr/bin/env python3
"""The agent loop's latencies, on the real server binary with real panes:

1. hook → state: an agent's hook runs `orchestrator hook claude` (the real CLI, as Claude Code would, with the
   agent's own token from its pane's environment) with a PermissionRequest or a Stop payload; measured until the
   WebSocket client on /ws/projects/{id} receives the agent_status_update, and until GET …/status shows it.
   Also the bare POST (no CLI process start) → WebSocket.
2. first message: a freshly created agent that prints no prompt (Tests/Fixtures/agents/line-agent.py); the
   message is sent right after the create request; measured until the line is in the agent's received.txt.

Needs: pip install websocket-client.   Usage: benchmarks/agent_loop.py [--rounds 40] [--binary .build/release/orchestrator]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import websocket

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import call, running_server  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINE_AGENT = os.path.join(ROOT, "Tests/Fixtures/agents/line-agent.py")


def pane_environment(socket_name, pane):
    pid = subprocess.run(["tmux", "-L", socket_name, "display-message", "-p", "-t", pane, "#{pane_pid}"],
                         capture_output=True, text=True).stdout.strip()
    with open(f"/proc/{pid}/environ", "rb") as f:
        pairs = [item.split(b"=", 1) for item in f.read().split(b"\0") if b"=" in item]
    return {key.decode(): value.decode() for key, value in pairs}


def report(name, samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    print(f"{name}: median {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms, max {samples[-1]:.1f} ms ({len(samples)} samples)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--first-messages", type=int, default=8)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/orchestrator"))
    args = parser.parse_args()

    with running_server(args.binary, "orc-loopbench-") as bench:
        hooks(bench.connection, bench.token, bench.port, bench.workspace, bench.socket_name, args)
        first_messages(bench.connection, bench.token, bench.workspace, args)


def hooks(connection, token, port, workspace, socket_name, args):
    project = call(connection, "POST", "/api/v1/projects", {
        "name": "hooks", "project_path": os.path.join(workspace, "hooks"), "spec_content": "x", "size": "small",
        "agent_command": LINE_AGENT}, token)
    agent = project["agents"][0]
    agent_env = dict(os.environ, **{key: value for key, value in pane_environment(socket_name, agent["pane_id"]).items()
                                    if key.startswith("ORCHESTRATOR_")})
    received = {}
    arrived = threading.Event()
    ws = websocket.create_connection(f"ws://127.0.0.1:{port}/ws/projects/hooks?token={token}")

    def listen():
        while True:
            try:
                message = json.loads(ws.recv())
            except Exception:
                return
            if message.get("type") == "agent_status_update" and "hook" in (message["data"].get("status_reason") or ""):
                received[message["data"]["status"]] = time.perf_counter()
                arrived.set()

    threading.Thread(target=listen, daemon=True).start()
    binary = os.path.join(ROOT, ".build/release/orchestrator") if os.path.exists(os.path.join(ROOT, ".build/release/orchestrator")) else args.binary
    # Each send changes the state (waiting → active → idle → …); even sends go through the CLI, odd ones are bare POSTs.
    payloads = [("waiting", {"hook_event_name": "PermissionRequest", "tool_name": "Bash", "tool_input": {"command": "make"}}),
                ("active", {"hook_event_name": "PostToolUse", "tool_name": "Bash", "tool_input": {"command": "make"}, "tool_response": {}}),
                ("idle", {"hook_event_name": "Stop", "stop_hook_active": False, "last_assistant_message": "done"})]
    to_ws, to_api, bare = [], [], []
    for send_number in range(2 * args.rounds):
        state, payload = payloads[send_number % 3]
        arrived.clear()
        received.pop(state, None)
        if send_number % 2 == 0:
            started = time.perf_counter()
            process = subprocess.Popen([binary, "hook", "claude"], stdin=subprocess.PIPE, env=agent_env)
            process.stdin.write(json.dumps(payload).encode())
            process.stdin.close()
            while time.perf_counter() - started < 5:
                if call(connection, "GET", "/api/v1/projects/hooks/agents/developer/status", token=token)["status"] == state:
                    to_api.append((time.perf_counter() - started) * 1000)
                    break
            arrived.wait(5)
            if state in received:
                to_ws.append((received[state] - started) * 1000)
            process.wait()
        else:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/projects/hooks/agents/developer/hooks?kind=claude", method="POST", data=json.dumps(payload).encode(),
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {agent_env['ORCHESTRATOR_TOKEN']}"})
            started = time.perf_counter()
            urllib.request.urlopen(request).read()
            arrived.wait(5)
            if state in received:
                bare.append((received[state] - started) * 1000)
        time.sleep(0.05)
    ws.close()
    report("hook → WebSocket, through `orchestrator hook claude`", to_ws)
    report("hook → GET …/status, through `orchestrator hook claude`", to_api)
    report("hook POST → WebSocket (no CLI start)", bare)


def first_messages(connection, token, workspace, args):
    samples = []
    for number in range(args.first_messages):
        name = f"fresh-{number}"
        started = time.perf_counter()
        project = call(connection, "POST", "/api/v1/projects", {
            "name": name, "project_path": os.path.join(workspace, name), "spec_content": "x", "size": "small", "agent_command": LINE_AGENT}, token)
        call(connection, "POST", f"/api/v1/projects/{name}/messages", {"target_agent": "developer", "content": "first-message"}, token)
        received = os.path.join(project["agents"][0]["worktree_path"], "received.txt")
        while time.perf_counter() - started < 30:
            try:
                if "first-message" in open(received).read().splitlines():
                    samples.append((time.perf_counter() - started) * 1000)
                    break
            except OSError:
                pass
            time.sleep(0.01)
        call(connection, "DELETE", f"/api/v1/projects/{name}", token=token)
    report("create a prompt-less agent → its first message in the pane", samples)


if __name__ == "__main__":
    main()
