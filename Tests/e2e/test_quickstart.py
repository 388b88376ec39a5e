"""The README's quick start, as a newcomer runs it: the real binary started from a fresh checkout folder with no
`--data-dir` and no workspace root (the relative defaults `./.orchestrator` and the working directory), a project
made through the page, and then the core loop: the agent's pane sits in its worktree on its branch, its commit
shows in the git panel, and the merge works from the page. On the same server, programs no profile knows ask a
`(y/n)` question and draw a numbered menu: the briefing is held, the question is shown with buttons, the answer
given on the page reaches the program, and the briefing follows it."""
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import BINARY, ROOT, free_port
from test_dashboard import (AGENT, AGENT_COMMIT, ConsoleLog, call, make_repository, screenshot, sign_in, submit, text_of,
                            wait)

PASSWORD = "choose-a-good-one"
ASKING_TOOL = os.path.join(ROOT, "Tests/Fixtures/agents/asking-tool.py")


class QuickStartServer:
    """`ORCHESTRATOR_ADMIN_PASSWORD='choose-a-good-one' scripts/run --port N` without the build step: the binary
    `scripts/run` executes, in a fresh copy of the checkout, with none of the ORCHESTRATOR_* settings the other
    tests pass. Only the tmux socket is a private one, so the test never touches a person's own server."""

    def __init__(self):
        self.folder = os.path.realpath(tempfile.mkdtemp(prefix="orc-quickstart-"))
        self.checkout = os.path.join(self.folder, "tmux-orchestrator")
        subprocess.run(["git", "clone", "-q", ROOT, self.checkout], check=True)
        # The pages and defaults as they are in the working tree (a clone has only what was committed).
        for folder in ("Templates", "Public", "Resources"):
            shutil.copytree(os.path.join(ROOT, folder), os.path.join(self.checkout, folder), dirs_exist_ok=True)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.socket = f"orc-quickstart-{self.port}"
        env = {name: value for name, value in os.environ.items() if not name.startswith("ORCHESTRATOR_")}
        env.update(ORCHESTRATOR_ADMIN_PASSWORD=PASSWORD, ORCHESTRATOR_TMUX_SOCKET=self.socket)
        self.log_path = os.path.join(self.folder, "server.log")
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen([BINARY, "serve", "--port", str(self.port)], cwd=self.checkout, env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(self.base + "/api/v1/system/health", timeout=1)
                break
            except OSError:
                if time.time() > deadline or self.process.poll() is not None:
                    raise RuntimeError("server did not start: " + open(self.log_path).read())
                time.sleep(0.2)

    def tmux(self, *args):
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True).stdout.strip()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.tmux("kill-server")
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="module")
def quickstart():
    server = QuickStartServer()
    yield server
    server.stop()


def git(path, *args):
    return subprocess.run(["git", "-C", path, *args], capture_output=True, text=True, check=True).stdout.strip()


def token(server):
    return call(server, "POST", "/auth/login", {"username": "admin", "password": PASSWORD})["access_token"]


def create_through_the_form(browser, server, name, path, command):
    browser.get(server.base + "/projects/new")
    form = browser.find_element(By.CSS_SELECTOR, "form[action='/projects']")
    form.find_element(By.NAME, "name").send_keys(name)
    form.find_element(By.NAME, "project_path").send_keys(path)
    form.find_element(By.NAME, "spec_content").send_keys(f"# {name}\n\nCommit your notes.")
    Select(form.find_element(By.NAME, "size")).select_by_value("small")
    command_input = form.find_element(By.NAME, "agent_command")
    command_input.clear()
    command_input.send_keys(command)
    submit(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"), seconds=60)
    assert not browser.find_elements(By.CSS_SELECTOR, ".alert-error"), text_of(browser, ".alert-error")
    return browser.current_url.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]


def test_the_readme_quick_start_runs_a_project(browser, quickstart):
    checkout = quickstart.checkout
    data = os.path.join(checkout, ".orchestrator")
    assert os.path.isdir(data) and oct(os.stat(data).st_mode & 0o777) == "0o700", "the default data dir is made in place"
    console = ConsoleLog(browser)
    sign_in(browser, quickstart, "admin", PASSWORD)
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Projects")

    # A repository the user already has, under the default workspace root (the folder the server started in).
    repository = os.path.join(checkout, "demo")
    make_repository(repository)
    project_id = create_through_the_form(browser, quickstart, "Quick demo", repository, AGENT)
    console.collect()

    # The agent's worktree is stored absolute, and its pane sits in it, on the agent's branch.
    api_token = token(quickstart)
    agent = call(quickstart, "GET", f"/api/v1/projects/{project_id}/agents/developer/status", token=api_token)
    worktree = agent["worktree_path"]
    assert worktree == os.path.join(data, "worktrees", project_id, "developer"), worktree
    pane_path = quickstart.tmux("display-message", "-p", "-t", f"{agent['pane_id']}", "#{pane_current_path}")
    assert os.path.realpath(pane_path) == worktree, pane_path
    assert git(worktree, "rev-parse", "--show-toplevel") == worktree
    assert git(worktree, "branch", "--show-current") == agent["branch"]

    # The stand-in agent commits where it stands: on its branch, never in the server's own checkout.
    wait(browser, lambda: AGENT_COMMIT in git(worktree, "log", "--format=%s"), 30, "the agent commits in its worktree")
    assert AGENT_COMMIT not in git(checkout, "log", "--all", "--format=%s")
    assert not os.path.exists(os.path.join(checkout, "agent-notes.md"))

    # The git panel reads the project's repository: one commit ahead, and a merge button that works.
    merge_selector = f"form[action='/projects/{project_id}/merge'] button[type=submit]"
    deadline = time.time() + 30
    while not browser.find_elements(By.CSS_SELECTOR, merge_selector) and time.time() < deadline:
        time.sleep(1)
        browser.refresh()
    assert text_of(browser, "[data-section=git] tr[data-agent-id=developer] [data-field=ahead]") == "1"
    merge_form = browser.find_element(By.CSS_SELECTOR, f"form[action='/projects/{project_id}/merge']")
    Select(merge_form.find_element(By.NAME, "strategy")).select_by_value("merge")
    submit(browser, merge_form.find_element(By.CSS_SELECTOR, "button[type=submit]"), seconds=60)
    assert browser.find_elements(By.CSS_SELECTOR, ".alert-ok"), text_of(browser, ".alert-error")
    assert AGENT_COMMIT in git(repository, "log", "main", "--format=%s")
    console.collect()

    # A question for the agent and its reply: the reply shows live, linked to the question, which is answered.
    browser.get(quickstart.base + f"/projects/{project_id}")
    question = call(quickstart, "POST", f"/api/v1/projects/{project_id}/messages",
                    {"target_agent": "developer", "content": "Which files changed?", "requires_response": True}, api_token)
    wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, f"#message-{question['id']} [data-field=reply-wanted]"), 20)
    assert text_of(browser, f"#message-{question['id']} [data-field=reply-wanted]") == "reply wanted"
    answer = call(quickstart, "POST", f"/api/v1/projects/{project_id}/agents/developer/reply",
                  {"content": "Only agent-notes.md", "in_reply_to": question["id"]}, api_token)
    wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, f"#message-{answer['id']}"), 20, "the reply shows live")
    assert text_of(browser, f"#message-{answer['id']} [data-field=reply-to]") == f"↩ reply to #{question['id']}"
    assert text_of(browser, f"#message-{question['id']} [data-field=reply-wanted]") == "answered"

    # Paused, the project keeps showing what its agent last showed.
    tile = ".agent-tile[data-agent-id='developer'] [data-field=output]"
    wait(browser, lambda: "received: Which files changed?" in text_of(browser, tile), 20, "the tile shows the screen")
    call(quickstart, "POST", f"/api/v1/projects/{project_id}/pause", {}, api_token)
    browser.get(quickstart.base + f"/projects/{project_id}")
    assert "received: Which files changed?" in text_of(browser, tile), text_of(browser, tile)
    browser.get(quickstart.base + f"/projects/{project_id}/agents/developer")
    assert "committing-agent ready" in text_of(browser, "[data-field=screen]")
    console.collect()
    assert console.errors == []


def agent_status(server, api_token, project_id):
    return call(server, "GET", f"/api/v1/projects/{project_id}/agents/developer/status", token=api_token)


def record_of(path):
    return open(path).read() if os.path.exists(path) else ""


@pytest.mark.parametrize("mode,option,answer", [("yn", "y", "answer: y"), ("menu", "1", "answer: 1")])
def test_a_question_from_an_unknown_program_is_held_and_answered_on_the_page(browser, quickstart, mode, option, answer):
    repository = os.path.join(quickstart.checkout, f"asking-{mode}")
    make_repository(repository)
    sign_in(browser, quickstart, "admin", PASSWORD)
    api_token = token(quickstart)
    # The program writes what it read into its own worktree (a contained agent can write nowhere else).
    command = f"{ASKING_TOOL} {mode} asked-{mode}.txt"
    if mode == "yn":
        # The overview is open before the program asks: its "Needs you" list fills in live.
        browser.execute_script("document.documentElement.dataset.e2eSamePage = 'yes'")
        project_id = call(quickstart, "POST", "/api/v1/projects", {
            "name": "Asking yn", "description": "", "project_path": repository, "spec_content": "# Asking\n\nCommit your notes.",
            "size": "small", "agent_command": command}, api_token)["id"]
    else:
        project_id = create_through_the_form(browser, quickstart, f"Asking {mode}", repository, command)

    record = os.path.join(agent_status(quickstart, api_token, project_id)["worktree_path"], f"asked-{mode}.txt")
    # The program's question is seen: waiting, with its answers, and the briefing held instead of typed into it.
    wait(browser, lambda: agent_status(quickstart, api_token, project_id)["status"] == "waiting", 30, "the question is seen")
    status = agent_status(quickstart, api_token, project_id)
    assert [o["key"] for o in status["prompt"]["options"]][:2] == (["y", "n"] if mode == "yn" else ["1", "2"]), status
    time.sleep(2)  # long past the 0.8 s an unknown program needs to count as ready
    assert record_of(record) == "", "nothing was typed into the question"
    messages = call(quickstart, "GET", f"/api/v1/projects/{project_id}/messages", token=api_token)
    items = messages["items"] if isinstance(messages, dict) else messages
    assert any(m["status"] == "queued" for m in items), items

    if mode == "yn":
        item = f"[data-waiting-agent='{project_id}/developer']"
        wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, item), 20, "the waiting agent shows live on the overview")
        assert browser.execute_script("return document.documentElement.dataset.e2eSamePage") == "yes", "no reload happened"
        assert "Overwrite existing config? (y/n)" in text_of(browser, item)
        screenshot(browser, "quickstart-needs-you.png")
        # On a phone the question and its answers are on the first screen.
        browser.set_window_size(390, 844)
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
        top = browser.execute_script(f"return document.querySelector(\"{item} .prompt-options\").getBoundingClientRect().bottom")
        assert top <= browser.execute_script("return window.innerHeight"), "the answers are visible without scrolling"
        screenshot(browser, "quickstart-needs-you-phone.png")
        browser.set_window_size(1280, 860)
        button = browser.find_element(By.CSS_SELECTOR, f"{item} button[data-option-key='y']")
    else:
        # The question is on the project page with one button per answer and what it is about.
        browser.get(quickstart.base + f"/projects/{project_id}")
        assert "make release" in text_of(browser, f"#agent-developer .prompt-context")
        button = browser.find_element(By.CSS_SELECTOR, f"#agent-developer .prompt-options button[data-option-key='{option}']")
        screenshot(browser, "quickstart-question-menu.png")
    submit(browser, button)
    assert text_of(browser, ".alert-ok") == "Answered “Yes” for developer.", text_of(browser, ".alert")
    if mode == "menu":
        assert browser.current_url.endswith(f"/projects/{project_id}#agent-developer"), browser.current_url
        wait(browser, lambda: "answered “Yes” for developer" in text_of(browser, "[data-events]"), 20, "the event reads as words")
    wait(browser, lambda: record_of(record).startswith(answer + "\n"), 20, "the answer reaches the program")
    # Then, the question gone, the held briefing follows as lines of its own.
    wait(browser, lambda: "line: " in record_of(record), 30, "the briefing is delivered after the answer")
    assert record_of(record).splitlines()[0] == answer
    # The flash belongs to the answer's page: the next page does not repeat it.
    browser.get(quickstart.base + "/system")
    assert not browser.find_elements(By.CSS_SELECTOR, ".alert-ok")
