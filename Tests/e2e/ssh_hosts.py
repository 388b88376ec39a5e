"""SSH hosts on this one machine for the end-to-end tests of agents on SSH hosts.

Each `SSHHost` is a network namespace `orc-<id>` joined to the root namespace by a veth pair on a /30 of its own
from 10.231.0.0/16 (the root side is .1, the host .2), running its own sshd (Debian's, own config, host keys and pid
file) for a Linux user of its own whose home is a folder of its own. The user's shell sees this machine's files, so
tmux and git are there. One client key pair per test session is authorized on every host (`identity_file`).

Nothing leaves these namespaces: a host has no route but its /30, and a nftables table of its own drops whatever is
sent to its /30 other than through its veth (so a cut host's packets are never routed out of the default route: a
connection attempt times out, as on a cut network) and forwards nothing from it.

Use it as `with ssh_hosts(2) as (a, b): ...`, or with the fixtures `ssh_host` and `two_hosts` imported into a test
module (`from ssh_hosts import SSHHost, ssh_hosts, two_hosts`). Needs root, iproute2, nftables and openssh-server.
Hosts are torn down by `close()`, by the context managers, at exit, and — for a run that was killed — by the next
host made on this machine (the state of each host is kept in /run/orc-ssh-hosts until it is gone).
"""
import atexit
import contextlib
import fcntl
import ipaddress
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest

SSHD = "/usr/sbin/sshd"
SFTP_SERVER = "/usr/lib/openssh/sftp-server"
NETWORK = ipaddress.ip_network("10.231.0.0/16")
STATE_DIR = "/run/orc-ssh-hosts"
PRIVSEP_DIR = "/run/sshd"

_live = set()
_client_dir = None
_stale_checked = False


def _run(*args, check=True, **kwargs):
    return subprocess.run(list(args), check=check, capture_output=True, text=True, **kwargs)


def _keygen(path, comment):
    _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path)


def client_identity():
    """The private key of this test session's client key pair (made on first use, removed at exit)."""
    global _client_dir
    if _client_dir is None:
        folder = tempfile.mkdtemp(prefix="orc-ssh-client-")
        _keygen(os.path.join(folder, "id_ed25519"), "orchestrator-e2e-client")
        _client_dir = folder
    return os.path.join(_client_dir, "id_ed25519")


def ssh_command(destination, port=22, remote=None, identity=None, known_hosts=None, **options):
    """An ssh command line that reads no config file and uses only `identity` (the session's key by default). With
    `known_hosts`, the host key is checked strictly against that file; without, it is not checked. `options` are
    more -o options (ConnectTimeout=5 and BatchMode=yes unless given)."""
    settings = {"BatchMode": "yes", "ConnectTimeout": "5", "IdentitiesOnly": "yes"}
    if known_hosts:
        settings.update(StrictHostKeyChecking="yes", UserKnownHostsFile=known_hosts, GlobalKnownHostsFile="/dev/null")
    else:
        settings.update(StrictHostKeyChecking="no", UserKnownHostsFile="/dev/null", GlobalKnownHostsFile="/dev/null",
                        LogLevel="ERROR")
    settings.update({key: str(value) for key, value in options.items()})
    args = ["ssh", "-F", "none", "-i", identity or client_identity(), "-p", str(port)]
    for key, value in settings.items():
        args += ["-o", f"{key}={value}"]
    args.append(destination)
    if remote is not None:
        args += ["--", remote if isinstance(remote, str) else shlex.join(remote)]
    return args


class SSHHost:
    """One SSH host: a network namespace with its own sshd, user and home.

    `SSHHost(extra_ports=(), identity=None)`: sshd listens on port 22 of the host's address and on each of
    `extra_ports`; `identity` is the private key whose public half (`identity + ".pub"`) is authorized (the session's
    client key by default)."""

    def __init__(self, extra_ports=(), identity=None):
        if os.geteuid() != 0:
            raise RuntimeError("SSH hosts need root (network namespaces, users, sshd)")
        for tool, package in ((SSHD, "openssh-server"), ("nft", "nftables"), ("ip", "iproute2"), ("useradd", "passwd")):
            if not shutil.which(tool):
                raise RuntimeError(f"SSH hosts need {tool}: apt-get install -y {package}")
        self.identity_file = identity or client_identity()
        self.ports = (22, *extra_ports)
        self.id = secrets.token_hex(4)
        while _name_taken(self.id):
            self.id = secrets.token_hex(4)
        self.netns = f"orc-{self.id}"
        self.veth = f"orcr{self.id}"
        self.peer = f"orch{self.id}"
        self.table = f"orc_{self.id}"
        self.user = f"orc{self.id}"
        self.folder = tempfile.mkdtemp(prefix=f"orc-ssh-{self.id}-")
        self.home = os.path.join(self.folder, "home")
        self.sshd_dir = os.path.join(self.folder, "sshd")
        self.config_path = os.path.join(self.sshd_dir, "sshd_config")
        self.pid_path = os.path.join(self.sshd_dir, "sshd.pid")
        self.log_path = os.path.join(self.sshd_dir, "sshd.log")
        self.is_cut = False
        self._sshd = None
        self._closed = False
        self._state_path = os.path.join(STATE_DIR, self.netns + ".json")
        _live.add(self)
        try:
            self._create()
        except BaseException:
            self.close()
            raise

    # Making and tearing down

    def _create(self):
        os.chmod(self.folder, 0o755)
        os.makedirs(self.sshd_dir, mode=0o700)
        with _state_lock():
            _cleanup_stale()
            subnet = _free_subnet()
            self.subnet = str(subnet)
            self.gateway, self.address = (str(address) for address in list(subnet.hosts())[:2])
            self._save_state()
            self._make_network(subnet.prefixlen)
        self._make_user()
        self._make_host_keys()
        self._write_config()
        self.start()

    def _save_state(self):
        state = dict(netns=self.netns, veth=self.veth, table=self.table, user=self.user, folder=self.folder,
                     subnet=self.subnet, pid=os.getpid(), started=_process_start(os.getpid()), client=_client_dir)
        with open(self._state_path, "w") as file:
            json.dump(state, file)

    def _make_network(self, prefix):
        _run("ip", "netns", "add", self.netns)
        # Before the peer moves in, so the host's end starts without IPv6 (no link-local chatter on the pair).
        _run("ip", "netns", "exec", self.netns, "sh", "-c",
             "for key in default all; do echo 1 > /proc/sys/net/ipv6/conf/$key/disable_ipv6; done", check=False)
        # The guard first: from now on nothing for this host's subnet is routed out of the root namespace.
        _run("nft", "-f", "-", input=f"""table inet {self.table} {{
  chain output {{
    type filter hook output priority 0; policy accept;
    ip daddr {self.subnet} oifname != "{self.veth}" counter drop;
  }}
  chain forward {{
    type filter hook forward priority 0; policy accept;
    iifname "{self.veth}" counter drop;
    ip daddr {self.subnet} counter drop;
  }}
}}
""")
        _run("ip", "link", "add", self.veth, "type", "veth", "peer", "name", self.peer, "netns", self.netns)
        try:
            with open(f"/proc/sys/net/ipv6/conf/{self.veth}/disable_ipv6", "w") as file:
                file.write("1")
        except OSError:
            pass
        _run("ip", "addr", "add", f"{self.gateway}/{prefix}", "dev", self.veth)
        _run("ip", "link", "set", self.veth, "up")
        _run("ip", "-n", self.netns, "addr", "add", f"{self.address}/{prefix}", "dev", self.peer)
        _run("ip", "-n", self.netns, "link", "set", self.peer, "up")
        _run("ip", "-n", self.netns, "link", "set", "lo", "up")

    def _make_user(self):
        # "*" rather than useradd's locked "!": without PAM, sshd refuses even key logins to a locked account.
        _run("useradd", "-m", "-d", self.home, "-s", "/bin/bash", "-p", "*", "-c", "orchestrator e2e SSH host",
             self.user)
        account = pwd.getpwnam(self.user)
        self.uid, self.gid = account.pw_uid, account.pw_gid
        os.chmod(self.home, 0o700)
        ssh_dir = os.path.join(self.home, ".ssh")
        os.makedirs(ssh_dir, mode=0o700, exist_ok=True)
        with open(self.identity_file + ".pub") as file:
            public_key = file.read()
        authorized = os.path.join(ssh_dir, "authorized_keys")
        with open(authorized, "w") as file:
            file.write(public_key)
        os.chmod(authorized, 0o600)
        for path in (ssh_dir, authorized):
            os.chown(path, self.uid, self.gid)

    def _host_key_paths(self):
        return sorted(os.path.join(self.sshd_dir, name) for name in os.listdir(self.sshd_dir)
                      if name.startswith("ssh_host_") and not name.endswith(".pub"))

    def _make_host_keys(self):
        for path in self._host_key_paths():
            for file in (path, path + ".pub"):
                os.remove(file)
        _keygen(os.path.join(self.sshd_dir, "ssh_host_ed25519_key"), f"{self.user}-host")

    def _write_config(self):
        lines = [f"ListenAddress {self.address}:{port}" for port in self.ports]
        lines += [f"HostKey {path}" for path in self._host_key_paths()]
        lines += [
            f"PidFile {self.pid_path}",
            "AuthorizedKeysFile .ssh/authorized_keys",
            f"AllowUsers {self.user}",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin no",
            "UsePAM no",
            "StrictModes yes",
            "AllowTcpForwarding yes",
            "AllowStreamLocalForwarding yes",
            "StreamLocalBindUnlink yes",
            "GatewayPorts no",
            "X11Forwarding no",
            "MaxSessions 50",
            "MaxStartups 50",
            "UseDNS no",
            "PrintMotd no",
            "PrintLastLog no",
            "LogLevel VERBOSE",
            f"Subsystem sftp {SFTP_SERVER}",
        ]
        with open(self.config_path, "w") as file:
            file.write("\n".join(lines) + "\n")

    def close(self):
        """Tears the host down: every process in its namespace or of its user, the namespace, the veth pair, the
        nftables table, the user, its folders. Safe to call more than once, and after a failed creation."""
        if self._closed:
            return
        self._closed = True
        _live.discard(self)
        if self._sshd is not None:
            with contextlib.suppress(OSError):
                self._sshd.kill()
        _teardown(dict(netns=self.netns, veth=self.veth, table=self.table, user=self.user, folder=self.folder))
        if self._sshd is not None:
            with contextlib.suppress(Exception):
                self._sshd.wait(timeout=5)
        with contextlib.suppress(OSError):
            os.remove(self._state_path)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"<SSHHost {self.ssh} netns={self.netns}>"

    # sshd

    def start(self):
        """Starts sshd in the namespace (new host keys or config are read now) and waits until it listens."""
        if self.running:
            return
        os.makedirs(PRIVSEP_DIR, mode=0o755, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.pid_path)
        with open(self.log_path, "ab") as log:
            self._sshd = subprocess.Popen(["ip", "netns", "exec", self.netns, SSHD, "-D", "-e", "-f", self.config_path],
                                          stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 10
        # sshd writes its pid file once its sockets listen.
        while not (os.path.exists(self.pid_path) and os.path.getsize(self.pid_path)):
            if self._sshd.poll() is not None or time.time() > deadline:
                self._sshd.kill()
                self._sshd.wait()
                raise RuntimeError(f"sshd of {self.netns} did not start:\n{self.log()[-2000:]}")
            time.sleep(0.01)

    def stop(self, sessions=False):
        """Stops sshd: new connections are refused. The sessions it already serves go on, as when a real sshd stops,
        unless `sessions`: then they and every process of the host's user go too (as on a reboot)."""
        if self._sshd is not None and self._sshd.poll() is None:
            self._sshd.terminate()
            try:
                self._sshd.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._sshd.kill()
                self._sshd.wait()
        if sessions:
            _kill_all(self.netns, self.user)

    @property
    def running(self):
        return self._sshd is not None and self._sshd.poll() is None

    def restart(self):
        self.stop()
        self.start()

    def change_host_key(self):
        """New host keys, and sshd restarted (if it ran) to use them. Returns the new fingerprints."""
        self._make_host_keys()
        self._write_config()
        if self.running:
            self.restart()
        return self.host_key_fingerprints()

    def log(self):
        """sshd's output so far (LogLevel VERBOSE)."""
        with open(self.log_path, errors="replace") as file:
            return file.read()

    # The network

    def cut(self):
        """Cuts the host off: the root side of its veth pair goes down. Packets either way are dropped, so new
        connections time out and open ones hang."""
        _run("ip", "link", "set", self.veth, "down")
        self.is_cut = True

    def restore(self, wait=5):
        """Brings the link back, and waits up to `wait` seconds until sshd (if running) takes connections again."""
        _run("ip", "link", "set", self.veth, "up")
        self.is_cut = False
        deadline = time.time() + wait
        while self.running and time.time() < deadline:
            try:
                socket.create_connection((self.address, self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)

    def netns_exec(self, *args, **kwargs):
        """Runs a command as root inside the host's namespace; returns the CompletedProcess (text, not checked)."""
        return subprocess.run(["ip", "netns", "exec", self.netns, *args], capture_output=True, text=True, **kwargs)

    # Identity and access

    @property
    def port(self):
        return self.ports[0]

    @property
    def ssh(self):
        """The host as "user@address:port"."""
        return f"{self.user}@{self.address}:{self.port}"

    def host_key_fingerprints(self):
        """The SHA256 fingerprints ("SHA256:…") of the host's public keys."""
        return [_run("ssh-keygen", "-lf", path + ".pub").stdout.split()[1] for path in self._host_key_paths()]

    def known_hosts(self):
        """known_hosts lines for the host's current keys on each of its ports, read from the key files."""
        lines = []
        for path in self._host_key_paths():
            with open(path + ".pub") as file:
                kind, key = file.read().split()[:2]
            for port in self.ports:
                name = self.address if port == 22 else f"[{self.address}]:{port}"
                lines.append(f"{name} {kind} {key}")
        return "\n".join(lines) + "\n"

    def ssh_command(self, remote=None, port=None, known_hosts=None, **options):
        """An ssh command line to this host's user (see the module's `ssh_command`)."""
        return ssh_command(f"{self.user}@{self.address}", port or self.port, remote, self.identity_file, known_hosts,
                           **options)

    def run(self, command, timeout=30, check=False, input=None, **options):
        """Runs `command` (a shell string, or a list that is quoted) as the host's user over ssh from the root
        namespace, not checking the host key; returns the CompletedProcess (text)."""
        return subprocess.run(self.ssh_command(command, **options), capture_output=True, text=True, timeout=timeout,
                              check=check, input=input)


@contextlib.contextmanager
def ssh_hosts(count=1, **kwargs):
    """`count` SSH hosts (keyword arguments go to SSHHost), all torn down on leaving."""
    hosts = []
    try:
        for _ in range(count):
            hosts.append(SSHHost(**kwargs))
        yield hosts
    finally:
        for host in hosts:
            host.close()


@pytest.fixture()
def ssh_host():
    with ssh_hosts(1) as (host,):
        yield host


@pytest.fixture()
def two_hosts():
    with ssh_hosts(2) as hosts:
        yield hosts


# Internals: allocation, teardown, leftovers of killed runs

@contextlib.contextmanager
def _state_lock():
    os.makedirs(STATE_DIR, mode=0o700, exist_ok=True)
    with open(os.path.join(STATE_DIR, "lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _saved_states():
    states = []
    for name in os.listdir(STATE_DIR):
        if name.endswith(".json"):
            with contextlib.suppress(OSError, ValueError):
                with open(os.path.join(STATE_DIR, name)) as file:
                    states.append((os.path.join(STATE_DIR, name), json.load(file)))
    return states


def _free_subnet():
    """The first 10.231.z.0/30 (z in 1..254) that overlaps no host's subnet nor an address or route of the root
    namespace (but those broader than a /16, which the /30 outranks)."""
    taken = {ipaddress.ip_network(state["subnet"]) for _, state in _saved_states()}
    listing = _run("ip", "-4", "-o", "addr", "show").stdout + _run("ip", "-4", "route", "show", "table", "all").stdout
    for found in re.findall(r"(?<![\d.])(\d+\.\d+\.\d+\.\d+(?:/\d+)?)", listing):
        with contextlib.suppress(ValueError):
            taken.add(ipaddress.ip_network(found, strict=False))
    for third in range(1, 255):
        subnet = ipaddress.ip_network(f"{NETWORK.network_address + third * 256}/30")
        if not any(subnet.overlaps(network) and network.prefixlen >= 16 for network in taken):
            return subnet
    raise RuntimeError("no free subnet in 10.231.0.0/16")


def _name_taken(id):
    """Whether a user, namespace or link already has one of the names a host of this id would take."""
    try:
        pwd.getpwnam(f"orc{id}")
        return True
    except KeyError:
        pass
    return (os.path.exists(f"/run/netns/orc-{id}") or os.path.exists(f"/sys/class/net/orcr{id}")
            or os.path.exists(os.path.join(STATE_DIR, f"orc-{id}.json")))


def _process_start(pid):
    with open(f"/proc/{pid}/stat") as file:
        return file.read().rsplit(")", 1)[1].split()[19]


def _cleanup_stale():
    """Tears down the hosts left by runs that were killed before they could (their process is gone)."""
    global _stale_checked
    if _stale_checked:
        return
    _stale_checked = True
    for path, state in _saved_states():
        try:
            alive = _process_start(state["pid"]) == state["started"]
        except (OSError, KeyError, IndexError):
            alive = False
        if not alive:
            _teardown(state)
            if state.get("client"):
                shutil.rmtree(state["client"], ignore_errors=True)
            with contextlib.suppress(OSError):
                os.remove(path)


def _pids(netns, user):
    """Processes in the namespace or run by the user (zombies aside)."""
    try:
        namespace = os.stat(f"/run/netns/{netns}")
        namespace = (namespace.st_dev, namespace.st_ino)
    except OSError:
        namespace = None
    try:
        uid = str(pwd.getpwnam(user).pw_uid)
    except KeyError:
        uid = None
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/status") as file:
                status = dict(line.split(":", 1) for line in file.read().splitlines() if ":" in line)
            if status.get("State", "").strip().startswith("Z"):
                continue
            if uid is not None and uid in status.get("Uid", "").split():
                found.append(int(entry))
                continue
            if namespace is not None:
                stat = os.stat(f"/proc/{entry}/ns/net")
                if (stat.st_dev, stat.st_ino) == namespace:
                    found.append(int(entry))
        except (OSError, ValueError):
            continue
    return found


def _kill_all(netns, user, seconds=5):
    deadline = time.time() + seconds
    while (pids := _pids(netns, user)) and time.time() < deadline:
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)


def _teardown(state):
    """Removes whatever of a host exists; each step goes on whatever the ones before did."""
    _kill_all(state["netns"], state["user"])
    _run("ip", "link", "del", state["veth"], check=False)
    _run("ip", "netns", "del", state["netns"], check=False)
    _run("nft", "delete", "table", "inet", state["table"], check=False)
    with contextlib.suppress(KeyError):
        pwd.getpwnam(state["user"])
        _run("userdel", "-r", state["user"], check=False)
    shutil.rmtree(state["folder"], ignore_errors=True)


@atexit.register
def _close_all():
    for host in list(_live):
        with contextlib.suppress(Exception):
            host.close()
    if _client_dir is not None:
        shutil.rmtree(_client_dir, ignore_errors=True)
