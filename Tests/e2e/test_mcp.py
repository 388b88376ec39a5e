"""The MCP server through the Python reference client (`mcp`), against the real binary: over stdio
(`orchestrator mcp` with ORCHESTRATOR_URL and ORCHESTRATOR_TOKEN) and over streamable HTTP at /mcp. Every tool call
carries the caller's rights: a viewer's key lists but cannot send."""
import asyncio
import contextlib
import os
import urllib.request

import httpx
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client import streamable_http

from api import AGENTS, call, create_project, eventually, login, status
from conftest import BINARY, stop_workspace_server, workspace_server

REPLYING = os.path.join(AGENTS, "replying-agent.py")
TOOLS = {"list_projects", "get_project", "create_project", "get_agent_status", "read_agent_output", "send_message", "press_keys",
         "report_progress", "reply", "get_review", "git_status", "git_diff", "merge_branch", "ask_team", "ask_ai"}


@pytest.fixture(scope="module")
def mcp_server():
    server = workspace_server("orc-e2e-mcp-", home=True)
    server.token = login(server)
    create_project(server, server.token, "tools", REPLYING)
    assert eventually(lambda: status(server, server.token, "tools")["status"] in ("idle", "active"), 30)
    server.manager_key = call(server, "POST", "/api/v1/api-keys", {"name": "mcp", "role": "manager"}, server.token)["key"]
    server.viewer_key = call(server, "POST", "/api/v1/api-keys", {"name": "mcp-viewer", "role": "viewer"}, server.token)["key"]
    yield server
    stop_workspace_server(server)


def text(result):
    return "\n".join(item.text for item in result.content if item.type == "text")


async def exercise(session, server):
    """Initialize, list the tools, and call them as a manager would."""
    info = await session.initialize()
    assert info.serverInfo.name == "tmux-orchestrator"
    listed = {tool.name: tool for tool in (await session.list_tools()).tools}
    assert set(listed) == TOOLS, set(listed) ^ TOOLS
    assert listed["send_message"].inputSchema["required"] == ["project_id", "target_agent", "content"]

    projects = await session.call_tool("list_projects", {})
    assert not projects.isError and text(projects).startswith("tools ("), text(projects)
    assert "developer" in text(await session.call_tool("get_agent_status", {"project_id": "tools", "agent_id": "developer"}))
    sent = await session.call_tool("send_message", {"project_id": "tools", "target_agent": "developer", "content": "hello from mcp"})
    assert not sent.isError and "queued" in text(sent) or "delivered" in text(sent), text(sent)
    assert eventually(lambda: "hello from mcp" in call(server, "GET", "/api/v1/projects/tools/agents/developer/output?lines=50", token=server.token)["output"], 20)
    output = await session.call_tool("read_agent_output", {"project_id": "tools", "agent_id": "developer", "lines": 50})
    assert "hello from mcp" in text(output)
    assert "branch" in text(await session.call_tool("git_status", {"project_id": "tools", "agent": "developer"}))
    assert not (await session.call_tool("git_diff", {"project_id": "tools", "agent": "developer"})).isError
    reported = await session.call_tool("report_progress", {"project_id": "tools", "agent_id": "developer", "progress": 0.5, "current_task": "via mcp"})
    assert not reported.isError and status(server, server.token, "tools")["current_task"] == "via mcp"
    review = await session.call_tool("get_review", {"project_id": "tools", "agent_id": "developer"})
    assert not review.isError and text(review) == "No review yet.", text(review)
    answer = await session.call_tool("ask_ai", {"question": "How many agents are there?", "project_id": "tools"})
    assert not answer.isError and "agent" in text(answer)
    team = await session.call_tool("ask_team", {"project_id": "tools", "question": "How far are you?", "wait_seconds": 10})
    assert not team.isError and "developer" in text(team), text(team)

    # Refusals and bad input are tool errors with the server's reason, never a crash.
    missing = await session.call_tool("get_project", {"project_id": "nope"})
    assert missing.isError and "404" in text(missing)
    escaped = await session.call_tool("get_project", {"project_id": "../../api/v1/users"})
    assert escaped.isError and ("404" in text(escaped) or "400" in text(escaped)) and "admin" not in text(escaped), \
        "an id cannot leave its path segment"
    no_content = await session.call_tool("send_message", {"project_id": "tools", "target_agent": "developer"})
    assert no_content.isError and "content is required" in text(no_content)
    keys = await session.call_tool("press_keys", {"project_id": "tools", "agent_id": "developer", "keys": ["rm -rf /"]})
    assert keys.isError and "422" in text(keys)


def test_stdio(mcp_server):
    async def run():
        parameters = StdioServerParameters(command=BINARY, args=["mcp"],
                                           env=dict(os.environ, ORCHESTRATOR_URL=mcp_server.base, ORCHESTRATOR_TOKEN=mcp_server.manager_key))
        async with stdio_client(parameters) as (read, write):
            async with ClientSession(read, write) as session:
                await exercise(session, mcp_server)
    asyncio.run(asyncio.wait_for(run(), 120))


@contextlib.asynccontextmanager
async def http_session_streams(url, key):
    """The client's streams over streamable HTTP with a bearer key (the current API takes an httpx client; releases
    before 1.24 only the older `streamablehttp_client`)."""
    headers = {"Authorization": f"Bearer {key}"}
    if hasattr(streamable_http, "streamable_http_client"):
        async with httpx.AsyncClient(headers=headers, timeout=httpx.Timeout(30, read=300)) as client:
            async with streamable_http.streamable_http_client(url, http_client=client) as streams:
                yield streams
    else:
        async with streamable_http.streamablehttp_client(url, headers=headers) as streams:
            yield streams


def test_streamable_http_with_the_callers_rights(mcp_server):
    async def run(key):
        async with http_session_streams(mcp_server.base + "/mcp", key) as (read, write, _):
            async with ClientSession(read, write) as session:
                if key == mcp_server.manager_key:
                    await exercise(session, mcp_server)
                    return None
                await session.initialize()
                listed = await session.call_tool("list_projects", {})
                refused = await session.call_tool("send_message", {"project_id": "tools", "target_agent": "developer", "content": "x"})
                return listed, refused
    asyncio.run(asyncio.wait_for(run(mcp_server.manager_key), 120))
    listed, refused = asyncio.run(asyncio.wait_for(run(mcp_server.viewer_key), 60))
    assert not listed.isError and "tools" in text(listed)
    assert refused.isError and "403" in text(refused), "a viewer's key lists but cannot send"
    request = urllib.request.Request(mcp_server.base + "/mcp", method="POST", data=b'{"jsonrpc":"2.0","id":1,"method":"ping"}',
                                     headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(request, timeout=5)
        raise AssertionError("an unauthenticated call was answered")
    except urllib.error.HTTPError as error:
        assert error.code == 401
