"""The pages in a real browser: sign in through the form, admin page, viewer read-only, no console errors."""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ADMIN_PASSWORD, ARTIFACTS, console_errors


def sign_in(browser, server, username, password, start="/"):
    browser.get(server.base + start)
    assert "/login" in browser.current_url
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]"))


def submit(browser, button):
    """Clicks a submit button and waits until the next page has replaced this one."""
    old_page = browser.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(browser, 10).until(lambda driver: is_stale(old_page))


def is_stale(element):
    try:
        element.tag_name
        return False
    except Exception:
        return True


def test_admin_signs_in_and_manages_users(browser, server):
    sign_in(browser, server, "admin", ADMIN_PASSWORD, start="/admin/users")
    assert browser.current_url.endswith("/admin/users"), "login returns to the page first asked for"
    assert browser.find_element(By.CSS_SELECTOR, ".whoami").text.startswith("admin")

    form = browser.find_element(By.CSS_SELECTOR, "form[action='/admin/users']")
    form.find_element(By.NAME, "username").send_keys("e2e-manager")
    form.find_element(By.NAME, "password").send_keys("password-123")
    form.find_element(By.CSS_SELECTOR, "select[name=role] option[value=manager]").click()
    submit(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert "User created." in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, "tr[data-username='e2e-manager']")

    key_form = browser.find_element(By.CSS_SELECTOR, "form[action='/admin/api-keys']")
    key_form.find_element(By.NAME, "name").send_keys("e2e key")
    submit(browser, key_form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    secret = browser.find_element(By.ID, "new-key-secret").text
    assert secret.startswith("orc_")
    browser.save_screenshot(os.path.join(ARTIFACTS, "admin-users.png"))
    assert console_errors(browser) == []


def test_wrong_password_is_shown_on_the_form(browser, server):
    sign_in(browser, server, "admin", "not-the-password")
    assert "Invalid username or password" in browser.find_element(By.CSS_SELECTOR, ".alert-error").text
    assert "/login" in browser.current_url or browser.title.startswith("Sign in")


def test_viewer_sees_no_admin_controls_and_is_refused(browser, server):
    server.cli("user", "add", "e2e-viewer", "--role", "viewer", "--password", "password-123")
    sign_in(browser, server, "e2e-viewer", "password-123")
    assert "Projects" in browser.find_element(By.TAG_NAME, "h1").text
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href='/admin/users']")
    assert "Ask a manager" in browser.page_source
    browser.get(server.base + "/admin/users")
    assert "Not allowed" in browser.page_source
    assert not browser.find_elements(By.CSS_SELECTOR, "form[action='/admin/users']")
    browser.save_screenshot(os.path.join(ARTIFACTS, "viewer-refused.png"))


def test_sign_out_returns_to_the_login_page(browser, server):
    sign_in(browser, server, "admin", ADMIN_PASSWORD)
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button"))
    assert "/login" in browser.current_url
    browser.get(server.base + "/")
    assert "/login" in browser.current_url
