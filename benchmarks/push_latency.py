#!/usr/bin/env python3
"""From an agent's hook saying "waiting" to the push service holding the notification.

Starts the real server binary (scratch data dir, private tmux socket) with a push service stand-in on loopback (an
HTTP server answering 201, as FCM or Mozilla's service would; allowed through ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS) and
one browser subscription to it. A project's agent (`sleep`) is then told by Claude Code's own hook payloads, through
the hooks endpoint, that it asks a permission question (`Notification`/`permission_prompt`, a new question each
round), then that the person answered (`UserPromptSubmit`). Each round's time runs from sending the waiting hook to
the stand-in receiving the encrypted POST. Reports p50, p90, p99 and max over --rounds.

Targets: p50 <= 300 ms, p99 <= 1 s.

Usage: benchmarks/push_latency.py [--rounds 100] [--binary .build/release/orchestrator]
"""
import argparse
import base64
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import ROOT, running_server  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/orchestrator"))
    args = parser.parse_args()

    received = []
    arrived = threading.Event()

    class StandIn(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append(time.perf_counter())
            arrived.set()
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    push = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=push.serve_forever, daemon=True).start()
    key = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()  # noqa: E731

    # Each round is a new question of the same agent: the one-notice-per-agent-per-minute rule is turned off here, as
    # it would hold every round but the first for a minute.
    with running_server(args.binary, prefix="orc-pushbench-", ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1",
                        ORCHESTRATOR_AGENT_NOTICE_INTERVAL_SECONDS="0") as server:
        server.call("POST", "/api/v1/notifications/subscriptions",
                    {"endpoint": f"http://127.0.0.1:{push.server_address[1]}/push/bench", "keys": {"p256dh": b64(key), "auth": b64(os.urandom(16))}})
        server.call("POST", "/api/v1/projects", {"name": "Asks", "project_path": os.path.join(server.workspace, "asks"), "spec_content": "x",
                                                 "size": "small", "agent_command": "sleep 100000"})
        hooks = "/api/v1/projects/asks/agents/developer/hooks?kind=claude"
        time.sleep(3)  # the agent started and was briefed
        samples = []
        for round_number in range(args.rounds):
            server.call("POST", hooks, {"hook_event_name": "UserPromptSubmit", "prompt": "go on"})
            time.sleep(0.2)
            arrived.clear()
            before = len(received)
            started = time.perf_counter()
            server.call("POST", hooks, {"hook_event_name": "Notification", "notification_type": "permission_prompt",
                                        "message": f"Claude needs your permission to use Bash (round {round_number})"})
            if not arrived.wait(10) or len(received) <= before:
                raise SystemExit(f"round {round_number}: no push within 10 s")
            samples.append((received[before] - started) * 1000)
        samples.sort()
        pick = lambda fraction: samples[min(len(samples) - 1, int(fraction * len(samples)))]  # noqa: E731
        print(f"hook 'waiting' -> push service has the POST, {len(samples)} rounds")
        print("| p50 | p90 | p99 | max | mean |")
        print("| --- | --- | --- | --- | --- |")
        print(f"| {pick(0.5):.0f} ms | {pick(0.9):.0f} ms | {pick(0.99):.0f} ms | {samples[-1]:.0f} ms | {statistics.mean(samples):.0f} ms |")
    push.shutdown()


if __name__ == "__main__":
    main()
