"""SSH hosts from the outside, against real sshd servers in network namespaces (`ssh_hosts.py`: each its own address,
user and home; nothing leaves the machine): an admin adds a host, its keys are pinned (the fingerprints answered equal
the host's own; a wrong expected one is refused and nothing is stored), a login is tried (an unreachable host is
refused, nothing stored), health says tmux, git, load and memory; a cut link shows the host unreachable and it comes
back; a host whose key changed is refused with the reason until an admin trusts the new key; bad fields and other roles
are refused; removing forgets the keys."""
import json
import os

import pytest

from api import call, eventually, login
from conftest import stop_workspace_server, workspace_server
from ssh_hosts import ssh_hosts


def field_names(answer):
    return [item["field"] for item in answer.get("error", {}).get("details", {}).get("fields", [])]


@pytest.fixture(scope="module")
def setup():
    with ssh_hosts(2) as hosts:
        server = workspace_server("orc-e2e-hosts-")
        try:
            admin = login(server)
            call(server, "POST", "/api/v1/users", {"username": "mona", "password": "mona-pass-1", "role": "manager"}, admin)
            yield {"server": server, "admin": admin, "mona": login(server, "mona", "mona-pass-1"), "hosts": hosts}
        finally:
            stop_workspace_server(server)


def body(host, name, **extra):
    return {"name": name, "ssh": host.ssh, "identity_file": host.identity_file, "workspace_root": host.home + "/work", **extra}


def system_events(server, token):
    """Every stored event as the system stream replays it."""
    import websocket

    stream = websocket.create_connection(f"ws://127.0.0.1:{server.port}/ws/system?since=0&token={token}", timeout=10,
                                         origin=server.base)
    events = []
    try:
        stream.settimeout(1.5)
        while True:
            try:
                events.append(json.loads(stream.recv()))
            except websocket.WebSocketTimeoutException:
                return [{**event, "data": event["data"] if isinstance(event["data"], dict) else json.loads(event["data"])} for event in events]
    finally:
        stream.close()


def known_hosts(server):
    path = os.path.join(server.data, "ssh", "known_hosts")
    return open(path).read() if os.path.exists(path) else ""


def test_bad_hosts_are_refused_by_field_and_store_nothing(setup):
    server, admin, mona, host = setup["server"], setup["admin"], setup["mona"], setup["hosts"][0]
    code, _ = call(server, "POST", "/api/v1/hosts", body(host, "box-x"), mona, expect="status")
    assert code == 403, "hosts are an admin's"
    code, _ = call(server, "GET", "/api/v1/hosts", token=mona, expect="status")
    assert code == 403
    for bad, field in [({"name": "local"}, "name"), ({"name": "Box 1"}, "name"), ({"ssh": "-oProxyCommand=touch /tmp/orc-pwned@h"}, "ssh"),
                       ({"ssh": f"{host.user}@{host.address}:0"}, "ssh"), ({"ssh": f"{host.user}@{host.address};id"}, "ssh"),
                       ({"identity_file": "relative/key"}, "identity_file"), ({"identity_file": "/nonexistent/key"}, "identity_file"),
                       ({"workspace_root": "work"}, "workspace_root"), ({"workspace_root": "/srv/../etc"}, "workspace_root"),
                       ({"max_agents": 0}, "max_agents"), ({"labels": ["GPU!"]}, "labels"), ({"host_key_fingerprint": "MD5:aa"}, "host_key_fingerprint")]:
        code, answer = call(server, "POST", "/api/v1/hosts", {**body(host, "box-x"), **bad}, admin, expect="status")
        assert code == 422 and field in field_names(answer), (bad, code, answer)
    # A fingerprint that is not the host's: refused after the scan, nothing pinned or stored.
    wrong = "SHA256:" + "A" * 43
    code, answer = call(server, "POST", "/api/v1/hosts", body(host, "box-x", host_key_fingerprint=wrong), admin, expect="status")
    assert code == 422 and "host_key_fingerprint" in field_names(answer) and host.host_key_fingerprints()[0] in json.dumps(answer), answer
    assert [item["name"] for item in call(server, "GET", "/api/v1/hosts", token=admin)["items"]] == ["local"]
    assert host.address not in known_hosts(server)
    assert not os.path.exists("/tmp/orc-pwned")


def test_a_host_is_pinned_checked_and_removed(setup):
    server, admin, host = setup["server"], setup["admin"], setup["hosts"][0]
    fingerprints = host.host_key_fingerprints()
    code, made = call(server, "POST", "/api/v1/hosts", body(host, "box-1", host_key_fingerprint=fingerprints[0], max_agents=4, labels=["fast"]),
                      admin, expect="status")
    assert code == 201, made
    assert sorted(made["fingerprints"]) == sorted(fingerprints), (made, fingerprints)
    health = made["health"]
    assert health["reachable"] and health["tmux_version"].startswith("tmux ") and health["git_version"].startswith("git version"), health
    assert len(health["load"]) == 3 and health["memory_available_bytes"] > 0 and health["agents_running"] == 0 and health["round_trip_ms"] > 0, health
    assert host.address in known_hosts(server)
    code, _ = call(server, "POST", "/api/v1/hosts", body(host, "box-1"), admin, expect="status")
    assert code == 409, "the name is taken"
    code, answer = call(server, "POST", "/api/v1/hosts", body(host, "box-1-again"), admin, expect="status")
    assert code == 409 and "box-1" in answer["error"]["message"], "one record per address: its keys are its own"

    listed = call(server, "GET", "/api/v1/hosts", token=admin)["items"]
    assert [item["name"] for item in listed] == ["local", "box-1"] and listed[1]["max_agents"] == 4 and listed[1]["labels"] == ["fast"]
    assert call(server, "GET", "/api/v1/hosts/local", token=admin)["health"]["reachable"]

    changed = call(server, "PATCH", "/api/v1/hosts/box-1", {"max_agents": 8, "labels": ["fast", "gpu"]}, admin)
    assert changed["max_agents"] == 8 and changed["labels"] == ["fast", "gpu"] and changed["ssh"] == host.ssh.removesuffix(":22")

    code, _ = call(server, "DELETE", "/api/v1/hosts/local", token=admin, expect="status")
    assert code == 409
    code, _ = call(server, "DELETE", "/api/v1/hosts/box-1", token=admin, expect="status")
    assert code == 204 and host.address not in known_hosts(server)
    assert [item["name"] for item in call(server, "GET", "/api/v1/hosts", token=admin)["items"]] == ["local"]


def test_an_unreachable_host_is_refused_and_a_cut_one_recovers(setup):
    server, admin, host = setup["server"], setup["admin"], setup["hosts"][1]
    host.cut()
    try:
        code, answer = call(server, "POST", "/api/v1/hosts", body(host, "box-2"), admin, expect="status")
        assert code == 409 and answer["error"]["code"] == "host_unreachable", answer
        assert [item["name"] for item in call(server, "GET", "/api/v1/hosts", token=admin)["items"]] == ["local"]
    finally:
        host.restore()
    assert call(server, "POST", "/api/v1/hosts", body(host, "box-2"), admin)["health"]["reachable"]
    host.cut()
    try:
        down = call(server, "GET", "/api/v1/hosts/box-2", token=admin)["health"]
        assert not down["reachable"] and down["error"], down
    finally:
        host.restore()
    assert eventually(lambda: call(server, "GET", "/api/v1/hosts/box-2", token=admin)["health"]["reachable"], 40)
    # Told once each way: a host_status event and a system alert.
    statuses = [event for event in system_events(server, admin) if event["type"] == "host_status"]
    assert [(item["data"]["host"], item["data"]["reachable"]) for item in statuses] == [("box-2", False), ("box-2", True)], statuses
    assert "unreachable since" in statuses[0]["data"]["message"], statuses
    alerts = [event["data"]["message"] for event in system_events(server, admin) if event["type"] == "system_alert"]
    assert any(message.startswith("Host box-2 unreachable since") for message in alerts), alerts


def test_a_changed_host_key_is_refused_until_trusted(setup):
    server, admin, host = setup["server"], setup["admin"], setup["hosts"][1]
    if not any(item["name"] == "box-2" for item in call(server, "GET", "/api/v1/hosts", token=admin)["items"]):
        call(server, "POST", "/api/v1/hosts", body(host, "box-2"), admin)
    before = host.log()
    new = host.change_host_key()
    host.stop(sessions=True)  # a reinstalled machine: open connections die with the old key
    host.start()
    refused = call(server, "GET", "/api/v1/hosts/box-2", token=admin)["health"]
    assert not refused["reachable"] and "key" in refused["error"] and "refused" in refused["error"], refused
    assert "Accepted publickey" not in host.log()[len(before):], "no login happened with the changed key"
    code, answer = call(server, "POST", "/api/v1/hosts/box-2/trust", {"host_key_fingerprint": "SHA256:" + "B" * 43}, admin, expect="status")
    assert code == 422, answer
    trusted = call(server, "POST", "/api/v1/hosts/box-2/trust", {"host_key_fingerprint": new[0]}, admin)
    assert sorted(trusted["fingerprints"]) == sorted(new) and trusted["health"]["reachable"], trusted


def test_the_hosts_page_adds_checks_and_removes_a_host(setup):
    """The admin's hosts page in Chromium at phone width: the form adds a host (its fingerprint shown), each host's
    health and "Check now", a refusal in words, and Remove; managers do not get the page."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from conftest import ADMIN_PASSWORD, ARTIFACTS, console_errors
    from test_dashboard import sign_in
    from test_layout import OVERFLOW, chromium

    server, admin, host = setup["server"], setup["admin"], setup["hosts"][0]

    def shown(role, words):
        """Waits for the page the form led to, showing `words` in its notice (status) or problem (alert)."""
        def found(d):
            try:
                return words in " ".join(item.text for item in d.find_elements(By.CSS_SELECTOR, f"[role={role}]"))
            except WebDriverException:
                return False  # the old page's elements, gone while the next one loads
        return WebDriverWait(driver, 15).until(found)

    driver = chromium(390, 844, True)
    try:
        sign_in(driver, server, "admin", ADMIN_PASSWORD)
        driver.get(f"{server.base}/admin/hosts")
        form = driver.find_element(By.CSS_SELECTOR, "form[action='/admin/hosts']")
        for name, value in [("name", "page-box"), ("ssh", host.ssh), ("identity_file", host.identity_file), ("workspace_root", host.home + "/work"),
                            ("labels", "fast")]:
            form.find_element(By.NAME, name).send_keys(value)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        assert shown("status", "Host page-box added")
        row = driver.find_element(By.CSS_SELECTOR, "tr[data-host='page-box']")
        assert host.host_key_fingerprints()[0] in row.text and row.find_element(By.CSS_SELECTOR, "[data-host-state]").text == "reachable", row.text
        assert "tmux" in row.find_element(By.CSS_SELECTOR, "[data-host-facts]").text
        measured = driver.execute_script(OVERFLOW)
        assert measured["scroll"] <= measured["width"] and not measured["found"], measured
        driver.save_screenshot(os.path.join(ARTIFACTS, "hosts-page.png"))
        row.find_element(By.XPATH, ".//button[text()='Check now']").click()
        assert shown("status", "page-box answered in")
        # The same name again: refused, in words.
        form = driver.find_element(By.CSS_SELECTOR, "form[action='/admin/hosts']")
        for name, value in [("name", "page-box"), ("ssh", host.ssh), ("workspace_root", "/srv/work")]:
            form.find_element(By.NAME, name).send_keys(value)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        assert shown("alert", "exists already")
        driver.find_element(By.CSS_SELECTOR, "tr[data-host='page-box']").find_element(By.XPATH, ".//button[text()='Remove']").click()
        driver.switch_to.alert.accept()
        assert shown("status", "removed")
        assert not driver.find_elements(By.CSS_SELECTOR, "tr[data-host='page-box']")
        assert console_errors(driver) == []
        driver.delete_all_cookies()
        sign_in(driver, server, "mona", "mona-pass-1")
        driver.get(f"{server.base}/admin/hosts")
        assert "Hosts and their health" not in driver.page_source
    finally:
        driver.quit()
