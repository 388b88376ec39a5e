"""Every page in Chromium at a laptop's 1366x900 and a phone's 390x844: nothing wider than the screen (long
paths, URLs, tables and code scroll or wrap inside their boxes), no console errors, and a screenshot of each."""
import os
import subprocess

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

import shutil
from conftest import ARTIFACTS, console_errors, stop_workspace_server, workspace_server
from test_dashboard import api_token, call, make_repository, sign_in
from conftest import ADMIN_PASSWORD

LONG = "averyveryverylongwordwithoutanyspacesthatmustwrapsomewhereinsideitsbox"
SPEC = f"""# Layout check

A link that goes on: https://example.com/{LONG}/{LONG}

| column | another column | a third, wider column with a long header |
| --- | --- | --- |
| `{LONG}` | text | more text that goes on and on |

```
a code line that is much wider than any phone screen could ever show without scrolling sideways {LONG}
```
"""


@pytest.fixture(scope="module")
def site():
    running = workspace_server("orc-e2e-layout-", ORCHESTRATOR_AGENT_COMMAND="bash")
    token = api_token(running)
    path = os.path.join(running.workspace, "layout")
    make_repository(path)
    project = call(running, "POST", "/api/v1/projects", {
        "name": "Layout check " + LONG[:30], "description": "Pages at two widths " + LONG, "project_path": path,
        "spec_content": SPEC, "size": "small"}, token)
    call(running, "POST", f"/api/v1/projects/{project['id']}/messages",
         {"target_agent": "developer", "content": f"echo {LONG}{LONG}"}, token)
    batch = call(running, "POST", "/api/v2/batch/process", {"specifications": [{"content": "# One\n" + LONG}], "processing_mode": "sequential"}, token)
    chat = call(running, "POST", "/api/v2/daemon/chat", {"title": "Layout " + LONG[:20]}, token)
    running.pages = [
        "/", "/?status=all", "/projects/new", f"/projects/{project['id']}", f"/projects/{project['id']}?diff=developer",
        f"/projects/{project['id']}/agents/developer", "/system", "/insights", "/chat", f"/chat/{chat['session_id']}",
        "/batches", f"/batches/{batch['batch_id']}", "/docs", "/account", "/admin/users", "/admin/hosts", "/projects/no-such-project",
    ]
    yield running
    stop_workspace_server(running)


def chromium(width, height, mobile):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 f"--window-size={width},{height}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile})
    return driver


# What sticks out past the right edge of the screen, outside any box that scrolls it.
OVERFLOW = """
const width = window.innerWidth;
const found = [];
for (const element of document.querySelectorAll('body *')) {
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.right <= width + 0.5) continue;
  let parent = element.parentElement, inside = false;
  while (parent && parent !== document.body) {
    if (getComputedStyle(parent).overflowX !== 'visible' && parent.getBoundingClientRect().right <= width + 0.5) { inside = true; break; }
    parent = parent.parentElement;
  }
  if (!inside) found.push(`${element.tagName.toLowerCase()}.${element.className} right=${Math.round(box.right)}`);
}
return {scroll: document.documentElement.scrollWidth, width, found: found.slice(0, 10)};
"""


@pytest.mark.parametrize("width,height,mobile", [(1366, 900, False), (390, 844, True)])
def test_no_page_is_wider_than_the_screen(site, width, height, mobile):
    driver = chromium(width, height, mobile)
    os.makedirs(ARTIFACTS, exist_ok=True)
    try:
        driver.get(site.base + "/login")
        assert driver.execute_script(OVERFLOW)["scroll"] <= width
        sign_in(driver, site, "admin", ADMIN_PASSWORD)
        problems = {}
        for path in site.pages:
            driver.get(site.base + path)
            driver.execute_script("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
            measured = driver.execute_script(OVERFLOW)
            if measured["scroll"] > width or measured["found"]:
                problems[path] = measured
            name = path.strip("/").split("?")[0].replace("/", "_") or "overview"
            driver.save_screenshot(os.path.join(ARTIFACTS, f"layout-{width}-{name}.png"))
        assert problems == {}, problems
        errors = [entry for entry in console_errors(driver) if "status of 404" not in entry["message"]]
        assert errors == [], errors
    finally:
        driver.quit()
