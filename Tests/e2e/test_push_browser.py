"""The notification on a real browser: Chromium's service worker gets a push (through the DevTools protocol's
ServiceWorker.deliverPushMessage, with the payload the server really sent, decrypted by the push service stand-in of
test_push.py), shows it with the question's answers, and answering from it types the answer into the agent; the same
notice a second time is refused and the agent gets nothing more."""
import json
import os
import time

import websocket
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from api import call, create_project, eventually, login
from conftest import ADMIN_PASSWORD, console_errors, stop_workspace_server, workspace_server
from test_dashboard import sign_in
from test_push import Browser, PushServiceStandIn


class DevTools:
    """A raw DevTools connection to the browser (Selenium does not hand out the protocol's events)."""

    def __init__(self, driver):
        address = driver.capabilities["goog:chromeOptions"]["debuggerAddress"]
        import urllib.request
        version = json.loads(urllib.request.urlopen(f"http://{address}/json/version", timeout=5).read())
        self.socket = websocket.create_connection(version["webSocketDebuggerUrl"], timeout=20, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        while True:
            answer = json.loads(self.socket.recv())
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise AssertionError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def wait_for(self, method, predicate=lambda params: True, seconds=20):
        deadline = time.time() + seconds
        while time.time() < deadline:
            for event in self.events:
                if event.get("method") == method and predicate(event.get("params", {})):
                    return event["params"]
            try:
                self.events.append(json.loads(self.socket.recv()))
            except websocket.WebSocketTimeoutException:
                pass
        raise AssertionError(f"no {method} event")


def test_a_push_shows_the_question_and_answering_it_reaches_the_agent(browser):
    stand_in = PushServiceStandIn()
    server = workspace_server("orc-e2e-pushui-", ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
    try:
        token = login(server)
        phone = Browser()
        call(server, "POST", "/api/v1/notifications/subscriptions", phone.subscription(stand_in.endpoint("phone")), token)
        create_project(server, token, "asks", "bash -c 'read -p \"Ship the release? (y/n) \" a; echo \"answer=$a\" >> answered; sleep 100000'")
        pushed = eventually(lambda: stand_in.to("phone"), 40)
        assert pushed, "the server pushed the question"
        payload = phone.decrypt(pushed[0]["body"])
        assert payload["action_token"] and len(payload["actions"]) == 2

        # The signed-in browser with its service worker, notifications allowed.
        browser.set_window_size(390, 844)
        sign_in(browser, server, "admin", ADMIN_PASSWORD)
        devtools = DevTools(browser)
        devtools.send("Browser.grantPermissions", {"permissions": ["notifications"], "origin": server.base})
        browser.get(server.base + "/account/notifications")
        assert browser.execute_async_script(
            "const done = arguments[0]; navigator.serviceWorker.ready.then((r) => done(r.scope)).catch((e) => done(String(e)));"
        ) == server.base + "/"
        page = next(t for t in devtools.send("Target.getTargets")["targetInfos"] if t["type"] == "page" and t["url"].startswith(server.base))
        session = devtools.send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]
        devtools.send("ServiceWorker.enable", session=session)
        registration = devtools.wait_for("ServiceWorker.workerRegistrationUpdated",
                                         lambda params: any(r["scopeURL"] == server.base + "/" for r in params["registrations"]))
        registration_id = next(r["registrationId"] for r in registration["registrations"] if r["scopeURL"] == server.base + "/")
        # A push handed to a worker still installing its shell cache is dropped by the DevTools shortcut (a real push
        # service holds it until the worker is up): wait until the version is activated and running.
        devtools.wait_for("ServiceWorker.workerVersionUpdated", lambda params: any(
            v["registrationId"] == registration_id and v["status"] == "activated" and v["runningStatus"] == "running" for v in params["versions"]), 30)

        # The push arrives: the notification shows the question with its two answers.
        devtools.send("ServiceWorker.deliverPushMessage", {"origin": server.base, "registrationId": registration_id, "data": json.dumps(payload)},
                      session=session)
        shown = eventually(lambda: browser.execute_async_script(
            "const done = arguments[0]; navigator.serviceWorker.ready.then((r) => r.getNotifications())"
            ".then((list) => done(list.map((n) => ({title: n.title, body: n.body, tag: n.tag, actions: n.actions.map((a) => a.title)}))));"), 15)
        assert shown, [e for e in devtools.events if "Registration" not in e.get("method", "")][-6:]
        assert shown and shown[0]["title"] == payload["title"] and "Ship the release?" in shown[0]["body"], shown
        assert shown[0]["tag"] == payload["tag"] and len(shown[0]["actions"]) == 2

        # Answered from the notification (the page's list of shown notifications presses its button as a tap would).
        browser.get(server.base + "/account/notifications")
        button = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-shown-notification] button"))
        assert button.text.lower().startswith("y") and button.size["height"] >= 44
        button.click()
        WebDriverWait(browser, 10).until(lambda d: "Answered" in d.find_element(By.CSS_SELECTOR, "[data-push-status]").text)
        worktree = call(server, "GET", "/api/v1/projects/asks", token=token)["agents"][0]["worktree_path"]
        assert eventually(lambda: os.path.exists(os.path.join(worktree, "answered")), 10)
        assert open(os.path.join(worktree, "answered")).read() == "answer=y\n"

        # The same notice again: its token is spent, the server refuses, nothing more reaches the agent.
        devtools.send("ServiceWorker.deliverPushMessage", {"origin": server.base, "registrationId": registration_id, "data": json.dumps(payload)},
                      session=session)
        browser.get(server.base + "/account/notifications")
        button = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-shown-notification] button"))
        button.click()
        WebDriverWait(browser, 10).until(lambda d: "already answered" in d.find_element(By.CSS_SELECTOR, "[data-push-status]").text)
        time.sleep(1)
        assert open(os.path.join(worktree, "answered")).read() == "answer=y\n"
        browser.switch_to.window(browser.window_handles[0])
        assert not [entry for entry in console_errors(browser) if "409" not in entry["message"]], console_errors(browser)
        browser.save_screenshot(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                             "test-artifacts", "phone-notifications.png"))
        devtools.socket.close()
    finally:
        stop_workspace_server(server)
        stand_in.stop()


def test_a_channel_is_added_and_tested_from_the_page(browser):
    stand_in = PushServiceStandIn()  # here in the role of Slack's incoming-webhook endpoint
    server = workspace_server("orc-e2e-chanui-", ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
    try:
        browser.set_window_size(390, 844)
        sign_in(browser, server, "admin", ADMIN_PASSWORD)
        browser.get(server.base + "/account/notifications")
        form = browser.find_element(By.CSS_SELECTOR, "[data-channel-form]")
        form.find_element(By.NAME, "kind").send_keys("Slack")
        form.find_element(By.NAME, "name").send_keys("team chat")
        form.find_element(By.NAME, "url").send_keys(stand_in.endpoint("slack"))
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        row = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-channels] [data-channel]"))
        assert "team chat" in row.text and "slack" in row.text and "127.0.0.1" in row.text
        row.find_element(By.CSS_SELECTOR, "[data-channel-test]").click()
        WebDriverWait(browser, 10).until(lambda d: "delivered" in d.find_element(By.CSS_SELECTOR, "[data-push-status]").text)
        (posted,) = stand_in.to("slack")
        assert posted["headers"]["content-type"].startswith("application/json")
        assert "Notifications reach this channel." in json.loads(posted["body"])["text"]
        assert not console_errors(browser), console_errors(browser)
    finally:
        stop_workspace_server(server)
        stand_in.stop()
