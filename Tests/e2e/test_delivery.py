"""Delivery against programs that behave unlike the usual stand-ins:
- a Codex-like composer that takes an Enter within 120 ms of a paste as a newline in the draft: every message is
  still submitted, each once, and another agent's messages are not slowed by it;
- a program that asks two questions in a row, the second drawn 50-300 ms after the first is answered: the held
  briefing never lands in a question, and arrives whole once both are answered."""
import os
import time

import pytest

from api import AGENTS, call, create_project, eventually, login, read
from conftest import stop_workspace_server, workspace_server

LINE_AGENT = os.path.join(AGENTS, "line-agent.py")
ASKING_TOOL = os.path.join(AGENTS, "asking-tool.py")


@pytest.fixture(scope="module")
def server():
    running = workspace_server("orc-e2e-delivery-")
    running.token = login(running)
    yield running
    stop_workspace_server(running)


def messages(server, project):
    return call(server, "GET", f"/api/v1/projects/{project}/messages?limit=1000", token=server.token)


def test_an_enter_too_soon_after_the_paste_is_pressed_again_and_nobody_waits_for_it(server):
    project = create_project(server, server.token, "codex-window", LINE_AGENT, team_composition=["codex", "developer"])
    received = {agent["agent_id"]: os.path.join(agent["worktree_path"], "received.txt") for agent in project["agents"]}
    assert eventually(lambda: all("Make the tests pass." in read(path) for path in received.values()), 30), "both briefed"
    sent = {}
    for number in range(100):
        content = f"codex-{number} please"
        sent[content] = call(server, "POST", "/api/v1/projects/codex-window/messages", {"target_agent": "codex", "content": content}, server.token)["id"]
        if number % 10 == 0:
            call(server, "POST", "/api/v1/projects/codex-window/messages", {"target_agent": "developer", "content": f"dev-{number} hello"}, server.token)
    # The other agent's ten messages are in before the Codex-like one is half done: its queue is its own.
    assert eventually(lambda: read(received["developer"]).count("dev-") == 10, 15), read(received["developer"])
    assert read(received["codex"]).count("codex-") < 60, "the developer's messages did not wait for the codex queue"

    def done():
        by_id = {item["id"]: item for item in messages(server, "codex-window")}
        return by_id if all(by_id[i]["status"] == "delivered" for i in sent.values()) else None

    by_id = eventually(done, 120)
    assert by_id, "every message delivered"
    lines = read(received["codex"]).splitlines()
    for content in sent:
        assert lines.count(content) == 1, f"{content!r} submitted {lines.count(content)} times"
    assert not [line for line in lines if line.count(" please") > 1], "no two messages in one submission"
    again = [item for item in by_id.values() if "pressed" in (item.get("status_detail") or "")]
    assert again, "the Enter that came too soon was seen and pressed again"


def test_a_second_question_right_after_the_first_never_gets_the_briefing(server):
    for round_number in range(5):
        name = f"twice-{round_number}"
        # Written in the agent's worktree, the one place a contained agent may write.
        project = create_project(server, server.token, name, f"{ASKING_TOOL} twice answers.txt")
        record = os.path.join(project["agents"][0]["worktree_path"], "answers.txt")
        status = lambda: call(server, "GET", f"/api/v1/projects/{name}/agents/developer/status", token=server.token)
        assert eventually(lambda: status()["status"] == "waiting", 20), "the first question is seen"
        call(server, "POST", f"/api/v1/projects/{name}/agents/developer/keys", {"keys": ["n", "Enter"]}, server.token)
        assert eventually(lambda: read(record).count("answer: ") == 1, 10)
        # The second question comes 50-300 ms later: the briefing must wait for it to be answered too.
        assert eventually(lambda: "what's new" in ((status().get("prompt") or {}).get("text") or ""), 20), "the second question is seen"
        time.sleep(1)
        assert read(record).splitlines() == ["answer: n"], read(record)
        call(server, "POST", f"/api/v1/projects/{name}/agents/developer/keys", {"keys": ["y", "Enter"]}, server.token)
        assert eventually(lambda: "line: Make the tests pass." in read(record), 20), read(record)
        answers = [line for line in read(record).splitlines() if line.startswith("answer: ")]
        assert answers == ["answer: n", "answer: y"], read(record)
        assert "line: The spec:" in read(record) and "line: # Build it" in read(record), "the briefing arrived whole"
