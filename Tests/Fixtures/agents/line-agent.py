#!/usr/bin/env python3
"""A stand-in agent that prints no prompt and records every line it receives, the way real agents take input.

Two modes (LINE_AGENT_MODE, or by agent: the `tester` runs `tui`, everyone else `cooked`):
- cooked: the terminal's own line editing (echo, Enter ends a line), like a program reading with input();
- tui: raw mode with bracketed paste, like Claude Code or Codex: a paste lands in an input line drawn at the
  bottom (`> text`, cursor after it) and is submitted by Enter.
Each submitted line is appended to ./received.txt (one line per submission, "\\n" inside a paste kept as "⏎"),
so a test can tell a message that arrived alone from two run together.
"""
import os
import sys
import termios
import tty

RECEIVED = "received.txt"
mode = os.environ.get("LINE_AGENT_MODE") or ("tui" if os.environ.get("ORCHESTRATOR_AGENT") == "tester" else "cooked")


def record(line):
    with open(RECEIVED, "a", encoding="utf-8") as f:
        f.write(line.replace("\n", "⏎") + "\n")
        f.flush()
        os.fsync(f.fileno())


def cooked():
    print("worker up; reading lines", flush=True)
    for line in sys.stdin:
        record(line.rstrip("\n"))


def tui():
    fd = sys.stdin.fileno()
    tty.setraw(fd)
    out = sys.stdout

    def draw(buffer):
        out.write("\r\x1b[2K> " + buffer.replace("\n", "⏎"))
        out.flush()

    out.write("\x1b[?2004hworker up (tui)\r\n")
    draw("")
    start, end = b"\x1b[200~", b"\x1b[201~"
    pending = b""
    buffer = ""
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        pending += chunk
        while pending:
            if pending.startswith(start):
                stop = pending.find(end)
                if stop < 0:
                    break
                buffer += pending[len(start):stop].decode("utf-8", "replace")
                pending = pending[stop + len(end):]
                draw(buffer)
            elif start.startswith(pending):
                break
            elif pending[:1] == b"\r":
                pending = pending[1:]
                record(buffer)
                out.write("\r\x1b[2K\u2713 " + buffer.replace("\n", "⏎")[:60] + "\r\n")
                buffer = ""
                draw(buffer)
            elif pending[:1] == b"\x03":
                return
            else:
                text = pending[:1].decode("latin-1")
                pending = pending[1:]
                if text == "\x7f":
                    buffer = buffer[:-1]
                elif text.isprintable():
                    buffer += text
                draw(buffer)


if __name__ == "__main__":
    old = termios.tcgetattr(sys.stdin.fileno())
    try:
        tui() if mode == "tui" else cooked()
    except KeyboardInterrupt:
        pass
    finally:
        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, old)
