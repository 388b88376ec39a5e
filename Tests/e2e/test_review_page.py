"""Review comments from the diff viewer, in Chromium, against the real server with a real agent in tmux: the diff's
lines carry their file, line number and side; a manager comments on lines (a click, or the keyboard: arrow keys and
Enter), the comments gather in the Review panel and survive a reload, a comment on a line the diff does not show comes
back refused by the server next to that comment, and "Send review" posts the rest as one review: the panel says it was
sent, the Reviews list shows it with its comments and state, the agent's pane receives the message, and the stored
review names the right lines and code. A viewer sees the diff and the reviews but no comment controls. At a phone's
390 px nothing is wider than the screen and the buttons are big enough for a finger. No console errors."""
import json
import os
import re
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from api import call, create_project, eventually, login
from conftest import ARTIFACTS, console_errors, stop_workspace_server, workspace_server
from test_dashboard import make_repository, sign_in
from test_layout import OVERFLOW, chromium

PROJECT = "review-page"
DIFF_PAGE = f"/projects/{PROJECT}?diff=developer#diff"
REVIEWS = f"/api/v1/projects/{PROJECT}/reviews"
DRAFT_KEY = f"orchestrator-review:{PROJECT}:developer"
MANAGER = ("mona", "mona-pass-1")
VIEWER = ("vic", "vic-pass-1")
TOUCH_TARGET = 44
# In its worktree the agent rewrites the README the repository starts with ("# Dashboard demo") and adds calc.py,
# commits both, then echoes every line it is sent.
AGENT = ("bash -c 'printf \"# Review demo\\nTabs, not spaces.\\n\" > README.md; "
         "printf \"def add(a, b):\\n    return a - b\\n\\nprint(add(1, 2))\\n\" > calc.py; "
         "git add README.md calc.py; git commit -qm \"Rewrite the README, add calc\"; "
         "while IFS= read -r line; do echo \"got: $line\"; done'")


def line_selector(path, line, side):
    return f'pre.diff [data-path="{path}"][data-line="{line}"][data-side="{side}"]'


@pytest.fixture(scope="module")
def site():
    running = workspace_server("orc-e2e-review-page-")
    try:
        admin = login(running)
        for (username, password), role in [(MANAGER, "manager"), (VIEWER, "viewer")]:
            call(running, "POST", "/api/v1/users", {"username": username, "password": password, "role": role}, admin)
        make_repository(os.path.join(running.workspace, PROJECT))
        create_project(running, admin, PROJECT, AGENT)

        def diff():
            return call(running, "GET", f"/api/v1/projects/{PROJECT}/git/diff?agent=developer", token=admin)

        assert eventually(lambda: {item["path"] for item in diff()["files"]} == {"README.md", "calc.py"}, 30), diff()
        running.admin = admin
        running.files = diff()["files"]
        yield running
    finally:
        stop_workspace_server(running)


def wait(driver, condition, seconds=15, message=""):
    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(lambda _: condition(), message)


def panel_items(driver):
    """The Review panel's comments: where each points and what it says, in the panel's order."""
    return driver.execute_script("""
      return [...document.querySelectorAll('[data-review-comments] > li')].map((item) => ({
        where: item.dataset.reviewComment,
        body: item.querySelector('.review-comment-body').textContent,
        error: item.querySelector('[data-field-error]')?.textContent ?? '',
      }));""")


def send_button(driver):
    return driver.find_element(By.CSS_SELECTOR, "[data-review-send]")


def open_form(driver):
    forms = driver.find_elements(By.CSS_SELECTOR, "pre.diff [data-review-form]")
    return forms[0] if forms else None


def comment_by_click(driver, selector, text):
    driver.find_element(By.CSS_SELECTOR, selector).click()
    form = wait(driver, lambda: open_form(driver), message="the comment form opens under the line")
    assert driver.execute_script("return arguments[0].previousElementSibling === document.querySelector(arguments[1])", form, selector)
    textarea = form.find_element(By.TAG_NAME, "textarea")
    assert driver.switch_to.active_element == textarea
    textarea.send_keys(text)
    form.find_element(By.XPATH, ".//button[normalize-space()='Add comment']").click()
    wait(driver, lambda: open_form(driver) is None, message="the form closes once the comment is added")


def test_the_diff_lines_carry_their_file_line_and_side(site, browser):
    sign_in(browser, site, *MANAGER)
    browser.get(site.base + DIFF_PAGE)
    spans = browser.execute_script("""
      return [...document.querySelectorAll('pre.diff > span')].map((span) => [span.className.split(' ')[0],
        span.dataset.path ?? null, span.dataset.line ? Number(span.dataset.line) : null, span.dataset.side ?? null, span.textContent]);""")
    numbered = [span[:4] + [span[4]] for span in spans if span[1]]
    assert numbered == [
        ["diff-del", "README.md", 1, "old", "-# Dashboard demo"],
        ["diff-add", "README.md", 1, "new", "+# Review demo"],
        ["diff-add", "README.md", 2, "new", "+Tabs, not spaces."],
        ["diff-add", "calc.py", 1, "new", "+def add(a, b):"],
        ["diff-add", "calc.py", 2, "new", "+    return a - b"],
        ["diff-add", "calc.py", 3, "new", "+"],
        ["diff-add", "calc.py", 4, "new", "+print(add(1, 2))"],
    ], numbered
    # Headers keep their classes and carry no line.
    unnumbered = {(span[0], span[4]) for span in spans if not span[1]}
    assert {("diff-meta", "+++ b/calc.py"), ("diff-meta", "--- a/README.md"), ("diff-hunk", "@@ -1 +1,2 @@"),
            ("diff-meta", "diff --git a/calc.py b/calc.py")} <= unnumbered, unnumbered
    # The <pre> still reads as the patches themselves, line for line.
    text = browser.execute_script("return document.querySelector('pre.diff').textContent")
    assert text == "".join(item["patch"] + "\n" for item in site.files)
    # The gutter shows each line's number.
    gutter = browser.execute_script(f"return getComputedStyle(document.querySelector('{line_selector('calc.py', 4, 'new')}'), '::before').content")
    assert gutter == '"4"', gutter
    assert console_errors(browser) == []


def test_a_manager_comments_on_lines_and_sends_the_review(site, browser):
    started = time.time()
    sign_in(browser, site, *MANAGER)
    browser.get(site.base + DIFF_PAGE)
    wait(browser, lambda: browser.find_element(By.CSS_SELECTOR, "[data-review-draft]").is_displayed(), message="the Review panel shows")
    assert send_button(browser).text == "Send review (0)" and not send_button(browser).is_enabled()
    assert panel_items(browser) == []

    # A click on an added line.
    comment_by_click(browser, line_selector("calc.py", 2, "new"), "This subtracts; add instead.")
    assert [item["where"] for item in panel_items(browser)] == ["calc.py:2"]
    assert send_button(browser).text == "Send review (1)"

    # Cancel leaves nothing behind.
    browser.find_element(By.CSS_SELECTOR, line_selector("calc.py", 1, "new")).click()
    form = wait(browser, lambda: open_form(browser))
    form.find_element(By.TAG_NAME, "textarea").send_keys("never mind")
    form.find_element(By.XPATH, ".//button[normalize-space()='Cancel']").click()
    wait(browser, lambda: open_form(browser) is None)
    assert len(panel_items(browser)) == 1
    assert browser.switch_to.active_element == browser.find_element(By.CSS_SELECTOR, line_selector("calc.py", 1, "new"))

    # The keyboard: from a focused line, the arrow keys move between lines and Enter opens the form; Ctrl+Enter adds.
    browser.execute_script("document.querySelector(arguments[0]).focus()", line_selector("calc.py", 3, "new"))
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert browser.switch_to.active_element == browser.find_element(By.CSS_SELECTOR, line_selector("calc.py", 4, "new"))
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    form = wait(browser, lambda: open_form(browser), message="Enter opens the form")
    textarea = form.find_element(By.TAG_NAME, "textarea")
    assert browser.switch_to.active_element == textarea
    textarea.send_keys("Print the result with a label.")
    textarea.send_keys(Keys.CONTROL, Keys.ENTER)
    wait(browser, lambda: open_form(browser) is None)

    # A removed line, in the other file: numbered in the base's version.
    comment_by_click(browser, line_selector("README.md", 1, "old"), "Keep the old title.")
    browser.find_element(By.CSS_SELECTOR, "[data-review-summary]").send_keys("Two fixes and a question.")
    expected = [("README.md:1 (old)", "Keep the old title."), ("calc.py:2", "This subtracts; add instead."),
                ("calc.py:4", "Print the result with a label.")]
    assert [(item["where"], item["body"]) for item in panel_items(browser)] == expected  # in the diff's order
    assert send_button(browser).text == "Send review (3)"
    assert browser.execute_script("return document.querySelectorAll('pre.diff .has-comment').length") == 3

    # A reload keeps the draft: the comments, the summary and a comment being written.
    browser.find_element(By.CSS_SELECTOR, line_selector("README.md", 2, "new")).click()
    wait(browser, lambda: open_form(browser)).find_element(By.TAG_NAME, "textarea").send_keys("Half-written")
    browser.refresh()
    wait(browser, lambda: len(panel_items(browser)) == 3, message="the draft comes back after a reload")
    assert [(item["where"], item["body"]) for item in panel_items(browser)] == expected
    assert browser.find_element(By.CSS_SELECTOR, "[data-review-summary]").get_property("value") == "Two fixes and a question."
    form = wait(browser, lambda: open_form(browser), message="the comment being written comes back")
    assert form.find_element(By.TAG_NAME, "textarea").get_property("value") == "Half-written"
    form.find_element(By.XPATH, ".//button[normalize-space()='Cancel']").click()
    wait(browser, lambda: open_form(browser) is None)

    # A comment on a line the diff does not show (the diff changed since it was written): the server refuses the
    # review, its message shows by that comment, nothing is sent, and the draft stays.
    draft = json.loads(browser.execute_script("return sessionStorage.getItem(arguments[0])", DRAFT_KEY))
    draft["comments"].append({"path": "calc.py", "line": 99, "side": "new", "body": "Not a line any more."})
    browser.execute_script("sessionStorage.setItem(arguments[0], arguments[1])", DRAFT_KEY, json.dumps(draft))
    browser.refresh()
    wait(browser, lambda: len(panel_items(browser)) == 4)
    assert panel_items(browser)[3]["error"] == "The diff no longer shows this line."
    browser.execute_script("""
      window.reviewPosts = [];
      const fetched = window.fetch;
      window.fetch = async (...args) => {
        const response = await fetched(...args);
        if (args[1]?.method === 'POST') window.reviewPosts.push([String(args[0]), response.status]);
        return response;
      };""")
    send_button(browser).click()
    wait(browser, lambda: "line 99" in panel_items(browser)[3]["error"], message="the refusal shows by the comment")
    assert panel_items(browser)[3]["error"] == "line 99 (new) of calc.py is not in the diff", panel_items(browser)
    assert [item["error"] for item in panel_items(browser)[:3]] == ["", "", ""]
    general = browser.find_element(By.CSS_SELECTOR, '[data-review-error="general"]')
    assert general.is_displayed() and "not sent" in general.text, general.text
    assert call(site, "GET", f"{REVIEWS}?agent=developer", token=site.admin) == []
    assert send_button(browser).text == "Send review (4)" and send_button(browser).is_enabled()
    browser.find_elements(By.CSS_SELECTOR, "[data-review-comments] > li")[3].find_element(By.CSS_SELECTOR, "[data-review-remove]").click()
    assert [(item["where"], item["body"]) for item in panel_items(browser)] == expected
    assert not general.is_displayed()

    # The whole draft, as it will be sent; then the screenshot the docs show.
    browser.find_element(By.CSS_SELECTOR, line_selector("calc.py", 3, "new")).click()
    wait(browser, lambda: open_form(browser)).find_element(By.TAG_NAME, "textarea").send_keys("Is this blank line needed?")
    size = browser.get_window_size()
    browser.set_window_size(1280, 1300)  # tall enough for the diff, the form and the panel together
    browser.execute_script("document.querySelector('#diff').scrollIntoView({block: 'start'})")
    browser.save_screenshot(os.path.join(ARTIFACTS, "review-draft.png"))
    browser.set_window_size(size["width"], size["height"])
    open_form(browser).find_element(By.XPATH, ".//button[normalize-space()='Cancel']").click()

    send_button(browser).click()
    status = browser.find_element(By.CSS_SELECTOR, "[data-review-status]")
    wait(browser, lambda: "Review sent" in status.text, message="the panel says the review was sent")
    assert browser.execute_script("return window.reviewPosts") == [[REVIEWS, 422], [REVIEWS, 201]]
    assert panel_items(browser) == [] and send_button(browser).text == "Send review (0)" and not send_button(browser).is_enabled()
    assert browser.find_element(By.CSS_SELECTOR, "[data-review-summary]").get_property("value") == ""
    assert browser.execute_script("return sessionStorage.getItem(arguments[0])", DRAFT_KEY) is None
    assert browser.execute_script("return document.querySelectorAll('pre.diff .has-comment').length") == 0

    # The Reviews list: the new review with its date, author, comments and state.
    item = wait(browser, lambda: browser.find_elements(By.CSS_SELECTOR, "[data-review-list] > li"), message="the Reviews list shows it")
    assert len(item) == 1
    head = " ".join(item[0].find_element(By.CSS_SELECTOR, ".review-item-head").text.split())
    assert re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC mona 3 comments sent$", head), head

    # The stored review: the right lines, sides and code, in the diff's order.
    [review] = call(site, "GET", f"{REVIEWS}?agent=developer", token=site.admin)
    assert review["author"] == "mona" and review["summary"] == "Two fixes and a question." and review["state"] == "sent", review
    assert [(c["path"], c["line"], c["side"], c["code"], c["body"]) for c in review["comments"]] == [
        ("README.md", 1, "old", "# Dashboard demo", "Keep the old title."),
        ("calc.py", 2, "new", "    return a - b", "This subtracts; add instead."),
        ("calc.py", 4, "new", "print(add(1, 2))", "Print the result with a label."),
    ], review["comments"]
    assert review["content"].startswith("## Review (3 comments)\n"), review["content"]
    assert "### 1. `README.md` line 1 (old)\n\n```\n# Dashboard demo\n```\n\nKeep the old title." in review["content"]

    # The agent's pane received the message: the pasted text starts a line with its heading, and the stand-in agent
    # read it line by line.
    def pane():
        return call(site, "GET", f"/api/v1/projects/{PROJECT}/agents/developer/output?lines=200", token=site.admin)["output"]

    def received():
        output = pane()
        return (re.search(r"^## Review \(3 comments\)$", output, re.M) and "got: ## Review (3 comments)" in output
                and "got: Keep the old title." in output and "got: Print the result with a label." in output)

    waited = time.time()
    assert eventually(received, 30), pane()
    waited = time.time() - waited

    browser.execute_script("document.querySelector('#diff').scrollIntoView({block: 'start'})")
    browser.save_screenshot(os.path.join(ARTIFACTS, "review-sent.png"))
    errors = [entry for entry in console_errors(browser) if "status of 422" not in entry["message"]]
    assert errors == [], errors
    print(f"manager review flow: {time.time() - started:.1f} s, {waited:.1f} s of it waiting for the agent's pane")


def test_a_viewer_sees_the_diff_and_reviews_without_comment_controls(site, browser):
    sign_in(browser, site, *VIEWER)
    browser.get(site.base + DIFF_PAGE)
    line = browser.find_element(By.CSS_SELECTOR, line_selector("calc.py", 2, "new"))
    reviews = call(site, "GET", f"{REVIEWS}?agent=developer", token=site.admin)
    wait(browser, lambda: browser.find_element(By.CSS_SELECTOR, "[data-reviews]").is_displayed(), message="the Reviews list shows")
    assert len(browser.find_elements(By.CSS_SELECTOR, "[data-review-list] > li")) == len(reviews)
    line.click()
    time.sleep(0.3)
    section = browser.find_element(By.ID, "diff")
    assert section.find_elements(By.CSS_SELECTOR, "[data-review-draft], [data-review-form], [data-review-send], textarea, button, form") == []
    assert browser.execute_script("""
      const pre = document.querySelector('pre.diff');
      return pre.classList.contains('is-reviewable') || !!pre.querySelector('[tabindex], [role]');""") is False
    assert console_errors(browser) == []


def test_the_review_works_at_phone_width(site):
    driver = chromium(390, 844, True)
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    try:
        sign_in(driver, site, *MANAGER)
        driver.get(site.base + DIFF_PAGE)
        wait(driver, lambda: driver.find_element(By.CSS_SELECTOR, "[data-review-draft]").is_displayed())
        problems = {}
        measured = driver.execute_script(OVERFLOW)
        if measured["scroll"] > 390 or measured["found"]:
            problems["diff page"] = measured
        comment_by_click(driver, line_selector("calc.py", 2, "new"), "On a phone: this subtracts.")
        driver.find_element(By.CSS_SELECTOR, line_selector("README.md", 1, "old")).click()
        form = wait(driver, lambda: open_form(driver))
        form.find_element(By.TAG_NAME, "textarea").send_keys("A comment being written on a phone.")
        measured = driver.execute_script(OVERFLOW)
        if measured["scroll"] > 390 or measured["found"]:
            problems["with a comment and the form open"] = measured
        # The form stays within the visible width of the diff, which scrolls sideways inside itself.
        pre, box = driver.execute_script("""
          const pre = document.querySelector('pre.diff').getBoundingClientRect();
          const form = document.querySelector('[data-review-form]').getBoundingClientRect();
          return [[pre.left, pre.right], [form.left, form.right]];""")
        assert pre[0] <= box[0] and box[1] <= pre[1] <= 390, (pre, box)
        heights = driver.execute_script("""
          return [...document.querySelectorAll('#diff button')].filter((button) => button.getBoundingClientRect().width > 0)
            .map((button) => [button.textContent.trim(), button.getBoundingClientRect().height]);""")
        assert {name for name, _ in heights} >= {"Add comment", "Cancel", "Send review (1)"}, heights
        small = [(name, height) for name, height in heights if height < TOUCH_TARGET]
        if small:
            problems[f"smaller than {TOUCH_TARGET} px"] = small
        driver.execute_script("document.querySelector('[data-review-form]').scrollIntoView({block: 'center'})")
        driver.save_screenshot(os.path.join(ARTIFACTS, "review-phone.png"))
        assert problems == {}, problems
        assert console_errors(driver) == []
    finally:
        driver.quit()
