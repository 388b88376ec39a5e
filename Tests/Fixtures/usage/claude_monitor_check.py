#!/usr/bin/env python3
"""Run claude-monitor's own JSONL reader over the Claude fixtures and compare its
per-model totals with expected.json.

Needs the PyPI package `claude-monitor` (checked with 4.0.0), for example:

    python3 -m venv /tmp/cm && /tmp/cm/bin/pip install claude-monitor==4.0.0
    /tmp/cm/bin/python Tests/Fixtures/usage/claude_monitor_check.py

claude-monitor reads every `*.jsonl` below the folder it is given (default
~/.claude/projects), so the fixtures are copied into a temporary
`projects/<encoded cwd>/` folder laid out as Claude Code writes it:
`<session-id>.jsonl` next to `<session-id>/subagents/agent-*.jsonl`.

Prints {"claude_monitor": {...}, "expected": {...}, "differences": [...]} and
exits 0 whether or not they agree; the differences are explained in README.md.
"""

import json
import shutil
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from claude_monitor.core.models import CostMode
from claude_monitor.data.reader import load_usage_entries

HERE = Path(__file__).resolve().parent
SESSION_ID = "3f6b2a9e-5c1d-4e7a-9b8f-2d4c6e8a0b13"  # sessionId inside the fixture
PROJECT = "-home-dev-shop-api"  # Claude Code's encoding of cwd /home/dev/shop-api
FIELDS = ("input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "entries")


def monitor_totals():
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "projects" / PROJECT
        project.mkdir(parents=True)
        shutil.copyfile(HERE / "claude" / "session-a.jsonl", project / f"{SESSION_ID}.jsonl")
        shutil.copytree(HERE / "claude" / "session-a", project / SESSION_ID)
        entries, _raw = load_usage_entries(data_path=Path(tmp) / "projects", mode=CostMode.CALCULATED)
    out = {}
    for entry in entries:
        row = out.setdefault(entry.model, dict.fromkeys(FIELDS, 0))
        row["input_tokens"] += entry.input_tokens
        row["output_tokens"] += entry.output_tokens
        row["cache_creation_input_tokens"] += entry.cache_creation_tokens
        row["cache_read_input_tokens"] += entry.cache_read_tokens
        row["entries"] += 1
    return dict(sorted(out.items()))


def main():
    got = monitor_totals()
    want = json.loads((HERE / "expected.json").read_text())["claude"]
    differences = []
    for model in sorted(set(got) | set(want)):
        for field in FIELDS:
            a = got.get(model, {}).get(field)
            b = want.get(model, {}).get(field)
            if a != b:
                differences.append({"model": model, "field": field, "claude_monitor": a, "expected": b})
    json.dump(
        {"claude_monitor_version": version("claude-monitor"), "claude_monitor": got, "expected": want, "differences": differences},
        sys.stdout,
        indent=2,
    )
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
