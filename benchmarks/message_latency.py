#!/usr/bin/env python3
"""REST message → text arrived in the agent's pane: median and p95 over N messages.

Starts the real server binary on a scratch data dir and a private tmux socket, creates a project whose agent is
Tests/Fixtures/agents/latency-agent.py (it timestamps each paste the moment it fully arrives), then sends N
messages one at a time through POST /api/v1/projects/{id}/messages over one keep-alive connection, 100 ms apart.
The Enter that follows each paste (after agents.enter_delay_ms) is not part of the figure.

With --stream N it then pauses the project and sends N more messages back to back (they queue; nothing is pasted)
and reports the 202 answer alone: the request path with the server's threads awake. Isolated messages (the first
figure) also pay for this virtual machine waking idle threads, about 1 ms for any request after 100 ms of quiet.

Usage: benchmarks/message_latency.py [--messages 200] [--stream 2000] [--binary .build/release/orchestrator]
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import ROOT, running_server  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--stream", type=int, default=0, help="then N back-to-back messages to the paused project")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/orchestrator"))
    args = parser.parse_args()

    log_path = os.path.join(tempfile.mkdtemp(prefix="orc-bench-log-"), "latency.log")
    with running_server(args.binary, "orc-bench-", LATENCY_LOG=log_path) as bench:
        agent = os.path.join(ROOT, "Tests/Fixtures/agents/latency-agent.py")
        bench.call("POST", "/api/v1/projects", {"name": "bench", "project_path": os.path.join(bench.workspace, "bench"),
                                                "spec_content": "benchmark", "size": "small", "agent_command": agent})
        wait_until(lambda: count_lines(log_path) >= 1, 30)  # the briefing arrived: the agent is up
        latencies = []
        responses = []
        for index in range(args.messages):
            before = count_lines(log_path)
            start = time.time_ns()
            bench.call("POST", "/api/v1/projects/bench/messages", {"target_agent": "developer", "content": f"msg-{index}"})
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
        if args.stream:
            bench.call("POST", "/api/v1/projects/bench/pause")
            answers = []
            for index in range(args.stream):
                start = time.perf_counter_ns()
                bench.call("POST", "/api/v1/projects/bench/messages", {"target_agent": "developer", "content": f"queued-{index}"})
                answers.append((time.perf_counter_ns() - start) / 1e6)
            answers.sort()
            print(f"{args.stream} messages back to back (project paused, so they queue): the 202 answer median "
                  f"{statistics.median(answers):.2f} ms, p95 {answers[int(len(answers) * 0.95) - 1]:.2f} ms")
    shutil.rmtree(os.path.dirname(log_path), ignore_errors=True)


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
