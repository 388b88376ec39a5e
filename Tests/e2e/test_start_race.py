"""The start race: messages sent while a team is still starting (from the moment its project exists) are each
delivered once, on their own line, in every one of 20 rounds of four teams started in parallel; no message is ever
found queued for a ready agent (orchestrator_delivery_stalls_total stays 0)."""
import os
import threading
import urllib.request

import pytest

from api import AGENTS, call, create_project, eventually, login, read
from conftest import stop_workspace_server, workspace_server

LINE_AGENT = os.path.join(AGENTS, "line-agent.py")
ROUNDS = 20
TEAMS = 4


@pytest.fixture(scope="module")
def server():
    # The senders ask many times a second while the projects are created: no rate limit for this test.
    running = workspace_server("orc-e2e-start-race-", ORCHESTRATOR_RATE_LIMIT_PER_MINUTE="1000000")
    running.token = login(running)
    yield running
    stop_workspace_server(running)


def stalls(server):
    text = urllib.request.urlopen(f"{server.base}/metrics", timeout=10).read().decode()
    line = next(line for line in text.splitlines() if line.startswith("orchestrator_delivery_stalls_total "))
    return int(float(line.split()[1]))


def send_from_the_start(server, name, sent, errors):
    """Sends as soon as the project answers (while it is being created), then twice more."""
    path = f"/api/v1/projects/{name}/messages"
    attempts = 0
    try:
        while len(sent) < 3 and attempts < 4000:
            attempts += 1
            status, answer = call(server, "POST", path, {"target_agent": "developer", "content": f"{name}-m{len(sent)} go"},
                                  server.token, expect="status")
            if status == 202:
                sent.append(answer["id"])
            elif status != 404:
                errors.append(f"{name}: {status} {answer}")
                return
    except Exception as error:  # noqa: BLE001 - a thread reports, the test asserts
        errors.append(f"{name}: {error!r}")


def test_messages_sent_while_teams_start_are_each_delivered_once(server):
    assert stalls(server) == 0
    for round_number in range(ROUNDS):
        names = [f"race-{round_number}-{team}" for team in range(TEAMS)]
        sent = {name: [] for name in names}
        errors = []
        threads = [threading.Thread(target=send_from_the_start, args=(server, name, sent[name], errors)) for name in names]
        threads += [threading.Thread(target=create_project, args=(server, server.token, name, LINE_AGENT),
                                     kwargs={"team_composition": ["developer"]}) for name in names]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors, errors
        assert all(len(ids) == 3 for ids in sent.values()), sent

        pending = {}

        def delivered():
            pending.clear()
            for name in names:
                items = {item["id"]: item for item in call(server, "GET", f"/api/v1/projects/{name}/messages?limit=100", token=server.token)}
                for i in sent[name]:
                    if items.get(i, {}).get("status") != "delivered":
                        agent = call(server, "GET", f"/api/v1/projects/{name}/agents/developer/status", token=server.token)
                        pending[i] = (name, items.get(i), agent["status"], agent.get("status_reason"))
            return not pending

        if not eventually(delivered, 60, interval=0.2):
            log = [line for line in read(server.log_path).splitlines() if "[Hummingbird]" not in line]
            pytest.fail(f"round {round_number}: every message delivered; not: {pending}\nserver log:\n" + "\n".join(log[-40:]))
        for name in names:
            worktree = call(server, "GET", f"/api/v1/projects/{name}/agents/developer/status", token=server.token)["worktree_path"]
            received = os.path.join(worktree, "received.txt")
            assert eventually(lambda: all(f"{name}-m{n} go" in read(received) for n in range(3)), 15), read(received)
            lines = read(received).splitlines()
            for n in range(3):
                assert lines.count(f"{name}-m{n} go") == 1, f"round {round_number}: {name}-m{n} arrived {lines.count(f'{name}-m{n} go')} times: {lines}"
            assert not [line for line in lines if line.count(" go") > 1], f"round {round_number}: two messages in one line: {lines}"
        for name in names:
            call(server, "DELETE", f"/api/v1/projects/{name}", token=server.token)
    assert stalls(server) == 0, "no message was ever found queued for a ready agent"
