"""The SSH hosts the tests of agents on SSH hosts run against (ssh_hosts.py): each answers with its own host key for a
user of its own whose shell finds tmux and git, keeps its files apart from the other's, times out when cut off and
answers again when restored, is refused by a client that knew its old key, and leaves nothing behind when closed."""
import os
import pwd
import subprocess
import time

from ssh_hosts import SSHHost, ssh_command, ssh_hosts, two_hosts  # noqa: F401 (two_hosts is a fixture)


def keyscan(host, path):
    """Writes a known_hosts file with the keys the host presents on the network."""
    scanned = subprocess.run(["ssh-keyscan", "-T", "5", "-p", str(host.port), host.address], capture_output=True,
                             text=True, timeout=15)
    assert scanned.stdout.strip(), scanned.stderr
    path.write_text(scanned.stdout)
    return str(path)


def strict(host, known_hosts, command, **options):
    """ssh to the host checking its key against `known_hosts` only."""
    return subprocess.run(host.ssh_command(command, known_hosts=known_hosts, **options), capture_output=True, text=True,
                          timeout=30)


def test_each_host_presents_its_own_key_to_its_own_user_whose_shell_finds_tmux_and_git(two_hosts, tmp_path):
    first, second = two_hosts
    assert first.address != second.address and first.user != second.user and first.home != second.home
    for host in two_hosts:
        assert host.ssh == f"{host.user}@{host.address}:22"
        known_hosts = keyscan(host, tmp_path / f"known_hosts_{host.user}")
        listed = subprocess.run(["ssh-keygen", "-lf", known_hosts], capture_output=True, text=True, check=True).stdout
        assert [line.split()[1] for line in listed.splitlines()] == host.host_key_fingerprints()
        assert host.host_key_fingerprints()[0].startswith("SHA256:")
        command = ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o",
                   f"UserKnownHostsFile={known_hosts}", "-i", host.identity_file, f"{host.user}@{host.address}",
                   "--", "tmux -V && git --version && whoami && echo ~"]
        answer = subprocess.run(command, capture_output=True, text=True, timeout=30)
        assert answer.returncode == 0, answer.stderr + host.log()
        lines = answer.stdout.splitlines()
        assert lines[0].startswith("tmux ") and lines[1].startswith("git version")
        assert lines[2:] == [host.user, host.home]
    # Each host's key is its own: the first one's known_hosts does not vouch for the second.
    wrong = str(tmp_path / "wrong_known_hosts")
    with open(wrong, "w") as file:
        file.write(first.known_hosts().replace(first.address, second.address))
    refused = strict(second, wrong, "true")
    assert refused.returncode == 255 and "Host key verification failed" in refused.stderr
    # The namespaces route nothing but their own /30.
    routes = first.netns_exec("ip", "-4", "route").stdout.strip().splitlines()
    assert len(routes) == 1 and routes[0].startswith(first.subnet), routes


def test_the_hosts_keep_their_files_and_logins_apart(two_hosts):
    first, second = two_hosts
    assert first.run("echo only-here > ~/written-on-first && ls -A ~").stdout.split().count("written-on-first") == 1
    assert "written-on-first" not in second.run("ls -A ~", check=True).stdout
    peek = second.run(f"cat {first.home}/written-on-first")
    assert peek.returncode != 0 and "Permission denied" in peek.stderr
    # One host's user is not let in on the other.
    crossing = subprocess.run(ssh_command(f"{first.user}@{second.address}", remote="true"), capture_output=True,
                              text=True, timeout=30)
    assert crossing.returncode == 255 and "Permission denied" in crossing.stderr


def test_a_cut_host_times_out_until_it_is_restored(two_hosts):
    first, second = two_hosts
    assert first.run("true").returncode == 0
    first.cut()
    started = time.monotonic()
    attempt = first.run("true", ConnectTimeout=3)
    assert attempt.returncode == 255 and "timed out" in attempt.stderr, attempt.stderr
    assert time.monotonic() - started < 8
    assert second.run("true").returncode == 0
    first.restore()
    answer = first.run("echo back")
    assert answer.returncode == 0 and answer.stdout == "back\n"


def test_a_client_that_knew_the_old_host_key_is_refused_after_it_changes(two_hosts, tmp_path):
    host = two_hosts[0]
    known_hosts = keyscan(host, tmp_path / "known_hosts")
    assert strict(host, known_hosts, "true").returncode == 0
    before = host.host_key_fingerprints()
    after = host.change_host_key()
    assert after != before and after == host.host_key_fingerprints()
    refused = strict(host, known_hosts, "true")
    assert refused.returncode == 255
    assert any(words in refused.stderr for words in ("REMOTE HOST IDENTIFICATION HAS CHANGED",
                                                     "Host key verification failed")), refused.stderr
    assert strict(host, keyscan(host, tmp_path / "known_hosts_new"), "true").returncode == 0


def test_a_stopped_sshd_refuses_and_closing_leaves_nothing_behind():
    with ssh_hosts(1, extra_ports=(2222,)) as (host,):
        assert host.run("tmux new-session -d -s left-running sleep 600").returncode == 0
        assert host.run("true", port=2222).returncode == 0
        host.stop()
        refused = host.run("true")
        assert refused.returncode == 255 and "refused" in refused.stderr
        host.start()
        assert host.run("tmux has-session -t left-running").returncode == 0
        made = (host.netns, host.veth, host.user, host.folder, host.table)
    netns, veth, user, folder, table = made
    assert netns not in subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    assert subprocess.run(["ip", "link", "show", veth], capture_output=True).returncode != 0
    assert subprocess.run(["nft", "list", "table", "inet", table], capture_output=True).returncode != 0
    assert not os.path.exists(folder)
    try:
        pwd.getpwnam(user)
        raise AssertionError(f"{user} is still there")
    except KeyError:
        pass
    assert user not in subprocess.run(["ps", "-eo", "user:32"], capture_output=True, text=True).stdout
