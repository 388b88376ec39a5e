"""Usage and cost in Chromium, against the real server with the Claude Code stand-in in tmux: the agent is told to
`spend 50000 10000` (claude-haiku-4-5, $0.10 at the bundled prices; its plain turns add a little sonnet) and writes a
real transcript, which the server reads. Then the project page's "Usage and budget" card shows the cost to date, today
and the tokens as the API reports them, a bar per UTC day for 14 days, the models; the agent's tile shows its tokens
and cost; a manager sets a total budget of $5 through the form and the API reports it, a budget alert (a limit 80 %
used, set through the API) refreshes the card live, the CSV is downloaded, the budget is removed; a viewer sees the
figures but no form; /insights' Cost card shows the project's cost. At a phone's 390 px nothing is wider than the
screen and the card's controls are at least 44 px tall. No console errors."""
import datetime
import os
import tempfile
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from api import AGENTS, call, create_project, eventually, login, send, status
from conftest import ARTIFACTS, console_errors, stop_workspace_server, workspace_server
from test_dashboard import sign_in
from test_layout import OVERFLOW, chromium

PROJECT = "usage-page"
FAKE_CLAUDE = os.path.join(AGENTS, "fake-claude/claude")
MANAGER = ("mona", "mona-pass-1")
VIEWER = ("vera", "vera-pass-1")
HAIKU = "claude-haiku-4-5-20251001"
UNPRICED = "claude-from-the-future-9"  # no price known: its tokens are counted, its cost is unknown
TOUCH_TARGET = 44


def dollars(value):
    """The page's way of writing an amount: `$0.10`, `< $0.01` for a sliver, `unknown` for no figure."""
    if value is None:
        return "unknown"
    if 0 < value < 0.005:
        return "< $0.01"
    return f"${value:,.2f}"


def short(count):
    """The page's way of writing a token count: `950`, `61.1k`, `1.2M`."""
    for size, unit in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]:
        if count >= size:
            scaled = count / size
            text = str(round(scaled)) if scaled >= 100 else f"{scaled:.1f}".removesuffix(".0")
            return text + unit
    return str(count)


def usage(server, token, by="agent", project=PROJECT):
    path = f"/api/v1/projects/{project}/usage?by={by}" if project else f"/api/v1/usage?by={by}"
    return call(server, "GET", path, token=token)


def budget(server, token):
    return call(server, "GET", f"/api/v1/projects/{PROJECT}/budget", token=token)


@pytest.fixture(scope="module")
def site():
    running = workspace_server("orc-e2e-usage-page-", home=True)
    try:
        admin = login(running)
        for (username, password), role in [(MANAGER, "manager"), (VIEWER, "viewer")]:
            call(running, "POST", "/api/v1/users", {"username": username, "password": password, "role": role}, admin)
        create_project(running, admin, PROJECT, FAKE_CLAUDE)
        assert eventually(lambda: status(running, admin, PROJECT)["status"] == "idle", 30), status(running, admin, PROJECT)
        send(running, admin, PROJECT, "spend 50000 10000")
        send(running, admin, PROJECT, f"spend 2000 200 {UNPRICED}")
        assert eventually(lambda: (usage(running, admin, "model")["total"]["cost_dollars"] or 0) >= 0.1
                          and UNPRICED in usage(running, admin, "model")["total"]["unpriced_models"], 40, 0.3), \
            usage(running, admin, "model")
        # The spend turn is over (the agent is idle again) and nothing else is sent: the figures stay put.
        assert eventually(lambda: status(running, admin, PROJECT)["status"] == "idle", 20)
        running.admin = admin
        yield running
    finally:
        stop_workspace_server(running)


def text(driver, selector):
    found = driver.find_elements(By.CSS_SELECTOR, selector)
    return found[0].text.strip() if found else None


def loaded(driver, selector):
    return WebDriverWait(driver, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, f"{selector}[data-loaded]"))


def test_the_project_page_shows_usage_and_a_manager_sets_the_budget(site, browser):
    admin = site.admin
    sign_in(browser, site, *MANAGER, start=f"/projects/{PROJECT}")
    loaded(browser, "[data-usage-card]")

    model = usage(site, admin, "model")
    total = model["total"]
    assert total["cost_dollars"] >= 0.1 and total["unpriced_models"] == [UNPRICED], total
    assert eventually(lambda: text(browser, '[data-usage="total-cost"]') == dollars(usage(site, admin, "model")["total"]["cost_dollars"]), 15), \
        (text(browser, '[data-usage="total-cost"]'), usage(site, admin, "model")["total"])
    spent = budget(site, admin)["spent"]
    assert text(browser, '[data-usage="today-cost"]') == dollars(spent["today_dollars"]), spent
    assert text(browser, '[data-usage="total-tokens"]') == short(total["total_tokens"]), total
    note = text(browser, "[data-usage-note]")
    assert f"No price known for {UNPRICED}" in note and "Prices: litellm" in note, note

    # The agent's tile: its tokens and cost, as `by=agent` reports them.
    row = next(item for item in usage(site, admin, "agent")["rows"] if item["key"] == "developer")
    expected = f"{short(row['total_tokens'])} tokens · {dollars(row['cost_dollars'])}"
    assert text(browser, '.agent-tile[data-agent-id="developer"] [data-field="usage"]') == expected, expected

    # The models, the most expensive first: haiku's 50,000 in and 10,000 out cost $0.10.
    keys = [item.get_attribute("data-key") for item in browser.find_elements(By.CSS_SELECTOR, "[data-usage-models] tbody tr")]
    assert keys[0] == HAIKU and set(keys) == {item["key"] for item in model["rows"]}, keys
    assert text(browser, f'[data-usage-models] tr[data-key="{HAIKU}"] [data-field="cost"]') == "$0.10"
    assert text(browser, f'[data-usage-models] tr[data-key="{UNPRICED}"] [data-field="cost"]') == "unknown"
    assert keys[-1] == UNPRICED, "a model with no price comes last"

    # A bar per UTC day for the last 14 days; today's names its cost.
    days = browser.find_elements(By.CSS_SELECTOR, "[data-usage-chart] .day-bars li")
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    assert len(days) == 14 and days[-1].get_attribute("data-day") == today, [day.get_attribute("data-day") for day in days]
    by_day = {item["key"]: item for item in usage(site, admin, "day")["rows"]}
    spoken = days[-1].find_element(By.CSS_SELECTOR, ".visually-hidden").get_attribute("textContent")
    assert spoken.startswith(f"{today}: {dollars(by_day[today]['cost_dollars'])}"), spoken
    fill = days[-1].find_element(By.CSS_SELECTOR, ".day-fill").size["height"]
    assert fill > 40, f"today's bar is the highest and should fill its column: {fill}px"

    # No budget yet; the manager sets a total of $5 that only alerts.
    assert "No budget" in text(browser, "[data-budget]")
    form = browser.find_element(By.CSS_SELECTOR, "[data-budget-form]")
    form.find_element(By.NAME, "total_dollars").send_keys("5")
    Select(form.find_element(By.NAME, "on_exceed")).select_by_value("alert")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert eventually(lambda: budget(site, admin)["total_dollars"] == 5, 10), budget(site, admin)
    answer = budget(site, admin)
    assert answer["on_exceed"] == "alert" and answer["daily_dollars"] is None and answer["updated_by"] == MANAGER[0], answer
    limit = answer["limits"][0]
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-budget] [data-limit="total_dollars"]'))
    shown = text(browser, '[data-budget] [data-limit="total_dollars"]')
    assert f"{dollars(limit['spent'])} of $5.00 · {limit['percent']} %" in shown, (shown, limit)
    assert text(browser, "[data-budget-state]") == "ok"
    assert browser.find_element(By.CSS_SELECTOR, "[data-budget-remove]").is_displayed()

    # A daily limit the project already used 90 % of, set elsewhere: its budget_alert comes over the project's
    # stream and the card is read again at once, with no reload.
    daily = round(spent["today_dollars"] / 0.9, 6)
    call(site, "PUT", f"/api/v1/projects/{PROJECT}/budget", {"daily_dollars": daily, "total_dollars": 5, "on_exceed": "alert"}, admin)
    WebDriverWait(browser, 8).until(lambda d: text(d, "[data-budget-state]") == "alert")
    assert "budget-alert" in browser.find_element(By.CSS_SELECTOR, '[data-limit="daily_dollars"]').get_attribute("class")
    WebDriverWait(browser, 5).until(lambda d: "used 80 % of its daily budget" in d.find_element(By.CSS_SELECTOR, "[data-events]").text)

    # The CSV, fetched with Accept: text/csv and saved by the browser.
    downloads = tempfile.mkdtemp(prefix="orc-e2e-usage-csv-")
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    browser.find_element(By.CSS_SELECTOR, '[data-usage-csv="model"]').click()
    saved = os.path.join(downloads, f"usage-{PROJECT}-by-model.csv")
    assert eventually(lambda: os.path.exists(saved), 10), os.listdir(downloads)
    with open(saved, encoding="utf-8") as f:
        lines = f.read().splitlines()
    assert lines[0].startswith("key,input_tokens,output_tokens") and lines[-1].startswith("total,"), lines
    assert any(line.startswith(HAIKU + ",50000,10000,") for line in lines), lines

    # Removed through the card: no budget left.
    browser.find_element(By.CSS_SELECTOR, "[data-budget-remove]").click()
    assert eventually(lambda: budget(site, admin)["limits"] == [], 10), budget(site, admin)
    WebDriverWait(browser, 10).until(lambda d: "No budget" in text(d, "[data-budget]"))
    card = browser.find_element(By.CSS_SELECTOR, "[data-usage-card]")
    browser.execute_script("arguments[0].scrollIntoView()", card)
    browser.save_screenshot(os.path.join(ARTIFACTS, "usage-card.png"))
    assert console_errors(browser) == []


def test_a_viewer_sees_the_usage_but_no_budget_form(site, browser):
    sign_in(browser, site, *VIEWER, start=f"/projects/{PROJECT}")
    card = loaded(browser, "[data-usage-card]")
    assert card.get_attribute("data-can-manage") is None
    total = usage(site, site.admin, "model")["total"]
    assert text(browser, '[data-usage="total-cost"]') == dollars(total["cost_dollars"])
    assert text(browser, '.agent-tile[data-agent-id="developer"] [data-field="usage"]').endswith(dollars(total["cost_dollars"]))
    assert "No budget" in text(browser, "[data-budget]")
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-budget-form], [data-budget-remove]")
    # The CSV is a viewer's to read too (links, not controls: a viewer's page has no button).
    assert len([link for link in browser.find_elements(By.CSS_SELECTOR, "a[data-usage-csv]") if link.is_displayed()]) == 3
    assert console_errors(browser) == []


def test_insights_shows_every_projects_cost(site, browser):
    sign_in(browser, site, *MANAGER, start="/insights")
    loaded(browser, "[data-cost-card]")
    everything = usage(site, site.admin, "project", project=None)
    assert text(browser, '[data-cost="total"]') == dollars(everything["total"]["cost_dollars"]), everything["total"]
    assert text(browser, '[data-cost="tokens"]') == short(everything["total"]["total_tokens"])
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    todays = call(site, "GET", f"/api/v1/usage?by=project&since={today}", token=site.admin)["total"]
    assert text(browser, '[data-cost="today"]') == dollars(todays["cost_dollars"])
    row = browser.find_element(By.CSS_SELECTOR, f'[data-cost-projects] tr[data-key="{PROJECT}"]')
    mine = next(item for item in everything["rows"] if item["key"] == PROJECT)
    assert row.find_element(By.CSS_SELECTOR, '[data-field="cost"]').text == dollars(mine["cost_dollars"])
    assert row.find_element(By.CSS_SELECTOR, "a").get_attribute("href") == f"{site.base}/projects/{PROJECT}"
    assert len(browser.find_elements(By.CSS_SELECTOR, "[data-cost-chart] .day-bars li")) == 14
    card = browser.find_element(By.CSS_SELECTOR, "[data-cost-card]")
    browser.execute_script("arguments[0].scrollIntoView()", card)
    browser.save_screenshot(os.path.join(ARTIFACTS, "insights-cost.png"))
    assert console_errors(browser) == []


# The controls of a card that a finger must hit, with their heights.
CONTROLS = """
return [...arguments[0].querySelectorAll('button, select, input, summary, a.button')]
  .filter((element) => element.getBoundingClientRect().height > 0)
  .map((element) => ({what: `${element.tagName.toLowerCase()} ${element.name || element.textContent.trim().slice(0, 20)}`,
                      height: Math.round(element.getBoundingClientRect().height * 10) / 10}));
"""


def test_the_cards_fit_a_phone(site):
    driver = chromium(390, 844, True)
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    os.makedirs(ARTIFACTS, exist_ok=True)
    try:
        call(site, "PUT", f"/api/v1/projects/{PROJECT}/budget", {"daily_dollars": 1, "total_dollars": 5}, site.admin)
        sign_in(driver, site, *MANAGER, start=f"/projects/{PROJECT}")
        problems = {}
        for path, selector in [(f"/projects/{PROJECT}", "[data-usage-card]"), ("/insights", "[data-cost-card]")]:
            driver.get(site.base + path)
            card = loaded(driver, selector)
            driver.execute_script("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
            time.sleep(0.3)
            measured = driver.execute_script(OVERFLOW)
            if measured["scroll"] > 390 or measured["found"]:
                problems[f"{path}: wider than the screen"] = measured
            controls = driver.execute_script(CONTROLS, card)
            if not controls:
                problems[f"{path}: no controls"] = controls
            small = [control for control in controls if control["height"] < TOUCH_TARGET]
            if small:
                problems[f"{path}: smaller than {TOUCH_TARGET} px"] = small
            name = selector.strip("[]").replace("data-", "")
            driver.execute_script("arguments[0].scrollIntoView()", card)
            driver.save_screenshot(os.path.join(ARTIFACTS, f"phone-{name}.png"))
            driver.execute_script("arguments[0].querySelector('[data-budget], .usage-csv').scrollIntoView()", card)
            driver.save_screenshot(os.path.join(ARTIFACTS, f"phone-{name}-end.png"))
        assert problems == {}, problems
        assert console_errors(driver) == []
    finally:
        call(site, "DELETE", f"/api/v1/projects/{PROJECT}/budget", token=site.admin)
        driver.quit()
