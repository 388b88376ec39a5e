#!/usr/bin/env python3
"""A stand-in for a program no agent profile knows that asks a person something before it does anything.

`asking-tool.py yn FILE` prints `Overwrite existing config? (y/n) ` and reads one line, as a script with input()
does; `asking-tool.py menu FILE` draws a Claude-style numbered menu and reads one key in cbreak mode;
`asking-tool.py twice FILE` asks two `(y/n)` questions in a row, the second drawn 50-300 ms after the first is
answered (as aider does on its first start). It writes `answer: <what it read>` to FILE for each question, then reads
lines forever, appending `line: <line>` to FILE for each, so a test sees exactly what reached each question and what
came after.
"""
import os
import sys
import termios
import tty

mode, record = sys.argv[1], sys.argv[2]


def note(text):
    with open(record, "a") as f:
        f.write(text + "\n")


print("asking-tool 1.0: preparing the workspace", flush=True)
if mode == "menu":
    print("I want to run: rm -rf build/ && make release", flush=True)
    print("", flush=True)
    print("Do you want to proceed?", flush=True)
    print("❯ 1. Yes", flush=True)
    print("  2. Yes, and don't ask again for make commands", flush=True)
    print("  3. No, and tell me what to do differently", flush=True)
    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd)
    tty.setcbreak(fd)
    try:
        key = os.read(fd, 1).decode("utf-8", errors="replace")
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)
    note("answer: " + key)
    print(f"chose {key}", flush=True)
elif mode == "twice":
    import random
    import time
    first = input("Add .tool* to .gitignore? (y/n) ")
    note("answer: " + first)
    print("working on it...", flush=True)
    time.sleep(random.uniform(0.05, 0.3))
    second = input("Would you like to see what's new in this version? (y/n) ")
    note("answer: " + second)
else:
    answer = input("Overwrite existing config? (y/n) ")
    note("answer: " + answer)
    print("config written" if answer.strip().lower().startswith("y") else "kept the old config", flush=True)

while True:
    try:
        line = input("tool> ")
    except EOFError:
        break
    note("line: " + line)
