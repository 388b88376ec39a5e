#!/usr/bin/env python3
"""Starts the server on a scratch data dir, signs in with headless Chromium and saves screenshots of the main pages.

Usage: scripts/screenshots.py [BINARY] [OUT_DIR]   (defaults: .build/debug/orchestrator, docs/screenshots)
Needs Debian's chromium and chromium-driver and `pip install selenium`.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/orchestrator")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "docs/screenshots")
PORT = 8765
PASSWORD = "screenshot-admin-1"


def main():
    data = tempfile.mkdtemp(prefix="orc-shots-")
    env = dict(os.environ, ORCHESTRATOR_DATA_DIR=data, ORCHESTRATOR_PORT=str(PORT), ORCHESTRATOR_ADMIN_PASSWORD=PASSWORD,
               ORCHESTRATOR_BCRYPT_COST="4")
    server = subprocess.Popen([BINARY, "serve"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{PORT}/api/v1/system/health")
        for name, role in [("dana", "manager"), ("vic", "viewer")]:
            subprocess.run([BINARY, "user", "add", name, "--role", role, "--password", "password-123", "--data-dir", data],
                           cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([BINARY, "apikey", "create", "--name", "nightly CI", "--role", "viewer", "--data-dir", data],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium")
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,860"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        try:
            base = f"http://127.0.0.1:{PORT}"
            driver.get(base + "/")
            driver.save_screenshot(os.path.join(OUT, "login.png"))
            driver.find_element(By.NAME, "username").send_keys("admin")
            driver.find_element(By.NAME, "password").send_keys(PASSWORD)
            driver.find_element(By.CSS_SELECTOR, "button[type=submit].primary").click()
            time.sleep(0.5)
            driver.save_screenshot(os.path.join(OUT, "overview.png"))
            driver.get(base + "/admin/users")
            time.sleep(0.3)
            driver.save_screenshot(os.path.join(OUT, "admin-users.png"))
            errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
            if errors:
                print("browser console errors:", errors)
                sys.exit(1)
        finally:
            driver.quit()
        print("saved screenshots to", OUT)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(data, ignore_errors=True)


def wait_for(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer at {url}")


if __name__ == "__main__":
    main()
