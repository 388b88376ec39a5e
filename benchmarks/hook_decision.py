#!/usr/bin/env python3
"""How long Claude Code waits on the orchestrator's PreToolUse hook when an approval rule decides.

Starts the real server binary (benchmarks/bench_server.py: scratch data dir, private tmux socket) and creates a project
whose agent is a plain `bash`. The project gets an allow rule `Bash: npm test*` and a deny rule `Bash: rm -rf build*`,
plus a deny rule `Bash: rm -rf /tmp/x*` that a built-in safeguard overrides (a path outside the worktree always goes
to a person, whatever the rules say). The hook then runs as Claude Code runs a command hook: `sh -c '<binary> hook
claude'` in the agent's worktree, with the agent's own ORCHESTRATOR_URL, ORCHESTRATOR_TOKEN, ORCHESTRATOR_PROJECT,
ORCHESTRATOR_AGENT and ORCHESTRATOR_BRIEFING (read from its pane's environment) and a PreToolUse payload for a Bash
call on standard input:

    allow  `npm test -- --watch=false`   must print permissionDecision "allow"
    deny   `rm -rf build/cache`          must print permissionDecision "deny"
    asked  `rm -rf /tmp/x1`              the deny rule matches, the safeguard asks a person: must print nothing
    none   `git status`                  no rule covers it: must print nothing
    start  (the allow payload, no ORCHESTRATOR_* variables: the hook exits before reading it; the cost of starting
           the binary and the shell, for comparison)

Each run is timed from the process start to its exit (what Claude Code waits for before the tool runs or the question
is drawn). --runs allow runs and a --share of that for each other case, in one shuffled order, after --warmup runs
that are not counted (the first of them, the binary's first start, is shown on its own). Then the server alone: the
same payloads POSTed to /api/v1/projects/{id}/agents/{agent}/hooks?kind=claude with the agent's token from Python, a
fresh connection each (as the hook opens one), timed from connect to the whole answer, its `decision` checked.

Target: a decision within ~100 ms.

Usage: benchmarks/hook_decision.py [--runs 200] [--share 0.25] [--warmup 3] [--gap 0.02] [--json FILE]
                                   [--binary .build/release/orchestrator (or $ORCHESTRATOR_BINARY)]
"""
import argparse
import json
import os
import random
import shlex
import statistics
import subprocess
import sys
import time
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import ROOT, RawClient, running_server  # noqa: E402

TARGET_MS = 100
PROJECT = "decide"
# case: (command in the Bash tool call, what the hook must print, what the server's answer says)
CASES = {
    "allow": ("npm test -- --watch=false", "allow", "allow"),
    "deny": ("rm -rf build/cache", "deny", "deny"),
    "asked": ("rm -rf /tmp/x1", None, "ask"),
    "none": ("git status", None, None),
}
RULES = [{"tool": "Bash", "pattern": "npm test*", "answer": "allow"},
         {"tool": "Bash", "pattern": "rm -rf build*", "answer": "deny"},
         {"tool": "Bash", "pattern": "rm -rf /tmp/x*", "answer": "deny"}]


def pane_environment(socket_name, pane):
    """The environment of the process in an agent's pane (what the agent, and so its hooks, inherit)."""
    pid = subprocess.run(["tmux", "-L", socket_name, "display-message", "-p", "-t", pane, "#{pane_pid}"],
                         capture_output=True, text=True).stdout.strip()
    with open(f"/proc/{pid}/environ", "rb") as f:
        pairs = [item.split(b"=", 1) for item in f.read().split(b"\0") if b"=" in item]
    return {key.decode(): value.decode() for key, value in pairs}


def payload(command, worktree):
    return {"session_id": "s", "transcript_path": "", "cwd": worktree, "hook_event_name": "PreToolUse", "tool_name": "Bash",
            "tool_input": {"command": command}, "tool_use_id": "t1"}


def printed_decision(stdout):
    """The permission decision in a hook's output, as Claude Code reads it; None for no output."""
    text = stdout.strip()
    if not text:
        return None
    output = json.loads(text)["hookSpecificOutput"]
    assert output["hookEventName"] == "PreToolUse", output
    return output["permissionDecision"]


def figures(samples):
    samples = sorted(samples)
    pick = lambda fraction: samples[min(len(samples) - 1, int(fraction * len(samples)))]  # noqa: E731
    return {"runs": len(samples), "p50_ms": round(pick(0.5), 2), "p90_ms": round(pick(0.9), 2), "p99_ms": round(pick(0.99), 2),
            "max_ms": round(samples[-1], 2), "mean_ms": round(statistics.mean(samples), 2)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200, help="timed allow runs (default 200)")
    parser.add_argument("--share", type=float, default=0.25, help="deny, asked and no-rule runs, each as a share of --runs (default 0.25)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed allow runs first (default 3)")
    parser.add_argument("--gap", type=float, default=0.02, help="seconds between runs (default 0.02)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    parser.add_argument("--binary", default=os.environ.get("ORCHESTRATOR_BINARY", os.path.join(ROOT, ".build/release/orchestrator")),
                        help="the orchestrator binary, server and hook (default $ORCHESTRATOR_BINARY, else .build/release/orchestrator)")
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"no orchestrator binary at {binary} (build it with `swift build -c release`, or pass --binary or set ORCHESTRATOR_BINARY)")
    others = max(1, round(args.runs * args.share))
    order = ["allow"] * args.runs + [case for case in [*CASES, "start"] if case != "allow" for _ in range(others)]
    random.Random(7).shuffle(order)
    hook_command = f"{shlex.quote(binary)} hook claude"
    load_before = os.getloadavg()[0]
    print(f"binary: {binary}; load average {load_before:.2f} on {os.cpu_count()} CPUs", flush=True)

    with running_server(binary, prefix="orc-hookbench-") as server:
        project = server.call("POST", "/api/v1/projects", {"name": PROJECT, "project_path": os.path.join(server.workspace, PROJECT),
                                                           "spec_content": "x", "size": "small", "agent_command": "bash"})
        agent = project["agents"][0]
        worktree = agent["worktree_path"]
        for rule in RULES:
            server.call("POST", f"/api/v1/projects/{PROJECT}/approval-rules", rule)
        pane = pane_environment(server.socket_name, agent["pane_id"])
        agent_env = dict(os.environ, **{key: value for key, value in pane.items() if key.startswith("ORCHESTRATOR_")})
        missing = [key for key in ("ORCHESTRATOR_URL", "ORCHESTRATOR_TOKEN", "ORCHESTRATOR_PROJECT", "ORCHESTRATOR_AGENT") if not agent_env.get(key)]
        if missing:
            raise SystemExit(f"the agent's pane has no {', '.join(missing)}")
        stdin = {case: json.dumps(payload(command, worktree)).encode() for case, (command, _, _) in CASES.items()}

        bare_env = {key: value for key, value in os.environ.items() if not key.startswith("ORCHESTRATOR_")}

        def run_hook(case):
            env = bare_env if case == "start" else agent_env
            started = time.perf_counter()
            done = subprocess.run(["sh", "-c", hook_command], input=stdin[case if case in stdin else "allow"], capture_output=True, cwd=worktree,
                                  env=env, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            said = printed_decision(done.stdout.decode())
            expected = CASES[case][1] if case in CASES else None
            if done.returncode != 0 or said != expected:
                raise SystemExit(f"{case}: the hook exited {done.returncode} and printed {done.stdout[:300]!r} (wanted {expected or 'nothing'}); "
                                 f"stderr {done.stderr[:300]!r}")
            return elapsed

        warmups = [run_hook("allow") for _ in range(args.warmup)]
        process = {case: [] for case in [*CASES, "start"]}
        for case in order:
            process[case].append(run_hook(case))
            time.sleep(args.gap)

        hooks_path = f"/api/v1/projects/{PROJECT}/agents/{agent_env['ORCHESTRATOR_AGENT']}/hooks?kind=claude"
        posted = {case: [] for case in CASES}
        # The requests are built ahead of the timed part (request_bytes needs only a token).
        built = {case: RawClient.request_bytes(SimpleNamespace(token=agent_env["ORCHESTRATOR_TOKEN"]), "POST", hooks_path, json.loads(body))
                 for case, body in stdin.items()}
        for case in (case for case in order if case in CASES):
            started = time.perf_counter()
            client = RawClient(server.port, agent_env["ORCHESTRATOR_TOKEN"])
            status, body = client.exchange(built[case])
            elapsed = (time.perf_counter() - started) * 1000
            client.close()
            answer = json.loads(body)
            if status != 200 or answer.get("decision") != CASES[case][2]:
                raise SystemExit(f"{case}: the server answered {status} {body[:300]!r} (wanted decision {CASES[case][2]})")
            posted[case].append(elapsed)
            time.sleep(args.gap)

    results = {"benchmark": "hook_decision", "binary": binary, "target_ms": TARGET_MS, "cpus": os.cpu_count(),
               "load_average_before": round(load_before, 2), "load_average_after": round(os.getloadavg()[0], 2),
               "first_start_ms": round(warmups[0], 2) if warmups else None, "warmup_runs": args.warmup,
               "hook": {case: figures(samples) for case, samples in process.items()},
               "server": {case: figures(samples) for case, samples in posted.items()}}
    worst_p99 = max(results["hook"][case]["p99_ms"] for case in ("allow", "deny"))
    results["decision_p99_within_target"] = worst_p99 <= TARGET_MS

    print()
    print(f"PreToolUse hook, `sh -c '{os.path.relpath(binary, ROOT) if binary.startswith(ROOT) else binary} hook claude'`, process start → exit "
          f"(server alone: the POST from Python, fresh connection)")
    print("| case | Bash command | prints | runs | p50 | p90 | p99 | max | server p50 | server p99 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for case, (command, prints, _) in CASES.items():
        hook, alone = results["hook"][case], results["server"][case]
        print(f"| {case} | `{command}` | {prints or 'nothing'} | {hook['runs']} | {hook['p50_ms']:.1f} ms | {hook['p90_ms']:.1f} ms | "
              f"{hook['p99_ms']:.1f} ms | {hook['max_ms']:.1f} ms | {alone['p50_ms']:.2f} ms | {alone['p99_ms']:.2f} ms |")
    start = results["hook"]["start"]
    print(f"| start only | (no agent environment: exits at once) | nothing | {start['runs']} | {start['p50_ms']:.1f} ms | {start['p90_ms']:.1f} ms | "
          f"{start['p99_ms']:.1f} ms | {start['max_ms']:.1f} ms | — | — |")
    if warmups:
        print(f"first start of the binary (warm-up, not counted): {warmups[0]:.1f} ms")
    verdict = "met" if results["decision_p99_within_target"] else "NOT met"
    print(f"target: a decision within ~{TARGET_MS} ms — allow p50 {results['hook']['allow']['p50_ms']:.1f} ms / p99 "
          f"{results['hook']['allow']['p99_ms']:.1f} ms, deny p50 {results['hook']['deny']['p50_ms']:.1f} ms / p99 "
          f"{results['hook']['deny']['p99_ms']:.1f} ms: {verdict} at p99 ({worst_p99 / TARGET_MS:.2f}× the target)")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
