#!/usr/bin/env python3
"""Reading what agents spend: Claude Code transcripts, named by the agent's hooks, read by the server in the background.

Starts the real server binary (benchmarks/bench_server.py) with CLAUDE_CONFIG_DIR set to a scratch folder, creates
a project with one agent (`sleep 100000`), and writes Claude Code session transcripts below
<CLAUDE_CONFIG_DIR>/projects/<folder>/<session>.jsonl whose lines name the agent's worktree as their cwd: user lines
(prompts, and tool results of 0.2–16 KB, mostly short, kept twice as Claude Code does) and assistant responses of 1–3 content-block
lines each (one message.id and requestId per response; the earlier copies with a partial output count, as Claude Code
streams them). What was written is known, so every figure is also checked against GET /api/v1/projects/{id}/usage.

1. First read: --megabytes MiB over --files session files; one Stop hook per file (POST …/hooks?kind=claude with the
   admin's token), timed from the first hook until GET …/usage?by=model shows every entry and token (asked every
   20 ms); MiB/s, the server's CPU time over it, its VmRSS before and after, and what one GET …/usage then takes.
2. Appends: --appends times one assistant line appended to a file (in turn) and a Stop hook naming it, timed from the
   append until GET …/usage counts it (asked every 2 ms); then --poll-appends lines without a hook, each after a
   random pause, found by the server's own look at known files every usage.poll_seconds (1 s; asked every 10 ms).
3. Restart: the server stopped (SIGTERM) and started again on the same data dir, with the same environment; the
   totals must be the same right away, and after a hook names every file again and two polls have passed.

The transcripts are in the page cache when read: the figures are parsing and storing, not the disk.

Usage: benchmarks/usage_ingest.py [--megabytes 100] [--files 10] [--appends 200] [--poll-appends 20] [--json FILE]
                                  [--binary .build/release/orchestrator (or $ORCHESTRATOR_BINARY)]
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import PASSWORD, ROOT, RawClient, call, cpu_seconds, rss_mib, running_server, wait_for_server  # noqa: E402

MODEL = "claude-sonnet-4-5-20250929"
FIELDS = ("input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")
AGENT = "developer"
POLL_SECONDS = 1.0  # usage.poll_seconds, the server's default
WORDS = ("the orders router reads a customer's rate limit from settings before it answers; if the window is full it "
         "returns 429 with Retry-After. Tests cover an empty window, a full one and the reset at the minute. "
         "def check_limit(customer_id: str, now: float) -> bool: window = buckets.get(customer_id, []) "
         "return len([t for t in window if now - t < 60]) < LIMIT  # per minute → café naïve "
         "SELECT id, created_at FROM orders WHERE customer_id = ? ORDER BY created_at DESC LIMIT 10; "
         "{\"status\": \"ok\", \"count\": 10}  tab\tseparated\tvalues  path/to/app/orders.py:42: error: "
         "Argument 1 has incompatible type; expected \"int\" PASSED tests/test_orders.py::test_limit ").split(" ")


class Totals:
    """Entries and tokens, as written or as the server reports them."""

    def __init__(self, entries=0, **tokens):
        self.entries = entries
        self.tokens = {field: tokens.get(field, 0) for field in FIELDS}

    def add(self, usage):
        self.entries += 1
        for field in FIELDS:
            self.tokens[field] += usage[field]

    @classmethod
    def of(cls, figures):
        return cls(figures["entries"], **{field: figures[field] for field in FIELDS})

    def total_tokens(self):
        return sum(self.tokens.values())

    def __eq__(self, other):
        return self.entries == other.entries and self.tokens == other.tokens

    def exceeds(self, other):
        return self.entries > other.entries or any(self.tokens[f] > other.tokens[f] for f in FIELDS)

    def __repr__(self):
        return f"{self.entries} entries, " + ", ".join(f"{f} {self.tokens[f]}" for f in FIELDS)


class Transcript:
    """One Claude Code session file: its lines built with a seeded generator, its totals kept."""

    counter = 0

    def __init__(self, folder, worktree, rng, corpus):
        self.rng, self.corpus, self.worktree = rng, corpus, worktree
        self.session = self.uuid()
        self.path = os.path.join(folder, self.session + ".jsonl")
        self.parent = None
        self.clock = 1_796_544_000.0 + rng.uniform(0, 3600)  # 2026-12-06T08:00Z and a bit
        self.totals = Totals()

    def uuid(self):
        hexa = f"{self.rng.getrandbits(128):032x}"
        return f"{hexa[:8]}-{hexa[8:12]}-4{hexa[13:16]}-a{hexa[17:20]}-{hexa[20:]}"

    def unique(self, prefix):
        Transcript.counter += 1
        return f"{prefix}{Transcript.counter:010d}{self.rng.getrandbits(64):016x}"

    def text(self, low, high):
        size = self.rng.randint(low, high)
        start = self.rng.randrange(0, len(self.corpus) - size)
        return self.corpus[start:start + size]

    def line(self, kind, **fields):
        self.clock += self.rng.uniform(0.2, 6)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(self.clock)) + f".{int(self.clock * 1000) % 1000:03d}Z"
        uid = self.uuid()
        line = {"parentUuid": self.parent, "isSidechain": False, "userType": "external", "cwd": self.worktree,
                "sessionId": self.session, "version": "2.1.47", "gitBranch": "main", "type": kind, **fields,
                "uuid": uid, "timestamp": stamp}
        self.parent = uid
        return json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"

    def prompt(self):
        return self.line("user", message={"role": "user", "content": self.text(40, 600)}, permissionMode="default")

    def tool_result(self, tool_id):
        # Mostly short outputs, some long ones (a file read): 0.2–2 KB, 2–8 KB or 8–16 KB.
        output = self.text(*self.rng.choices(((200, 2000), (2000, 8000), (8000, 16_000)), (6, 3, 1))[0])
        return self.line("user", message={"role": "user", "content": [
            {"tool_use_id": tool_id, "type": "tool_result", "content": output, "is_error": False}]},
            toolUseResult={"stdout": output, "stderr": "", "interrupted": False, "isImage": False})

    def response(self, blocks=None):
        """An API response's lines (one per content block, as streamed) and its usage; the tool_use id if it asked one."""
        rng = self.rng
        if blocks is None:
            blocks = [kind for kind, chance in (("thinking", 0.4), ("text", 0.9), ("tool_use", 0.6)) if rng.random() < chance] or ["text"]
        usage = {"input_tokens": rng.randint(1, 12), "output_tokens": rng.randint(40, 2500),
                 "cache_creation_input_tokens": rng.choice((0, 0, 0, rng.randint(200, 8000))),
                 "cache_read_input_tokens": rng.randint(8000, 150_000)}
        message_id, request_id, tool_id = self.unique("msg_01"), self.unique("req_011"), None
        lines = []
        for index, kind in enumerate(blocks):
            last = index == len(blocks) - 1
            if kind == "thinking":
                block = {"type": "thinking", "thinking": self.text(300, 2000), "signature": self.unique("Eq")}
            elif kind == "text":
                block = {"type": "text", "text": self.text(600, 2500)}
            else:
                tool_id = self.unique("toolu_01")
                block = {"type": "tool_use", "id": tool_id, "name": "Bash", "input": {"command": self.text(20, 400), "description": "run it"}}
            output = usage["output_tokens"] if last else max(1, usage["output_tokens"] * (index + 1) // (len(blocks) + 1))
            lines.append(self.line("assistant", requestId=request_id, message={
                "model": MODEL, "id": message_id, "type": "message", "role": "assistant", "content": [block],
                "stop_reason": ("tool_use" if tool_id else "end_turn") if last else None, "stop_sequence": None,
                "usage": {"input_tokens": usage["input_tokens"], "cache_creation_input_tokens": usage["cache_creation_input_tokens"],
                          "cache_read_input_tokens": usage["cache_read_input_tokens"],
                          "cache_creation": {"ephemeral_5m_input_tokens": usage["cache_creation_input_tokens"], "ephemeral_1h_input_tokens": 0},
                          "output_tokens": output, "service_tier": "standard"}}))
        self.totals.add(usage)
        return lines, tool_id

    def fill(self, size):
        """Writes the session up to about `size` bytes; returns the bytes written."""
        written = 0
        with open(self.path, "wb") as f:
            pending = [self.prompt()]
            while True:
                lines, tool_id = self.response()
                pending += lines
                if tool_id:
                    pending.append(self.tool_result(tool_id))
                elif self.rng.random() < 0.3:
                    pending.append(self.prompt())
                chunk = "".join(pending).encode()
                f.write(chunk)
                written += len(chunk)
                pending = []
                if written >= size:
                    return written

    def append_response(self):
        """One assistant line (a whole response) appended in one write; its usage counted."""
        lines, _ = self.response(["text"])
        data = lines[0].encode()
        with open(self.path, "ab") as f:
            f.write(data)
        return len(data)


def make_corpus(rng, size=1 << 20):
    parts, length = [], 0
    while length < size:
        word = rng.choice(WORDS)
        parts.append(word)
        parts.append("\n" if rng.random() < 0.08 else " ")
        length += len(word) + 1
    return "".join(parts)


# Talking to the server


class Usage:
    """GET …/usage?by=model and the hooks, on one kept-alive connection."""

    def __init__(self, port, token, project):
        self.project = project
        self.client = RawClient(port, token)
        self.get = self.client.request_bytes("GET", f"/api/v1/projects/{project}/usage?by=model", None)

    def read(self):
        status, body = self.client.exchange(self.get)
        if status != 200:
            raise SystemExit(f"GET usage: {status} {body[:300]!r}")
        return json.loads(body)

    def totals(self):
        return Totals.of(self.read()["total"])

    def hook(self, transcript):
        payload = {"session_id": transcript.session, "transcript_path": transcript.path, "cwd": transcript.worktree,
                   "hook_event_name": "Stop", "stop_hook_active": False}
        status, body = self.client.exchange(self.client.request_bytes(
            "POST", f"/api/v1/projects/{self.project}/agents/{AGENT}/hooks?kind=claude", payload))
        if status != 200:
            raise SystemExit(f"POST hook: {status} {body[:300]!r}")

    def wait_for(self, expected, every, timeout, process):
        """Until the totals are `expected`; an error if they pass it (counted twice) or time runs out."""
        deadline = time.perf_counter() + timeout
        while True:
            seen = self.totals()
            if seen == expected:
                return seen
            if seen.exceeds(expected):
                raise SystemExit(f"the server counts more than was written: {seen} (written: {expected})")
            if time.perf_counter() > deadline:
                raise SystemExit(f"not all usage counted within {timeout:.0f} s: {seen} (written: {expected})")
            if process.poll() is not None:
                raise SystemExit(f"the server exited with status {process.returncode}")
            time.sleep(every)

    def close(self):
        self.client.close()


def percentile(samples, q):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def restart(bench, binary):
    """SIGTERM, then the same binary on the same data dir with the same environment; seconds the stop took."""
    with open(f"/proc/{bench.process.pid}/environ", "rb") as f:
        env = dict(item.decode().split("=", 1) for item in f.read().split(b"\0") if b"=" in item)
    bench.connection.close()
    started = time.perf_counter()
    bench.process.send_signal(signal.SIGTERM)
    bench.process.wait(timeout=60)
    stopped = time.perf_counter() - started
    bench.process = subprocess.Popen([binary, "serve"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    bench.connection = wait_for_server(bench.port)
    bench.token = call(bench.connection, "POST", "/auth/login", {"username": "admin", "password": PASSWORD})["access_token"]
    return stopped


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=100, help="MiB of transcripts for the first read (default %(default)s)")
    parser.add_argument("--files", type=int, default=10, help="session files they are spread over (default %(default)s)")
    parser.add_argument("--appends", type=int, default=200, help="appends each followed by a Stop hook (default %(default)s)")
    parser.add_argument("--poll-appends", type=int, default=20, help="appends found by the server's poll alone (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=600, help="longest wait for the first read (default %(default)s s)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON")
    parser.add_argument("--binary", default=os.environ.get("ORCHESTRATOR_BINARY", os.path.join(ROOT, ".build/release/orchestrator")),
                        help="the server binary (default $ORCHESTRATOR_BINARY, else .build/release/orchestrator)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    if not os.access(args.binary, os.X_OK):
        raise SystemExit(f"no server binary at {args.binary} (build it with `swift build -c release`, or pass --binary or set ORCHESTRATOR_BINARY)")
    if args.files < 1 or args.megabytes <= 0:
        raise SystemExit("--files must be at least 1 and --megabytes above 0")
    print(f"server binary: {args.binary}", flush=True)

    rng = random.Random(args.seed)
    claude = tempfile.mkdtemp(prefix="orc-usagebench-claude-")
    try:
        with running_server(args.binary, "orc-usagebench-", CLAUDE_CONFIG_DIR=claude) as bench:
            results = run(bench, args, rng, claude)
    finally:
        shutil.rmtree(claude, ignore_errors=True)
    report(results)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
            f.write("\n")
    print(json.dumps(results))


def run(bench, args, rng, claude):
    project = bench.call("POST", "/api/v1/projects", {
        "name": "usage", "project_path": os.path.join(bench.workspace, "usage"), "spec_content": "benchmark",
        "team_composition": [AGENT], "agent_command": "sleep 100000"})
    project_id = project["id"]
    worktree = next(agent for agent in project["agents"] if agent["agent_id"] == AGENT)["worktree_path"]
    folder = os.path.join(claude, "projects", worktree.replace("/", "-"))
    os.makedirs(folder)

    # The transcripts, written before the server hears of them.
    started = time.perf_counter()
    corpus = make_corpus(rng)
    transcripts = [Transcript(folder, worktree, rng, corpus) for _ in range(args.files)]
    target = int(args.megabytes * 2**20)
    written = sum(t.fill(target // args.files) for t in transcripts)
    expected = total_of(transcripts)
    lines = sum(1 for t in transcripts for _ in open(t.path, "rb"))
    print(f"wrote {written / 2**20:.1f} MiB in {len(transcripts)} files ({lines} lines, {expected.entries} responses) "
          f"in {time.perf_counter() - started:.1f} s", flush=True)

    usage = Usage(bench.port, bench.token, project_id)
    if usage.totals().entries != 0:
        raise SystemExit("the project counts usage before any hook")

    # 1. First read.
    pid = bench.process.pid
    rss_before, cpu_before = rss_mib(pid), cpu_seconds(pid)
    started = time.perf_counter()
    for t in transcripts:
        usage.hook(t)
    usage.wait_for(expected, 0.02, args.timeout, bench.process)
    first_seconds = time.perf_counter() - started
    cpu = cpu_seconds(pid) - cpu_before
    rss_after = rss_mib(pid)
    answer = usage.read()
    rows = answer["rows"]
    if len(rows) != 1 or rows[0]["key"] != MODEL or Totals.of(rows[0]) != expected:
        raise SystemExit(f"by=model rows differ from what was written: {rows}")
    if answer["total"]["total_tokens"] != expected.total_tokens():
        raise SystemExit(f"total_tokens {answer['total']['total_tokens']}, written {expected.total_tokens()}")
    # One answer's cost at this size (each wait below asks it over and over).
    get_ms = []
    for _ in range(20):
        began = time.perf_counter()
        usage.read()
        get_ms.append(1000 * (time.perf_counter() - began))
    print(f"first read: {first_seconds:.2f} s, {written / 2**20 / first_seconds:.1f} MiB/s; totals match ({expected})", flush=True)

    # 2. Appends, each followed by a Stop hook naming the file.
    hooked = []
    for index in range(args.appends):
        t = transcripts[index % len(transcripts)]
        time.sleep(0.01)
        began = time.perf_counter()
        t.append_response()
        expected = total_of(transcripts)
        usage.hook(t)
        usage.wait_for(expected, 0.002, 30, bench.process)
        hooked.append(1000 * (time.perf_counter() - began))
    print(f"append + Stop hook → counted ({len(hooked)}): p50 {percentile(hooked, 0.5):.1f} ms, "
          f"p95 {percentile(hooked, 0.95):.1f} ms, max {max(hooked):.1f} ms", flush=True)

    # Appends no hook names: the server's own look every usage.poll_seconds finds them.
    polled = []
    for index in range(args.poll_appends):
        t = transcripts[index % len(transcripts)]
        time.sleep(rng.uniform(0, POLL_SECONDS))
        began = time.perf_counter()
        t.append_response()
        expected = total_of(transcripts)
        usage.wait_for(expected, 0.01, 30, bench.process)
        polled.append(1000 * (time.perf_counter() - began))
    if polled:
        print(f"append, no hook → counted by the poll ({len(polled)}): p50 {percentile(polled, 0.5):.0f} ms, max {max(polled):.0f} ms", flush=True)
    usage.close()

    # 3. Restart on the same data dir: nothing lost, nothing counted twice.
    before = total_of(transcripts)
    stop_seconds = restart(bench, args.binary)
    usage = Usage(bench.port, bench.token, project_id)
    right_away = usage.totals()
    for t in transcripts:
        usage.hook(t)
    time.sleep(2 * POLL_SECONDS + 0.5)
    after_hooks = usage.totals()
    usage.close()
    if right_away != before or after_hooks != before:
        raise SystemExit(f"restart: totals changed: written {before}; right after the start {right_away}; after the hooks {after_hooks}")
    print(f"restart: totals unchanged ({before.entries} entries, {before.total_tokens()} tokens; the stop took {stop_seconds:.2f} s)", flush=True)

    return {
        "binary": args.binary, "files": len(transcripts), "megabytes": round(written / 2**20, 1), "lines": lines,
        "responses": total_of(transcripts).entries,
        "first_read": {"seconds": round(first_seconds, 3), "mib_per_s": round(written / 2**20 / first_seconds, 1),
                       "entries": answer["total"]["entries"], "total_tokens": answer["total"]["total_tokens"],
                       "cost_dollars": answer["total"]["cost_dollars"], "server_cpu_seconds": round(cpu, 2),
                       "server_rss_mib_before": round(rss_before, 1), "server_rss_mib_after": round(rss_after, 1),
                       "get_usage_ms_p50": round(percentile(get_ms, 0.5), 2)},
        "append_hook_ms": {"samples": len(hooked), "p50": round(percentile(hooked, 0.5), 2),
                           "p95": round(percentile(hooked, 0.95), 2), "max": round(max(hooked), 2)} if hooked else None,
        "append_poll_ms": {"samples": len(polled), "poll_seconds": POLL_SECONDS, "p50": round(percentile(polled, 0.5), 1),
                           "max": round(max(polled), 1)} if polled else None,
        "restart": {"totals_unchanged": True, "stop_seconds": round(stop_seconds, 2), "entries": before.entries,
                    "total_tokens": before.total_tokens()},
    }


def total_of(transcripts):
    total = Totals()
    for t in transcripts:
        total.entries += t.totals.entries
        for field in FIELDS:
            total.tokens[field] += t.totals.tokens[field]
    return total


def report(r):
    first, hook, poll = r["first_read"], r["append_hook_ms"], r["append_poll_ms"]
    print()
    print("| measure | figure |")
    print("| --- | --- |")
    print(f"| first read: {r['megabytes']} MiB, {r['files']} files, {first['entries']} responses | "
          f"{first['seconds']:.2f} s, {first['mib_per_s']:.1f} MiB/s |")
    print(f"| server CPU over the first read | {first['server_cpu_seconds']:.2f} s |")
    print(f"| server RSS before → after the first read | {first['server_rss_mib_before']:.1f} → {first['server_rss_mib_after']:.1f} MiB |")
    print(f"| GET …/usage?by=model after it (20 asked) | p50 {first['get_usage_ms_p50']:.2f} ms |")
    if hook:
        print(f"| append + Stop hook → counted ({hook['samples']}) | p50 {hook['p50']:.1f} ms, p95 {hook['p95']:.1f} ms, max {hook['max']:.1f} ms |")
    if poll:
        print(f"| append, no hook → counted by the {poll['poll_seconds']:g} s poll ({poll['samples']}) | "
              f"p50 {poll['p50']:.0f} ms, max {poll['max']:.0f} ms |")
    print(f"| restart (SIGTERM, same data dir, hooks again) | totals unchanged; stop {r['restart']['stop_seconds']:.2f} s |")


if __name__ == "__main__":
    main()
