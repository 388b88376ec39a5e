"""HTTPS and WSS served by the server itself (server.tls_cert_file / tls_key_file), with a self-signed certificate:
curl, Python's TLS client and Chromium trust that certificate (and nothing else); loopback clients, which agents are,
may still speak plain HTTP; a plain-HTTP client from another address is turned away."""
import base64
import hashlib
import json
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.request

import websocket
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from api import eventually
from conftest import ADMIN_PASSWORD, BINARY, ROOT, Server, console_errors, free_port


def make_certificate(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


def spki_hash(cert):
    """The certificate's public-key hash, the form Chromium's --ignore-certificate-errors-spki-list takes."""
    public = subprocess.run(["openssl", "x509", "-in", cert, "-pubkey", "-noout"], check=True, capture_output=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=public, check=True, capture_output=True).stdout
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


def outside_address():
    """An address of this machine that is not loopback (the server sees a client there as remote)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent; this only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            address = None
    if not address or address.startswith("127."):
        for line in subprocess.run(["ip", "-4", "-o", "addr"], capture_output=True, text=True).stdout.splitlines():
            candidate = line.split()[3].split("/")[0]
            if not candidate.startswith("127."):
                return candidate
    return address


def https(url, context, method="GET", body=None, token=None, cookie=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, method=method, headers=headers, data=json.dumps(body).encode() if body else None)
    with urllib.request.urlopen(request, timeout=15, context=context) as response:
        return response.status, dict(response.headers), response.read()


def test_the_server_speaks_https_and_wss_with_its_own_certificate():
    folder = tempfile.mkdtemp(prefix="orc-tls-")
    cert, key = make_certificate(folder)
    server = Server(ORCHESTRATOR_TLS_CERT_FILE=cert, ORCHESTRATOR_TLS_KEY_FILE=key, ORCHESTRATOR_HOST="0.0.0.0")
    driver = None
    try:
        trusted = ssl.create_default_context(cafile=cert)
        base = f"https://localhost:{server.port}"

        # curl with the certificate as its only trust anchor; without it, the handshake is refused.
        curl = subprocess.run(["curl", "-sS", "--cacert", cert, "-D", "-", base + "/api/v1/system/health"], capture_output=True, text=True)
        assert curl.returncode == 0 and '"status":"ok"' in curl.stdout, curl.stderr
        assert "strict-transport-security: max-age=31536000" in curl.stdout.lower(), "HSTS over HTTPS"
        untrusted = subprocess.run(["curl", "-sS", base + "/api/v1/system/health"], capture_output=True, text=True)
        assert untrusted.returncode != 0, "a client that does not trust the certificate is not served"

        status, headers, body = https(base + "/auth/login", trusted, "POST", {"username": "admin", "password": ADMIN_PASSWORD})
        token = json.loads(body)["access_token"]
        cookies = [value for name, value in headers.items() if name.lower() == "set-cookie"]
        assert status == 200 and cookies and all("Secure" in cookie for cookie in cookies), cookies

        # WSS: the system stream over TLS upgrades and answers a ping.
        stream = websocket.create_connection(f"wss://localhost:{server.port}/ws/system?token={token}",
                                             sslopt={"ca_certs": cert}, timeout=10)
        try:
            stream.ping(b"tls")
            opcode, frame = stream.recv_data_frame(True)
            assert opcode == websocket.ABNF.OPCODE_PONG and frame.data == b"tls"
        finally:
            stream.close()

        # Agents call back on plain http://127.0.0.1 (their clients trust only the system store): served.
        with urllib.request.urlopen(server.base + "/api/v1/system/health", timeout=5) as response:
            assert response.status == 200
        # A plain-HTTP client from another address is disconnected; TLS from there is served.
        address = outside_address()
        assert address, "this machine has an address besides loopback"
        with socket.create_connection((address, server.port), timeout=5) as plain:
            plain.sendall(b"GET /api/v1/system/health HTTP/1.1\r\nHost: x\r\n\r\n")
            assert plain.recv(4096) == b"", "no plain HTTP for remote clients"
        remote = ssl.create_default_context(cafile=cert)
        remote.check_hostname = False
        status, _, _ = https(f"https://{address}:{server.port}/api/v1/system/health", remote)
        assert status == 200

        # Chromium trusting this certificate only: a secure context, signed in, the live stream connected.
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium")
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,860",
                     f"--ignore-certificate-errors-spki-list={spki_hash(cert)}"]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        driver.get(base + "/")
        assert "/login" in driver.current_url and driver.current_url.startswith("https://")
        driver.find_element(By.NAME, "username").send_keys("admin")
        driver.find_element(By.NAME, "password").send_keys(ADMIN_PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
        WebDriverWait(driver, 15).until(lambda d: "/login" not in d.current_url)
        assert driver.execute_script("return window.isSecureContext") is True
        assert eventually(lambda: driver.execute_script(
            "return performance.getEntriesByType('resource').some(e => e.name.startsWith('wss://')) || "
            "!!document.querySelector('[data-live-status]')"), 10)
        assert not console_errors(driver), console_errors(driver)
    finally:
        if driver:
            driver.quit()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_a_bad_certificate_setting_stops_the_server_with_a_clear_message():
    folder = tempfile.mkdtemp(prefix="orc-tls-bad-")
    try:
        cert, key = make_certificate(folder)
        other_cert, other_key = make_certificate(tempfile.mkdtemp(dir=folder))
        env = dict(os.environ, ORCHESTRATOR_DATA_DIR=os.path.join(folder, "data"), ORCHESTRATOR_PORT=str(free_port()),
                   ORCHESTRATOR_ADMIN_PASSWORD=ADMIN_PASSWORD)
        cases = [({"ORCHESTRATOR_TLS_CERT_FILE": cert}, "server.tls_key_file"),
                 ({"ORCHESTRATOR_TLS_CERT_FILE": os.path.join(folder, "missing.pem"), "ORCHESTRATOR_TLS_KEY_FILE": key},
                  "server.tls_cert_file"),
                 ({"ORCHESTRATOR_TLS_CERT_FILE": cert, "ORCHESTRATOR_TLS_KEY_FILE": cert}, "server.tls_key_file"),
                 ({"ORCHESTRATOR_TLS_CERT_FILE": cert, "ORCHESTRATOR_TLS_KEY_FILE": other_key}, "does not fit")]
        for extra, expected in cases:
            done = subprocess.run([BINARY, "serve"], cwd=ROOT, env=dict(env, **extra), capture_output=True, text=True, timeout=30)
            assert done.returncode != 0 and expected in done.stderr, (extra, done.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
