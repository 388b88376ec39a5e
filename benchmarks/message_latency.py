#!/usr/bin/env python3
"""REST message → text arrived in the agent's pane: median and p95 over N messages, and what the machine allows.

Starts the real server binary on a scratch data dir and a private tmux socket, creates a project whose agent is
Tests/Fixtures/agents/latency-agent.py (it timestamps each paste the moment it fully arrives), then sends N
messages one at a time through POST /api/v1/projects/{id}/messages over one keep-alive connection, 100 ms apart.
The Enter that follows each paste (after agents.enter_delay_ms) is not part of the figure.

Requests are timed with `RawClient` (a bare socket; `http.client` would add about 0.45 ms of its own per request
after a quiet spell). Printed in the same run, for scale:
- the floor: the same client, the same 100 ms apart, against benchmarks/floor_server.c (a blocking C loop that
  answers a fixed 202 without parsing anything), built with `cc` when there is one;
- `GET /api/v1/system/health` on the server, 100 ms apart: its HTTP stack with nothing behind it.
With --stream N it then pauses the project and sends N more messages back to back (they queue; nothing is pasted)
and reports the 202 answer with the server's threads awake.

Usage: benchmarks/message_latency.py [--messages 150] [--stream 1000] [--binary .build/release/orchestrator]
"""
import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import ROOT, RawClient, running_server  # noqa: E402

GAP_SECONDS = 0.1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=150)
    parser.add_argument("--stream", type=int, default=0, help="then N back-to-back messages to the paused project")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/orchestrator"))
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="orc-bench-log-")
    try:
        floor = floor_latency(scratch, args.messages)
        if floor:
            print(f"floor (benchmarks/floor_server.c, same client, {GAP_SECONDS * 1000:.0f} ms apart): median {floor[0]:.3f} ms; "
                  f"back to back {floor[1]:.3f} ms")
        else:
            print("floor: no C compiler here, skipped")
        measure_server(args, os.path.join(scratch, "latency.log"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def measure_server(args, log_path):
    with running_server(args.binary, "orc-bench-", LATENCY_LOG=log_path) as bench:
        agent = os.path.join(ROOT, "Tests/Fixtures/agents/latency-agent.py")
        bench.call("POST", "/api/v1/projects", {"name": "bench", "project_path": os.path.join(bench.workspace, "bench"),
                                                "spec_content": "benchmark", "size": "small", "agent_command": agent})
        wait_until(lambda: count_lines(log_path) >= 1, 30)  # the briefing arrived: the agent is up
        client = RawClient(bench.port, bench.token)
        health = client.request_bytes("GET", "/api/v1/system/health", None)
        print(f"GET /api/v1/system/health, {GAP_SECONDS * 1000:.0f} ms apart: median "
              f"{statistics.median(timed(client, [health] * args.messages, GAP_SECONDS, 200)):.3f} ms")
        latencies = []
        responses = []
        for index in range(args.messages):
            request = client.request_bytes("POST", "/api/v1/projects/bench/messages", {"target_agent": "developer", "content": f"msg-{index}"})
            before = count_lines(log_path)
            start = time.time_ns()
            status, body = client.exchange(request)
            responses.append((time.time_ns() - start) / 1e6)
            if status != 202:
                raise SystemExit(f"message {index}: {status} {body[:300]!r}")
            wait_until(lambda: count_lines(log_path) > before, 10)
            arrived = int(last_line(log_path).split(" ", 1)[0])
            latencies.append((arrived - start) / 1e6)
            # Let the previous message's Enter go out (agents.enter_delay_ms after its paste), so each
            # message is measured on its own rather than queued behind the one before.
            time.sleep(GAP_SECONDS)
        latencies.sort()
        p50 = statistics.median(latencies)
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(f"REST message -> arrived in pane, {len(latencies)} messages: median {p50:.2f} ms, p95 {p95:.2f} ms, "
              f"min {latencies[0]:.2f} ms, max {latencies[-1]:.2f} ms; the 202 answer itself: median {statistics.median(responses):.2f} ms")
        if args.stream:
            bench.call("POST", "/api/v1/projects/bench/pause")
            requests = [client.request_bytes("POST", "/api/v1/projects/bench/messages", {"target_agent": "developer", "content": f"queued-{index}"})
                        for index in range(args.stream)]
            answers = sorted(timed(client, requests, 0, 202))
            print(f"{args.stream} messages back to back (project paused, so they queue): the 202 answer median "
                  f"{statistics.median(answers):.2f} ms, p95 {answers[int(len(answers) * 0.95) - 1]:.2f} ms")
        client.close()


def timed(client, requests, gap, expected):
    """Milliseconds per exchange of each built request, `gap` seconds apart."""
    figures = []
    for request in requests:
        start = time.perf_counter_ns()
        status, body = client.exchange(request)
        figures.append((time.perf_counter_ns() - start) / 1e6)
        if status != expected:
            raise SystemExit(f"{status} {body[:300]!r}")
        if gap:
            time.sleep(gap)
    return figures


def floor_latency(scratch, count):
    """(isolated median, back-to-back median) against the C floor server, or None without a compiler."""
    compiler = shutil.which("cc") or shutil.which("clang") or shutil.which("gcc")
    if not compiler:
        return None
    binary = os.path.join(scratch, "floor_server")
    subprocess.run([compiler, "-O2", "-o", binary, os.path.join(ROOT, "benchmarks/floor_server.c")], check=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([binary, str(port)])
    try:
        deadline = time.time() + 10
        while True:
            try:
                client = RawClient(port, "floor")
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        request = client.request_bytes("POST", "/api/v1/projects/bench/messages", {"target_agent": "developer", "content": "floor"})
        isolated = statistics.median(timed(client, [request] * count, GAP_SECONDS, 202))
        streamed = statistics.median(timed(client, [request] * 1000, 0, 202))
        client.close()
        return isolated, streamed
    finally:
        server.kill()
        server.wait()


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
