"""The loop between agents and the server, tried as a user would: the real binary, real programs in real panes.

- a Claude Code stand-in that runs its hooks from every settings source and calls `orchestrator` by name;
- a program that prints no prompt; a shell whose rc file resets PATH; a wrapper script; the tmux server killed.
"""
import json
import os
import subprocess
import tempfile
import time

import pytest

from api import AGENTS, call, create_project, eventually, login, message, read, send, status, tmux
from conftest import stop_workspace_server, workspace_server

FAKE_CLAUDE = os.path.join(AGENTS, "fake-claude/claude")
LINE_AGENT = os.path.join(AGENTS, "line-agent.py")


@pytest.fixture(scope="module")
def loop():
    """A server with a workspace root and a HOME of its own, whose .bashrc resets PATH as many do."""
    template = os.path.realpath(tempfile.mkdtemp(prefix="orc-e2e-loop-home-"))
    # The wrapper-script agent runs a stand-in from Tests/Fixtures: a contained agent reads a folder outside its own
    # program's only when it is listed (the checkout may sit in a folder the sandbox hides, such as /tmp).
    server = workspace_server("orc-e2e-loop-", home=True, ORCHESTRATOR_AGENT_HOME_TEMPLATE=template, ORCHESTRATOR_SANDBOX_READ_ONLY=AGENTS)
    # Contained agents get a HOME of their own, made from the template: the .bashrc goes there (and, for an agent
    # run unconfined, in the server user's HOME as before).
    with open(os.path.join(template, ".bashrc"), "w") as rc:
        rc.write('export PATH=/usr/local/bin:/usr/bin:/bin\nPS1="dev\\$ "\n')
    with open(os.path.join(server.home, ".bashrc"), "w") as rc:
        rc.write('export PATH=/usr/local/bin:/usr/bin:/bin\nPS1="dev\\$ "\n')
    server.token = login(server)
    yield server
    stop_workspace_server(server)


def hook_log(worktree):
    return [json.loads(line) for line in read(os.path.join(worktree, ".claude-stand-in/hooks.jsonl")).splitlines() if line]


def test_claude_agent_reports_asks_is_answered_and_replies(loop):
    token = loop.token
    project = create_project(loop, token, "claude-loop", FAKE_CLAUDE)
    worktree = project["agents"][0]["worktree_path"]
    assert eventually(lambda: status(loop, token, "claude-loop")["status"] == "idle", 30), "briefed, then idle"
    # (the stand-in logs a hook once it has returned, which may be after the server acted on it)
    started = eventually(lambda: hook_log(worktree), 5)
    assert started and started[0]["event"] == "SessionStart", "Claude's hooks come from the --settings file the orchestrator wrote"

    # The agent runs `orchestrator` by name from its pane (tmux would have replaced a window's PATH).
    send(loop, token, "claude-loop", "report booted-by-name")
    assert eventually(lambda: status(loop, token, "claude-loop").get("current_task") == "booted-by-name")
    # Its MCP tools come from the --mcp-config the orchestrator wrote, under its own token (project and id filled in).
    send(loop, token, "claude-loop", "mcp-report via-mcp-tools")
    assert eventually(lambda: status(loop, token, "claude-loop").get("current_task") == "via-mcp-tools"), \
        call(loop, "GET", "/api/v1/projects/claude-loop/agents/developer/output?lines=20", token=token)["output"]

    # A permission request shows as waiting, from the hook, with the question and its answers.
    send(loop, token, "claude-loop", "ask")
    waiting = eventually(lambda: (lambda s: s if s["status"] == "waiting" else None)(status(loop, token, "claude-loop")))
    assert waiting, "the PermissionRequest hook made the agent waiting"
    assert waiting.get("status_reason") == "hook: PermissionRequest (Bash)"
    assert waiting["prompt"]["source"] == "hook" and "rm -rf build" in waiting["prompt"]["text"]
    assert [option["key"] for option in waiting["prompt"]["options"]][:2] == ["1", "2"]

    # A message sent now would answer the question: it is held, and says so.
    held = send(loop, token, "claude-loop", "after the answer")
    assert eventually(lambda: (message(loop, token, "claude-loop", held["id"]) or {}).get("status_detail") == "held: the agent is waiting for an answer")
    assert message(loop, token, "claude-loop", held["id"])["status"] == "queued"

    # Keys outside the allow-list are refused and change nothing.
    for keys in (["rm -rf /"], ["1; kill-server"], [], ["Enter"] * 65):
        code, answer = call(loop, "POST", "/api/v1/projects/claude-loop/agents/developer/keys", {"keys": keys}, token, expect="status")
        assert code == 422 and answer["error"]["code"] == "validation_failed", keys
    assert status(loop, token, "claude-loop")["status"] == "waiting"

    # The manager answers with the option's keys; the held message goes after.
    answered = call(loop, "POST", "/api/v1/projects/claude-loop/agents/developer/keys", {"keys": waiting["prompt"]["options"][0]["keys"]}, token)
    assert answered["agent_id"] == "developer"
    assert eventually(lambda: message(loop, token, "claude-loop", held["id"])["status"] == "delivered")
    assert eventually(lambda: status(loop, token, "claude-loop").get("last_message") == "Noted: after the answer"), "the Stop hook kept the last answer"
    assert eventually(lambda: status(loop, token, "claude-loop")["status"] == "idle")
    events = call(loop, "GET", "/api/v1/projects/claude-loop/events?limit=5000", token=token)
    assert any(event["type"] == "agent_input" and event["data"]["keys"] == ["1"] for event in events)

    # A question that requires a response is answered with `orchestrator reply`, run by name in the pane.
    question = send(loop, token, "claude-loop", "Which test framework do you use?", requires_response=True)

    def reply():
        history = call(loop, "GET", "/api/v1/projects/claude-loop/messages?limit=200", token=token)
        return next((item for item in history if item.get("in_reply_to") == question["id"]), None)

    answer = eventually(reply)
    assert answer, "the agent replied"
    assert answer["sender"] == "developer" and answer["sender_kind"] == "agent" and answer["kind"] == "reply"
    assert answer["content"] == "answer: Which test framework do you use?"

    # Every hook ran through `orchestrator hook claude`, exited 0 and printed nothing the agent would read.
    log = hook_log(worktree)
    assert {"SessionStart", "UserPromptSubmit", "PermissionRequest", "PostToolUse", "Stop"} <= {entry["event"] for entry in log}
    assert all(entry["code"] == 0 and entry["stdout"] == "" and entry["stderr"] == "" for entry in log), log
    # The orchestrator's files stay out of git.
    assert subprocess.run(["git", "-C", worktree, "status", "--porcelain"], capture_output=True, text=True).stdout.strip() in ("", "?? .claude-stand-in/")


def test_hook_endpoint_refuses_bad_payloads(loop):
    token = loop.token
    create_project(loop, token, "hook-refusals", LINE_AGENT)
    path = "/api/v1/projects/hook-refusals/agents/developer/hooks"
    code, answer = call(loop, "POST", path + "?kind=claude", {"hook_event_name": "Bogus"}, token, expect="status")
    assert code == 422 and answer["error"]["code"] == "validation_failed"
    code, _ = call(loop, "POST", path + "?kind=vim", {"hook_event_name": "Stop"}, token, expect="status")
    assert code == 422
    big = json.dumps({"hook_event_name": "Stop", "last_assistant_message": "x" * (300 * 1024)}).encode()
    code, answer = call(loop, "POST", path + "?kind=claude", raw=big, token=token, expect="status")
    assert code == 413 and answer["error"]["code"] == "payload_too_large"
    assert status(loop, token, "hook-refusals").get("last_message") is None, "nothing kept"
    ok = call(loop, "POST", path + "?kind=claude", {"hook_event_name": "Stop", "last_assistant_message": "done"}, token)
    assert ok["status"] == "idle" and ok.get("status_reason") == "hook: Stop"

    # Codex's notify program gets the payload as its last argument: the real CLI, with the agent's own environment.
    pane = status(loop, token, "hook-refusals")["pane_id"]
    pid = tmux(loop, "display-message", "-p", "-t", pane, "#{pane_pid}").stdout.strip()
    with open(f"/proc/{pid}/environ", "rb") as f:
        agent_env = dict(item.decode().split("=", 1) for item in f.read().split(b"\0") if b"=" in item)
    payload = json.dumps({"type": "agent-turn-complete", "turn-id": "7", "input-messages": ["go"], "last-assistant-message": "Codex is done"})
    done = subprocess.run([agent_env["ORCHESTRATOR_BIN"], "hook", "codex", payload], env=agent_env, capture_output=True, text=True, timeout=10,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    assert status(loop, token, "hook-refusals").get("last_message") == "Codex is done"
    # Outside an orchestrator window the hook does nothing, silently.
    bare = {key: value for key, value in agent_env.items() if not key.startswith("ORCHESTRATOR_")}
    done = subprocess.run([agent_env["ORCHESTRATOR_BIN"], "hook", "claude"], env=bare, input="{}", capture_output=True, text=True, timeout=10)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""


def test_prompt_less_agent_gets_its_first_message_at_once(loop):
    token = loop.token
    created = time.time()
    project = create_project(loop, token, "no-prompt", LINE_AGENT)
    received = os.path.join(project["agents"][0]["worktree_path"], "received.txt")
    send(loop, token, "no-prompt", "m-first")
    # The ready timeout is 20 s; a program with no prompt is ready once its screen is still.
    assert eventually(lambda: "m-first" in read(received).splitlines(), 8)
    print(f"first message in the pane {time.time() - created:.2f} s after the create request")


def test_shell_agent_never_runs_the_spec_and_finds_orchestrator(loop):
    token = loop.token
    spec = "# Spec\ntouch SPEC_RAN\necho hi > SPEC_RAN_TOO\n"
    project = create_project(loop, token, "shell-agent", "/bin/bash", spec=spec)
    worktree = project["agents"][0]["worktree_path"]
    assert eventually(lambda: "dev$" in call(loop, "GET", "/api/v1/projects/shell-agent/agents/developer/output", token=token)["output"])
    briefing = read(os.path.join(worktree, ".orchestrator/BRIEFING.md"))
    assert "touch SPEC_RAN" in briefing, "the briefing is in a file the shell can read"
    env = call(loop, "GET", "/api/v1/projects/shell-agent/messages", token=token)
    assert not [item for item in env if item["kind"] == "briefing"], "no briefing typed into the shell"
    # A person's message is typed as asked; `orchestrator` is on PATH although .bashrc reset it.
    send(loop, token, "shell-agent", 'echo "briefing=$ORCHESTRATOR_BRIEFING"; orchestrator report --task from-the-shell')
    assert eventually(lambda: status(loop, token, "shell-agent").get("current_task") == "from-the-shell")
    output = call(loop, "GET", "/api/v1/projects/shell-agent/agents/developer/output", token=token)["output"]
    assert f"briefing={worktree}/.orchestrator/BRIEFING.md" in output
    assert not os.path.exists(os.path.join(worktree, "SPEC_RAN")) and not os.path.exists(os.path.join(worktree, "SPEC_RAN_TOO"))
    assert subprocess.run(["git", "-C", worktree, "status", "--porcelain"], capture_output=True, text=True).stdout == ""


def test_wrapper_script_agent_is_not_failed(loop):
    token = loop.token
    wrapper = os.path.join(loop.workspace, "run-agent.sh")
    with open(wrapper, "w") as f:
        f.write(f"#!/bin/bash\n# sets flags, then runs the real program as a child\nexport AGENT_FLAG=1\npython3 {LINE_AGENT}\n")
    os.chmod(wrapper, 0o755)
    create_project(loop, token, "wrapped", wrapper)
    time.sleep(12)  # past the 10 s start-up grace, when a shell in the foreground used to mean "exited"
    assert status(loop, token, "wrapped")["status"] != "failed"
    send(loop, token, "wrapped", "m-wrapped")
    worktree = status(loop, token, "wrapped")["worktree_path"]
    assert eventually(lambda: "m-wrapped" in read(os.path.join(worktree, "received.txt")))


def test_killing_the_tmux_server_restarts_the_project(loop):
    token = loop.token
    project = create_project(loop, token, "tmux-dies", LINE_AGENT)
    received = os.path.join(project["agents"][0]["worktree_path"], "received.txt")
    assert eventually(lambda: "Make the tests pass." in read(received), 15), "briefed"
    before = status(loop, token, "tmux-dies")["pane_id"]
    tmux(loop, "kill-server")

    def failed_or_restarted():
        events = call(loop, "GET", "/api/v1/projects/tmux-dies/events?limit=5000", token=token)
        return [event for event in events if event["type"] == "system_alert" and "tmux" in event["data"]["message"]]

    alerts = eventually(failed_or_restarted, 15)
    assert alerts, "a system alert names the lost tmux session"
    updates = call(loop, "GET", "/api/v1/projects/tmux-dies/events?limit=5000", token=token)
    assert any(e["type"] == "agent_status_update" and e["data"]["status"] == "failed" and "tmux" in (e["data"].get("status_reason") or "")
               for e in updates)
    restarted = eventually(lambda: (lambda s: s if s.get("pane_id") and s["status"] not in ("failed", "starting") else None)(status(loop, token, "tmux-dies")), 30)
    assert restarted, "the agent's window was started again"
    send(loop, token, "tmux-dies", "m-after-restart")
    assert eventually(lambda: "m-after-restart" in read(received).splitlines(), 15)
    assert "resuming after a pause" in read(received) or "You are resuming" in read(received), "a resume briefing went first"
    assert before is not None


def test_an_agent_that_exits_at_once_does_not_take_tmux_down(loop):
    """tmux 3.3a crashes when text is pasted into a dead pane; the server checks first, so one bad agent command
    cannot kill every other project's agents."""
    token = loop.token
    healthy = create_project(loop, token, "healthy", LINE_AGENT)
    received = os.path.join(healthy["agents"][0]["worktree_path"], "received.txt")
    assert eventually(lambda: "Make the tests pass." in read(received), 15)
    pane = status(loop, token, "healthy")["pane_id"]
    create_project(loop, token, "mistyped", "/bin/false")
    lost = send(loop, token, "mistyped", "nobody will read this")
    failed = eventually(lambda: (lambda m: m if m["status"] == "failed" else None)(message(loop, token, "mistyped", lost["id"])), 25)
    assert failed, "the message to the dead agent failed"
    assert "exited" in failed["failure_reason"] or "not running" in failed["failure_reason"]
    send(loop, token, "healthy", "m-still-here")
    assert eventually(lambda: "m-still-here" in read(received).splitlines(), 10)
    assert status(loop, token, "healthy")["pane_id"] == pane, "the healthy agent's pane was never restarted"


def test_a_manager_answers_a_waiting_agent_from_the_page(loop, browser):
    """Chromium: the question appears live on the project page with one button per answer; one click answers it.
    A viewer sees the question and no buttons."""
    from selenium.webdriver.common.by import By
    from test_dashboard import sign_in, submit, wait, wait_live
    from conftest import ADMIN_PASSWORD, ARTIFACTS, console_errors

    token = loop.token
    create_project(loop, token, "page-answer", FAKE_CLAUDE)
    assert eventually(lambda: status(loop, token, "page-answer")["status"] == "idle", 30)
    sign_in(browser, loop, "admin", ADMIN_PASSWORD, start="/projects/page-answer")
    wait_live(browser)
    send(loop, token, "page-answer", "ask")
    buttons = lambda: browser.find_elements(By.CSS_SELECTOR, '.agent-tile[data-agent-id="developer"] .prompt-options button')
    wait(browser, lambda: len(buttons()) >= 2, 15, "the question's answer buttons appear live")
    question = browser.find_element(By.CSS_SELECTOR, '.agent-tile[data-agent-id="developer"] [data-field="prompt-text"]').text
    assert "rm -rf build" in question or "proceed" in question.lower()
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})",
                           browser.find_element(By.CSS_SELECTOR, '.agent-tile[data-agent-id="developer"]'))
    labels = [button.text for button in buttons()]
    assert labels[0] == "Yes" and any("don't ask again" in label for label in labels)
    os.makedirs(ARTIFACTS, exist_ok=True)
    browser.save_screenshot(os.path.join(ARTIFACTS, "agent-question.png"))
    submit(browser, buttons()[0])
    assert "Answered “Yes” for developer." in browser.find_element(By.CSS_SELECTOR, ".alert-ok").text
    assert eventually(lambda: status(loop, token, "page-answer").get("last_message") == "Removed build.", 10), "the agent took answer 1"
    wait(browser, lambda: not buttons(), 15, "the buttons go once the agent no longer waits")
    assert not console_errors(browser)

    # A viewer sees the question but cannot answer it.
    call(loop, "POST", "/api/v1/users", {"username": "watcher", "password": "watcher-password", "role": "viewer"}, token)
    send(loop, token, "page-answer", "ask")
    assert eventually(lambda: status(loop, token, "page-answer")["status"] == "waiting", 10)
    browser.delete_all_cookies()
    sign_in(browser, loop, "watcher", "watcher-password", start="/projects/page-answer")
    assert browser.find_elements(By.CSS_SELECTOR, '.agent-tile[data-agent-id="developer"] .prompt-box')
    assert not buttons() and not browser.find_elements(By.CSS_SELECTOR, ".key-box")
    code, _ = call(loop, "POST", "/api/v1/projects/page-answer/agents/developer/keys", {"keys": ["1"]}, login(loop, "watcher", "watcher-password"), expect="status")
    assert code == 403
    call(loop, "POST", "/api/v1/projects/page-answer/agents/developer/keys", {"keys": ["Escape"]}, token)


def test_a_known_agent_that_pauses_before_its_question_gets_no_briefing_in_it(loop):
    """aider on a cold machine prints its banner, pauses, then asks: the pause must not count as ready."""
    token = loop.token
    project = create_project(loop, token, "slow-asker", os.path.join(AGENTS, "slow-asker/aider"))
    worktree = project["agents"][0]["worktree_path"]
    waiting = eventually(lambda: (lambda s: s if s["status"] == "waiting" else None)(status(loop, token, "slow-asker")), 15)
    assert waiting and [option["key"] for option in waiting["prompt"]["options"]] == ["y", "n"]
    assert read(os.path.join(worktree, "answers.txt")) == "", "nothing was typed into the question"
    call(loop, "POST", "/api/v1/projects/slow-asker/agents/developer/keys", {"keys": ["y", "Enter"]}, token)
    assert eventually(lambda: read(os.path.join(worktree, "answers.txt")) == "y\n", 10)
    assert eventually(lambda: "Make the tests pass." in read(os.path.join(worktree, "received.txt")), 15), "the briefing went after the answer"
