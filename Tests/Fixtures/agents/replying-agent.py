#!/usr/bin/env python3
"""A stand-in agent that answers questions through the CLI, as the briefing tells real agents to.

It prints no prompt and reads lines. When a pasted message ends with "(Answer with: orchestrator reply --to N ...)",
it reports its progress with `orchestrator report` and answers with `orchestrator reply --to N`, both found on PATH
in its pane. The `tester` stays silent (it never answers), so a caller sees how a missing reply is handled.
"""
import os
import re
import subprocess
import sys

me = os.environ.get("ORCHESTRATOR_AGENT", "agent")
print(f"{me} ready", flush=True)
for line in sys.stdin:
    match = re.search(r"orchestrator reply --to (\d+)", line)
    if not match or me == "tester":
        continue
    subprocess.run(["orchestrator", "report", "--task", "authentication", "--progress", "0.75", f"{me}: login endpoints done"], check=False)
    subprocess.run(["orchestrator", "reply", "--to", match.group(1), f"{me}: authentication endpoints complete, JWT next"], check=False)
    print(f"answered {match.group(1)}", flush=True)
