#!/usr/bin/env python3
"""Read latency of the REST API with 100 projects × 3 agents: the list, one project, its status, its agents.

Starts the real server binary on a scratch data dir and a private tmux socket, creates 100 projects of 3 agents each
(agent_command `sleep 100000`, size medium) and pauses every one of them. Then, for each route, over one kept-alive
HTTP connection: N plain GETs (median, p95, p99 of request sent → body read, client included), whether the answer
carries an ETag, and if it does N conditional GETs with `If-None-Match: <the last ETag seen>` (latency, and the
fraction answered 304 Not Modified). Then, with strace attached to the server (-f, execve/clone/vfork), a smaller
pass of the same reads counts the processes the server started while serving them (processes that ran a program;
strace's execve lines are printed too, failed PATH lookups included), less what it starts on its own at the rate
seen over an idle stretch with strace attached and no request. The timed pass runs without strace (a traced
process is slowed). Measuring starts once the server has gone quiet after the projects were created.

Two phases: all 100 projects paused, then --running of them resumed (their agents back in tmux panes), the single
project routes then asking about a running project.

Targets: one project ≤ 1 ms median; no process per read; 304 on a repeat.
Needs strace for the process count (Debian: apt-get install strace); without it the count is reported as absent.

Usage: benchmarks/read_latency.py [--requests 500] [--strace-requests 50] [--idle-seconds 10] [--running 3]
                                  [--projects 100] [--json FILE] [--binary .build/release/orchestrator]
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import ROOT, cpu_seconds, rss_mib, running_server  # noqa: E402

ONE_PROJECT_TARGET_MS = 1.0
EXECVE = re.compile(r'execve\("([^"]*)"')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500, help="timed requests per route (and per conditional variant)")
    parser.add_argument("--strace-requests", type=int, default=50, help="requests per route with strace attached (0: skip)")
    parser.add_argument("--idle-seconds", type=float, default=10, help="strace attached and no request, for the baseline")
    parser.add_argument("--running", type=int, default=3, help="projects resumed for the second phase (0: skip it)")
    parser.add_argument("--projects", type=int, default=100, help="projects of 3 agents each")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/orchestrator"))
    args = parser.parse_args()

    strace = shutil.which("strace")
    if not strace and args.strace_requests:
        print("strace is absent: the processes the server starts are not counted (apt-get install strace)")
    scratch = tempfile.mkdtemp(prefix="orc-readbench-trace-")
    results = {"requests": args.requests, "strace_requests": args.strace_requests if strace else 0,
               "projects": args.projects, "agents_per_project": 3, "phases": []}
    try:
        with running_server(args.binary, "orc-readbench-") as bench:
            ids = create_projects(bench, args.projects)
            results["phases"].append(run_phase(bench, f"all {args.projects} projects paused", ids[len(ids) // 2], args, strace, scratch))
            if args.running > 0:
                running = ids[:args.running]
                for project_id in running:
                    bench.call("POST", f"/api/v1/projects/{project_id}/resume")
                wait_running(bench, running)
                print(f"\nresumed {args.running} projects; the server was quiet {wait_quiet(bench.process.pid):.0f} s later")
                label = f"{args.running} running, {args.projects - args.running} paused"
                results["phases"].append(run_phase(bench, label, running[0], args, strace, scratch))
            results["server_rss_mib"] = rss_mib(bench.process.pid)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"server memory after the runs: {results['server_rss_mib']:.1f} MiB")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
        print(f"figures written to {args.json}")


def create_projects(bench, count):
    started = time.time()
    ids = []
    for index in range(1, count + 1):
        project = bench.call("POST", "/api/v1/projects", {
            "name": f"Project {index:03d}", "description": f"Benchmark project number {index} with a modest description",
            "project_path": os.path.join(bench.workspace, f"p{index:03d}"),
            "spec_content": f"# Spec {index}\n\nBuild the thing, with tests.", "size": "medium", "agent_command": "sleep 100000"})
        bench.call("POST", f"/api/v1/projects/{project['id']}/pause")
        ids.append(project["id"])
    agents = bench.call("GET", "/api/v1/system/metrics")["agents"]["total"]
    print(f"created and paused {len(ids)} projects, {agents} agents, in {time.time() - started:.1f} s; "
          f"the server was quiet {wait_quiet(bench.process.pid):.0f} s later")
    return ids


def wait_running(bench, project_ids):
    deadline = time.time() + 60
    while time.time() < deadline:
        agents = [agent for project_id in project_ids for agent in bench.call("GET", f"/api/v1/projects/{project_id}/agents")]
        if all(agent.get("pane_id") and agent["status"] not in ("stopped", "terminated") for agent in agents):
            time.sleep(2)  # past the launch
            return
        time.sleep(0.5)
    raise SystemExit(f"the resumed projects' agents did not come up: {[(a['agent_id'], a['status']) for a in agents]}")


def routes(project_id):
    return [("list", "/api/v1/projects?limit=100"),
            ("project", f"/api/v1/projects/{project_id}"),
            ("status", f"/api/v1/projects/{project_id}/status"),
            ("agents", f"/api/v1/projects/{project_id}/agents")]


def run_phase(bench, label, project_id, args, strace, scratch):
    connection = http.client.HTTPConnection("127.0.0.1", bench.port, timeout=30)
    auth = {"Authorization": f"Bearer {bench.token}"}
    figures = []
    for name, path in routes(project_id):
        for _ in range(20):  # warm-up
            get(connection, path, auth)
        plain, etags, sizes = [], set(), set()
        etag = None
        for _ in range(args.requests):
            status, tag, elapsed, size = get(connection, path, auth)
            if status != 200:
                raise SystemExit(f"GET {path}: {status}")
            plain.append(elapsed)
            sizes.add(size)
            if tag:
                etags.add(tag)
                etag = tag
        entry = {"route": name, "path": path, "bytes": max(sizes), **percentiles(plain), "etag": etag is not None,
                 "distinct_etags": len(etags)}
        if etag is not None:
            conditional, not_modified = [], 0
            for _ in range(args.requests):
                status, tag, elapsed, _size = get(connection, path, dict(auth, **{"If-None-Match": etag}))
                conditional.append(elapsed)
                if status == 304:
                    not_modified += 1
                elif status == 200 and tag:
                    etag = tag
                else:
                    raise SystemExit(f"conditional GET {path}: {status}")
            entry["conditional"] = dict(percentiles(conditional), fraction_304=not_modified / args.requests)
        figures.append(entry)
    idle = None
    if strace and args.strace_requests:
        with traced(strace, bench.process.pid, os.path.join(scratch, "idle.trace")) as idle:
            time.sleep(args.idle_seconds)
        for entry in figures:
            with traced(strace, bench.process.pid, os.path.join(scratch, f"{entry['route']}.trace")) as trace:
                for _ in range(args.strace_requests):
                    get(connection, entry["path"], auth)
            trace["per_read"] = round(max(0.0, trace["processes"] - idle["processes"] * trace["seconds"] / idle["seconds"])
                                      / args.strace_requests, 2)
            entry["processes"] = trace
    connection.close()
    report(label, project_id, figures, idle, args)
    return {"label": label, "project": project_id, "routes": figures, "idle_processes": idle}


def get(connection, path, headers):
    started = time.perf_counter_ns()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter_ns() - started) / 1e6
    return response.status, response.getheader("ETag"), elapsed, len(body)


class traced:
    """strace -f on the server while the block runs; only what happens from the block's start to its end counts.
    Afterwards a dict: `execve` (execve lines, failed PATH lookups included), `processes` (processes that ran a
    program: distinct pids with a successful execve), `programs` (those processes by program and first word of their
    arguments, e.g. "git status"), `seconds`."""

    def __init__(self, strace, pid, path):
        self.command = [strace, "-f", "-qq", "-ttt", "-e", "trace=execve,clone3,clone,vfork", "-p", str(pid), "-o", path]
        self.path = path
        self.pid = pid
        self.result = {}

    def __enter__(self):
        self.process = subprocess.Popen(self.command, stderr=subprocess.PIPE)
        time.sleep(1.5)  # attached to every thread
        if self.process.poll() is not None:
            raise SystemExit(f"strace failed: {self.process.stderr.read().decode(errors='replace')[:300]}")
        if tracer_of(self.pid) == 0:
            print(f"  (strace is not attached to the server: {os.path.basename(self.path)} counts nothing)", file=sys.stderr)
        self.started = time.time()
        return self.result

    def __exit__(self, *exc):
        self.stopped = time.time()
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # it can hang detaching from a process caught mid-spawn; the kernel detaches
            self.process.kill()
            self.process.wait()
            self.result["strace_killed"] = True
            print(f"  (strace hung detaching and was killed: {os.path.basename(self.path)} may be short)", file=sys.stderr)
        self.result.update(seconds=round(self.stopped - self.started, 3), **parse_trace(self.path, self.started, self.stopped))
        return False


def tracer_of(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("TracerPid:"):
                return int(line.split()[1])
    return 0


def parse_trace(path, started, stopped):
    """Only what happened between `started` and `stopped` (wall clock), not while strace attached or detached."""
    execve_lines, pending, ran = 0, {}, {}
    with open(path, errors="replace") as f:
        for line in f:
            fields = line.split(None, 2)  # pid (padded to a width), time, call
            if len(fields) < 3:
                continue
            pid, stamp, rest = fields
            try:
                if not started <= float(stamp) <= stopped:
                    continue
            except ValueError:
                continue
            call = EXECVE.search(rest)
            if call:
                execve_lines += 1
                pending[pid] = program_label(call.group(1), rest)
            if (call or "<... execve resumed>" in rest) and re.search(r"\)\s+= 0\s*$", rest) and pid in pending:
                ran[pid] = pending[pid]  # the last program the process became (env → tmux: tmux)
    programs = {}
    for label in ran.values():
        programs[label] = programs.get(label, 0) + 1
    return {"execve": execve_lines, "processes": len(ran), "programs": programs}


def program_label(program, line):
    """"git status" from execve("/usr/bin/git", ["/usr/bin/git", "-C", "x", "status", ...]"""
    argv = re.findall(r'"((?:[^"\\]|\\.)*)"', line.split("[", 1)[1].split("]", 1)[0]) if "[" in line else []
    words, skip = [], False
    for arg in argv[1:]:
        if skip:
            skip = False
        elif arg in ("-L", "-S", "-C", "-c", "-f"):
            skip = True
        elif not arg.startswith("-"):
            words.append(arg)
            break
    return " ".join([os.path.basename(program)] + words)


def wait_quiet(pid, limit=90):
    """Until the server uses under 10 % of a core for two seconds running (at most `limit` seconds): the briefings'
    delivery of freshly created agents keeps it busy for a while."""
    started = time.time()
    quiet = 0
    while time.time() - started < limit and quiet < 2:
        before = cpu_seconds(pid)
        time.sleep(1)
        quiet = quiet + 1 if cpu_seconds(pid) - before < 0.1 else 0
    return time.time() - started




def percentiles(samples):
    ordered = sorted(samples)

    def at(fraction):
        return ordered[min(len(ordered) - 1, max(0, int(round(len(ordered) * fraction)) - 1))]

    return {"median_ms": round(statistics.median(ordered), 3), "p95_ms": round(at(0.95), 3), "p99_ms": round(at(0.99), 3),
            "max_ms": round(ordered[-1], 3)}


def report(label, project_id, figures, idle, args):
    print(f"\n== {label}; single-project routes ask about {project_id}; {args.requests} requests each, one kept-alive connection")
    header = (f"{'route':<8} {'bytes':>7} {'median':>9} {'p95':>9} {'p99':>9}  {'ETag':<4} {'If-None-Match':>13} {'304s':>5}"
              f"  {'processes/read':>14}")
    print(header)
    print("-" * len(header))
    for entry in figures:
        conditional = entry.get("conditional")
        if conditional:
            cond = f"{conditional['median_ms']:>10.3f} ms {100 * conditional['fraction_304']:>4.0f}%"
        else:
            cond = f"{'-':>13} {'-':>5}"
        processes = entry.get("processes")
        spawned = f"{processes['per_read']:.2f}" if processes else "n/a"
        print(f"{entry['route']:<8} {entry['bytes']:>7} {entry['median_ms']:>6.3f} ms {entry['p95_ms']:>6.3f} ms "
              f"{entry['p99_ms']:>6.3f} ms  {'yes' if entry['etag'] else 'no':<4} {cond}  {spawned:>14}")
    print("targets:")
    for entry in figures:
        processes = entry.get("processes")
        conditional = entry.get("conditional")
        targets = []
        if entry["route"] != "list":
            met = entry["median_ms"] <= ONE_PROJECT_TARGET_MS
            targets.append(f"median ≤ {ONE_PROJECT_TARGET_MS:g} ms {'met' if met else 'NOT met'} ({entry['median_ms']:.3f} ms)")
        if processes:
            targets.append(f"no process per read {'met' if processes['per_read'] == 0 else 'NOT met'} ({processes['per_read']:.2f})")
        else:
            targets.append("no process per read: not counted (no strace)")
        if conditional:
            met = conditional["fraction_304"] >= 0.99
            targets.append(f"304 on a repeat {'met' if met else 'NOT met'} ({100 * conditional['fraction_304']:.0f}%)")
        else:
            targets.append("304 on a repeat NOT met (no ETag)")
        print(f"  {entry['route']:<8} " + "; ".join(targets))
    if idle is not None:
        print("processes the server started (strace -f; execve lines count failed PATH lookups too):")
        print(f"  idle, {idle['seconds']:.1f} s, no request: {idle['processes']} processes ({idle['execve']} execve lines)"
              f"{': ' + programs(idle) if idle['programs'] else ''}")
        for entry in figures:
            processes = entry["processes"]
            print(f"  {entry['route']}, {args.strace_requests} reads in {processes['seconds']:.1f} s: {processes['processes']} processes "
                  f"({processes['execve']} execve lines){': ' + programs(processes) if processes['programs'] else ''}")


def programs(trace):
    return ", ".join(f"{name} ×{count}" for name, count in sorted(trace["programs"].items(), key=lambda p: -p[1]))




if __name__ == "__main__":
    main()
