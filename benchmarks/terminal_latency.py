#!/usr/bin/env python3
"""The interactive terminal under load: 50 agents print (5 projects × 10 ticker agents), and a terminal client on
WS /ws/projects/{id}/agents/{agent}/terminal measures
- keystroke → byte in the program: an input frame's send time to the moment benchmarks/agents/keystroke-log.py
  reads the byte (same clock, same machine), over --keys keystrokes --gap seconds apart;
- pane output → terminal client: a ticker agent's "tick <ns>" lines in the terminal's binary frames, receive time
  minus print time, over --seconds.

Targets: keystroke p50 ≤ 10 ms; output p50 ≤ 20 ms.

Needs: pip install websocket-client.
Usage: benchmarks/terminal_latency.py [--busy-projects 5] [--agents-per-project 10] [--tick 0.25] [--keys 200] [--gap 0.02]
                                      [--seconds 15] [--settle 10] [--json FILE] [--binary .build/release/orchestrator]
"""
import argparse
import http.client
import json
import os
import re
import sys
import threading
import time

import websocket

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import ROOT, call, running_server  # noqa: E402
from live_output import wait_agents_up  # noqa: E402

TICKER = os.path.join(ROOT, "benchmarks/agents/ticker.py")
KEYS = os.path.join(ROOT, "benchmarks/agents/keystroke-log.py")
TARGETS = {"keystroke_p50_ms": 10.0, "output_p50_ms": 20.0}


def percentiles(samples):
    ordered = sorted(samples)
    if not ordered:
        return {"p50_ms": None, "p90_ms": None, "p99_ms": None}
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1e6, 2)  # noqa: E731
    return {"p50_ms": pick(0.5), "p90_ms": pick(0.9), "p99_ms": pick(0.99)}


def terminal(port, token, project):
    socket = websocket.create_connection(f"ws://127.0.0.1:{port}/ws/projects/{project}/agents/developer/terminal?token={token}", timeout=30)
    hello = json.loads(socket.recv())
    socket.recv()  # the screen
    return socket, hello


def create(bench, name, command, agents=1):
    connection = http.client.HTTPConnection("127.0.0.1", bench.port, timeout=300)
    project = call(connection, "POST", "/api/v1/projects", {
        "name": name, "project_path": os.path.join(bench.workspace, name), "spec_content": "benchmark",
        "team_composition": ["developer"] * agents, "agent_command": command}, bench.token)
    connection.close()
    return project


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--busy-projects", type=int, default=5)
    parser.add_argument("--agents-per-project", type=int, default=10)
    parser.add_argument("--tick", type=float, default=0.25)
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--gap", type=float, default=0.02)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--settle", type=float, default=10)
    parser.add_argument("--json", metavar="FILE")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/orchestrator"))
    args = parser.parse_args()
    busy = args.busy_projects * args.agents_per_project

    with running_server(args.binary, "orc-termbench-") as bench:
        for index in range(args.busy_projects):
            create(bench, f"busy-{index}", f"TICK_SECONDS={args.tick} {TICKER}", args.agents_per_project)
        # The log lives in the agent's worktree: a contained agent writes nowhere else.
        keys = create(bench, "keys", f"KEYSTROKE_LOG=keystrokes.log {KEYS}")
        log = os.path.join(keys["agents"][0]["worktree_path"], "keystrokes.log")
        create(bench, "watched", f"TICK_SECONDS=0.1 {TICKER}")
        wait_agents_up(bench.port, bench.token, busy + 2, timeout=max(120, busy * 2))
        print(f"{busy} busy agents up; settling {args.settle:.0f} s")
        time.sleep(args.settle)

        # Keystrokes: one byte per input frame, each one's send time kept.
        socket, hello = terminal(bench.port, bench.token, "keys")
        assert hello["can_type"], hello
        sent = []
        # The briefing typed into the agent at its start is in the log already: only what follows counts.
        before = len(open(log).read().splitlines()) if os.path.exists(log) else 0
        for index in range(args.keys):
            byte = 0x61 + index % 26
            sent.append((time.time_ns(), byte))
            socket.send(json.dumps({"type": "input", "data": chr(byte)}))
            time.sleep(args.gap)
        time.sleep(1)
        socket.close()
        arrived = [line.split() for line in open(log).read().splitlines()[before:]]
        keystrokes = [int(at) - sent_at for (sent_at, byte), (at, hex_byte) in zip(sent, arrived) if int(hex_byte, 16) == byte]

        # Output: tick lines in the terminal's binary frames.
        socket, _ = terminal(bench.port, bench.token, "watched")
        outputs = []
        stop = time.time() + args.seconds
        socket.settimeout(2)
        while time.time() < stop:
            try:
                frame = socket.recv()
            except websocket.WebSocketTimeoutException:
                continue
            received = time.time_ns()
            if isinstance(frame, bytes):
                outputs += [received - int(ns) for ns in re.findall(rb"tick (\d{19})", frame)]
        socket.close()

    figures = {"busy_agents": busy, "keystrokes": len(keystrokes), "keystrokes_sent": args.keys,
               "keystroke": percentiles(keystrokes), "output_lines": len(outputs), "output": percentiles(outputs)}
    print(f"keystroke → program ({len(keystrokes)} of {args.keys}): p50 {figures['keystroke']['p50_ms']} ms, "
          f"p90 {figures['keystroke']['p90_ms']} ms, p99 {figures['keystroke']['p99_ms']} ms (target p50 ≤ {TARGETS['keystroke_p50_ms']} ms)")
    print(f"pane output → terminal client ({len(outputs)} lines): p50 {figures['output']['p50_ms']} ms, "
          f"p90 {figures['output']['p90_ms']} ms, p99 {figures['output']['p99_ms']} ms (target p50 ≤ {TARGETS['output_p50_ms']} ms), "
          f"with {busy} agents printing every {args.tick} s")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(figures, handle, indent=2)


if __name__ == "__main__":
    main()
