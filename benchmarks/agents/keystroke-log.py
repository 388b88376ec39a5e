#!/usr/bin/env python3
"""A stand-in agent for the terminal benchmark: in raw mode, appends "<wall-clock ns> <byte as hex>" to $KEYSTROKE_LOG
the moment each byte arrives."""
import os
import sys
import time
import tty

log = open(os.environ.get("KEYSTROKE_LOG", "keystrokes.log"), "a", buffering=1)
fd = sys.stdin.fileno()
tty.setraw(fd)
sys.stdout.write("keys ready\r\n")
sys.stdout.flush()
while True:
    chunk = os.read(fd, 4096)
    if not chunk:
        break
    now = time.time_ns()
    for byte in chunk:
        log.write(f"{now} {byte:02x}\n")
