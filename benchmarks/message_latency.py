#!/usr/bin/env python3
"""REST message → text arrived in the agent's pane: median and p95 over N messages.

Starts the real server binary on a scratch data dir and a private tmux socket, creates a project whose agent is
Tests/Fixtures/agents/latency-agent.py (it timestamps each paste the moment it fully arrives), then sends N
messages one at a time through POST /api/v1/projects/{id}/messages over one keep-alive connection, 100 ms apart.
The Enter that follows each paste (after agents.enter_delay_ms) is not part of the figure.

Usage: benchmarks/message_latency.py [--messages 200] [--binary .build/release/orchestrator]
"""
import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/orchestrator"))
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="orc-bench-")
    workspace = os.path.join(data, "workspace")
    os.makedirs(workspace)
    log_path = os.path.join(data, "latency.log")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    socket_name = f"orc-bench-{port}"
    env = dict(os.environ, ORCHESTRATOR_DATA_DIR=data, ORCHESTRATOR_PORT=str(port), ORCHESTRATOR_ADMIN_PASSWORD="bench-password",
               ORCHESTRATOR_BCRYPT_COST="4", ORCHESTRATOR_TMUX_SOCKET=socket_name, ORCHESTRATOR_WORKSPACE_ROOTS=workspace,
               ORCHESTRATOR_LOG_LEVEL="warning", ORCHESTRATOR_RATE_LIMIT_PER_MINUTE="100000", LATENCY_LOG=log_path)
    server = subprocess.Popen([args.binary, "serve"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        connection = wait_for_server(port)
        token = call(connection, "POST", "/auth/login", {"username": "admin", "password": "bench-password"})["access_token"]
        agent = os.path.join(ROOT, "Tests/Fixtures/agents/latency-agent.py")
        call(connection, "POST", "/api/v1/projects", {"name": "bench", "project_path": os.path.join(workspace, "bench"),
                                                      "spec_content": "benchmark", "size": "small", "agent_command": agent}, token)
        wait_until(lambda: count_lines(log_path) >= 1, 30)  # the briefing arrived: the agent is up
        latencies = []
        responses = []
        for index in range(args.messages):
            before = count_lines(log_path)
            start = time.time_ns()
            call(connection, "POST", "/api/v1/projects/bench/messages", {"target_agent": "developer", "content": f"msg-{index}"}, token)
            responses.append((time.time_ns() - start) / 1e6)
            wait_until(lambda: count_lines(log_path) > before, 10)
            arrived = int(last_line(log_path).split(" ", 1)[0])
            latencies.append((arrived - start) / 1e6)
            # Let the previous message's Enter go out (agents.enter_delay_ms after its paste), so each
            # message is measured on its own rather than queued behind the one before.
            time.sleep(0.1)
        latencies.sort()
        p50 = statistics.median(latencies)
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(f"REST message -> arrived in pane, {len(latencies)} messages: median {p50:.2f} ms, p95 {p95:.2f} ms, "
              f"min {latencies[0]:.2f} ms, max {latencies[-1]:.2f} ms; the 202 answer itself: median {statistics.median(responses):.2f} ms")
    finally:
        server.terminate()
        server.wait(timeout=15)
        subprocess.run(["tmux", "-L", socket_name, "kill-server"], stderr=subprocess.DEVNULL)
        shutil.rmtree(data, ignore_errors=True)


def wait_for_server(port):
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/api/v1/system/health")
            connection.getresponse().read()
            return connection
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def call(connection, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {payload[:300]!r}")
    return json.loads(payload) if payload else {}


def count_lines(path):
    try:
        with open(path, "rb") as f:
            return f.read().count(b"\n")
    except FileNotFoundError:
        return 0


def last_line(path):
    with open(path, "rb") as f:
        return f.read().decode().strip().split("\n")[-1]


def wait_until(condition, seconds):
    deadline = time.time() + seconds
    while not condition():
        if time.time() > deadline:
            raise SystemExit("timed out waiting for the agent")
        time.sleep(0.0002)


if __name__ == "__main__":
    main()
