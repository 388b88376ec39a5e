#!/usr/bin/env python3
"""How long `orchestrator backup` and `orchestrator restore` take on a large database, with the server running.

Starts the real server binary on a scratch data dir and a private tmux socket (scheduled backups off), creates one
project with one agent, then fills the live database with --messages messages of --size bytes each (copies of the
project's first message, written with Python's sqlite3 beside the running server). Then it times --rounds runs of
`orchestrator backup --to FILE` against the running server (the online copy) and of `orchestrator restore --from FILE`
into a fresh directory, and reports the medians, the database and backup sizes and the copy rate.

Usage: benchmarks/backup_restore.py [--messages 200000] [--size 400] [--rounds 5] [--binary .build/release/orchestrator]
"""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import ROOT, running_server  # noqa: E402


def timed(command, env):
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
    return elapsed, done.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--size", type=int, default=400, help="bytes of content per message")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/orchestrator"))
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="orc-backupbench-")
    try:
        with running_server(args.binary, prefix="orc-backupbench-", ORCHESTRATOR_BACKUP_INTERVAL_MINUTES="0") as server:
            server.call("POST", "/api/v1/projects", {"name": "Big", "project_path": os.path.join(server.workspace, "big"),
                                                     "spec_content": "x", "size": "small", "agent_command": "sleep 100000"})
            database_path = os.path.join(server.data, "orchestrator.sqlite")
            database = sqlite3.connect(database_path, timeout=30)
            columns = [row[1] for row in database.execute("PRAGMA table_info(message)") if row[1] != "id"]
            template = database.execute(f"SELECT {', '.join(columns)} FROM message LIMIT 1").fetchone()
            if template is None:
                raise SystemExit("the project has no message to copy")
            content = columns.index("content")
            filler = "x" * args.size
            started = time.perf_counter()
            for first in range(0, args.messages, 10_000):
                rows = []
                for n in range(first, min(first + 10_000, args.messages)):
                    row = list(template)
                    row[content] = f"{n} {filler}"
                    rows.append(row)
                database.executemany(f"INSERT INTO message ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)
                database.commit()
            database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            database.close()
            print(f"filled {args.messages} messages in {time.perf_counter() - started:.1f} s; "
                  f"database {os.path.getsize(database_path) / 2**20:.1f} MiB")

            env = dict(os.environ, ORCHESTRATOR_DATA_DIR=server.data)
            backups, restores, size = [], [], 0
            for round_number in range(args.rounds):
                target = os.path.join(scratch, f"backup-{round_number}.tar")
                elapsed, _ = timed([args.binary, "backup", "--to", target], env)
                backups.append(elapsed)
                size = os.path.getsize(target)
                fresh = os.path.join(scratch, f"fresh-{round_number}")
                elapsed, _ = timed([args.binary, "restore", "--from", target], dict(env, ORCHESTRATOR_DATA_DIR=fresh))
                restores.append(elapsed)
                shutil.rmtree(fresh)
                os.remove(target)
            backup_median, restore_median = statistics.median(backups), statistics.median(restores)
            print(f"backup file {size / 2**20:.1f} MiB")
            print("| step | median | min | max | rate |")
            print("| --- | --- | --- | --- | --- |")
            for name, values, median in [("backup (server running)", backups, backup_median), ("restore (verified)", restores, restore_median)]:
                print(f"| {name} | {median:.2f} s | {min(values):.2f} s | {max(values):.2f} s | {size / 2**20 / median:.0f} MiB/s |")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
