#!/usr/bin/env python3
"""Agent prints → WebSocket client receives it, with 1 and with 50 watched agents; then the server's CPU and
memory with 50 idle agents.

Starts the real server binary on a scratch data dir and a private tmux socket. Agents are
benchmarks/agents/ticker.py: each prints "tick <wall-clock ns>" every --tick seconds from a random phase.
One WebSocket client on /ws/system receives every agent_output frame; each tick line in a frame gives one
latency sample (receive time minus print time; same clock, same machine).
The idle phase restarts the agents silent (TICK_SECONDS=0), lets them settle, and reads the server's and the tmux
server's CPU time from /proc over --idle-seconds with no client connected.

Needs: pip install websocket-client.   Usage: benchmarks/ws_latency.py [--seconds 30] [--binary .build/release/orchestrator]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time

import websocket

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import call, cpu_seconds, rss_mib, running_server  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TICKER = os.path.join(ROOT, "benchmarks/agents/ticker.py")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--tick", type=float, default=0.25)
    parser.add_argument("--idle-seconds", type=float, default=30)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/orchestrator"))
    args = parser.parse_args()

    with running_server(args.binary, "orc-wsbench-") as bench:
        connection, token, workspace, port, socket_name, server = (
            bench.connection, bench.token, bench.workspace, bench.port, bench.socket_name, bench.process)
        for agents, projects in ((1, 1), (50, 5)):
            create(connection, token, workspace, projects, agents // projects, f"TICK_SECONDS={args.tick} {TICKER}")
            wait_agents_up(connection, token, agents)
            samples = measure(port, token, args.seconds)
            report(f"{agents} watched agent{'s' if agents > 1 else ''}, a line every {args.tick}s each", samples)
            terminate_all(connection, token)
        create(connection, token, workspace, 5, 10, f"TICK_SECONDS=0 {TICKER}")
        wait_agents_up(connection, token, 50)
        time.sleep(10)
        tmux_pid = int(subprocess.run(["tmux", "-L", socket_name, "display-message", "-p", "#{pid}"],
                                      capture_output=True, text=True).stdout.strip() or 0)
        before = (cpu_seconds(server.pid), cpu_seconds(tmux_pid), time.time())
        time.sleep(args.idle_seconds)
        after = (cpu_seconds(server.pid), cpu_seconds(tmux_pid), time.time())
        elapsed = after[2] - before[2]
        print(f"50 idle agents over {elapsed:.0f} s: server CPU {100 * (after[0] - before[0]) / elapsed:.2f} % of a core, "
              f"tmux server {100 * (after[1] - before[1]) / elapsed:.2f} %, server memory {rss_mib(server.pid):.1f} MiB, "
              f"tmux server memory {rss_mib(tmux_pid):.1f} MiB")


def create(connection, token, workspace, projects, per_project, command):
    for index in range(projects):
        name = f"bench-{time.time_ns()}-{index}"
        call(connection, "POST", "/api/v1/projects", {
            "name": name, "project_path": os.path.join(workspace, name), "spec_content": "benchmark",
            "team_composition": ["developer"] * per_project, "agent_command": command}, token)


def wait_agents_up(connection, token, count):
    deadline = time.time() + 120
    while time.time() < deadline:
        metrics = call(connection, "GET", "/api/v1/system/metrics", token=token)
        by_status = metrics["agents"]["by_status"]
        if sum(n for state, n in by_status.items() if state in ("active", "idle")) >= count:
            return
        time.sleep(0.5)
    raise SystemExit(f"agents did not come up: {by_status}")


def measure(port, token, seconds):
    samples = []
    done = threading.Event()

    def on_message(_, text):
        received = time.time_ns()
        event = json.loads(text)
        if event["type"] != "agent_output":
            return
        for line in event["data"]["text"].splitlines():
            parts = line.strip().split(" ")
            if len(parts) == 2 and parts[0] == "tick" and parts[1].isdigit():
                samples.append((received - int(parts[1])) / 1e6)

    client = websocket.WebSocketApp(f"ws://127.0.0.1:{port}/ws/system?token={token}", on_message=on_message)
    thread = threading.Thread(target=client.run_forever, daemon=True)
    thread.start()
    time.sleep(2)  # connected, and the first partial frames are past
    samples.clear()
    done.wait(seconds)
    client.close()
    return samples


def terminate_all(connection, token):
    for project in call(connection, "GET", "/api/v1/projects?limit=100", token=token)["items"]:
        if project["status"] != "terminated":
            call(connection, "DELETE", f"/api/v1/projects/{project['id']}", token=token)


def report(label, samples):
    if not samples:
        print(f"{label}: no samples")
        return
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    print(f"{label}: {len(samples)} lines, median {statistics.median(samples):.2f} ms, p95 {p95:.2f} ms, max {samples[-1]:.2f} ms")






if __name__ == "__main__":
    main()
