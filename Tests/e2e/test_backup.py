"""Backups of a running server, from the outside: `orchestrator backup` while 20 messages a second are being sent,
`orchestrator restore` into a fresh data directory (every message acknowledged before the backup started is in it),
refusals that change nothing, and the scheduled backups the API lists."""
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import time

from api import call, create_project, eventually, login, send
from conftest import BINARY, ROOT, stop_workspace_server, workspace_server


def cli(server, *args, data_dir=None):
    env = dict(server.env, ORCHESTRATOR_DATA_DIR=data_dir or server.data)
    return subprocess.run([BINARY, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def sha256(path):
    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def test_a_backup_taken_under_load_restores_every_acknowledged_message():
    server = workspace_server("orc-backup-", ORCHESTRATOR_BACKUP_INTERVAL_MINUTES="0.02", ORCHESTRATOR_BACKUP_KEEP="2")
    scratch = tempfile.mkdtemp(prefix="orc-backup-files-")
    try:
        token = login(server)
        create_project(server, token, "loaded", "bash")
        acknowledged = []  # (id, time the answer arrived)
        stop = threading.Event()

        def sender():
            n = 0
            while not stop.is_set():
                started = time.time()
                answer = send(server, token, "loaded", f"echo message {n}")
                acknowledged.append((answer["id"], time.time()))
                n += 1
                time.sleep(max(0, 0.05 - (time.time() - started)))  # 20 a second

        thread = threading.Thread(target=sender)
        thread.start()
        time.sleep(2)
        backup_started = time.time()
        taken = cli(server, "backup", "--to", os.path.join(scratch, "under-load.tar"))
        time.sleep(1)
        stop.set()
        thread.join()
        assert taken.returncode == 0, taken.stderr
        path = os.path.join(scratch, "under-load.tar")
        assert taken.stdout.startswith(f"Backup written: {path} (") and sha256(path) in taken.stdout, taken.stdout
        assert os.stat(path).st_mode & 0o777 == 0o600
        before = {message_id for message_id, at in acknowledged if at < backup_started}
        assert len(before) >= 30, f"the sender ran at load ({len(before)} messages before the backup)"

        # A restore into the running server's directory is refused and sets nothing aside.
        refused = cli(server, "restore", "--from", path)
        assert refused.returncode != 0 and "is in use (a server, pid" in refused.stderr, refused.stderr
        assert not [name for name in os.listdir(server.data) if name.startswith(("replaced-", ".restore-"))]

        fresh = os.path.join(scratch, "fresh")
        restored = cli(server, "restore", "--from", path, "--sha256", sha256(path), data_dir=fresh)
        assert restored.returncode == 0, restored.stderr
        assert "1 projects" in restored.stdout and "messages" in restored.stdout, restored.stdout
        database = sqlite3.connect(os.path.join(fresh, "orchestrator.sqlite"))
        assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in database.execute("SELECT id FROM message WHERE project_id = 'loaded'")}
        database.close()
        missing = before - stored
        assert not missing, f"{len(missing)} acknowledged messages are not in the backup"
        for name in ["jwt-keys.json", "csrf-secret"]:
            assert sha256(os.path.join(fresh, name)) == sha256(os.path.join(server.data, name))

        # A damaged copy and a foreign file are refused with the reason; the restored directory is untouched.
        damaged = os.path.join(scratch, "damaged.tar")
        with open(path, "rb") as original:
            data = bytearray(original.read())
        data[len(data) // 2] ^= 0xFF
        with open(damaged, "wb") as file:
            file.write(data)
        kept = sha256(os.path.join(fresh, "orchestrator.sqlite"))
        for bad, reason in [(damaged, "damaged"), (os.path.join(ROOT, "README.md"), "not an orchestrator backup")]:
            answer = cli(server, "restore", "--from", bad, data_dir=fresh)
            assert answer.returncode != 0 and reason in answer.stderr, (bad, answer.stderr)
        wrong = cli(server, "restore", "--from", path, "--sha256", "0" * 64, data_dir=fresh)
        assert wrong.returncode != 0 and "does not match its checksum" in wrong.stderr
        assert sha256(os.path.join(fresh, "orchestrator.sqlite")) == kept

        # The restored directory runs: the same admin signs in and sees the project with its messages.
        copy = workspace_server("orc-backup-restored-")
        try:
            copy.process.terminate()
            copy.process.wait(timeout=15)
            shutil.rmtree(copy.data)
            shutil.copytree(fresh, copy.data)
            copy.restart()
            restored_token = login(copy)
            projects = call(copy, "GET", "/api/v1/projects", token=restored_token)
            assert [project["id"] for project in projects["items"]] == ["loaded"], projects
            messages = call(copy, "GET", "/api/v1/projects/loaded/messages?limit=200", token=restored_token)
            assert messages, "the history came back"
        finally:
            stop_workspace_server(copy)

        # Scheduled backups every 1.2 s, the newest two kept, each with its checksum.
        listed = eventually(lambda: (lambda answer: answer if len(answer["backups"]) == 2 else None)(
            call(server, "GET", "/api/v1/system/backups", token=token)), 30)
        assert listed and listed["keep"] == 2 and listed.get("last_error") is None, listed
        for backup in listed["backups"]:
            try:  # a file appears whole (renamed into place) and never changes; the next backup may prune it
                assert sha256(backup["path"]) == backup["sha256"], backup
            except FileNotFoundError:
                pass
        assert len([name for name in os.listdir(os.path.join(server.data, "backups")) if name.endswith(".tar")]) <= 3
    finally:
        stop_workspace_server(server)
        shutil.rmtree(scratch, ignore_errors=True)
