"""The notification on a real browser: a manager's phone-sized Chromium, its service worker gets a push (through the
DevTools protocol's ServiceWorker.deliverPushMessage, with the payload the server really sent, decrypted by the push
service stand-in of test_push.py), shows it with the question's Yes and No, and a tap on Yes (sw.js's own
`notificationclick` listener, run in the worker) types the answer into the agent, whose page shows it moving on; the
same notice a second time is refused and the agent gets nothing more."""
import json
import os
import time

import websocket
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from api import call, create_project, eventually
from conftest import ADMIN_PASSWORD, ARTIFACTS, console_errors, stop_workspace_server, workspace_server
from test_dashboard import sign_in
from test_push import PushServiceStandIn, subscribed_manager
from test_pwa import phone


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

    def wait_for(self, method, predicate=lambda params: True, seconds=20, after=0):
        """The parameters of the first `method` event `predicate` accepts, skipping the first `after` events seen."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            for event in self.events[after:]:
                if event.get("method") == method and predicate(event.get("params", {})):
                    return event["params"]
            try:
                self.events.append(json.loads(self.socket.recv()))
            except websocket.WebSocketTimeoutException:
                pass
        raise AssertionError(f"no {method} event")


# A tap on a notification's button, run in the service worker: the notification shown with `tag`, a NotificationEvent
# for its button at `index`, dispatched to the worker's own `notificationclick` listeners, so sw.js's code runs as for
# a tap. Nothing in WebDriver or the DevTools protocol clicks a notification (web-platform-tests/wpt issue 51125), and
# Chromium refuses waitUntil on an event a script constructed ("Can not call waitUntil on a script constructed
# ExtendableEvent"): the promise the listener hands to waitUntil is kept and awaited here instead, the attached DevTools
# session keeping the worker alive meanwhile as the browser does for a real tap. Answers the buttons' titles, what the
# listener's promises resolved to (the server's status) and how many notifications with that tag are left.
TAP = """(async (tag, index) => {
  const [notification] = await self.registration.getNotifications({ tag });
  if (!notification) return null;
  const event = new NotificationEvent('notificationclick', { notification, action: notification.actions[index].action });
  const extended = [];
  Object.defineProperty(event, 'waitUntil', { value: (promise) => { extended.push(promise); } });
  self.dispatchEvent(event);
  return {
    actions: notification.actions.map((action) => action.title),
    results: await Promise.all(extended),
    left: (await self.registration.getNotifications({ tag })).length,
  };
})"""


def in_worker(devtools, session, script, *args):
    """Runs `script` (a function's source) with `args` in the service worker of `session`; returns its value."""
    answer = devtools.send("Runtime.evaluate", {"expression": f"({script})(...{json.dumps(args)})", "awaitPromise": True,
                                                "returnByValue": True}, session=session)
    assert "exceptionDetails" not in answer, answer["exceptionDetails"]
    return answer["result"].get("value")


def push(devtools, session, origin, registration_id, payload):
    """Hands `payload` to the site's worker as a push (as a push service would) and waits until Chromium reports its
    push event completed (the Background services record DevTools' Application panel shows); returns the event's status.
    The notifications are read only then: a getNotifications() running while a notification is stored but not yet on
    display deletes it as closed (Chromium keeps its notification database in step with what is on display), and it is
    gone for every later read; read in a loop during the push, it was lost one run in three."""
    seen = len(devtools.events)
    devtools.send("ServiceWorker.deliverPushMessage", {"origin": origin, "registrationId": registration_id, "data": json.dumps(payload)},
                  session=session)
    completed = devtools.wait_for("BackgroundService.backgroundServiceEventReceived",
                                  lambda params: params["backgroundServiceEvent"]["eventName"] == "Push event completed", after=seen)
    return {item["key"]: item["value"] for item in completed["backgroundServiceEvent"]["eventMetadata"]}.get("Status")


def shown_notifications(driver):
    """The notifications the site's service worker shows now, as the page reads them."""
    return driver.execute_async_script(
        "const done = arguments[0]; navigator.serviceWorker.ready.then((r) => r.getNotifications())"
        ".then((list) => done(list.map((n) => ({title: n.title, body: n.body, tag: n.tag, actions: n.actions.map((a) => a.title)}))));")


def save_phone_screenshot(driver, name):
    """Saves a screenshot to test-artifacts/ (the README's copies in docs/screenshots/ were taken from this test)."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    driver.save_screenshot(os.path.join(ARTIFACTS, name))


def test_a_managers_tap_on_yes_answers_the_agent_and_its_page_moves_on():
    """A manager's phone (390×844, touch): the pushed question is shown with Yes and No; a tap on Yes, run by sw.js's
    `notificationclick` listener, types `y` into the agent, and the agent's page, open meanwhile, drops the question and
    shows the agent at work. The same notice again is refused, from the page's list and from a tap alike."""
    stand_in = PushServiceStandIn()
    server = workspace_server("orc-e2e-pushui-", ORCHESTRATOR_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
    driver = None
    try:
        driver = phone()
        # The manager's phone subscribes from Python with her token: Chromium's pushManager.subscribe needs a real push
        # service (FCM) to hand out an endpoint, which this offline machine cannot reach; the stand-in takes its place
        # and the push is handed to the browser's worker below.
        admin, manager, phone_keys = subscribed_manager(server, stand_in, "phone")
        create_project(server, admin, "asks", "bash -c 'read -p \"Ship the release? (y/n) \" a; echo \"answer=$a\" >> answered; "
                                              "echo \"Shipping the release now.\"; while sleep 1; do printf .; done'")
        pushed = eventually(lambda: stand_in.to("phone"), 40)
        assert pushed, "the server pushed the question"
        payload = phone_keys.decrypt(pushed[0]["body"])
        assert payload["action_token"] and [action["title"] for action in payload["actions"]] == ["Yes", "No"], payload

        # The manager's signed-in phone with its service worker, notifications allowed.
        sign_in(driver, server, "mona", "manager-pass-1")
        devtools = DevTools(driver)
        devtools.send("Browser.grantPermissions", {"permissions": ["notifications"], "origin": server.base})
        driver.get(server.base + "/account/notifications")
        assert driver.execute_async_script(
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
        devtools.send("BackgroundService.startObserving", {"service": "pushMessaging"}, session=session)
        devtools.send("BackgroundService.setRecording", {"shouldRecord": True, "service": "pushMessaging"}, session=session)

        # The push arrives: the notification shows the question with Yes and No.
        assert push(devtools, session, server.base, registration_id, payload) == "Success"
        shown = shown_notifications(driver)
        assert shown, [e for e in devtools.events if "Registration" not in e.get("method", "")][-6:]
        assert shown[0]["title"] == payload["title"] and "Ship the release?" in shown[0]["body"], shown
        assert shown[0]["tag"] == payload["tag"] and shown[0]["actions"] == ["Yes", "No"], shown
        # The worker itself, where the tap is run below (attached to, it stays running until then).
        worker = eventually(lambda: next((t for t in devtools.send("Target.getTargets")["targetInfos"]
                                          if t["type"] == "service_worker" and t["url"] == server.base + "/sw.js"), None), 10)
        assert worker, devtools.send("Target.getTargets")["targetInfos"]
        worker_session = devtools.send("Target.attachToTarget", {"targetId": worker["targetId"], "flatten": True})["sessionId"]
        driver.get(server.base + "/account/notifications")
        card = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-shown-notification]"))
        assert "Ship the release?" in card.text and [b.text for b in card.find_elements(By.CSS_SELECTOR, "button")] == ["Yes", "No"]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", card)
        save_phone_screenshot(driver, "phone-notification.png")

        # The agent's page, open on the phone: it waits on the question.
        driver.get(server.base + payload["url"])
        state = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-agent-page] [data-field=state]"))
        assert state.text == "waiting"
        assert "Ship the release?" in driver.find_element(By.CSS_SELECTOR, "[data-field=prompt-text]").text

        # Tap on Yes: sw.js's listener answers with the token; the notification is closed, no page needs opening.
        tapped = in_worker(devtools, worker_session, TAP, payload["tag"], 0)
        assert tapped == {"actions": ["Yes", "No"], "results": [200], "left": 0}, tapped
        worktree = call(server, "GET", "/api/v1/projects/asks", token=manager)["agents"][0]["worktree_path"]
        assert eventually(lambda: os.path.exists(os.path.join(worktree, "answered")), 10)
        assert open(os.path.join(worktree, "answered")).read() == "answer=y\n"
        # The page moves on by itself: no longer waiting, the question and its buttons gone, the agent's next line shown.
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-field=state]").text not in ("", "waiting"))
        WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-agent-page] .prompt-box"))
        WebDriverWait(driver, 10).until(lambda d: "Shipping the release now." in d.find_element(By.CSS_SELECTOR, "[data-field=screen]").text)
        # Answered in its first seconds, the agent is first shown "starting" again (the server's startup grace); then at work.
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-field=state]").text == "active")
        save_phone_screenshot(driver, "phone-notification-answered.png")
        assert len(driver.window_handles) == 1, "a tap the server took opens no page"

        # The same notice again: its token is spent, the server refuses, nothing more reaches the agent.
        assert push(devtools, session, server.base, registration_id, payload) == "Success"
        driver.get(server.base + "/account/notifications")
        button = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-shown-notification] button"))
        assert button.text == "Yes" and button.size["height"] >= 44
        button.click()
        WebDriverWait(driver, 10).until(lambda d: "already answered" in d.find_element(By.CSS_SELECTOR, "[data-push-status]").text)
        # Still shown (the page closes a notification only once answered): a tap on it is refused by the server too.
        tapped = in_worker(devtools, worker_session, TAP, payload["tag"], 0)
        assert tapped and tapped["results"] == [409] and tapped["left"] == 0, tapped
        time.sleep(1)
        assert open(os.path.join(worktree, "answered")).read() == "answer=y\n"
        assert not [entry for entry in console_errors(driver) if "409" not in entry["message"]], console_errors(driver)
        devtools.socket.close()
    finally:
        if driver:
            driver.quit()
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
