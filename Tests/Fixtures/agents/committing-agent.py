#!/usr/bin/env python3
"""A stand-in agent that does some work of its own and answers what it is sent.

On start it writes $AGENT_WORK_FILE (default agent-notes.md) in its working directory (its git worktree),
commits it on its branch with `git add` + `git commit`, and says so. Then, like Claude Code, it puts the
terminal in raw mode with bracketed paste on and shows a prompt; for each pasted text followed by Enter it
prints "received: <first line of the paste>" and the prompt again, so tests can watch its output live.
"""
import os
import subprocess
import sys
import termios
import tty

out = sys.stdout


def say(text):
    out.write(text + "\r\n")
    out.flush()


def commit_work():
    name = os.environ.get("AGENT_WORK_FILE", "agent-notes.md")
    agent = os.environ.get("ORCHESTRATOR_AGENT", "agent")
    if os.path.exists(name):
        return f"{name} already committed"
    with open(name, "w") as f:
        f.write(f"# Notes from {agent}\n\nThe stand-in agent was here.\n")
    identity = ["-c", "user.name=Stand-in Agent", "-c", "user.email=agent@example.org"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        subprocess.run(["git", "add", name], check=True, capture_output=True, env=env)
        subprocess.run(["git", *identity, "commit", "-m", f"Add notes from {agent}"], check=True, capture_output=True, env=env)
    except (OSError, subprocess.CalledProcessError) as error:
        return f"could not commit {name}: {error}"
    return f"committed {name}"


fd = sys.stdin.fileno()
old = termios.tcgetattr(fd)
print("committing-agent starting", flush=True)
print(commit_work(), flush=True)
tty.setraw(fd)
out.write("\x1b[?2004h")
say("committing-agent ready")
out.write("agent$ ")
out.flush()

START, END = b"\x1b[200~", b"\x1b[201~"
pending = b""
last_paste = None
try:
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        pending += chunk
        while pending:
            if pending.startswith(START):
                end = pending.find(END)
                if end < 0:
                    break
                last_paste = pending[len(START):end].decode("utf-8", errors="replace")
                pending = pending[end + len(END):]
            elif pending[:1] in (b"\r", b"\n"):
                pending = pending[1:]
                if last_paste is not None:
                    first = next((line for line in last_paste.splitlines() if line.strip()), "")
                    out.write("\r\n")
                    say("received: " + first[:200])
                    out.write("agent$ ")
                    out.flush()
                    last_paste = None
            elif pending[:1] == b"\x03":
                raise KeyboardInterrupt
            elif START.startswith(pending):
                break
            else:
                out.write(pending[:1].decode("latin-1"))
                out.flush()
                pending = pending[1:]
except KeyboardInterrupt:
    pass
finally:
    termios.tcsetattr(fd, termios.TCSADRAIN, old)
