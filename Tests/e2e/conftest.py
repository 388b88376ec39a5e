"""Fixtures for the browser tests: a real server process on a scratch data dir and headless Chromium."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("ORCHESTRATOR_BINARY", os.path.join(ROOT, ".build/debug/orchestrator"))
ARTIFACTS = os.path.join(ROOT, "test-artifacts")
ADMIN_PASSWORD = "e2e-admin-password"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, **extra_env):
        self.data = tempfile.mkdtemp(prefix="orc-e2e-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, ORCHESTRATOR_DATA_DIR=self.data, ORCHESTRATOR_PORT=str(self.port),
                        ORCHESTRATOR_ADMIN_PASSWORD=ADMIN_PASSWORD, ORCHESTRATOR_BCRYPT_COST="4",
                        ORCHESTRATOR_TMUX_SOCKET=f"orc-e2e-{self.port}", **extra_env)
        self.restart()

    def restart(self):
        """Starts the server process (again) on the same data dir and port, and waits until it answers."""
        self.log_path = os.path.join(self.data, "server.log")
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen([BINARY, "serve"], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(self.base + "/api/v1/system/health", timeout=1)
                break
            except OSError:
                if time.time() > deadline or self.process.poll() is not None:
                    raise RuntimeError("server did not start")
                time.sleep(0.2)

    def cli(self, *args):
        subprocess.run([BINARY, *args, "--data-dir", self.data], cwd=ROOT, env=self.env, check=True,
                       stdout=subprocess.DEVNULL)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        subprocess.run(["tmux", "-L", self.env["ORCHESTRATOR_TMUX_SOCKET"], "kill-server"], stderr=subprocess.DEVNULL)
        shutil.rmtree(self.data, ignore_errors=True)


def workspace_server(prefix, home=False, **extra_env):
    """A server of its own with a workspace root (and, with `home`, a fresh HOME: a user the agents have never
    run for); returns it with `.workspace` and `.home` set. Stop it with `stop_workspace_server`."""
    workspace = os.path.realpath(tempfile.mkdtemp(prefix=prefix))
    env = dict(ORCHESTRATOR_WORKSPACE_ROOTS=workspace, **extra_env)
    if home:
        env["HOME"] = os.path.join(workspace, "home")
        os.makedirs(env["HOME"])
    running = Server(**env)
    running.workspace = workspace
    running.home = env.get("HOME")
    return running


def stop_workspace_server(running):
    running.stop()
    shutil.rmtree(running.workspace, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    running = Server()
    yield running
    running.stop()


@pytest.fixture()
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,860"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    os.makedirs(ARTIFACTS, exist_ok=True)
    yield driver
    driver.quit()


def console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
