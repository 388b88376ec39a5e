#!/usr/bin/env python3
"""Live output at scale: 200 agents (10 projects × 20) print, one WebSocket client on /ws/system receives.

Starts the real server binary on a scratch data dir and a private tmux socket. Agents are
benchmarks/agents/ticker.py: each prints "tick <wall-clock ns>" every --tick seconds from a random phase. One
WebSocket client on /ws/system receives every agent_output frame; each tick line in a frame gives one latency sample
(receive time minus print time; same clock, same machine). Measuring starts --settle seconds after every agent is up
(the briefings' delivery to freshly created agents is done by then). Over the measured stretch the server's and the
tmux server's CPU time are read from /proc (and the CPU time of the processes the server started and reaped);
afterwards strace (if installed) counts the processes the server starts over --strace-seconds, the client still
connected.

Targets: p50 ≤ 2 ms, p99 ≤ 10 ms.

Needs: pip install websocket-client.
Usage: benchmarks/live_output.py [--projects 10] [--agents-per-project 20] [--tick 0.25] [--seconds 20] [--settle 30]
                                 [--strace-seconds 5] [--json FILE] [--binary .build/release/orchestrator]
"""
import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import websocket

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import ROOT, call, cpu_seconds, rss_mib, running_server  # noqa: E402
from read_latency import traced  # noqa: E402

TICKER = os.path.join(ROOT, "benchmarks/agents/ticker.py")
TARGETS = {"p50_ms": 2.0, "p99_ms": 10.0}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10)
    parser.add_argument("--agents-per-project", type=int, default=20)
    parser.add_argument("--tick", type=float, default=0.25, help="seconds between two lines of one agent")
    parser.add_argument("--seconds", type=float, default=20, help="the measured stretch")
    parser.add_argument("--settle", type=float, default=30, help="seconds to wait once every agent is up")
    parser.add_argument("--strace-seconds", type=float, default=5,
                        help="afterwards, count the processes the server starts over this long with strace (0: skip)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/orchestrator"))
    args = parser.parse_args()
    agents = args.projects * args.agents_per_project

    with running_server(args.binary, "orc-livebench-") as bench:
        started = time.time()
        slow = http.client.HTTPConnection("127.0.0.1", bench.port, timeout=300)  # a project of 20 agents takes a while
        for index in range(args.projects):
            name = f"live-{index:02d}"
            call(slow, "POST", "/api/v1/projects", {
                "name": name, "project_path": os.path.join(bench.workspace, name), "spec_content": "benchmark",
                "team_composition": ["developer"] * args.agents_per_project,
                "agent_command": f"TICK_SECONDS={args.tick} {TICKER}"}, bench.token)
            if sys.stdout.isatty():
                print(f"  project {index + 1} of {args.projects} created, {time.time() - started:.1f} s", end="\r", flush=True)
        slow.close()
        wait_agents_up(bench.port, bench.token, agents, timeout=max(120, agents))
        print(f"{agents} agents ({args.projects} projects × {args.agents_per_project}) up in {time.time() - started:.1f} s; "
              f"settling {args.settle:.0f} s")
        time.sleep(args.settle)
        tmux_pid = int(subprocess.run(["tmux", "-L", bench.socket_name, "display-message", "-p", "#{pid}"],
                                      capture_output=True, text=True).stdout.strip() or 0)
        samples, frames, cpu, client = measure(bench.port, bench.token, args.seconds, bench.process.pid, tmux_pid)
        memory = rss_mib(bench.process.pid)
        spawned = count_processes(bench.process.pid, args.strace_seconds)
        client.close()

    expected = agents * cpu["seconds"] / args.tick
    figures = {"agents": agents, "projects": args.projects, "tick_seconds": args.tick, "seconds": round(cpu["seconds"], 1),
               "frames": frames, "lines": len(samples), "lines_expected": round(expected),
               **percentiles(samples), "server_cpu_percent": round(cpu["server"], 1),
               "processes_started": spawned, "tmux_cpu_percent": round(cpu["tmux"], 1), "server_children_cpu_percent": round(cpu["children"], 1), "server_rss_mib": round(memory, 1)}
    report(figures, args)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)
        print(f"figures written to {args.json}")


def wait_agents_up(port, token, count, timeout):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    deadline = time.time() + timeout
    while time.time() < deadline:
        by_status = call(connection, "GET", "/api/v1/system/metrics", token=token)["agents"]["by_status"]
        if sum(n for state, n in by_status.items() if state in ("active", "idle")) >= count:
            connection.close()
            return
        time.sleep(1)
    raise SystemExit(f"agents did not come up: {by_status}")


def measure(port, token, seconds, server_pid, tmux_pid):
    samples = []
    frames = [0]
    measuring = threading.Event()

    def on_message(_, text):
        received = time.time_ns()
        event = json.loads(text)
        if event["type"] != "agent_output" or not measuring.is_set():
            return
        frames[0] += 1
        for line in event["data"]["text"].splitlines():
            parts = line.strip().split(" ")
            if len(parts) == 2 and parts[0] == "tick" and parts[1].isdigit():
                samples.append((received - int(parts[1])) / 1e6)

    client = websocket.WebSocketApp(f"ws://127.0.0.1:{port}/ws/system?token={token}", on_message=on_message)
    thread = threading.Thread(target=client.run_forever, daemon=True)
    thread.start()
    time.sleep(2)  # connected, and the first partial frames are past
    before = (cpu_seconds(server_pid), cpu_seconds(tmux_pid), time.time(), cpu_seconds(server_pid, children=True))
    measuring.set()
    time.sleep(seconds)
    measuring.clear()
    after = (cpu_seconds(server_pid), cpu_seconds(tmux_pid), time.time(), cpu_seconds(server_pid, children=True))
    elapsed = after[2] - before[2]
    cpu = {"seconds": elapsed, "server": 100 * (after[0] - before[0]) / elapsed, "tmux": 100 * (after[1] - before[1]) / elapsed,
           "children": 100 * (after[3] - before[3]) / elapsed}
    return samples, frames[0], cpu, client


def count_processes(pid, seconds):
    """The processes the server starts over `seconds` right after the measured stretch (strace -f attached; it slows
    the server, so not while measuring). None without strace or with seconds 0."""
    strace = shutil.which("strace")
    if not strace or seconds <= 0:
        return None
    with tempfile.TemporaryDirectory(prefix="orc-livebench-trace-") as folder:
        with traced(strace, pid, os.path.join(folder, "live.trace")) as trace:
            time.sleep(seconds)
    return trace


def percentiles(samples):
    if not samples:
        return {}
    ordered = sorted(samples)

    def at(fraction):
        return round(ordered[min(len(ordered) - 1, max(0, int(round(len(ordered) * fraction)) - 1))], 2)

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99), "max_ms": round(ordered[-1], 2)}


def report(figures, args):
    print(f"\n{figures['agents']} agents, a line every {args.tick:g} s each, one /ws/system client, {figures['seconds']} s:")
    print(f"  received {figures['lines']} tick lines of {figures['lines_expected']} printed (about), in {figures['frames']} frames")
    if "p50_ms" not in figures:
        print("  no samples")
        return
    print(f"  print → receive: p50 {figures['p50_ms']:.2f} ms, p95 {figures['p95_ms']:.2f} ms, p99 {figures['p99_ms']:.2f} ms, "
          f"max {figures['max_ms']:.2f} ms")
    for key, limit in TARGETS.items():
        name = key.split("_")[0]
        print(f"  target {name} ≤ {limit:g} ms: {'met' if figures[key] <= limit else 'NOT met'} ({figures[key]:.2f} ms)")
    spawned = figures["processes_started"]
    if spawned is None:
        print("  processes the server starts: not counted (no strace, or --strace-seconds 0)")
    else:
        programs = ", ".join(f"{name} ×{count}" for name, count in sorted(spawned["programs"].items(), key=lambda p: -p[1]))
        print(f"  processes the server started over {spawned['seconds']:.1f} s afterwards (strace -f attached): "
              f"{spawned['processes']} ({spawned['processes'] / spawned['seconds']:.1f}/s){': ' + programs if programs else ''}")
    print(f"  server CPU {figures['server_cpu_percent']:.1f} % of a core (the processes it started and reaped: "
          f"{figures['server_children_cpu_percent']:.1f} %), tmux server {figures['tmux_cpu_percent']:.1f} %, "
          f"server memory {figures['server_rss_mib']:.1f} MiB")






if __name__ == "__main__":
    main()
