#!/usr/bin/env python3
"""A stand-in agent that records exactly what it is sent.

It puts its terminal in raw mode and asks for bracketed paste, like Claude Code does. Each pasted text
(between ESC[200~ and ESC[201~) is written byte for byte to $RECORD_DIR/paste-N, and each Enter that
follows a paste appends the paste's number to $RECORD_DIR/submitted. It prints a prompt line so tests
(and the orchestrator's ready detection) can see it is up, and "got N bytes" after each submission.
"""
import os
import sys
import termios
import tty

record_dir = os.environ.get("RECORD_DIR", ".")
fd = sys.stdin.fileno()
old = termios.tcgetattr(fd)
tty.setraw(fd)
out = sys.stdout


def say(text):
    out.write(text + "\r\n")
    out.flush()


out.write("\x1b[?2004h")
say("paste-recorder ready")
out.write("agent$ ")
out.flush()

START, END = b"\x1b[200~", b"\x1b[201~"
pending = b""
count = 0
last_paste = None
try:
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        pending += chunk
        while True:
            if pending.startswith(START):
                end = pending.find(END)
                if end < 0:
                    break
                count += 1
                with open(os.path.join(record_dir, f"paste-{count}"), "wb") as f:
                    f.write(pending[len(START):end])
                last_paste = count
                pending = pending[end + len(END):]
            elif pending[:1] in (b"\r", b"\n"):
                pending = pending[1:]
                if last_paste is not None:
                    with open(os.path.join(record_dir, "submitted"), "a") as f:
                        f.write(f"{last_paste}\n")
                    size = os.path.getsize(os.path.join(record_dir, f"paste-{last_paste}"))
                    say(f"got {size} bytes")
                    out.write("agent$ ")
                    out.flush()
                    last_paste = None
            elif pending[:1] == b"\x03":
                raise KeyboardInterrupt
            elif START.startswith(pending):
                break
            else:
                # Typed characters outside a paste: echo them like a line editor would.
                out.write(pending[:1].decode("latin-1"))
                out.flush()
                pending = pending[1:]
            if not pending:
                break
except KeyboardInterrupt:
    pass
finally:
    termios.tcsetattr(fd, termios.TCSADRAIN, old)
