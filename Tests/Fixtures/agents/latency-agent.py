#!/usr/bin/env python3
"""A stand-in agent for benchmarks: in raw mode with bracketed paste on, it appends
"<wall-clock ns> <first line of the paste>" to $LATENCY_LOG the moment each paste has fully arrived."""
import os
import sys
import termios
import time
import tty

log = open(os.environ.get("LATENCY_LOG", "latency.log"), "a", buffering=1)
fd = sys.stdin.fileno()
tty.setraw(fd)
sys.stdout.write("\x1b[?2004hlatency-agent ready\r\nagent$ ")
sys.stdout.flush()
START, END = b"\x1b[200~", b"\x1b[201~"
pending = b""
while True:
    chunk = os.read(fd, 65536)
    if not chunk:
        break
    pending += chunk
    while START in pending and END in pending:
        begin = pending.index(START)
        end = pending.index(END)
        body = pending[begin + len(START):end]
        first_line = body.split(b"\n")[0].decode(errors="replace")
        log.write(f"{time.time_ns()} {first_line}\n")
        pending = pending[end + len(END):]
    if len(pending) > 1 << 20:
        pending = b""
