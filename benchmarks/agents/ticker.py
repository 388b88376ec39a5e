#!/usr/bin/env python3
"""A stand-in agent for the WebSocket benchmark: prints "tick <wall-clock ns>" every $TICK_SECONDS
(starting at a random phase), or stays silent at its prompt when $TICK_SECONDS is 0."""
import os
import random
import sys
import time

interval = float(os.environ.get("TICK_SECONDS", "1"))
sys.stdout.write("ticker ready\nagent$ ")
sys.stdout.flush()
if interval <= 0:
    while True:
        time.sleep(3600)
time.sleep(random.random() * interval)
next_tick = time.monotonic()
while True:
    sys.stdout.write(f"\ntick {time.time_ns()}")
    sys.stdout.flush()
    next_tick += interval
    time.sleep(max(0.0, next_tick - time.monotonic()))
