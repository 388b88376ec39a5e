"""The dashboard in a real browser, against the real server binary with real agents in tmux:
sign in through the form, create a project through the form (a stand-in agent that commits on its branch),
watch its output arrive live, send a message and see it rendered as Markdown, merge the agent's branch,
look at the agent and system pages, check a viewer gets no controls, and no browser console errors."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ADMIN_PASSWORD, ARTIFACTS, ROOT, Server, console_errors

AGENT = os.path.join(ROOT, "Tests/Fixtures/agents/committing-agent.py")
AGENT_COMMIT = "Add notes from developer"  # the commit message committing-agent.py makes as agent "developer"


@pytest.fixture(scope="module")
def dashboard():
    """A server of its own (the session one is shared with tests that expect no projects), with a workspace root."""
    workspace = os.path.realpath(tempfile.mkdtemp(prefix="orc-e2e-workspace-"))
    server = Server(ORCHESTRATOR_WORKSPACE_ROOTS=workspace)
    server.workspace = workspace
    yield server
    server.stop()
    shutil.rmtree(workspace, ignore_errors=True)


# ---- helpers ----------------------------------------------------------------------------------------------

def wait(browser, condition, seconds=20, message=""):
    return WebDriverWait(browser, seconds, poll_frequency=0.2).until(lambda driver: condition(), message)


def is_stale(element):
    try:
        element.tag_name
        return False
    except WebDriverException:  # stale, or (Chromium's wording) no longer in the document
        return True


def submit(browser, button, seconds=30):
    """Clicks a submit button and waits until the next page has replaced this one."""
    old_page = browser.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(browser, seconds).until(lambda driver: is_stale(old_page))


def sign_in(browser, server, username, password, start="/"):
    browser.get(server.base + start)
    assert "/login" in browser.current_url
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]"))


def call(server, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(server.base + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def api_token(server, username="admin", password=ADMIN_PASSWORD):
    return call(server, "POST", "/auth/login", {"username": username, "password": password})["access_token"]


def make_repository(path):
    """A git repository with one commit on main, like a project someone already has."""
    os.makedirs(path)
    git = ["git", "-c", "user.name=E2E", "-c", "user.email=e2e@example.org", "-C", path]
    subprocess.run(["git", "init", "-q", "-b", "main", path], check=True)
    with open(os.path.join(path, "README.md"), "w") as f:
        f.write("# Dashboard demo\n")
    subprocess.run(git + ["add", "README.md"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "Initial commit"], check=True)


def text_of(browser, selector):
    """The text of the first match; "" when there is none or it was just re-rendered (live pages swap sections)."""
    try:
        elements = browser.find_elements(By.CSS_SELECTOR, selector)
        return elements[0].text if elements else ""
    except StaleElementReferenceException:
        return ""


def wait_live(browser):
    wait(browser, lambda: text_of(browser, "[data-live-status]") == "Live", 20, "the page's WebSocket connects")


def tile_output(browser, agent="developer"):
    return text_of(browser, f".agent-tile[data-agent-id='{agent}'] [data-field=output]")


def message_item(browser, fragment):
    """The history item whose rendered content contains `fragment`, or None."""
    for item in browser.find_elements(By.CSS_SELECTOR, "[data-messages] [data-message-id]"):
        if fragment in item.text:
            return item
    return None


def message_status(browser, fragment):
    item = message_item(browser, fragment)
    return item.find_element(By.CSS_SELECTOR, "[data-field=status]").text if item else ""


def controls(browser):
    """Everything in the page body that could change something (the sign-out form is in the header; the Ask-AI box
    only reads, and viewers may ask)."""
    found = browser.find_elements(By.CSS_SELECTOR, "main form[method=post], main textarea, main button, main select, main input:not([type=hidden])")
    return [element for element in found if not element.find_elements(By.XPATH, "ancestor-or-self::section[contains(@class, 'ask-ai')]")]


def screenshot(browser, name):
    browser.save_screenshot(os.path.join(ARTIFACTS, name))


class ConsoleLog:
    """Collects SEVERE browser console entries across pages (reading the log empties it)."""

    def __init__(self, browser):
        self.browser = browser
        self.errors = []

    def collect(self, expected=()):
        for entry in console_errors(self.browser):
            if not any(fragment in entry["message"] for fragment in expected):
                self.errors.append(entry)


# ---- tests ------------------------------------------------------------------------------------------------

def test_manager_creates_a_project_watches_it_messages_and_merges(browser, dashboard):
    console = ConsoleLog(browser)
    sign_in(browser, dashboard, "admin", ADMIN_PASSWORD)
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Projects")
    console.collect()

    # The create form, reached from the overview.
    submit(browser, browser.find_element(By.CSS_SELECTOR, "main a[href='/projects/new']"))
    assert browser.current_url.endswith("/projects/new")
    form = browser.find_element(By.CSS_SELECTOR, "form[action='/projects']")

    # A path outside every workspace root: the form comes back with the problem in words and the values kept.
    form.find_element(By.NAME, "name").send_keys("Dashboard demo")
    form.find_element(By.NAME, "project_path").send_keys("/definitely/not/a/workspace/root/demo")
    form.find_element(By.NAME, "spec_content").send_keys("# Dashboard demo")
    submit(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    error = browser.find_element(By.CSS_SELECTOR, ".alert-error").text
    assert "project_path" in error and "workspace root" in error, error
    assert browser.find_element(By.NAME, "name").get_attribute("value") == "Dashboard demo"
    console.collect(expected=["status of 422"])  # the re-rendered form itself answers 422

    # Now a real repository, a Markdown spec with its preview, a small team of the stand-in agent.
    repository = os.path.join(dashboard.workspace, "dashboard-demo")
    make_repository(repository)
    form = browser.find_element(By.CSS_SELECTOR, "form[action='/projects']")
    path_input = form.find_element(By.NAME, "project_path")
    path_input.clear()
    path_input.send_keys(repository)
    form.find_element(By.NAME, "description").send_keys("A team of one stand-in agent")
    spec = form.find_element(By.NAME, "spec_content")
    spec.clear()
    spec.send_keys("# Dashboard demo\n\nBuild **something small** and commit it.\n\n- one\n- two\n")
    form.find_element(By.CSS_SELECTOR, "[data-preview-button]").click()
    wait(browser, lambda: text_of(browser, "#spec-preview strong") == "something small", 10, "the spec preview renders Markdown")
    assert browser.find_elements(By.CSS_SELECTOR, "#spec-preview h1")
    Select(form.find_element(By.NAME, "size")).select_by_value("small")
    Select(form.find_element(By.NAME, "priority")).select_by_value("high")
    command = form.find_element(By.NAME, "agent_command")
    command.clear()
    command.send_keys(AGENT)
    screenshot(browser, "dashboard-project-new.png")

    # Submitting shows progress: record what the button looks like just after the submit, before the page goes.
    browser.execute_script("""
        const form = document.querySelector("form[action='/projects']");
        const button = form.querySelector("button[type=submit]");
        form.addEventListener('submit', () => setTimeout(() =>
            sessionStorage.setItem('e2e-busy', `${button.disabled}|${button.textContent}`), 20));
    """)
    submit(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"), seconds=60)
    assert browser.execute_script("return sessionStorage.getItem('e2e-busy')") == "true|Creating…"
    path = browser.current_url.split("?")[0].split("#")[0]
    assert "/projects/" in path and not path.endswith("/projects/new"), browser.current_url
    project_id = path.rstrip("/").rsplit("/", 1)[-1]
    assert browser.find_element(By.TAG_NAME, "h1").text == "Dashboard demo"
    console.collect()

    # The agent's tile: its output is on the page and keeps arriving live.
    wait_live(browser)
    wait(browser, lambda: "committing-agent ready" in tile_output(browser) or "received:" in tile_output(browser), 30,
         "the stand-in agent's output shows on its tile")

    # A message through the composer, rendered as Markdown in the history, delivered, echoed by the agent.
    composer = browser.find_element(By.CSS_SELECTOR, f"form[action='/projects/{project_id}/messages']")
    Select(composer.find_element(By.NAME, "target_agent")).select_by_value("developer")
    composer.find_element(By.NAME, "content").send_keys("Please **review** the notes")
    composer.find_element(By.NAME, "requires_response").click()
    submit(browser, composer.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    wait(browser, lambda: message_item(browser, "Please review the notes") is not None, 20, "the sent message is in the history")
    item = message_item(browser, "Please review the notes")
    assert item.find_element(By.CSS_SELECTOR, "[data-field=content] strong").text == "review"
    assert "**" not in item.text
    wait_live(browser)
    wait(browser, lambda: message_status(browser, "Please review the notes") == "delivered", 20, "delivery shows live")
    wait(browser, lambda: "received: Please **review** the notes" in tile_output(browser), 20, "the agent's answer shows live")

    # Without reloading: a message sent by a program appears in the history and the agent's echo on its tile.
    browser.execute_script("document.documentElement.dataset.e2eSamePage = 'yes'")
    token = api_token(dashboard)
    call(dashboard, "POST", f"/api/v1/projects/{project_id}/messages",
         {"target_agent": "developer", "content": "Live check with *emphasis*"}, token)
    wait(browser, lambda: message_item(browser, "Live check with emphasis") is not None, 20, "a message event arrives live")
    assert message_item(browser, "Live check with emphasis").find_element(By.CSS_SELECTOR, "em").text == "emphasis"
    wait(browser, lambda: "received: Live check with *emphasis*" in tile_output(browser), 20, "agent output arrives live")
    wait(browser, lambda: message_status(browser, "Live check with emphasis") == "delivered", 20)
    assert browser.execute_script("return document.documentElement.dataset.e2eSamePage") == "yes", "no reload happened"
    assert browser.find_elements(By.CSS_SELECTOR, "[data-events] li"), "the events timeline has entries"
    screenshot(browser, "dashboard-project.png")
    console.collect()

    # Merge the agent's branch (it committed a file on start) through the git panel.
    merge_selector = f"form[action='/projects/{project_id}/merge'] button[type=submit]"
    deadline = time.time() + 30
    while not browser.find_elements(By.CSS_SELECTOR, merge_selector) and time.time() < deadline:
        time.sleep(1)
        browser.refresh()
    console.collect()
    # The git panel re-renders itself when a git event arrives; a form found just before that goes stale.
    for attempt in range(5):
        try:
            merge_form = browser.find_element(By.CSS_SELECTOR, f"form[action='/projects/{project_id}/merge']")
            assert merge_form.find_element(By.NAME, "agent_id").get_attribute("value") == "developer"
            Select(merge_form.find_element(By.NAME, "strategy")).select_by_value("merge")
            submit(browser, merge_form.find_element(By.CSS_SELECTOR, "button[type=submit]"), seconds=60)
            break
        except StaleElementReferenceException:
            time.sleep(0.5)
    assert browser.find_elements(By.CSS_SELECTOR, ".alert-ok"), "the merge is confirmed on the page"
    assert not browser.find_elements(By.CSS_SELECTOR, ".alert-error"), text_of(browser, ".alert-error")
    assert AGENT_COMMIT in browser.find_element(By.CSS_SELECTOR, "[data-section=git]").text
    log = subprocess.run(["git", "-C", repository, "log", "main", "--format=%s"], capture_output=True, text=True, check=True).stdout
    assert AGENT_COMMIT in log, log
    console.collect()

    # The agent page: the large live terminal, its messages both ways.
    submit(browser, browser.find_element(By.CSS_SELECTOR, f"a[href='/projects/{project_id}/agents/developer']"))
    screen = "[data-field=screen]"
    assert "received: Please **review** the notes" in text_of(browser, screen)
    wait_live(browser)
    call(dashboard, "POST", f"/api/v1/projects/{project_id}/messages",
         {"target_agent": "developer", "content": "Hello from the agent page test"}, token)
    wait(browser, lambda: "received: Hello from the agent page test" in text_of(browser, screen), 20, "the terminal updates live")
    wait(browser, lambda: message_item(browser, "Hello from the agent page test") is not None, 20)
    assert message_item(browser, "Please review the notes") is not None
    screenshot(browser, "dashboard-agent.png")
    console.collect()

    # The system page: health, numbers and sparklines drawn as inline SVG.
    browser.get(dashboard.base + "/system")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("System")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.sparkline polyline"), "sparklines are drawn"
    assert browser.find_element(By.CSS_SELECTOR, "a[href='/system']").get_attribute("aria-current") == "page"
    screenshot(browser, "dashboard-system.png")
    console.collect()

    # Back on the overview: the project's card with its status, one dot per agent and a link to it.
    browser.get(dashboard.base + "/")
    card = browser.find_element(By.CSS_SELECTOR, f"[data-project-id='{project_id}']")
    assert card.find_element(By.CSS_SELECTOR, "[data-field=status]").text == "running"
    assert len(card.find_elements(By.CSS_SELECTOR, ".dot")) == 1
    assert card.find_element(By.CSS_SELECTOR, f"a[href='/projects/{project_id}']").text == "Dashboard demo"
    wait_live(browser)
    screenshot(browser, "dashboard-overview.png")
    console.collect()

    assert console.errors == []


def test_viewer_sees_every_page_without_controls(browser, dashboard):
    token = api_token(dashboard)
    project_id = call(dashboard, "POST", "/api/v1/projects", {
        "name": "Viewer view", "description": "Seen by a viewer", "project_path": os.path.join(dashboard.workspace, "viewer-view"),
        "spec_content": "# Read only", "size": "small", "agent_command": AGENT}, token)["id"]
    dashboard.cli("user", "add", "dash-viewer", "--role", "viewer", "--password", "password-123")
    console = ConsoleLog(browser)
    sign_in(browser, dashboard, "dash-viewer", "password-123")

    assert not browser.find_elements(By.CSS_SELECTOR, "a[href='/projects/new']")
    assert not browser.find_elements(By.CSS_SELECTOR, "main form[method=post]")
    assert browser.find_elements(By.CSS_SELECTOR, f"[data-project-id='{project_id}']")
    console.collect()

    browser.get(dashboard.base + f"/projects/{project_id}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Viewer view"
    assert browser.find_elements(By.CSS_SELECTOR, "main section.ask-ai form[action='/ask']"), "viewers may ask about the project"
    assert controls(browser) == []
    wait_live(browser)
    wait(browser, lambda: "committing-agent" in tile_output(browser) or "received:" in tile_output(browser), 30)
    screenshot(browser, "dashboard-viewer-project.png")
    console.collect()

    browser.get(dashboard.base + f"/projects/{project_id}/agents/developer")
    wait_live(browser)
    assert [element for element in controls(browser) if element.is_displayed() and element.tag_name != "button"] == []
    assert not browser.find_elements(By.CSS_SELECTOR, "main form, main textarea")
    console.collect()

    browser.get(dashboard.base + "/system")
    assert controls(browser) == []
    console.collect()
    assert console.errors == []

    browser.get(dashboard.base + "/projects/new")
    assert "Not allowed" in browser.page_source
    assert not browser.find_elements(By.CSS_SELECTOR, "form[action='/projects']")
