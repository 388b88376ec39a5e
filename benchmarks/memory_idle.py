#!/usr/bin/env python3
"""The server's memory over many pause/resume cycles, then its CPU and memory with a large idle fleet.

Starts the real server binary on a scratch data dir and a private tmux socket (benchmarks/bench_server.py).
Agents run a quiet program (--agent-command, `sleep 100000` by default): they print nothing and never exit.

1. Cycles: one project with --cycle-agents agents. After --warmup pause/resume cycles the server's VmRSS is
   read, then again after --cycles more; the difference is the growth. Each resume waits until every agent of the
   project is running again (not `stopped`) and one monitor tick (1.2 s) has looked at the new panes. At the end: the server's child processes, and how many of
   them are zombies (state Z, never reaped).
2. Idle fleet: a fresh server, --projects × --per-project agents. Once all are up and have settled for
   --settle seconds, the server's and the tmux server's CPU time are read from /proc over --idle-seconds,
   with their memory and the server's zombie children.

Targets: growth ≤ 8 MiB over 100 cycles; with 200 idle agents ≤ 80 MiB and < 1 % of a core; no zombies.

Usage: benchmarks/memory_idle.py [--cycles 100] [--projects 10 --per-project 20] [--json FILE]
                                 [--binary .build/release/orchestrator]
"""
import argparse
import contextlib
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import call, cpu_seconds, rss_mib, running_server  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOT_UP = ("stopped",)
# A quiet agent that never exits is `idle` once its startup grace is over (`active` while the pasted briefing
# echoes); `waiting` and `exhausted` would mean the screen matched a prompt or limit pattern, but the agent
# process is alive all the same. Only `failed` means it is gone.
UP = ("active", "idle", "waiting", "exhausted")
TARGETS = {"growth_mib": 8, "idle_rss_mib": 80, "idle_server_cpu_percent": 1, "zombies": 0}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/orchestrator"))
    parser.add_argument("--agent-command", default="sleep 100000", help="what every agent runs (default: %(default)s)")
    parser.add_argument("--cycle-agents", type=int, default=3, help="agents of the paused and resumed project")
    parser.add_argument("--warmup", type=int, default=10, help="pause/resume cycles before the first reading")
    parser.add_argument("--cycles", type=int, default=100, help="pause/resume cycles measured")
    parser.add_argument("--projects", type=int, default=10, help="projects of the idle fleet")
    parser.add_argument("--per-project", type=int, default=20, help="agents per project of the idle fleet (at most 20)")
    parser.add_argument("--settle", type=float, default=15, help="seconds the fleet is left alone before measuring")
    parser.add_argument("--idle-seconds", type=float, default=30, help="seconds the idle fleet is measured over")
    parser.add_argument("--timeout", type=float, default=300, help="longest wait for agents to come up")
    parser.add_argument("--skip-cycles", action="store_true", help="only the idle fleet")
    parser.add_argument("--skip-idle", action="store_true", help="only the pause/resume cycles")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON")
    args = parser.parse_args()
    # Stopped with SIGTERM, the servers and their tmux servers are cleaned up as on Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    if not os.access(args.binary, os.X_OK):
        raise SystemExit(f"no server binary at {args.binary} (build it with `swift build -c release`, or pass --binary)")
    if not 1 <= args.per_project <= 20:
        raise SystemExit("--per-project must be from 1 to 20 (a project's team has at most 20 agents)")

    print(f"server binary: {args.binary}", flush=True)
    results = {"binary": args.binary, "agent_command": args.agent_command, "targets": TARGETS}
    try:
        if not args.skip_cycles:
            results["cycles"] = cycles(args)
            report_cycles(results["cycles"])
            save(args.json, results)
        if not args.skip_idle:
            results["idle"] = idle_fleet(args)
            report_idle(results["idle"])
            save(args.json, results)
    except (TimeoutError, ConnectionError) as error:
        raise SystemExit(f"the server did not answer: {error!r}")
    if args.json:
        print(f"figures written to {args.json}")


def save(path, results):
    """Writes what has been measured so far (a later phase that fails keeps the earlier figures)."""
    if path:
        with open(path, "w") as f:
            json.dump(results, f, indent=2)
            f.write("\n")


# Pause/resume cycles


def cycles(args):
    with scratch_server(args.binary, "orc-membench-") as bench:
        server = bench.process
        [project] = create(bench, 1, args.cycle_agents, args.agent_command)
        wait_project_up(bench, project, args.timeout)
        for _ in range(args.warmup):
            cycle(bench, project, args.timeout)
        time.sleep(2)
        start, threads_start, fds_start = rss_mib(server.pid), thread_count(server.pid), fd_count(server.pid)
        samples, durations = [(0, start)], []
        for index in range(1, args.cycles + 1):
            durations.append(cycle(bench, project, args.timeout))
            if index % 10 == 0 or index == args.cycles:
                samples.append((index, rss_mib(server.pid)))
                print(f"  cycle {index}/{args.cycles}: server memory {samples[-1][1]:.1f} MiB", flush=True)
        time.sleep(2)
        end = rss_mib(server.pid)
        children = child_processes(server.pid)
        return {
            "agents": args.cycle_agents, "warmup": args.warmup, "cycles": args.cycles,
            "rss_start_mib": round(start, 2), "rss_end_mib": round(end, 2), "growth_mib": round(end - start, 2),
            "growth_per_cycle_kib": round(1024 * (end - start) / max(1, args.cycles), 1),
            "threads_start": threads_start, "threads_end": thread_count(server.pid),
            "fds_start": fds_start, "fds_end": fd_count(server.pid),
            "rss_mib_after_cycle": {str(index): round(rss, 2) for index, rss in samples},
            "pause_ms_median": median_ms(d[0] for d in durations), "resume_ms_median": median_ms(d[1] for d in durations),
            "up_after_resume_ms_median": median_ms(d[2] for d in durations),
            "children": len(children), "zombies": sum(1 for child in children if child["state"] == "Z"),
            "child_commands": summarize(children),
        }


def cycle(bench, project, timeout):
    """Pauses and resumes the project, waits for its agents; the seconds the pause, the resume and the wait took."""
    times = [time.monotonic()]
    bench.call("POST", f"/api/v1/projects/{project}/pause")
    times.append(time.monotonic())
    bench.call("POST", f"/api/v1/projects/{project}/resume")
    times.append(time.monotonic())
    wait_project_up(bench, project, timeout)
    times.append(time.monotonic())
    return [b - a for a, b in zip(times, times[1:])]


def wait_project_up(bench, project, timeout):
    """Until no agent of the project is stopped, then one monitor tick; a failed agent is an error."""
    deadline = time.time() + timeout
    while True:
        agents = bench.call("GET", f"/api/v1/projects/{project}/agents")
        states = [agent["status"] for agent in agents]
        failed = [f"{agent['agent_id']}: {agent.get('status_reason')}" for agent in agents if agent["status"] == "failed"]
        if failed:
            raise SystemExit(f"agents of project {project} failed: {'; '.join(failed)}")
        if agents and not any(state in NOT_UP for state in states):
            time.sleep(1.2)  # one monitor tick sees the new panes
            return
        if time.time() > deadline:
            raise SystemExit(f"agents of project {project} did not come up within {timeout:.0f} s: {states}")
        check_alive(bench)
        time.sleep(0.1)


# Idle fleet


def idle_fleet(args):
    count = args.projects * args.per_project
    with scratch_server(args.binary, "orc-idlebench-") as bench:
        server = bench.process
        began = time.monotonic()
        create(bench, args.projects, args.per_project, args.agent_command)
        created = time.monotonic() - began
        by_status = wait_fleet_up(bench, count, args.timeout)
        up = time.monotonic() - began
        print(f"  {count} agents created in {created:.1f} s, all up after {up:.1f} s: {by_status}", flush=True)
        time.sleep(args.settle)
        tmux_pid = tmux_server_pid(bench.socket_name)
        rss_before = rss_mib(server.pid)
        before = (cpu_seconds(server.pid), cpu_seconds(tmux_pid), time.monotonic())
        time.sleep(args.idle_seconds)
        check_alive(bench)
        after = (cpu_seconds(server.pid), cpu_seconds(tmux_pid), time.monotonic())
        elapsed = after[2] - before[2]
        children = child_processes(server.pid)
        by_status_after = bench.call("GET", "/api/v1/system/metrics")["agents"]["by_status"]
        return {
            "projects": args.projects, "per_project": args.per_project, "agents": count,
            "create_seconds": round(created, 1), "up_seconds": round(up, 1),
            "settle_seconds": args.settle, "seconds": round(elapsed, 1),
            "server_cpu_percent": round(100 * (after[0] - before[0]) / elapsed, 2),
            "tmux_cpu_percent": round(100 * (after[1] - before[1]) / elapsed, 2),
            "server_rss_mib": round(rss_mib(server.pid), 1), "server_rss_mib_at_start": round(rss_before, 1),
            "tmux_rss_mib": round(rss_mib(tmux_pid), 1),
            "children": len(children), "zombies": sum(1 for child in children if child["state"] == "Z"),
            "child_commands": summarize(children), "by_status": by_status_after,
        }


def wait_fleet_up(bench, count, timeout):
    deadline = time.time() + timeout
    while True:
        by_status = bench.call("GET", "/api/v1/system/metrics")["agents"]["by_status"]
        if by_status.get("failed"):
            raise SystemExit(f"{by_status['failed']} agents failed: {by_status}")
        if sum(n for state, n in by_status.items() if state in UP) >= count:
            return by_status
        if time.time() > deadline:
            raise SystemExit(f"not all {count} agents came up within {timeout:.0f} s: {by_status}")
        check_alive(bench)
        time.sleep(0.5)


# Helpers


@contextlib.contextmanager
def scratch_server(binary, prefix):
    """running_server, plus a last resort should its own cleanup fail (a server slow to stop with many agents):
    the server killed, its tmux server and scratch dir removed all the same."""
    bench = None
    try:
        with running_server(binary, prefix) as bench:
            yield bench
    finally:
        if bench is not None:
            if bench.process.poll() is None:
                bench.process.kill()
                bench.process.wait()
            subprocess.run(["tmux", "-L", bench.socket_name, "kill-server"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            shutil.rmtree(bench.data, ignore_errors=True)


def create(bench, projects, per_project, command):
    ids = []
    for index in range(projects):
        name = f"bench-{time.time_ns()}-{index}"
        # Creating a project starts all its agents before answering: longer than the shared connection waits.
        connection = http.client.HTTPConnection("127.0.0.1", bench.port, timeout=max(60, 10 * per_project))
        try:
            project = call(connection, "POST", "/api/v1/projects", {
                "name": name, "project_path": os.path.join(bench.workspace, name), "spec_content": "benchmark",
                "team_composition": ["developer"] * per_project, "agent_command": command}, bench.token)
        except TimeoutError:
            raise SystemExit(f"creating project {index + 1} of {projects} ({per_project} agents) took longer than {connection.timeout} s")
        finally:
            connection.close()
        ids.append(project["id"])
    return ids


def median_ms(seconds):
    seconds = list(seconds)
    return round(1000 * statistics.median(seconds), 1) if seconds else None


def check_alive(bench):
    if bench.process.poll() is not None:
        raise SystemExit(f"the server exited with status {bench.process.returncode}")


def tmux_server_pid(socket_name):
    result = subprocess.run(["tmux", "-L", socket_name, "display-message", "-p", "#{pid}"], capture_output=True, text=True)
    if result.returncode != 0 or not result.stdout.strip().isdigit():
        raise SystemExit(f"could not find the tmux server on socket {socket_name}: {result.stderr.strip()}")
    return int(result.stdout.strip())


def stat_fields(pid):
    """/proc/<pid>/stat after the command name: [state, ppid, …, utime (11), stime (12), …]; and the name."""
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    name = text[text.index("(") + 1:text.rindex(")")]
    return text.rsplit(")", 1)[1].split(), name


def child_processes(pid):
    children = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields, name = stat_fields(entry)
        except (OSError, ValueError):
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            children.append({"pid": int(entry), "state": fields[0], "name": name})
    return children


def summarize(children):
    """{"git (Z)": 3, "tmux (S)": 1}: the children by name and state."""
    counts = {}
    for child in children:
        key = f"{child['name']} ({child['state']})"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))




def thread_count(pid):
    return len(os.listdir(f"/proc/{pid}/task"))


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))




# Report


def verdict(ok):
    return "ok" if ok else "MISSED"


def report_cycles(r):
    t = TARGETS
    print(f"{r['cycles']} pause/resume cycles of a {r['agents']}-agent project (after {r['warmup']} to warm up):")
    if r["cycles"]:
        print(f"  median pause {r['pause_ms_median']:.0f} ms, resume {r['resume_ms_median']:.0f} ms, "
              f"agents up again {r['up_after_resume_ms_median']:.0f} ms after the resume")
    print(f"  server memory {r['rss_start_mib']:.1f} → {r['rss_end_mib']:.1f} MiB: growth {r['growth_mib']:+.1f} MiB "
          f"({r['growth_per_cycle_kib']:+.0f} KiB a cycle)   "
          f"target ≤ {t['growth_mib']} MiB: {verdict(r['growth_mib'] <= t['growth_mib'])}")
    print(f"  server threads {r['threads_start']} → {r['threads_end']}, open descriptors {r['fds_start']} → {r['fds_end']}")
    print(f"  server children at the end: {r['children']} {r['child_commands']}")
    print(f"  zombie children: {r['zombies']}   target {t['zombies']}: {verdict(r['zombies'] <= t['zombies'])}")


def report_idle(r):
    t = TARGETS
    print(f"{r['agents']} idle agents ({r['projects']} projects × {r['per_project']}), over {r['seconds']:.0f} s "
          f"after {r['settle_seconds']:.0f} s to settle:")
    print(f"  server CPU {r['server_cpu_percent']:.2f} % of a core   target < {t['idle_server_cpu_percent']} %: "
          f"{verdict(r['server_cpu_percent'] < t['idle_server_cpu_percent'])}")
    print(f"  server memory {r['server_rss_mib']:.1f} MiB ({r['server_rss_mib_at_start']:.1f} at the start)   "
          f"target ≤ {t['idle_rss_mib']} MiB: {verdict(r['server_rss_mib'] <= t['idle_rss_mib'])}")
    print(f"  tmux server CPU {r['tmux_cpu_percent']:.2f} % of a core, memory {r['tmux_rss_mib']:.1f} MiB")
    print(f"  server children: {r['children']} {r['child_commands']}")
    print(f"  zombie children: {r['zombies']}   target {t['zombies']}: {verdict(r['zombies'] <= t['zombies'])}")
    print(f"  agent states at the end: {r['by_status']}")


if __name__ == "__main__":
    main()
