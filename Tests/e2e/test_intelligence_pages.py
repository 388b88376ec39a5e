"""The intelligence layer's pages in Chromium against the real binary: a project from a prompt on /projects/new,
/insights with its score and an alert for a failed agent, the Ask-AI box on /system and on a project page, a chat,
and a batch page with a progress bar per item. No console errors on any of them."""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from api import AGENTS, call, eventually, login
from conftest import ADMIN_PASSWORD, ARTIFACTS, console_errors, stop_workspace_server, workspace_server
from test_pages import sign_in, submit

REPLYING = os.path.join(AGENTS, "replying-agent.py")


def test_prompt_insights_ask_chat_and_batch_pages(browser):
    server = workspace_server("orc-e2e-intel-pages-", home=True)
    try:
        sign_in(browser, server, "admin", ADMIN_PASSWORD, start="/projects/new")
        form = browser.find_element(By.CSS_SELECTOR, "form[action='/projects/new/prompt']")
        form.find_element(By.NAME, "prompt").send_keys("A notes web app with login, tested")
        form.find_element(By.NAME, "agent_command").send_keys(REPLYING)
        submit(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        assert "/projects/" in browser.current_url and "from your prompt" in browser.page_source, browser.page_source[:2000]
        project = browser.current_url.rsplit("/", 1)[-1]

        # A failing agent shows up on /insights as an alert.
        token = login(server)
        call(server, "POST", "/api/v1/projects", {"name": "Broken", "project_path": os.path.join(server.workspace, "broken"),
                                                  "spec_content": "x", "size": "small", "agent_command": "false"}, token)
        assert eventually(lambda: call(server, "GET", "/api/v1/projects/broken/agents/developer/status", token=token)["status"] == "failed", 30)
        browser.get(server.base + "/insights")
        score = int(browser.find_element(By.CSS_SELECTOR, "[data-health-score]").text)
        assert 0 <= score < 100, "a failed agent lowers the score"
        alerts = browser.find_element(By.CSS_SELECTOR, "[data-section='alerts']").text.lower()
        assert "developer in broken has failed" in alerts, alerts
        browser.save_screenshot(os.path.join(ARTIFACTS, "insights.png"))

        # Ask-AI from the project page: the answer page names the project's agents only.
        browser.get(server.base + f"/projects/{project}")
        # The cards drawn from the API (usage and budget) move the page as they fill: click once they have.
        WebDriverWait(browser, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-usage-card]").get_attribute("data-loaded") == "true")
        box = browser.find_element(By.CSS_SELECTOR, "form[action='/ask']")
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.find_element(By.NAME, "question").send_keys("How many agents are working?")
        submit(browser, box.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        answer = browser.find_element(By.CSS_SELECTOR, ".ask-answer").text
        assert "Answered by heuristic" in answer and "broken" not in answer, answer
        browser.get(server.base + "/system")
        assert "heuristic: healthy" in browser.find_element(By.CSS_SELECTOR, "[data-intelligence]").text
        assert browser.find_elements(By.CSS_SELECTOR, "form[action='/ask']")

        # A chat: start it, send a message, the reply shows under it.
        browser.get(server.base + "/chat")
        start = browser.find_element(By.CSS_SELECTOR, "form[action='/chat']")
        start.find_element(By.NAME, "title").send_keys("Status")
        submit(browser, start.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        browser.find_element(By.NAME, "message").send_keys("Which agents have failed?")
        submit(browser, browser.find_element(By.CSS_SELECTOR, "form#latest button[type=submit]"))
        turns = browser.find_elements(By.CSS_SELECTOR, ".chat-turn")
        assert len(turns) == 2 and "developer" in turns[1].text, [turn.text for turn in turns]

        # A batch page: a progress bar per item.
        created = call(server, "POST", "/api/v2/batch/process", {"specifications": [
            {"content": "# One\nFirst.", "priority": "low"}, {"content": "# Two\nSecond.", "priority": "high"}], "agent_command": REPLYING}, token)
        browser.get(server.base + f"/batches/{created['batch_id']}")
        rows = browser.find_elements(By.CSS_SELECTOR, "[data-section='batch'] tbody tr")
        assert [row.find_element(By.CSS_SELECTOR, "td").text for row in rows] == ["spec2", "spec1"]
        assert len(browser.find_elements(By.CSS_SELECTOR, "[data-section='batch'] tbody progress")) == 2
        browser.save_screenshot(os.path.join(ARTIFACTS, "batch.png"))
        assert console_errors(browser) == []
    finally:
        stop_workspace_server(server)
