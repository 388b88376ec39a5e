"""SIGKILL the real server again and again in the middle of bursts of messages: every accepted message must arrive
exactly once, on its own line, or be reported failed and be absent.

Six agents, one for each way a program shows (or hides) what was pasted (`line-agent.py`): `developer` reads lines
through the terminal's own line editing (echoed, like input()), `tester` is a raw-mode TUI with an input line,
`silent` echoes nothing at all, `placeholder` draws pastes as `[Pasted text #1 +N lines]` like Claude Code, `codex`
as `[Pasted Content N chars]` blocks and takes an Enter within 120 ms of a paste as a newline, `box` draws its input
in a box. Without recovery settling half-delivered messages, the next message after a restart is pasted onto the
unsent text and the agent receives both run together; recovery must not depend on seeing the text.
"""
import os
import random
import re
import shutil
import signal
import tempfile
import time

from api import AGENTS, call, create_project, eventually, login, read
from conftest import Server

LINE_AGENT = os.path.join(AGENTS, "line-agent.py")
KILLS = int(os.environ.get("CRASH_LOOP_KILLS", "20"))
AGENTS_BY_MODE = ["developer", "tester", "silent", "placeholder", "codex", "box"]
BURST = 12


def test_sigkill_mid_burst_never_garbles_a_message():
    workspace = os.path.realpath(tempfile.mkdtemp(prefix="orc-e2e-crash-"))
    server = Server(ORCHESTRATOR_WORKSPACE_ROOTS=workspace)
    server.workspace = workspace
    random.seed(7)
    try:
        token = login(server)
        project = create_project(server, token, "crash-loop", LINE_AGENT, team_composition=AGENTS_BY_MODE)
        received = {agent["agent_id"]: os.path.join(agent["worktree_path"], "received.txt") for agent in project["agents"]}
        assert eventually(lambda: all("Make the tests pass." in read(path) for path in received.values()), 30), "every agent briefed"

        accepted = {}
        for cycle in range(KILLS):
            for number in range(BURST):
                agent = AGENTS_BY_MODE[number % len(AGENTS_BY_MODE)]
                content = f"m-{cycle}-{number} hello from the crash loop"
                answer = call(server, "POST", "/api/v1/projects/crash-loop/messages", {"target_agent": agent, "content": content}, token)
                accepted[content] = (agent, answer["id"])
            time.sleep(random.uniform(0.02, 0.5))
            server.process.send_signal(signal.SIGKILL)
            server.process.wait()
            server.restart()

        def settled():
            history = call(server, "GET", "/api/v1/projects/crash-loop/messages?limit=1000", token=token)
            by_id = {item["id"]: item for item in history}
            if any(by_id[message_id]["status"] in ("queued", "delivering") for _, message_id in accepted.values()):
                return None
            return by_id

        by_id = eventually(settled, 90)
        assert by_id, "every message reached a final state"
        lines = {agent: read(path).splitlines() for agent, path in received.items()}
        delivered = failed = 0
        for content, (agent, message_id) in accepted.items():
            state = by_id[message_id]["status"]
            count = lines[agent].count(content)
            if state == "delivered":
                delivered += 1
                assert count == 1, f"{content!r} delivered but received {count} times"
            else:
                failed += 1
                assert state == "failed" and count == 0, f"{content!r} is {state} and was received {count} times"
        for agent, agent_lines in lines.items():
            garbled = [line for line in agent_lines if line.count("m-") > 1 or (line.startswith("m-") and line not in accepted)]
            assert not garbled, f"{agent} received messages run together: {garbled[:3]}"
        settled_lines = [line.split("mid-delivery: ")[1] for line in read(server.log_path).splitlines() if "mid-delivery: " in line]
        outcomes = {}
        for line in settled_lines:
            for count, outcome in re.findall(r"(\d+) (enter sent|already submitted|requeued|failed)", line):
                outcomes[outcome] = outcomes.get(outcome, 0) + int(count)
        assert sum(outcomes.values()) > 0, "some kills landed mid-delivery (else the test proves nothing)"
        print(f"{KILLS} SIGKILLs, {len(accepted)} messages: {delivered} delivered exactly once, {failed} reported failed and absent;"
              f" caught mid-delivery and settled on restart: {outcomes}")
    finally:
        server.stop()
        shutil.rmtree(workspace, ignore_errors=True)
