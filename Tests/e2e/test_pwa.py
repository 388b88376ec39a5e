"""The dashboard as an installable app on a phone: the web app manifest and its icons, the service worker (registered
at the site root, caching the app shell, an offline page when the server cannot be reached, the pages again once it
can), and the phone layout at 390x844 with touch: no page wider than the screen, and every answer button, the
message composer and every primary or submit button at least 44 px tall."""
import itertools
import json
import os
import re
import struct
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from api import AGENTS, create_project, eventually, login, status
from conftest import ADMIN_PASSWORD, ARTIFACTS, ROOT, console_errors, stop_workspace_server, workspace_server
from test_dashboard import sign_in
from test_layout import OVERFLOW, chromium

ASKING_TOOL = os.path.join(AGENTS, "asking-tool.py")
PROJECT = "pwa-phone"
TOUCH_TARGET = 44  # CSS pixels: the smallest control a fingertip hits reliably


@pytest.fixture(scope="module")
def site():
    """A server with one project whose agent asks `Overwrite existing config? (y/n)` and waits for the answer."""
    running = workspace_server("orc-e2e-pwa-")
    try:
        token = login(running)
        create_project(running, token, PROJECT, f"{ASKING_TOOL} yn answers.txt")
        assert eventually(lambda: status(running, token, PROJECT)["status"] == "waiting", 30), \
            f"the agent never waited: {status(running, token, PROJECT)}"
        yield running
    finally:
        stop_workspace_server(running)


def fetch(server, path):
    with urllib.request.urlopen(server.base + path, timeout=15) as response:
        return response.status, response.headers, response.read()


def png_size(data):
    """Width and height from a PNG's signature and IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def css_variable(name):
    with open(os.path.join(ROOT, "Public/css/app.css"), encoding="utf-8") as f:
        return re.search(rf"{name}:\s*(#[0-9a-fA-F]{{3,6}})", f.read()).group(1).lower()


def test_the_manifest_is_served_and_valid(site):
    code, headers, body = fetch(site, "/manifest.webmanifest")
    assert code == 200 and headers["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(body)
    assert manifest["name"] == "Tmux Orchestrator"
    assert manifest["short_name"] and len(manifest["short_name"]) <= 12
    assert manifest["description"]
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["display"] == "standalone"
    # The colours are the stylesheet's: the top bar's (the panel) and the page background.
    assert manifest["theme_color"].lower() == css_variable("--panel")
    assert manifest["background_color"].lower() == css_variable("--bg")

    pngs = {}
    for icon in manifest["icons"]:
        code, headers, body = fetch(site, icon["src"])
        assert code == 200, icon
        if icon["type"] != "image/png":
            continue
        assert headers["Content-Type"].startswith("image/png"), (icon, headers["Content-Type"])
        width, height = png_size(body)
        assert icon["sizes"] == f"{width}x{height}", (icon, width, height)
        for purpose in icon.get("purpose", "any").split():
            pngs.setdefault(purpose, set()).add(icon["sizes"])
    assert {"192x192", "512x512"} <= pngs["any"], pngs
    assert "512x512" in pngs["maskable"], pngs

    code, headers, body = fetch(site, "/static/img/apple-touch-icon.png")
    assert png_size(body) == (180, 180)
    code, headers, body = fetch(site, "/sw.js")
    assert headers["Content-Type"].startswith("text/javascript") and "no-cache" in headers["Cache-Control"]
    code, headers, body = fetch(site, "/static/offline.html")
    assert code == 200 and b"offline" in body


SERVICE_WORKER_READY = """
const done = arguments[arguments.length - 1];
const timer = setTimeout(() => done({error: 'navigator.serviceWorker.ready never resolved'}), 20000);
navigator.serviceWorker.ready.then(async (registration) => {
  clearTimeout(timer);
  const cached = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) cached.push(new URL(request.url).pathname);
  }
  done({scope: registration.scope, state: registration.active && registration.active.state,
        script: registration.active && registration.active.scriptURL, cacheNames: await caches.keys(), cached});
}).catch((error) => { clearTimeout(timer); done({error: String(error)}); });
"""


def go_offline(driver, offline):
    """Cuts (or restores) the network of the page and of its service worker. Emulating it on the page alone is not
    enough: the worker is a target of its own, and its fetches would still reach the server, so the worker is attached
    to as well (a session of the old, unflattened kind, since chromedriver keeps the flat sessions to itself)."""
    conditions = {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    sessions = driver.__dict__.setdefault("worker_sessions", {})
    for target in driver.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]:
        if target["type"] != "service_worker" or target["targetId"] in sessions:
            continue
        sessions[target["targetId"]] = driver.execute_cdp_cmd(
            "Target.attachToTarget", {"targetId": target["targetId"], "flatten": False})["sessionId"]
        send_to(driver, sessions[target["targetId"]], "Network.enable", {})
    assert sessions, "no service worker to take offline"
    for session in sessions.values():
        send_to(driver, session, "Network.emulateNetworkConditions", conditions)
    # The page last: back online it fires `online` and reloads, which must find the worker's network back already.
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", conditions)


def send_to(driver, session, method, params):
    driver.execute_cdp_cmd("Target.sendMessageToTarget", {
        "sessionId": session, "message": json.dumps({"id": next(MESSAGE_IDS), "method": method, "params": params})})


MESSAGE_IDS = itertools.count(1)


def test_the_service_worker_installs_and_shows_the_offline_page(site, browser):
    sign_in(browser, site, "admin", ADMIN_PASSWORD)
    ready = browser.execute_async_script(SERVICE_WORKER_READY)
    assert "error" not in ready, ready
    assert ready["scope"] == site.base + "/" and ready["script"] == site.base + "/sw.js", ready
    assert ready["state"] == "activated", ready
    assert len(ready["cacheNames"]) == 1 and ready["cacheNames"][0].startswith("orchestrator-shell-"), ready
    scripts = {f"/static/js/{name}" for name in os.listdir(os.path.join(ROOT, "Public/js")) if name.endswith(".js")}
    shell = scripts | {"/static/css/app.css", "/static/offline.html", "/static/img/icon-192.png", "/static/img/icon-512.png"}
    assert shell <= set(ready["cached"]), shell - set(ready["cached"])
    assert not [path for path in ready["cached"] if path.startswith(("/api/", "/auth/", "/ws/"))], ready["cached"]

    # The worker takes over this page at once (clients.claim), so its next navigations go through it.
    project_page = f"{site.base}/projects/{PROJECT}"
    browser.get(project_page)
    assert eventually(lambda: browser.execute_script("return !!navigator.serviceWorker.controller"), 10)
    assert browser.find_elements(By.CSS_SELECTOR, ".prompt-options button")

    go_offline(browser, True)
    try:
        browser.refresh()
        WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-offline-page]"))
        assert browser.current_url == project_page
        assert "You're offline" in browser.find_element(By.TAG_NAME, "h1").text
        # Its stylesheet came from the cache: the page is styled.
        assert browser.execute_script(
            "return getComputedStyle(document.querySelector('.card')).borderTopStyle") == "solid"
        retry = browser.find_element(By.CSS_SELECTOR, "[data-retry]")
        assert retry.get_property("href") == project_page
        browser.save_screenshot(os.path.join(ARTIFACTS, "pwa-offline.png"))
        # The server's pages really are out of reach, not just this one: another page is the offline page too.
        browser.get(site.base + "/insights")
        WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-offline-page]"))
        browser.get(project_page)
        WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-offline-page]"))
    finally:
        go_offline(browser, False)

    # Back online, "Try again" brings the project page back.
    browser.find_element(By.CSS_SELECTOR, "[data-retry]").click()
    try:
        WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".prompt-options button"))
    except Exception:
        browser.save_screenshot(os.path.join(ARTIFACTS, "pwa-back-online-failed.png"))
        raise AssertionError(f"back online, the page did not load: {browser.current_url} "
                             f"{browser.find_element(By.TAG_NAME, 'body').text[:300]!r}")
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-offline-page]")
    assert browser.current_url == project_page

    errors = console_errors(browser)
    assert errors == [], errors


# Every control the test holds to the touch-target size that is on screen (not hidden, not zero-sized).
TOUCH_TARGETS = """
const visible = (element) => {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
};
const measure = (selector) => [...document.querySelectorAll(selector)].filter(visible).map((element) => ({
  what: `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent || element.name || '').trim().slice(0, 30)}"`,
  height: Math.round(element.getBoundingClientRect().height * 10) / 10,
}));
return {
  answers: measure('.prompt-options button'),
  composer: measure('form.composer textarea, form.composer button[type="submit"]'),
  primary: measure('button.primary, a.button.primary, button[type="submit"], input[type="submit"]'),
};
"""


def phone():
    driver = chromium(390, 844, True)
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    return driver


def test_the_phone_layout_has_no_sideways_scrolling_and_big_enough_controls(site):
    driver = phone()
    os.makedirs(ARTIFACTS, exist_ok=True)
    try:
        sign_in(driver, site, "admin", ADMIN_PASSWORD)
        assert driver.execute_script("return window.innerWidth") == 390
        assert driver.execute_script("return navigator.maxTouchPoints") > 0
        pages = {
            "overview": ("/", {"answers"}),
            "project": (f"/projects/{PROJECT}", {"answers", "composer"}),
            "agent": (f"/projects/{PROJECT}/agents/developer", {"answers", "composer"}),
            "insights": ("/insights", set()),
            "notifications": ("/account/notifications", set()),
        }
        problems = {}
        for name, (path, expected) in pages.items():
            driver.get(site.base + path)
            WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
            measured = driver.execute_script(OVERFLOW)
            if measured["scroll"] > 390 or measured["found"]:
                problems[f"{name}: wider than the screen"] = measured
            targets = driver.execute_script(TOUCH_TARGETS)
            for kind in expected:
                if not targets[kind]:
                    problems[f"{name}: no {kind}"] = targets
            small = [target for kind in targets for target in targets[kind] if target["height"] < TOUCH_TARGET]
            if small:
                problems[f"{name}: smaller than {TOUCH_TARGET} px"] = small
            # Tiles stack: one column of project cards and agent tiles.
            columns = driver.execute_script("""
              return [...document.querySelectorAll('.project-grid, .agent-grid')]
                .map((grid) => getComputedStyle(grid).gridTemplateColumns.split(' ').length);""")
            if any(count != 1 for count in columns):
                problems[f"{name}: tiles side by side"] = columns
            driver.save_screenshot(os.path.join(ARTIFACTS, f"phone-{name}.png"))
            if name in ("project", "agent"):  # and its question with the answers, scrolled into view
                driver.execute_script("""const box = document.querySelector('.prompt-box');
                    (box.closest('.agent-tile') || box).scrollIntoView({block: 'start'});""")
                driver.save_screenshot(os.path.join(ARTIFACTS, f"phone-{name}-question.png"))
        assert problems == {}, problems
        errors = console_errors(driver)
        assert errors == [], errors
    finally:
        driver.quit()


def test_notification_rules_are_set_on_the_phone(site):
    """The rules form on /account/notifications at phone size: turn an event off, choose one project, set quiet hours
    (kept in the browser's time zone), save; the API then reads them back."""
    driver = phone()
    try:
        sign_in(driver, site, "admin", ADMIN_PASSWORD)
        driver.get(site.base + "/account/notifications")
        form = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-rules-form]"))
        form.find_element(By.CSS_SELECTOR, 'input[name="event"][value="merge_conflict"]').click()
        form.find_element(By.CSS_SELECTOR, "[data-every-project]").click()
        choice = form.find_element(By.CSS_SELECTOR, f'input[name="project"][value="{PROJECT}"]')
        assert choice.is_displayed()
        choice.click()
        form.find_element(By.CSS_SELECTOR, "[data-quiet]").click()
        for name, value in [("quiet_start", "21:30"), ("quiet_end", "06:45")]:
            field = form.find_element(By.NAME, name)
            driver.execute_script("arguments[0].value = arguments[1]", field, value)
        form.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
        WebDriverWait(driver, 10).until(lambda d: "Rules saved" in d.find_element(By.CSS_SELECTOR, "[data-push-status]").text)
        rules = driver.execute_script("""return fetch('/api/v1/notifications/rules', {credentials: 'same-origin'}).then((r) => r.json());""")
        zone = driver.execute_script("return Intl.DateTimeFormat().resolvedOptions().timeZone")
        assert "merge_conflict" not in rules["events"] and "agent_waiting" in rules["events"], rules
        assert rules["projects"] == [PROJECT], rules
        assert rules["quiet_hours"] == {"start": "21:30", "end": "06:45", "time_zone": zone}, rules
        measured = driver.execute_script(OVERFLOW)
        assert measured["scroll"] <= 390 and not measured["found"], measured
        driver.save_screenshot(os.path.join(ARTIFACTS, "phone-notification-rules.png"))
        # Back to the defaults for the other tests of this module.
        driver.execute_script("""return fetch('/api/v1/notifications/rules', {method: 'PUT', credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'X-CSRF-Token': document.querySelector('meta[name="csrf-token"]')?.content ?? ''},
            body: JSON.stringify({events: arguments[0], projects: null, quiet_hours: null})}).then((r) => r.status);""", rules["events"] + ["merge_conflict"])
        assert console_errors(driver) == []
    finally:
        driver.quit()
