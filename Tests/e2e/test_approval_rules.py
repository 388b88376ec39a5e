"""Approval rules from the outside: rules are checked by field and kept to their project (managers) or to the global
list (admins); with a Claude Code stand-in that runs the real `orchestrator hook claude` for PreToolUse, an allowed
`npm test` runs with no question drawn while `git push --force` is asked of a person even under "allow Bash *"; a
plain (y/n) question drawn on screen is answered by the keys of its "yes" within seconds; a dry-run rule answers
nothing but is recorded and counted; every automatic answer is an agent_input event naming its rule."""
import json
import os

import pytest

from api import AGENTS, call, create_project, eventually, login, read, send, status
from conftest import stop_workspace_server, workspace_server

FAKE_CLAUDE = os.path.join(AGENTS, "fake-claude/claude")


def asker(question):
    return f"bash -c 'read -p \"{question} (y/n) \" a; echo \"answered=$a\"; sleep 100000'"


def field_names(answer):
    return [item["field"] for item in answer.get("error", {}).get("details", {}).get("fields", [])]


def rules_path(project=None):
    return f"/api/v1/projects/{project}/approval-rules" if project else "/api/v1/approval-rules"


def output(server, token, project):
    return call(server, "GET", f"/api/v1/projects/{project}/agents/developer/output?lines=60", token=token)["output"]


def events(server, token, project, kind):
    found = call(server, "GET", f"/api/v1/projects/{project}/events?limit=500", token=token)
    items = found["events"] if isinstance(found, dict) else found
    return [item["data"] if isinstance(item["data"], dict) else json.loads(item["data"]) for item in items if item["type"] == kind]


@pytest.fixture(scope="module")
def setup():
    server = workspace_server("orc-e2e-approvals-", home=True)
    try:
        admin = login(server)
        for name, role in [("mona", "manager"), ("vera", "viewer")]:
            call(server, "POST", "/api/v1/users", {"username": name, "password": f"{name}-pass-1", "role": role}, admin)
        yield {"server": server, "admin": admin, "mona": login(server, "mona", "mona-pass-1"), "vera": login(server, "vera", "vera-pass-1")}
    finally:
        stop_workspace_server(server)


def test_rules_are_checked_and_kept_to_their_scope(setup):
    server, admin, mona, vera = setup["server"], setup["admin"], setup["mona"], setup["vera"]
    create_project(server, admin, "ruled", "bash")
    path = rules_path("ruled")
    for bad, field in [({"pattern": "npm test", "answer": "maybe"}, "answer"), ({"pattern": "", "answer": "allow"}, "pattern"),
                       ({"pattern": "*", "answer": "allow"}, "pattern"), ({"pattern": "x" * 501, "answer": "deny"}, "pattern"),
                       ({"pattern": "x", "answer": "allow", "tool": "Bash; rm"}, "tool"),
                       ({"pattern": "x", "answer": "allow", "agent_kinds": ["Claude Code!"]}, "agent_kinds")]:
        status_code, answer = call(server, "POST", path, bad, mona, expect="status")
        assert status_code == 422 and field in field_names(answer), (bad, status_code, answer)
    assert call(server, "GET", path, token=mona) == []
    status_code, _ = call(server, "POST", path, {"pattern": "npm test", "answer": "allow"}, vera, expect="status")
    assert status_code == 403
    status_code, _ = call(server, "POST", rules_path(), {"pattern": "npm test", "answer": "allow"}, mona, expect="status")
    assert status_code == 403, "global rules are an admin's"
    status_code, made = call(server, "POST", path, {"pattern": "npm test*", "answer": "allow", "tool": "Bash", "agent_kinds": ["claude"]}, mona,
                             expect="status")
    assert status_code == 201 and made["project_id"] == "ruled" and made["agent_kinds"] == ["claude"] and made["hits"] == 0, made
    status_code, made_global = call(server, "POST", rules_path(), {"pattern": "rm -rf build", "answer": "deny"}, admin, expect="status")
    assert status_code == 201 and made_global["project_id"] is None, made_global
    assert [rule["id"] for rule in call(server, "GET", path, token=vera)] == [made["id"]]
    assert [rule["id"] for rule in call(server, "GET", rules_path(), token=vera)] == [made_global["id"]]
    status_code, _ = call(server, "DELETE", f"{rules_path()}/{made['id']}", token=admin, expect="status")
    assert status_code == 404, "a project's rule is not deleted through the global list"
    status_code, _ = call(server, "DELETE", f"{path}/{made['id']}", token=mona, expect="status")
    assert status_code == 204 and call(server, "GET", path, token=mona) == []
    status_code, _ = call(server, "DELETE", f"{rules_path()}/{made_global['id']}", token=admin, expect="status")
    assert status_code == 204


def test_claude_tool_uses_are_decided_in_the_hook(setup):
    server, admin = setup["server"], setup["admin"]
    project = create_project(server, admin, "claude-rules", FAKE_CLAUDE)
    worktree = project["agents"][0]["worktree_path"]
    assert eventually(lambda: status(server, admin, "claude-rules")["status"] == "idle", 30)
    rule = call(server, "POST", rules_path("claude-rules"), {"tool": "Bash", "pattern": "*", "answer": "allow"}, admin)

    send(server, admin, "claude-rules", "tool npm test")
    assert eventually(lambda: "Ran: npm test" in output(server, admin, "claude-rules"), 20), output(server, admin, "claude-rules")
    assert "Do you want to proceed?" not in output(server, admin, "claude-rules")
    hooks = [json.loads(line) for line in read(os.path.join(worktree, ".claude-stand-in/hooks.jsonl")).splitlines() if line]
    decided = [entry for entry in hooks if entry["event"] == "PreToolUse" and entry["stdout"].strip()]
    assert decided and json.loads(decided[-1]["stdout"])["hookSpecificOutput"]["permissionDecision"] == "allow", decided
    inputs = events(server, admin, "claude-rules", "agent_input")
    assert any(item.get("rule_id") == rule["id"] and item.get("decision") == "allow" and item.get("subject") == "npm test" for item in inputs), inputs

    # Even under "allow Bash *", a force-push goes to a person: the dialog is drawn and the agent waits.
    send(server, admin, "claude-rules", "tool git push --force origin main")
    assert eventually(lambda: status(server, admin, "claude-rules")["status"] == "waiting", 20), output(server, admin, "claude-rules")
    assert "Ran: git push" not in output(server, admin, "claude-rules")
    call(server, "POST", "/api/v1/projects/claude-rules/agents/developer/keys", {"keys": ["3"]}, admin)
    assert eventually(lambda: "Refused: git push --force origin main" in output(server, admin, "claude-rules"), 20)
    hits = {item["id"]: item["hits"] for item in call(server, "GET", rules_path("claude-rules"), token=admin)}
    assert hits[rule["id"]] >= 1, hits


def test_drawn_questions_are_answered_with_their_keys_and_dry_runs_only_recorded(setup):
    server, admin = setup["server"], setup["admin"]
    call(server, "POST", rules_path(), {"pattern": "*npm test*", "answer": "allow"}, admin)
    dry = call(server, "POST", rules_path(), {"pattern": "*make release*", "answer": "allow", "dry_run": True}, admin)
    call(server, "POST", rules_path(), {"pattern": "Run *", "answer": "allow", "agent_kinds": ["shell"]}, admin)

    create_project(server, admin, "drawn-allowed", asker("Run npm test now?"))
    assert eventually(lambda: "answered=y" in output(server, admin, "drawn-allowed"), 30), output(server, admin, "drawn-allowed")
    # The keys reach the program first and the event is stored right after: the agent may print its answer before it is.
    answered = lambda: [item for item in events(server, admin, "drawn-allowed", "agent_input")
                        if item.get("rule_id") and item["keys"][:1] == ["y"] and item["by"].startswith("rule ")]
    assert eventually(answered, 10), events(server, admin, "drawn-allowed", "agent_input")

    create_project(server, admin, "drawn-dry", asker("Shall I make release?"))
    assert eventually(lambda: status(server, admin, "drawn-dry")["status"] == "waiting", 30)
    assert eventually(lambda: events(server, admin, "drawn-dry", "approval_dry_run"), 10)
    recorded = events(server, admin, "drawn-dry", "approval_dry_run")[0]
    assert recorded["rule_id"] == dry["id"] and recorded["would_answer"] == "allow", recorded
    assert "answered=" not in output(server, admin, "drawn-dry") and status(server, admin, "drawn-dry")["status"] == "waiting"
    assert {rule["id"]: rule["hits"] for rule in call(server, "GET", rules_path(), token=admin)}[dry["id"]] >= 1

    create_project(server, admin, "drawn-guarded", asker("Run sudo rm -rf /var/cache?"))
    assert eventually(lambda: status(server, admin, "drawn-guarded")["status"] == "waiting", 30)
    assert not eventually(lambda: "answered=" in output(server, admin, "drawn-guarded"), 4), "a safeguard question is never answered by a rule"
    # The same "Run *" rule answers a harmless question of a shell agent: it did cover the guarded one.
    create_project(server, admin, "drawn-control", asker("Run the linter?"))
    assert eventually(lambda: "answered=y" in output(server, admin, "drawn-control"), 30), output(server, admin, "drawn-control")


def test_yes_and_allow_from_now_on_makes_the_rule_and_answers(setup):
    server, admin, vera = setup["server"], setup["admin"], setup["vera"]
    # The question is asked twice: the rule made from the first answers the second by itself.
    create_project(server, admin, "from-question", "bash -c 'read -p \"Deploy to staging? (y/n) \" a; echo \"answered=$a\"; "
                                                   "read -p \"Deploy to staging? (y/n) \" b; echo \"again=$b\"; sleep 100000'")
    assert eventually(lambda: status(server, admin, "from-question")["status"] == "waiting", 30)
    path = "/api/v1/projects/from-question/agents/developer/approval-rules/from-question"
    code, _ = call(server, "POST", path, None, vera, expect="status")
    assert code == 403
    code, rule = call(server, "POST", path, None, admin, expect="status")
    assert code == 201 and rule["answer"] == "allow" and rule["project_id"] == "from-question" and "Deploy to staging\\? (y/n)" in rule["pattern"], rule
    assert rule["agent_kinds"] == ["shell"] and rule["hits"] == 1, rule
    assert eventually(lambda: "answered=y" in output(server, admin, "from-question"), 20), output(server, admin, "from-question")
    assert eventually(lambda: "again=y" in output(server, admin, "from-question"), 20), output(server, admin, "from-question")
    assert eventually(lambda: call(server, "GET", rules_path("from-question"), token=admin)[0]["hits"] == 2, 10)
    code, again = call(server, "POST", path, None, admin, expect="status")
    assert code == 409 and again["error"]["code"] == "not_waiting", again

    create_project(server, admin, "from-guarded", asker("Run git push --force?"))
    assert eventually(lambda: status(server, admin, "from-guarded")["status"] == "waiting", 30)
    code, refused = call(server, "POST", "/api/v1/projects/from-guarded/agents/developer/approval-rules/from-question", None, admin, expect="status")
    assert code == 409 and refused["error"]["code"] == "always_asks" and "force-pushing" in refused["error"]["message"], refused
    assert call(server, "GET", rules_path("from-guarded"), token=admin) == []


@pytest.mark.parametrize("program", ["codex", "aider"])
def test_codex_and_aider_questions_are_answered_by_a_rule(setup, program):
    server, admin = setup["server"], setup["admin"]
    name = f"ruled-{program}"
    stand_in = os.path.join(AGENTS, f"fake-{program}/{program}")
    # The rule is made before the agent starts, so it meets the question the moment it is drawn.
    call(server, "POST", rules_path(), {"pattern": f"*npm run test:{program}*", "answer": "allow", "agent_kinds": [program]}, admin)
    project = create_project(server, admin, f"{name}-agent", f"{stand_in} 'npm run test:{program}'")
    worktree = project["agents"][0]["worktree_path"]
    log = os.path.join(worktree, f"{program}-answers.log")
    assert eventually(lambda: read(log), 30), output(server, admin, f"{name}-agent")
    assert read(log).startswith("answer: 'y"), read(log)
    by_rule = lambda: [item for item in events(server, admin, f"{name}-agent", "agent_input") if item.get("rule_id") and item["by"].startswith("rule ")]
    assert eventually(by_rule, 10), events(server, admin, f"{name}-agent", "agent_input")
    waited = [item for item in events(server, admin, f"{name}-agent", "agent_status_update") if item.get("status") == "waiting"]
    assert waited, "the question was read as waiting before the rule answered it"
    # Answered within a second of being read as waiting (the stored events' own times, whole seconds).
    listed = call(server, "GET", f"/api/v1/projects/{name}-agent/events?limit=500", token=admin)
    listed = listed["events"] if isinstance(listed, dict) else listed
    data = lambda item: item["data"] if isinstance(item["data"], dict) else json.loads(item["data"])  # noqa: E731
    seen = min(item["timestamp"] for item in listed if item["type"] == "agent_status_update" and data(item).get("status") == "waiting")
    answered = min(item["timestamp"] for item in listed if item["type"] == "agent_input" and data(item).get("rule_id"))
    from datetime import datetime
    moment = lambda text: datetime.fromisoformat(text.replace("Z", "+00:00"))  # noqa: E731
    assert (moment(answered) - moment(seen)).total_seconds() <= 1, (seen, answered)


def test_the_project_page_lists_and_changes_the_rules(setup):
    """The rules card on the project page: each rule with its counter (the global ones read-only), a manager changes
    the answer, switches dry run, removes one and adds one; a viewer sees the list without controls."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from conftest import ADMIN_PASSWORD, ARTIFACTS, console_errors
    from test_dashboard import sign_in
    from test_layout import OVERFLOW, chromium

    server, admin = setup["server"], setup["admin"]
    create_project(server, admin, "rules-page", "bash")
    path = rules_path("rules-page")
    made = call(server, "POST", path, {"pattern": "npm test*", "answer": "allow", "tool": "Bash"}, admin)
    call(server, "POST", rules_path(), {"pattern": "make docs*", "answer": "allow"}, admin)  # a global one, shown read-only
    driver = chromium(390, 844, True)
    try:
        sign_in(driver, server, "admin", ADMIN_PASSWORD)
        driver.get(f"{server.base}/projects/rules-page")
        card = driver.find_element(By.CSS_SELECTOR, "[data-approval-rules]")
        entry = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, f'[data-rule-id="{made["id"]}"]'))
        assert "Bash: npm test*" in entry.text and "matched 0×" in entry.text, entry.text
        assert "global" in card.text, "the global rules are listed too"

        Select(entry.find_element(By.CSS_SELECTOR, "select")).select_by_value("deny")
        assert eventually(lambda: call(server, "GET", path, token=admin)[0]["answer"] == "deny", 10)
        # The list is drawn again after each change: click in whichever drawing is there once it settles.
        def click_settled(selector, xpath=None):
            def clicked(d):
                try:
                    found = d.find_element(By.CSS_SELECTOR, selector)
                    (found.find_element(By.XPATH, xpath) if xpath else found).click()
                    return True
                except (StaleElementReferenceException, NoSuchElementException):
                    return False
            WebDriverWait(driver, 10).until(clicked)

        click_settled(f'[data-rule-id="{made["id"]}"]', ".//button[text()='Dry run only']")
        assert eventually(lambda: call(server, "GET", path, token=admin)[0]["dry_run"] is True, 10)

        # The pattern is changed in place: Enter in its field saves it.
        click_settled(f'[data-rule-edit="{made["id"]}"]')
        field = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, f'[data-rule-pattern-form="{made["id"]}"] input'))
        assert field.get_attribute("value") == "npm test*" and field.size["height"] >= 44
        field.clear()
        field.send_keys("npm run test*\n")
        assert eventually(lambda: call(server, "GET", path, token=admin)[0]["pattern"] == "npm run test*", 10)
        WebDriverWait(driver, 10).until(lambda d: "Bash: npm run test*" in d.find_element(By.CSS_SELECTOR, f'[data-rule-id="{made["id"]}"]').text)

        form = card.find_element(By.CSS_SELECTOR, "[data-rule-form]")
        form.find_element(By.NAME, "pattern").send_keys("make lint")
        Select(form.find_element(By.NAME, "answer")).select_by_value("allow")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        assert eventually(lambda: [rule["pattern"] for rule in call(server, "GET", path, token=admin)] == ["npm run test*", "make lint"], 10)
        WebDriverWait(driver, 10).until(lambda d: "make lint" in d.find_element(By.CSS_SELECTOR, "[data-rule-list]").text)

        click_settled(f'[data-rule-remove="{made["id"]}"]')
        assert eventually(lambda: [rule["pattern"] for rule in call(server, "GET", path, token=admin)] == ["make lint"], 10)
        measured = driver.execute_script(OVERFLOW)
        assert measured["scroll"] <= 390 and not measured["found"], measured
        card = driver.find_element(By.CSS_SELECTOR, "[data-approval-rules]")
        driver.execute_script("arguments[0].scrollIntoView()", card)
        driver.save_screenshot(os.path.join(ARTIFACTS, "phone-approval-rules.png"))
        assert console_errors(driver) == []
        driver.delete_all_cookies()
        sign_in(driver, server, "vera", "vera-pass-1", start="/projects/rules-page")
        WebDriverWait(driver, 10).until(lambda d: "make lint" in d.find_element(By.CSS_SELECTOR, "[data-rule-list]").text)
        assert not driver.find_elements(By.CSS_SELECTOR, "[data-rule-form], [data-rule-list] select, [data-rule-list] button")
    finally:
        driver.quit()


def test_a_server_that_does_not_decide_in_time_makes_the_hook_ask():
    """`orchestrator hook claude` on a PreToolUse whose server accepts the connection but never answers (a silent
    socket standing in for a hung server): within about half a second it prints Claude Code's "ask", so the call
    goes to a person and is never let through unasked; other events wait longer and print nothing."""
    import socket
    import subprocess
    import time
    from conftest import BINARY

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        env = {**os.environ, "ORCHESTRATOR_URL": f"http://127.0.0.1:{silent.getsockname()[1]}", "ORCHESTRATOR_TOKEN": "orc_agent_x",
               "ORCHESTRATOR_PROJECT": "shop", "ORCHESTRATOR_AGENT": "developer"}
        payload = json.dumps({"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": "npm test"}})
        started = time.monotonic()
        done = subprocess.run([BINARY, "hook", "claude"], input=payload, env=env, capture_output=True, text=True, timeout=30)
        took = time.monotonic() - started
        assert done.returncode == 0, done.stderr
        said = json.loads(done.stdout)["hookSpecificOutput"]
        assert said["hookEventName"] == "PreToolUse" and said["permissionDecision"] == "ask", said
        assert took < 2.5, f"the hook held the agent {took:.2f} s"
        stop = subprocess.run([BINARY, "hook", "claude"], input=json.dumps({"hook_event_name": "Stop"}), env=env, capture_output=True, text=True,
                              timeout=30)
        assert stop.returncode == 0 and stop.stdout == "", stop.stdout
    finally:
        silent.close()
