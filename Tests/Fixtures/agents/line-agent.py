#!/usr/bin/env python3
"""A stand-in agent that prints no prompt and records every line it receives, the way real agents take input.

Modes (LINE_AGENT_MODE, or by agent name: `tester` runs `tui`, an agent named after a mode runs it, everyone
else `cooked`):
- cooked: the terminal's own line editing (echo, Enter ends a line), like a program reading with input();
- tui: raw mode with bracketed paste, like Claude Code or Codex: a paste lands in an input line drawn at the
  bottom (`> text`, cursor after it) and is submitted by Enter;
- silent: cbreak mode without echo: nothing typed or pasted shows; each line read is answered "got it";
- placeholder: like Claude Code, a paste is drawn as `> [Pasted text #N +L lines]`, never as its text;
- codex: like Codex, each paste is a `[Pasted Content N chars]` block on a `› ` composer row (several blocks on one
  row, `#2`, `#3` for repeats), and an Enter within 120 ms of a paste is a newline in the draft, not a submission
  (Codex's PASTE_ENTER_SUPPRESS_WINDOW);
- box: the input drawn inside a box, `│ > text        │`, the cursor after the text.
Each submitted line is appended to ./received.txt (one line per submission, "\\n" inside a paste kept as "⏎"),
so a test can tell a message that arrived alone from two run together.
"""
import os
import sys
import termios
import time
import tty

RECEIVED = "received.txt"
MODES = ("cooked", "tui", "silent", "placeholder", "codex", "box")
name = os.environ.get("ORCHESTRATOR_AGENT", "")
mode = os.environ.get("LINE_AGENT_MODE") or ("tui" if name == "tester" else name if name in MODES else "cooked")


def record(line):
    with open(RECEIVED, "a", encoding="utf-8") as f:
        f.write(line.replace("\n", "⏎") + "\n")
        f.flush()
        os.fsync(f.fileno())


def cooked():
    print("worker up; reading lines", flush=True)
    for line in sys.stdin:
        record(line.rstrip("\n"))


def silent():
    fd = sys.stdin.fileno()
    tty.setcbreak(fd)  # no echo, no line editing: the program assembles lines itself
    attrs = termios.tcgetattr(fd)
    attrs[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSANOW, attrs)
    print("worker up (silent)", flush=True)
    line = b""
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        for byte in chunk:
            if byte in (10, 13):
                if line:
                    record(line.decode("utf-8", "replace"))
                    print("got it", flush=True)
                line = b""
            elif byte == 3:
                return
            else:
                line += bytes([byte])


def tui():
    fd = sys.stdin.fileno()
    tty.setraw(fd)
    out = sys.stdout
    pastes = []  # (characters, lines) of each paste in the draft, for the placeholder modes
    last_paste = [0.0]

    def draw(buffer):
        if mode == "placeholder" and pastes:
            shown = " ".join(f"[Pasted text #{i + 1} +{lines} lines]" for i, (_, lines) in enumerate(pastes))
            out.write("\r\x1b[2K> " + shown)
        elif mode == "codex" and pastes:
            shown = "".join(f"[Pasted Content {chars} chars{'' if i == 0 else f' #{i + 1}'}]" for i, (chars, _) in enumerate(pastes))
            out.write("\r\x1b[2K\u203a " + shown)
            if buffer.endswith("\n"):
                out.write("\r\n\x1b[2K  ")  # the draft's new line, the cursor on it
        elif mode == "box":
            text = buffer.replace("\n", "⏎")
            out.write("\r\x1b[2K\u2502 > " + text + " " * max(1, 60 - len(text)) + "\u2502" + "\b" * (max(1, 60 - len(text)) + 1))
        else:
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
                pasted = pending[len(start):stop].decode("utf-8", "replace")
                buffer += pasted
                pastes.append((len(pasted), pasted.count("\n") + 1))
                last_paste[0] = time.monotonic()
                pending = pending[stop + len(end):]
                draw(buffer)
            elif start.startswith(pending):
                break
            elif pending[:1] == b"\r" and mode == "codex" and time.monotonic() - last_paste[0] < 0.12:
                # Too soon after a paste: Codex takes it as a newline in the draft.
                pending = pending[1:]
                buffer += "\n"
                draw(buffer)
            elif pending[:1] == b"\r":
                pending = pending[1:]
                if mode == "codex":
                    buffer = buffer.rstrip("\n")
                pastes.clear()
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
        if mode == "cooked":
            cooked()
        elif mode == "silent":
            silent()
        else:
            tui()
    except KeyboardInterrupt:
        pass
    finally:
        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, old)
