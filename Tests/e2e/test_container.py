"""The container image, built and run with podman: it answers its health check, keeps its state in the /data
volume across a stop and start, runs a shell agent inside the container and delivers messages to it, and a backup
taken while it runs restores into a fresh volume that a new container serves with the same users and projects.

The image is built by scripts/build-image (from ORCHESTRATOR_STATIC_BINARY when set). Podman uses the repository's
deploy/podman/containers.conf unless CONTAINERS_CONF names another. Every container and volume made here is
removed at the end, whatever happened."""
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
import uuid
from types import SimpleNamespace

import pytest

from api import call, eventually
from conftest import ARTIFACTS, ROOT

IMAGE = "tmux-orchestrator:latest"
ENV = dict(os.environ, CONTAINERS_CONF=os.environ.get("CONTAINERS_CONF") or os.path.join(ROOT, "deploy/podman/containers.conf"))
PROJECT = "shell-in-container"
# Agents are contained where the host lets the container make user namespaces: podman hides parts of /proc from
# containers, and bubblewrap cannot mount a /proc of its own over a masked one.
RUN_OPTIONS = ["--security-opt", "unmask=/proc/*"]


def podman(*args, check=True, timeout=120):
    result = subprocess.run(["podman", *args], env=ENV, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"podman {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def answers(base):
    try:
        urllib.request.urlopen(base + "/api/v1/system/health", timeout=1)
        return True
    except OSError:
        return False


class Deployment:
    """The containers and volumes of one run, under names of their own; `remove()` takes them all away."""

    def __init__(self):
        self.prefix = f"orc-e2e-{uuid.uuid4().hex[:8]}"
        self.containers, self.volumes = [], []
        self.scratch = tempfile.mkdtemp(prefix="orc-e2e-container-")

    def start(self, name, volume, *environment):
        """Runs the image as `name` on `volume` with a loopback port; returns a handle with `.base`."""
        container, volume = f"{self.prefix}-{name}", f"{self.prefix}-{volume}"
        self.containers.append(container)
        if volume not in self.volumes:
            self.volumes.append(volume)
        settings = [option for pair in environment for option in ("-e", pair)]
        podman("run", "-d", "--name", container, "-p", "127.0.0.1::8000", "-v", f"{volume}:/data", *RUN_OPTIONS, *settings, IMAGE)
        return self.wait(SimpleNamespace(name=container, volume=volume))

    def wait(self, running):
        """Waits until the container's server answers on its published port (found again after each start)."""
        def published():
            line = podman("port", running.name, "8000/tcp", check=False).stdout.strip().splitlines()
            return line[0] if line else None
        address = eventually(published, 30, 0.2)
        assert address, f"no published port for {running.name}:\n{self.logs(running)}"
        running.base = "http://" + address.replace("0.0.0.0", "127.0.0.1")
        assert eventually(lambda: answers(running.base), 60, 0.2), f"{running.name} does not answer:\n{self.logs(running)}"
        return running

    def logs(self, running):
        result = podman("logs", running.name, check=False)
        return result.stdout + result.stderr

    def remove(self):
        os.makedirs(ARTIFACTS, exist_ok=True)
        for container in self.containers:
            logs = podman("logs", container, check=False)
            with open(os.path.join(ARTIFACTS, f"container-{container.removeprefix(self.prefix + '-')}.log"), "w") as f:
                f.write(logs.stdout + logs.stderr)
            podman("rm", "--force", "--time", "5", container, check=False)
        for volume in self.volumes:
            podman("volume", "rm", "--force", volume, check=False)
        shutil.rmtree(self.scratch, ignore_errors=True)


@pytest.fixture(scope="module")
def deployment():
    started = time.time()
    build = subprocess.run([os.path.join(ROOT, "scripts/build-image")], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=3600)
    assert build.returncode == 0, f"scripts/build-image failed:\n{build.stdout[-4000:]}\n{build.stderr[-4000:]}"
    lines = build.stdout.strip().splitlines()
    print(f"\nscripts/build-image took {time.time() - started:.0f} s:", *[line for line in lines if line.startswith(("Made ", "Built "))], lines[-1], sep="\n  ")
    made = Deployment()
    try:
        yield made
    finally:
        made.remove()


def healthy(running):
    podman("healthcheck", "run", running.name, check=False)
    return podman("inspect", "--format", "{{.State.Health.Status}}", running.name).stdout.strip() == "healthy"


def messages(running, token):
    return call(running, "GET", f"/api/v1/projects/{PROJECT}/messages?limit=200", token=token)


def agent_status(running, token):
    return call(running, "GET", f"/api/v1/projects/{PROJECT}/agents/developer/status", token=token)


def deliver(deployment, running, token, word):
    """Sends the shell agent a command that writes `word` into a file of its worktree; returns the message once
    delivered, and the file as the container sees it."""
    sent = call(running, "POST", f"/api/v1/projects/{PROJECT}/messages",
                {"target_agent": "developer", "content": f"echo {word}-$((6*7)) > {word}.txt"}, token)
    delivered = eventually(lambda: next((m for m in messages(running, token) if m["id"] == sent["id"] and m["status"] == "delivered"), None), 30, 0.2)
    assert delivered, f"message {sent['id']} not delivered: {messages(running, token)}"
    worktree = agent_status(running, token)["worktree_path"]
    read = lambda: podman("exec", running.name, "cat", f"{worktree}/{word}.txt", check=False).stdout.strip()
    assert eventually(lambda: read() == f"{word}-42", 15, 0.2), f"the agent did not run it: {read()!r}"
    return delivered


def test_the_image_serves_runs_agents_and_keeps_its_state_across_a_restart(deployment):
    first = deployment.start("first", "data")
    assert eventually(lambda: healthy(first), 60, 1), f"health status: {podman('inspect', '--format', '{{json .State.Health}}', first.name).stdout}"

    # No password configured: the first start generates one, prints it once and keeps it (0600) in the volume.
    logs = deployment.logs(first)
    printed = re.search(r"generated password:\s+(\S+)", logs)
    assert printed, logs
    saved = podman("exec", first.name, "cat", "/data/initial-admin-password").stdout.strip()
    assert saved == printed.group(1)
    assert podman("exec", first.name, "stat", "-c", "%a %u", "/data/initial-admin-password").stdout.split() == ["600", "1000"]
    deployment.password = saved
    token = call(first, "POST", "/auth/login", {"username": "admin", "password": saved})["access_token"]
    assert call(first, "GET", "/api/v1/me", token=token)["username"] == "admin"

    # A project made inside the container, under its workspace root, with a shell for its agent.
    project = call(first, "POST", "/api/v1/projects", {
        "name": PROJECT, "project_path": f"/data/workspace/{PROJECT}", "spec_content": "# In a container\nRun what you are sent.",
        "agent_command": "bash", "team_composition": ["developer"]}, token)
    assert project["id"] == PROJECT
    assert eventually(lambda: agent_status(first, token)["status"] in ("idle", "active"), 30, 0.2), agent_status(first, token)
    print(f"agent contained: {agent_status(first, token)['contained']}")
    deliver(deployment, first, token, "before")

    # Stopped (SIGTERM through tini: a clean exit) and started again: the same volume, the same state.
    podman("stop", "--time", "30", first.name)
    assert podman("inspect", "--format", "{{.State.ExitCode}}", first.name).stdout.strip() == "0", deployment.logs(first)
    podman("start", first.name)
    deployment.wait(first)
    assert call(first, "GET", "/api/v1/me", token=token)["username"] == "admin", "the signing keys survived: the old token works"
    token = call(first, "POST", "/auth/login", {"username": "admin", "password": saved})["access_token"]
    assert "admin" in [user["username"] for user in call(first, "GET", "/api/v1/users", token=token)]
    assert PROJECT in [item["id"] for item in call(first, "GET", "/api/v1/projects", token=token)["items"]]
    history = messages(first, token)
    assert [m["status"] for m in history if m["content"].startswith("echo before-")] == ["delivered"], history

    # tmux ended with the container: the agent is started again by pausing and resuming its project.
    if agent_status(first, token)["status"] not in ("idle", "active"):
        call(first, "POST", f"/api/v1/projects/{PROJECT}/pause", {}, token)
        call(first, "POST", f"/api/v1/projects/{PROJECT}/resume", {}, token)
    assert eventually(lambda: agent_status(first, token)["status"] in ("idle", "active"), 30, 0.2), agent_status(first, token)
    deliver(deployment, first, token, "after")
    deployment.first, deployment.token = first, token


def test_a_backup_taken_while_serving_restores_into_a_fresh_volume(deployment):
    first = getattr(deployment, "first", None)
    assert first, "needs the container and project of the test before"

    made = podman("exec", first.name, "orchestrator", "backup", "--to", "/data/backup.tar", check=False)
    assert made.returncode == 0, made.stdout + made.stderr
    digest = re.search(r"\b[0-9a-f]{64}\b", made.stdout + made.stderr)
    assert digest, f"no sha256 in: {made.stdout}{made.stderr}"
    assert podman("exec", first.name, "stat", "-c", "%a", "/data/backup.tar").stdout.strip() == "600"
    refused = podman("exec", first.name, "orchestrator", "restore", "--from", "/data/backup.tar", check=False)
    assert refused.returncode != 0, "restore must refuse a data directory a server is using"

    folder = os.path.join(deployment.scratch, "backup")
    os.makedirs(folder)
    copy = os.path.join(folder, "backup.tar")
    podman("cp", f"{first.name}:/data/backup.tar", copy)
    with open(copy, "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == digest.group(0), "the copy is the file the backup described"
    # The container's user (uid 1000) reads it through the read-only mount.
    os.chmod(deployment.scratch, 0o755)
    os.chmod(folder, 0o755)
    os.chmod(copy, 0o644)

    fresh = f"{deployment.prefix}-fresh"
    deployment.volumes.append(fresh)
    restored = podman("run", "--rm", "-v", f"{fresh}:/data", "-v", f"{folder}:/backup:ro", IMAGE,
                      "orchestrator", "restore", "--from", "/backup/backup.tar", check=False)
    assert restored.returncode == 0, restored.stdout + restored.stderr

    second = deployment.start("second", "fresh")
    assert eventually(lambda: healthy(second), 60, 1)
    assert call(second, "GET", "/api/v1/me", token=deployment.token)["username"] == "admin", "the same signing keys"
    token = call(second, "POST", "/auth/login", {"username": "admin", "password": deployment.password})["access_token"]
    assert PROJECT in [item["id"] for item in call(second, "GET", "/api/v1/projects", token=token)["items"]]
    contents = [m["content"] for m in messages(second, token)]
    assert any(c.startswith("echo before-") for c in contents) and any(c.startswith("echo after-") for c in contents), contents
