#!/usr/bin/env python3
"""A full-screen terminal program stand-in: raw mode, a coloured header drawn with cursor moves, every byte it reads
appended to ./tui-received.bin and shown back in red on a status line. "q" quits."""
import os
import sys
import tty

fd = sys.stdin.fileno()
tty.setraw(fd)


def write(text):
    sys.stdout.write(text)
    sys.stdout.flush()


def draw(last=b""):
    write("\x1b[2J\x1b[H\x1b[1;32mTUI READY\x1b[0m \x1b[44;37m menu \x1b[0m\r\n")
    write("\x1b[3;1H\x1b[33mtype here:\x1b[0m ")
    if last:
        write("\x1b[31m" + last.decode(errors="replace").replace("\r", "⏎") + "\x1b[0m")


draw()
received = b""
while True:
    chunk = os.read(fd, 4096)
    if not chunk:
        break
    with open("tui-received.bin", "ab") as log:
        log.write(chunk)
    received = (received + chunk)[-60:]
    draw(received)
    if chunk == b"q":
        break
