"""The server's usage totals against an outside reader of the same files: the fixture transcripts
(`Tests/Fixtures/usage/claude`, written from Claude Code's public format, sources in its README) are placed where an
agent's Claude Code would write them, named by a hook, and read by the real server; PyPI's claude-monitor 4.0.0
(installed by scripts/install-test-agents) reads the same folder. They agree on every model and token kind but one:
claude-monitor keeps the first copy of a streamed response, whose output count can be partial, where the server (and
ccusage) keep the largest; `expected.json` is the independently computed answer both are held to."""
import json
import os
import shutil
import subprocess
import tempfile
import time

import pytest

from api import call, create_project, eventually, login
from conftest import ROOT, stop_workspace_server, workspace_server

FIXTURES = os.path.join(ROOT, "Tests/Fixtures/usage")
MONITOR = os.path.join(ROOT, ".build/test-tools/claude-monitor/bin/python")
SESSION = "3f6b2a9e-5c1d-4e7a-9b8f-2d4c6e8a0b13"
FIELDS = ("input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "entries")
READ = """
import json, sys
from pathlib import Path
from claude_monitor.core.models import CostMode
from claude_monitor.data.reader import load_usage_entries
entries, _ = load_usage_entries(data_path=Path(sys.argv[1]), mode=CostMode.CALCULATED)
out = {}
for entry in entries:
    row = out.setdefault(entry.model, dict(input_tokens=0, output_tokens=0, cache_creation_input_tokens=0, cache_read_input_tokens=0, entries=0))
    row["input_tokens"] += entry.input_tokens
    row["output_tokens"] += entry.output_tokens
    row["cache_creation_input_tokens"] += entry.cache_creation_tokens
    row["cache_read_input_tokens"] += entry.cache_read_tokens
    row["entries"] += 1
print(json.dumps(out))
"""


def copy_as_written_by(worktree, folder):
    """The fixtures as the agent's Claude Code would have written them: its worktree as their working directory."""
    os.makedirs(os.path.join(folder, SESSION, "subagents"))
    pairs = [("claude/session-a.jsonl", f"{SESSION}.jsonl"), ("claude/session-a/subagents/agent-1.jsonl", f"{SESSION}/subagents/agent-1.jsonl")]
    for source, target in pairs:
        text = open(os.path.join(FIXTURES, source), encoding="utf-8").read()
        with open(os.path.join(folder, target), "w", encoding="utf-8") as file:
            file.write(text.replace('"cwd":"/home/dev/shop-api"', json.dumps({"cwd": worktree})[1:-1]))
    return os.path.join(folder, f"{SESSION}.jsonl")


def test_the_servers_totals_match_claude_monitor_but_for_partial_copies():
    assert os.path.exists(MONITOR), "scripts/install-test-agents installs claude-monitor"
    config = tempfile.mkdtemp(prefix="orc-e2e-claude-config-")
    server = workspace_server("orc-e2e-monitor-", home=True, CLAUDE_CONFIG_DIR=config)
    try:
        token = login(server)
        worktree = create_project(server, token, "measured", "bash")["agents"][0]["worktree_path"]
        projects = os.path.join(config, "projects")
        transcript = copy_as_written_by(worktree, os.path.join(projects, "-" + worktree.strip("/").replace("/", "-")))
        call(server, "POST", "/api/v1/projects/measured/agents/developer/hooks?kind=claude",
             {"hook_event_name": "Stop", "session_id": SESSION, "transcript_path": transcript, "cwd": worktree}, token)
        expected = json.load(open(os.path.join(FIXTURES, "expected.json")))["claude"]
        want_entries = sum(row["entries"] for row in expected.values())
        assert eventually(lambda: call(server, "GET", "/api/v1/projects/measured/usage?by=model", token=token)["total"]["entries"] == want_entries, 10)
        time.sleep(1.5)  # a poll later: still the same
        ours = {row["key"]: {field: row[field] for field in FIELDS}
                for row in call(server, "GET", "/api/v1/projects/measured/usage?by=model", token=token)["rows"]}
        assert ours == expected

        read = subprocess.run([MONITOR, "-c", READ, projects], capture_output=True, text=True, timeout=120)
        assert read.returncode == 0, read.stderr[-2000:]
        theirs = json.loads(read.stdout)
        differences = [(model, field, theirs.get(model, {}).get(field), ours.get(model, {}).get(field))
                       for model in sorted(set(theirs) | set(ours)) for field in FIELDS
                       if theirs.get(model, {}).get(field) != ours.get(model, {}).get(field)]
        # The one difference: a response whose first copy carried a partial output count (8 of 412 tokens).
        assert [(model, field) for model, field, _, _ in differences] == [("claude-sonnet-4-5-20250929", "output_tokens")], differences
        _, _, monitor_output, our_output = differences[0]
        assert our_output - monitor_output == 412 - 8, differences
    finally:
        stop_workspace_server(server)
        shutil.rmtree(config, ignore_errors=True)
