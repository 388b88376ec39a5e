#!/usr/bin/env python3
"""What running agents on an SSH host costs against running them here.

Starts the real server binary (benchmarks/bench_server.py) and one SSH host as the end-to-end tests make them
(Tests/e2e/ssh_hosts.py: a network namespace with its own sshd, user and home, on a veth link; needs root, iproute2,
nftables and openssh-server). Then:

- project creation, one agent (Tests/Fixtures/agents/latency-agent.py), from the POST to its 201: here; on the host the
  first time (the server's executable is copied there); on the host again (mirror push, worktree, files, window);
- REST message -> text arrived in the pane, for one agent here and one on the host in the same project, sent
  alternately one at a time, 100 ms apart (the agent stamps each paste the moment it fully arrives; both write to this
  machine's clock, the host sharing it). The Enter that follows each paste is not part of the figure.

Usage: sudo benchmarks/remote_agents.py [--messages 100] [--binary .build/release/orchestrator]
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import ROOT, RawClient, running_server  # noqa: E402

sys.path.insert(0, os.path.join(ROOT, "Tests/e2e"))
from ssh_hosts import ssh_hosts  # noqa: E402

AGENT = os.path.join(ROOT, "Tests/Fixtures/agents/latency-agent.py")
GAP_SECONDS = 0.1


def lines(path):
    try:
        with open(path) as file:
            return file.read().splitlines()
    except OSError:
        return []


def wait_until(condition, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.002)
    raise SystemExit(f"timed out waiting for {what}")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100, help="per agent")
    parser.add_argument("--binary", default=os.environ.get("ORCHESTRATOR_BINARY", os.path.join(ROOT, ".build/release/orchestrator")))
    args = parser.parse_args()
    with ssh_hosts(1) as (host,):
        with running_server(args.binary, "orc-bench-remote-") as bench:
            bench.call("POST", "/api/v1/hosts", {"name": "box", "ssh": host.ssh, "identity_file": host.identity_file,
                                                  "workspace_root": host.home + "/work"})

            def create(name, team):
                start = time.perf_counter()
                bench.call("POST", "/api/v1/projects", {"name": name, "project_path": os.path.join(bench.workspace, name),
                                                        "spec_content": "benchmark", "agent_command": AGENT, "team_composition": team})
                return (time.perf_counter() - start) * 1000

            here = create("here", ["developer"])
            first = create("there-first", [{"role": "developer", "host": "box"}])
            again = create("there-again", [{"role": "developer", "host": "box"}])
            print(f"project creation, one agent: here {here:.0f} ms; on the host {again:.0f} ms "
                  f"({first:.0f} ms the first time, the executable copied)")
            for project in ["here", "there-first", "there-again"]:
                bench.call("DELETE", f"/api/v1/projects/{project}")

            create("mixed", [{"role": "remote", "host": "box"}, "local"])
            # Each agent writes ./latency.log in its worktree (a contained agent here reaches no other folder).
            remote_log = os.path.join(host.home, "work", "mixed", "remote", "latency.log")
            local_log = os.path.join(bench.data, "worktrees", "mixed", "local", "latency.log")
            logs = {"local": local_log, "remote": remote_log}
            # Each briefing arrived: both agents are up.
            wait_until(lambda: len(lines(remote_log)) >= 1, 60, "the briefing on the host")
            wait_until(lambda: len(lines(local_log)) >= 1, 60, "the briefing here")
            client = RawClient(bench.port, bench.token)
            figures = {"local": [], "remote": []}
            for index in range(args.messages):
                for agent in ("local", "remote"):
                    before = len(lines(logs[agent]))
                    request = client.request_bytes("POST", "/api/v1/projects/mixed/messages", {"target_agent": agent, "content": f"{agent}-{index}"})
                    start = time.time_ns()
                    status, body = client.exchange(request)
                    if status != 202:
                        raise SystemExit(f"{status} {body[:300]!r}")
                    wait_until(lambda: len(lines(logs[agent])) > before, 15, f"message {index} to the {agent} agent")
                    arrived = int(lines(logs[agent])[-1].split(" ", 1)[0])
                    figures[agent].append((arrived - start) / 1e6)
                    time.sleep(GAP_SECONDS)
            client.close()
            local, remote = figures["local"], figures["remote"]
            print(f"REST message -> arrived in pane, {args.messages} each: here median {statistics.median(local):.2f} ms, "
                  f"p95 {percentile(local, 0.95):.2f} ms; on the host median {statistics.median(remote):.2f} ms, "
                  f"p95 {percentile(remote, 0.95):.2f} ms ({statistics.median(remote) / statistics.median(local):.1f}x)")


if __name__ == "__main__":
    main()
