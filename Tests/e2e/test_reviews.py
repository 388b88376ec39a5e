"""Reviews from the outside: a manager sends an agent line comments on its diff; each comment must point at a line
the diff shows (else 422 naming it, and nothing is sent); the agent's pane receives one message in the documented
shape (## Review (N comments), then per comment the file, line, the code line and the comment); a review_submitted
event is stored; the review is listed as sent, then answered once the agent replies; the agent reads it back with
`orchestrator review` and the MCP tool get_review; viewers and agents cannot send one."""
import asyncio
import json
import os
import subprocess

import pytest
from mcp import ClientSession

from api import call, create_project, eventually, login
from conftest import BINARY, stop_workspace_server, workspace_server
from test_mcp import http_session_streams, text

PROJECT = "reviewed"
REVIEWS = f"/api/v1/projects/{PROJECT}/reviews"
# The agent keeps its token, changes two files and commits them, then echoes every line it is sent.
AGENT = ("bash -c 'echo \"$ORCHESTRATOR_TOKEN\" > .agent-token; printf \"def add(a, b):\\n    return a - b\\n\\nprint(add(1, 2))\\n\" > calc.py; "
         "printf \"# Notes\\nuse tabs\\n\" > NOTES.md; git add calc.py NOTES.md; git commit -qm \"Add calc\"; "
         "while IFS= read -r line; do echo \"got: $line\"; done'")


async def review_over_mcp(server, token):
    """get_review over the server's streamable-HTTP MCP endpoint, with the agent's own token."""
    async with http_session_streams(server.base + "/mcp", token) as (read, write, _):
        async with ClientSession(read, write) as session:
            await session.initialize()
            result = await session.call_tool("get_review", {"project_id": PROJECT, "agent_id": "developer"})
            assert not result.isError, text(result)
            return text(result)


def field_names(answer):
    return [item["field"] for item in answer.get("error", {}).get("details", {}).get("fields", [])]


@pytest.fixture(scope="module")
def setup():
    server = workspace_server("orc-e2e-reviews-")
    try:
        admin = login(server)
        call(server, "POST", "/api/v1/users", {"username": "vera", "password": "vera-pass-1", "role": "viewer"}, admin)
        vera = login(server, "vera", "vera-pass-1")
        project = create_project(server, admin, PROJECT, AGENT)
        worktree = project["agents"][0]["worktree_path"] if project.get("agents") else None

        def changed():
            diff = call(server, "GET", f"/api/v1/projects/{PROJECT}/git/diff?agent=developer", token=admin)
            return {item["path"] for item in diff["files"]} >= {"calc.py", "NOTES.md"}

        assert eventually(changed, 30)
        agents = call(server, "GET", f"/api/v1/projects/{PROJECT}/agents", token=admin)
        worktree = worktree or agents[0]["worktree_path"]
        token_file = os.path.join(worktree, ".agent-token")
        assert eventually(lambda: os.path.exists(token_file) and open(token_file).read().strip(), 10)
        yield {"server": server, "admin": admin, "vera": vera, "agent": open(token_file).read().strip()}
    finally:
        stop_workspace_server(server)


def test_bad_reviews_are_refused_by_field_and_send_nothing(setup):
    server, admin, vera, agent = setup["server"], setup["admin"], setup["vera"], setup["agent"]
    good = {"path": "calc.py", "line": 2, "side": "new", "body": "subtracts"}
    cases = [
        ({"agent": "developer", "comments": []}, "comments"),
        ({"agent": "developer", "comments": [good] * 51}, "comments"),
        ({"agent": "developer", "comments": [good, {**good, "path": "../etc/passwd"}]}, "comments[1].path"),
        ({"agent": "developer", "comments": [{**good, "path": "README-not-changed.md"}]}, "comments[0].path"),
        ({"agent": "developer", "comments": [{**good, "line": 99}]}, "comments[0].line"),
        ({"agent": "developer", "comments": [{**good, "line": 1, "side": "old"}]}, "comments[0].line"),
        ({"agent": "developer", "comments": [{**good, "side": "left"}]}, "comments[0].side"),
        ({"agent": "developer", "comments": [{**good, "body": "  "}]}, "comments[0].body"),
        ({"agent": "developer", "comments": [{**good, "body": "x" * 4001}]}, "comments[0].body"),
        ({"agent": "developer", "summary": "s" * 4001, "comments": [good]}, "summary"),
    ]
    for body, field in cases:
        status, answer = call(server, "POST", REVIEWS, body, admin, expect="status")
        assert status == 422 and field in field_names(answer), (field, status, answer)
    status, answer = call(server, "POST", REVIEWS, {"agent": "nobody", "comments": [good]}, admin, expect="status")
    assert status == 404, answer
    status, answer = call(server, "POST", REVIEWS, {"agent": "developer", "comments": [good]}, vera, expect="status")
    assert status == 403, answer
    status, answer = call(server, "POST", REVIEWS, {"agent": "developer", "comments": [good]}, agent, expect="status")
    assert status == 403, answer
    assert call(server, "GET", REVIEWS, token=admin) == []
    messages = call(server, "GET", f"/api/v1/projects/{PROJECT}/messages?limit=200", token=admin)
    assert not [item for item in messages if item["kind"] == "review"], messages


def test_a_review_reaches_the_agent_in_its_shape_and_is_read_back(setup):
    server, admin, agent = setup["server"], setup["admin"], setup["agent"]
    comments = [
        {"path": "calc.py", "line": 2, "side": "new", "body": "This subtracts; add instead."},
        {"path": "calc.py", "line": 4, "side": "new", "body": "Print the result with a label."},
        {"path": "NOTES.md", "line": 2, "side": "new", "body": "We use spaces."},
    ]
    status, review = call(server, "POST", REVIEWS, {"agent": "developer", "summary": "Close, two fixes.", "comments": comments}, admin, expect="status")
    assert status == 201, review
    assert review["state"] == "sent" and review["author"] == "admin" and review["agent"] == "developer", review
    assert [item["code"] for item in review["comments"]] == ["    return a - b", "print(add(1, 2))", "use tabs"], review["comments"]
    content = review["content"]
    assert content.startswith("## Review (3 comments)\n"), content
    assert "Close, two fixes." in content
    assert "### 1. `calc.py` line 2 (new)\n\n```\n    return a - b\n```\n\nThis subtracts; add instead." in content, content
    assert "### 3. `NOTES.md` line 2 (new)\n\n```\nuse tabs\n```\n\nWe use spaces." in content, content

    def pane():
        return call(server, "GET", f"/api/v1/projects/{PROJECT}/agents/developer/output?lines=200", token=admin)["output"]

    assert eventually(lambda: "got: ## Review (3 comments)" in pane() and "got: We use spaces." in pane(), 30), pane()
    events = call(server, "GET", f"/api/v1/projects/{PROJECT}/events?limit=200", token=admin)
    items = events["events"] if isinstance(events, dict) else events
    submitted = [item for item in items if item["type"] == "review_submitted"]
    assert len(submitted) == 1, items
    data = submitted[0]["data"] if isinstance(submitted[0]["data"], dict) else json.loads(submitted[0]["data"])
    assert data["review_id"] == review["id"] and data["comments"] == 3 and data["agent_id"] == "developer", data

    listed = call(server, "GET", f"{REVIEWS}?agent=developer", token=admin)
    assert [item["id"] for item in listed] == [review["id"]] and listed[0]["state"] == "sent", listed
    assert call(server, "GET", f"{REVIEWS}/{review['id']}", token=admin)["content"] == content

    # The agent reads it back, as its window would run the command.
    env = {**os.environ, "ORCHESTRATOR_URL": server.base, "ORCHESTRATOR_TOKEN": agent, "ORCHESTRATOR_PROJECT": PROJECT,
           "ORCHESTRATOR_AGENT": "developer"}
    printed = subprocess.run([BINARY, "review"], env=env, capture_output=True, text=True, timeout=30)
    assert printed.returncode == 0, printed.stderr
    assert content in printed.stdout and f"review {review['id']} by admin, sent" in printed.stdout, printed.stdout
    assert content in asyncio.run(review_over_mcp(server, agent)), "the MCP tool get_review gives the same text"
    status, refused = call(server, "GET", f"{REVIEWS}?agent=someone-else", token=agent, expect="status")
    assert status == 403, refused

    # The review asks for an answer: the agent's `orchestrator reply`, even without --to, answers the review.
    replied = subprocess.run([BINARY, "reply", "Fixed both, and spaces."], env=env, capture_output=True, text=True, timeout=30)
    assert replied.returncode == 0, replied.stderr
    messages = call(server, "GET", f"/api/v1/projects/{PROJECT}/messages?limit=200", token=admin)
    assert [item["in_reply_to"] for item in messages if item["content"] == "Fixed both, and spaces."] == [review["message_id"]], messages
    assert call(server, "GET", f"{REVIEWS}/{review['id']}", token=admin)["state"] == "answered"
