"""Notification rules from the outside: each person chooses which events and projects reach them, quiet hours in
their own time zone, and whether a project's page they are looking at (as its WebSocket reports) keeps that
project's notices back. Rules are checked by field and change nothing when refused; a notice a rule holds back is
listed as a skipped attempt with the reason and never reaches the push service stand-in (test_push.py's), while
everyone else's arrives. The newer events (a project finished, a merge conflict, a reply to a person's message, a
batch finished) reach the people they are for, with the event named in the decrypted payload."""
import json
import os
import tempfile
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import websocket

from api import call, create_project, eventually, login
from conftest import stop_workspace_server, workspace_server
from test_push import Browser, PushServiceStandIn, subscribed_manager

EVENTS = ["agent_waiting", "agent_failed", "agent_exhausted", "project_finished", "merge_conflict", "message_reply", "batch_finished", "budget", "host_status"]
RULES = "/api/v1/notifications/rules"
# The people of the module's server, by role; each has one browser subscribed at the stand-in under their name.
PEOPLE = {"mona": "manager", "max": "manager", "vera": "viewer", "dora": "viewer", "evan": "viewer", "pia": "viewer", "paul": "viewer",
          "quinn": "viewer", "tara": "viewer", "tom": "viewer", "fay": "viewer", "finn": "viewer", "cole": "viewer", "sky": "viewer"}
# A notice straight from an API call arrives well within this; one that waits for the screen to be read gets longer.
NOTICE_SECONDS = 10
SCREEN_SECONDS = 30


def gated(then):
    """An agent command that keeps its own token in `.agent-token`, waits for a `go` file in its worktree, then runs `then`."""
    return f"bash -c 'echo \"$ORCHESTRATOR_TOKEN\" > .agent-token; while [ ! -f go ]; do sleep 0.1; done; {then}'"


def field_names(answer):
    return [item["field"] for item in answer.get("error", {}).get("details", {}).get("fields", [])]


def clock(moment):
    return moment.strftime("%H:%M")


def window(zone, start_minutes, end_minutes):
    """Quiet hours from `start_minutes` to `end_minutes` after the present minute, as the clock reads in `zone`."""
    now = datetime.now(ZoneInfo(zone))
    return {"start": clock(now + timedelta(minutes=start_minutes)), "end": clock(now + timedelta(minutes=end_minutes)), "time_zone": zone}


class Setup:
    def __init__(self, server, stand_in):
        self.server, self.stand_in = server, stand_in
        self.tokens, self.browsers, self.worktrees = {}, {}, {}

    def notices(self, name, event=None, project=None):
        """What reached `name`'s browser, decrypted, optionally only of `event` and about `project`."""
        found = [self.browsers[name].decrypt(item["body"]) for item in self.stand_in.to(name)]
        return [item for item in found if (event is None or item.get("event") == event) and (project is None or item.get("project_id") == project)]

    def attempts(self, name, channel=None, event=None, project=None):
        listed = call(self.server, "GET", "/api/v1/notifications/attempts", token=self.tokens[name])
        return [item for item in listed if (channel is None or item["channel"] == channel) and (event is None or item["event"] == event)
                and (project is None or item["project_id"] == project)]

    def heard(self, name, event):
        """For a failure message: every event that reached `name`, and their attempts listed for `event`."""
        return {"received": [self.browsers[name].decrypt(item["body"])["event"] for item in self.stand_in.to(name)],
                f"{event} attempts": self.attempts(name, event=event)}

    def rules(self, name, body):
        status, answer = call(self.server, "PUT", RULES, body, self.tokens[name], expect="status")
        assert status == 200, (name, body, status, answer)
        return answer

    def go(self, project):
        open(os.path.join(self.worktrees[project], "go"), "w").close()

    def agent_token(self, project):
        path = os.path.join(self.worktrees[project], ".agent-token")
        return eventually(lambda: os.path.exists(path) and open(path).read().strip(), 20)


@pytest.fixture(scope="module")
def setup():
    stand_in = PushServiceStandIn()
    server = None
    # Fifteen people sign in from one address within the minute: more than the default login limit allows.
    config = tempfile.NamedTemporaryFile("w", prefix="orc-e2e-rules-", suffix=".yaml", delete=False)
    config.write("security:\n  login_attempts_per_minute: 100\n")
    config.close()
    try:
        server = workspace_server("orc-e2e-rules-", ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1", ORCHESTRATOR_CONFIG=config.name)
        state = Setup(server, stand_in)
        admin = state.tokens["admin"] = login(server)
        for name, role in PEOPLE.items():
            call(server, "POST", "/api/v1/users", {"username": name, "password": f"{name}-pass-1", "role": role}, admin)
            state.tokens[name] = login(server, name, f"{name}-pass-1")
        for name in ["admin", *PEOPLE]:
            state.browsers[name] = Browser()
            call(server, "POST", "/api/v1/notifications/subscriptions", state.browsers[name].subscription(stand_in.endpoint(name)), state.tokens[name])
        # Two agents that hold still until told: one then asks a question, the other then fails.
        for project, then in [("asks", "read -p \"Ship the release? (y/n) \" a; sleep 100000"), ("breaks", "exit 3")]:
            created = create_project(server, admin, project, gated(then))
            state.worktrees[project] = created["agents"][0]["worktree_path"]
        yield state
    finally:
        if server is not None:
            stop_workspace_server(server)
        stand_in.stop()
        os.unlink(config.name)


def test_rules_start_at_the_defaults_are_checked_by_field_and_are_each_persons_own(setup):
    server, vera = setup.server, setup.tokens["vera"]
    defaults = call(server, "GET", RULES, token=vera)
    assert defaults["events"] == EVENTS and defaults["projects"] is None and defaults["quiet_hours"] is None, defaults
    assert defaults["skip_when_focused"] is True, defaults
    assert [item["name"] for item in defaults["available_events"]] == EVENTS, defaults["available_events"]
    assert all(isinstance(item["title"], str) and item["title"] for item in defaults["available_events"]), defaults["available_events"]
    assert set(defaults) == {"events", "projects", "quiet_hours", "skip_when_focused", "available_events"}, defaults

    # Nobody signed in: 401; an agent's token: 403, to read or to change.
    assert call(server, "GET", RULES, expect="status")[0] == 401
    assert call(server, "PUT", RULES, {"skip_when_focused": False}, expect="status")[0] == 401
    agent = setup.agent_token("asks")
    assert agent, "the agent wrote down its token"
    assert call(server, "GET", RULES, token=agent, expect="status")[0] == 403
    status, answer = call(server, "PUT", RULES, {"skip_when_focused": False}, agent, expect="status")
    assert status == 403, answer

    # A viewer sets their own: events come back in their usual order, the rest as given.
    chosen = {"events": ["agent_failed", "agent_waiting"], "quiet_hours": {"start": "22:00", "end": "07:30", "time_zone": "Europe/Berlin"}}
    answer = setup.rules("vera", chosen)
    expected = {**defaults, "events": ["agent_waiting", "agent_failed"], "quiet_hours": chosen["quiet_hours"]}
    assert answer == expected, answer
    assert call(server, "GET", RULES, token=vera) == expected

    # Bad rules are refused with the field named, and nothing changes (not even a good field sent alongside).
    too_many = [f"project-{number}" for number in range(201)]
    for bad, field in [({"events": ["agent_waiting", "agent_sleeping"]}, "events"),
                       ({"skip_when_focused": False, "quiet_hours": None, "events": ["agent_waiting", "nope"]}, "events"),
                       ({"quiet_hours": {"start": "25:00", "end": "07:00", "time_zone": "UTC"}}, "quiet_hours.start"),
                       ({"quiet_hours": {"start": "22:00", "end": "24:00", "time_zone": "UTC"}}, "quiet_hours.end"),
                       ({"quiet_hours": {"start": "08:00", "end": "08:00", "time_zone": "UTC"}}, "quiet_hours.end"),
                       ({"quiet_hours": {"start": "22:00", "end": "07:00", "time_zone": "Mars/Olympus"}}, "quiet_hours.time_zone"),
                       ({"projects": ["asks", "no-such-project"], "skip_when_focused": False}, "projects"),
                       ({"projects": too_many}, "projects")]:
        status, answer = call(server, "PUT", RULES, bad, vera, expect="status")
        assert status == 422 and field in field_names(answer), (bad, field, status, answer)
        assert answer["error"]["code"] and answer["error"]["message"], answer
        assert call(server, "GET", RULES, token=vera) == expected, (bad, "nothing changed")
    status, answer = call(server, "PUT", RULES, {"projects": ["no-such-project"]}, vera, expect="status")
    assert status == 422 and "no-such-project" in json.dumps(answer), answer

    # Fields left out keep their value; null means every project, or no quiet hours.
    assert setup.rules("vera", {"skip_when_focused": False}) == {**expected, "skip_when_focused": False}
    assert setup.rules("vera", {"projects": ["asks", "breaks"]}) == {**expected, "skip_when_focused": False, "projects": ["asks", "breaks"]}
    assert setup.rules("vera", {}) == {**expected, "skip_when_focused": False, "projects": ["asks", "breaks"]}
    assert setup.rules("vera", {"projects": None}) == {**expected, "skip_when_focused": False}
    assert setup.rules("vera", {"quiet_hours": None}) == {**expected, "skip_when_focused": False, "quiet_hours": None}
    assert setup.rules("vera", {"events": [], "skip_when_focused": True})["events"] == []
    assert call(server, "GET", RULES, token=vera)["events"] == []

    # Everyone else still has the defaults; a manager sets theirs just the same.
    for name in ["admin", "mona", "dora"]:
        assert call(server, "GET", RULES, token=setup.tokens[name]) == defaults, name
    assert setup.rules("max", {"quiet_hours": {"start": "23:00", "end": "06:00", "time_zone": "UTC"}})["quiet_hours"] == \
        {"start": "23:00", "end": "06:00", "time_zone": "UTC"}
    setup.rules("max", {"quiet_hours": None})
    setup.rules("vera", {"events": EVENTS})
    assert call(server, "GET", RULES, token=vera) == defaults
    assert call(server, "GET", RULES, token=setup.tokens["max"]) == defaults


def test_a_notice_reaches_only_those_whose_rules_let_it_through(setup):
    server = setup.server
    # Rules, each holding a notice back for one reason (or, just short of it, not).
    setup.rules("evan", {"events": [event for event in EVENTS if event != "agent_waiting"]})
    setup.rules("pia", {"projects": ["breaks"]})
    setup.rules("paul", {"projects": ["asks"]})
    quinn_quiet = window("UTC", -30, 30)
    setup.rules("quinn", {"quiet_hours": quinn_quiet})
    tara_quiet = window("Asia/Tokyo", -30, 30)
    setup.rules("tara", {"quiet_hours": tara_quiet})
    # Tom's quiet hours read like now on a UTC clock, but he keeps Tokyo's time, where it is nine hours later.
    setup.rules("tom", {"quiet_hours": {**window("UTC", -30, 30), "time_zone": "Asia/Tokyo"}})
    setup.rules("sky", {"skip_when_focused": False})

    # Project pages open: Fay looks at it; Finn looked and switched away; Cole closed it; Sky looks but does not mind.
    sockets = {}
    try:
        for name in ["fay", "finn", "cole", "sky"]:
            sockets[name] = websocket.create_connection(f"ws://127.0.0.1:{server.port}/ws/projects/asks?token={setup.tokens[name]}", timeout=10)
            sockets[name].send(json.dumps({"type": "focus", "focused": True}))
        sockets["finn"].send(json.dumps({"type": "focus", "focused": False}))
        sockets.pop("cole").close()
        time.sleep(0.5)

        setup.go("asks")
        delivered = ["admin", "mona", "dora", "paul", "tom", "finn", "cole", "sky"]
        held = {"evan": "you turned off agent_waiting notices", "pia": "you chose other projects",
                "quinn": f"quiet hours ({quinn_quiet['start']}–{quinn_quiet['end']} UTC)",
                "tara": f"quiet hours ({tara_quiet['start']}–{tara_quiet['end']} Asia/Tokyo)", "fay": "you were looking at asks's page"}

        def everyone_heard():
            return all(setup.notices(name, "agent_waiting", "asks") for name in delivered) and \
                all(setup.attempts(name, "rules", "agent_waiting", "asks") for name in held)

        assert eventually(everyone_heard, SCREEN_SECONDS, 0.2), \
            ({name: len(setup.notices(name, "agent_waiting", "asks")) for name in delivered},
             {name: setup.attempts(name, "rules") for name in held})
        time.sleep(1)
        for name in delivered:
            notice = setup.notices(name, "agent_waiting", "asks")
            assert len(notice) == 1 and "Ship the release?" in notice[0]["question"] and notice[0]["agent_id"] == "developer", (name, notice)
            assert [item["outcome"] for item in setup.attempts(name, "webpush", "agent_waiting", "asks")] == ["delivered"], name
            assert not setup.attempts(name, "rules"), (name, setup.attempts(name, "rules"))
        for name, reason in held.items():
            assert setup.stand_in.to(name) == [], (name, "a held-back notice never reaches the push service")
            skipped = setup.attempts(name, "rules", "agent_waiting", "asks")
            assert [(item["outcome"], item["detail"], item["agent_id"]) for item in skipped] == [("skipped", reason, "developer")], (name, skipped)
            assert not setup.attempts(name, "webpush"), name

        # Then the rules change: Quinn's quiet hours are later today, Paul wants only the other project; Fay still
        # looks at the first project's page, which says nothing of the second; Tara is still in her quiet hours.
        quinn_later = window("UTC", 120, 180)
        setup.rules("quinn", {"quiet_hours": quinn_later})
        setup.go("breaks")
        delivered = ["admin", "dora", "evan", "pia", "quinn", "fay", "tom"]
        held = {"paul": "you chose other projects", "tara": f"quiet hours ({tara_quiet['start']}–{tara_quiet['end']} Asia/Tokyo)"}

        def everyone_heard_of_the_failure():
            return all(setup.notices(name, "agent_failed", "breaks") for name in delivered) and \
                all(setup.attempts(name, "rules", "agent_failed", "breaks") for name in held)

        assert eventually(everyone_heard_of_the_failure, SCREEN_SECONDS, 0.2), \
            ({name: len(setup.notices(name, "agent_failed", "breaks")) for name in delivered},
             {name: setup.attempts(name, "rules") for name in held})
        time.sleep(1)
        for name in delivered:
            assert len(setup.notices(name, "agent_failed", "breaks")) == 1, name
        for name, reason in held.items():
            assert not setup.notices(name, "agent_failed"), name
            assert [(item["outcome"], item["detail"]) for item in setup.attempts(name, "rules", "agent_failed", "breaks")] == [("skipped", reason)], name
        assert setup.notices("quinn", "agent_failed", "breaks")[0]["title"], "delivered once the quiet hours no longer cover now"
    finally:
        for connection in sockets.values():
            connection.close()


def test_a_finished_project_is_announced_once(setup):
    server, admin = setup.server, setup.tokens["admin"]
    created = create_project(server, admin, "done", "sleep 100000")
    for agent in created["agents"]:
        call(server, "POST", f"/api/v1/projects/done/agents/{agent['agent_id']}/report", {"progress": 1.0, "message": "done"}, admin)
    assert eventually(lambda: setup.notices("dora", "project_finished", "done") and setup.notices("mona", "project_finished", "done"),
                      NOTICE_SECONDS), setup.heard("dora", "project_finished")
    notice = setup.notices("dora", "project_finished", "done")[0]
    assert notice["url"] == "/projects/done" and notice["title"], notice
    # Another report of the same finished work says nothing new.
    for agent in created["agents"]:
        call(server, "POST", f"/api/v1/projects/done/agents/{agent['agent_id']}/report", {"progress": 1.0, "message": "still done"}, admin)
    time.sleep(1.5)
    assert len(setup.notices("dora", "project_finished", "done")) == 1
    assert len(setup.notices("mona", "project_finished", "done")) == 1


def test_a_merge_conflict_is_announced(setup):
    server, admin, mona = setup.server, setup.tokens["admin"], setup.tokens["mona"]
    created = create_project(server, admin, "merges", "sleep 100000")
    with open(os.path.join(created["agents"][0]["worktree_path"], "SPEC.md"), "w") as spec:
        spec.write("the agent's idea\n")
    call(server, "POST", "/api/v1/projects/merges/git/commit", {"message": "Agent's spec", "agent": "developer", "paths": ["SPEC.md"]}, admin)
    with open(os.path.join(created["project_path"], "SPEC.md"), "w") as spec:
        spec.write("the main branch's idea\n")
    call(server, "POST", "/api/v1/projects/merges/git/commit", {"message": "Main's spec", "paths": ["SPEC.md"]}, admin)
    status, answer = call(server, "POST", "/api/v1/projects/merges/git/merge", {"source": "developer"}, mona, expect="status")
    assert status == 409 and answer["error"]["code"] == "merge_conflict", answer

    assert eventually(lambda: setup.notices("dora", "merge_conflict", "merges") and setup.notices("max", "merge_conflict", "merges"),
                      NOTICE_SECONDS), setup.heard("dora", "merge_conflict")
    notice = setup.notices("dora", "merge_conflict", "merges")[0]
    assert "SPEC.md" in notice["body"] and notice["url"] == "/projects/merges", notice


def test_a_reply_is_announced_to_the_asker_only(setup):
    server, admin, mona = setup.server, setup.tokens["admin"], setup.tokens["mona"]
    created = create_project(server, admin, "talk", "bash -c 'echo \"$ORCHESTRATOR_TOKEN\" > .agent-token; sleep 100000'")
    path = os.path.join(created["agents"][0]["worktree_path"], ".agent-token")
    agent = eventually(lambda: os.path.exists(path) and open(path).read().strip(), 20)
    assert agent, "the agent wrote down its token"
    # Max asks nothing; Mona asks, and the agent answers her with its own token.
    question = call(server, "POST", "/api/v1/projects/talk/messages",
                    {"target_agent": "developer", "content": "Which port does it listen on?", "requires_response": True}, mona)
    status, reply = call(server, "POST", "/api/v1/projects/talk/agents/developer/reply", {"content": "Port 8080.", "in_reply_to": question["id"]},
                         agent, expect="status")
    assert status == 201 and reply["sender"] == "developer" and reply["target_agent"] == "mona", reply

    assert eventually(lambda: setup.notices("mona", "message_reply", "talk"), NOTICE_SECONDS), setup.heard("mona", "message_reply")
    notice = setup.notices("mona", "message_reply", "talk")[0]
    assert notice["agent_id"] == "developer" and "Port 8080." in notice["body"], notice
    assert notice["url"] == "/projects/talk/agents/developer", notice
    time.sleep(1)
    for name in ["admin", "max", "dora", "vera"]:
        assert not setup.notices(name, "message_reply"), name
        assert not setup.attempts(name, event="message_reply"), name
    assert len(setup.notices("mona", "message_reply", "talk")) == 1


def test_a_finished_batch_is_announced_to_its_creator_only(setup):
    server, mona = setup.server, setup.tokens["mona"]
    created = call(server, "POST", "/api/v2/batch/process",
                   {"specifications": [{"content": "# Tiny\nA tiny tool."}], "processing_mode": "sequential", "agent_command": "sleep 100000"}, mona)
    batch, url = created["batch_id"], created["monitoring_url"]
    project = eventually(lambda: call(server, "GET", url, token=mona)["items"][0].get("project_id"), 30)
    agents = eventually(lambda: call(server, "GET", f"/api/v1/projects/{project}", token=mona, expect="status")[1].get("agents"), 30)
    for agent in agents:
        call(server, "POST", f"/api/v1/projects/{project}/agents/{agent['agent_id']}/report", {"progress": 1.0}, mona)
    assert eventually(lambda: call(server, "GET", url, token=mona)["status"] == "completed", 30), call(server, "GET", url, token=mona)

    def about_batch(name):
        return [item for item in setup.notices(name, "batch_finished") if batch in item["title"]]

    assert eventually(lambda: about_batch("mona"), NOTICE_SECONDS), setup.heard("mona", "batch_finished")
    notice = about_batch("mona")[0]
    assert notice["url"] == f"/batches/{batch}" and "1 completed" in notice["body"], notice
    time.sleep(1)
    for name in ["admin", "max", "dora"]:
        assert not setup.notices(name, "batch_finished"), name
    assert len(about_batch("mona")) == 1


def test_one_notice_per_agent_per_interval_and_the_newer_question_replaces_the_older():
    """An agent asking three questions in a row within its interval (3 s here, a minute by default) reaches a person
    twice: the first question at once, and at the end of the interval only the newest one (same tag, so it replaces
    the older notice on the device); the same question asked again is not sent again."""
    stand_in = PushServiceStandIn()
    server = workspace_server("orc-e2e-noticerate-", ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1", ORCHESTRATOR_AGENT_NOTICE_INTERVAL_SECONDS="3")
    try:
        token = login(server)
        phone = Browser()
        call(server, "POST", "/api/v1/notifications/subscriptions", phone.subscription(stand_in.endpoint("phone")), token)
        create_project(server, token, "asks", "sleep 100000")
        hooks = "/api/v1/projects/asks/agents/developer/hooks?kind=claude"
        assert eventually(lambda: call(server, "GET", "/api/v1/projects/asks/agents/developer/status", token=token)["status"] in ("idle", "active"), 30)

        def ask(text):
            call(server, "POST", hooks, {"hook_event_name": "Notification", "notification_type": "permission_prompt",
                                         "message": f"Claude needs your permission to use Bash ({text})"}, token)

        def questions():
            return [(item["tag"], item["body"]) for item in (phone.decrypt(p["body"]) for p in stand_in.to("phone")) if item["event"] == "agent_waiting"]

        ask("first")
        assert eventually(lambda: len(questions()) == 1, NOTICE_SECONDS), questions()
        started = time.time()
        for text in ["second", "third"]:
            call(server, "POST", hooks, {"hook_event_name": "UserPromptSubmit", "prompt": "go on"}, token)
            ask(text)
        ask("third")
        time.sleep(1)
        assert len(questions()) == 1, "held back within the interval"
        assert eventually(lambda: len(questions()) == 2, NOTICE_SECONDS), questions()
        assert time.time() - started >= 1.5, "sent at the end of the interval, not at once"
        (first_tag, first), (second_tag, second) = questions()
        assert "first" in first and "third" in second and first_tag == second_tag, questions()
        # The push service keeps one message per Topic: the same one for both, so the newer replaces the older there too.
        pushed = [p["headers"] for p in stand_in.to("phone") if phone.decrypt(p["body"])["event"] == "agent_waiting"]
        assert pushed[0]["topic"] == pushed[1]["topic"] and pushed[0]["urgency"] == pushed[1]["urgency"] == "high", pushed
        time.sleep(4)
        assert len(questions()) == 2, "the question already sent is not sent again"
    finally:
        stop_workspace_server(server)
        stand_in.stop()


def test_out_of_credits_is_announced_with_the_reset_time_and_a_demoted_person_may_no_longer_answer():
    """A Claude Code stand-in hits its usage limit: the notice says it is out of credits and when the limit resets.
    Then a manager's notice of a question carries answer buttons, but once an admin makes that manager a viewer the
    button's token is refused (403) and the agent gets nothing."""
    from api import AGENTS
    stand_in = PushServiceStandIn()
    server = workspace_server("orc-e2e-exhausted-", ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
    try:
        admin, mona, phone = subscribed_manager(server, stand_in, "mona")

        def notices(event):
            return [item for item in (phone.decrypt(p["body"]) for p in stand_in.to("mona")) if item["event"] == event]

        create_project(server, admin, "spent", os.path.join(AGENTS, "fake-claude/claude"))
        assert eventually(lambda: call(server, "GET", "/api/v1/projects/spent/agents/developer/status", token=admin)["status"] == "idle", 30)
        call(server, "POST", "/api/v1/projects/spent/messages", {"target_agent": "developer", "content": "limit"}, admin)
        assert eventually(lambda: notices("agent_exhausted"), SCREEN_SECONDS), [phone.decrypt(p["body"]) for p in stand_in.to("mona")]
        exhausted = notices("agent_exhausted")[0]
        assert "out of credits" in exhausted["title"] and "3pm" in exhausted["body"], exhausted
        assert exhausted["project_id"] == "spent" and exhausted["agent_id"] == "developer" and not exhausted.get("actions"), exhausted

        create_project(server, admin, "asks", "bash -c 'read -p \"Ship it? (y/n) \" a; echo \"answer=$a\" >> answered; sleep 100000'")
        assert eventually(lambda: [n for n in notices("agent_waiting") if n["project_id"] == "asks"], SCREEN_SECONDS)
        question = [n for n in notices("agent_waiting") if n["project_id"] == "asks"][0]
        assert question["action_token"] and [a["title"].lower()[:1] for a in question["actions"]] == ["y", "n"], question
        call(server, "PATCH", "/api/v1/users/mona", {"role": "viewer"}, admin)
        code, refused = call(server, "POST", "/api/v1/notifications/actions",
                             {"token": question["action_token"], "action": question["actions"][0]["action"]}, mona, expect="status")
        assert code == 403, refused
        time.sleep(1)
        worktree = call(server, "GET", "/api/v1/projects/asks", token=admin)["agents"][0]["worktree_path"]
        assert not os.path.exists(os.path.join(worktree, "answered")), "the agent got nothing"
        assert call(server, "GET", "/api/v1/projects/asks/agents/developer/status", token=admin)["status"] == "waiting"
    finally:
        stop_workspace_server(server)
        stand_in.stop()
