#!/usr/bin/env python3
"""A real SMTP server for the SMTP client's tests: aiosmtpd on 127.0.0.1, keeping every message it accepts.

    smtp_sink.py MESSAGES.jsonl [--starttls CERT KEY | --tls CERT KEY] [--user NAME --password SECRET]
                 [--auth-mechanisms LOGIN ...] [--helo-only] [--inject-after-starttls] [--stall]

Prints the port once it listens. Each accepted message becomes one JSON line in MESSAGES.jsonl:
{"mail_from", "mail_options", "rcpt_tos", "content" (the raw message as UTF-8), "headers" and "body" (as Python's
email parser decodes them), "tls", "authenticated"}. With --starttls the server requires STARTTLS before anything
else; with --tls it speaks TLS from the first byte. With --user, AUTH accepts only that user and password (after
STARTTLS only, with --starttls). Recipients starting with "nobody@" are refused with 550. With --helo-only it answers
EHLO with 502, as an old server would; with --inject-after-starttls it sends a second reply right after its 220 to
STARTTLS and never starts TLS. With --stall it is no mail server at all: it takes connections and never
answers. Stops when standard input closes or on SIGTERM.
"""

import argparse
import email
import email.policy
import json
import logging
import signal
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("nobody@"):
            return "550 5.1.1 <%s>: no such user here" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        transport = server.transport
        record = {
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "content": envelope.original_content.decode("utf-8", "replace"),
            "tls": session.ssl is not None or (transport is not None and transport.get_extra_info("sslcontext") is not None),
            "authenticated": bool(session.authenticated),
        }
        try:
            parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
            record["headers"] = {name: str(value) for name, value in parsed.items()}
            record["body"] = parsed.get_content()
            record["defects"] = [repr(defect) for defect in parsed.defects]
        except Exception as error:  # the raw content is still recorded
            record["parse_error"] = repr(error)
        with self.lock, open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        return "250 OK"


class QuirkySMTP(SMTP):
    """aiosmtpd with the faults the client must cope with: no EHLO (a server from before ESMTP), or a reply slipped
    in after the 220 to STARTTLS, before TLS starts (what a man in the middle would do)."""

    helo_only = False
    inject_after_starttls = False

    async def smtp_EHLO(self, hostname):
        if self.helo_only:
            await self.push("502 5.5.1 EHLO is not spoken here")
        else:
            await super().smtp_EHLO(hostname)

    async def smtp_STARTTLS(self, arg):
        if self.inject_after_starttls:
            await self.push("220 2.0.0 Ready to start TLS\r\n250 2.0.0 slipped in before TLS")
        else:
            await super().smtp_STARTTLS(arg)


class QuirkyController(Controller):
    def factory(self):
        return QuirkySMTP(self.handler, **self.SMTP_kwargs)


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        return AuthResult(success=ok, handled=False)

    return check


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stall():
    """Listens, takes connections and never answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []

    def accept():
        while True:
            connection, _ = listener.accept()
            held.append(connection)

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("messages")
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--user")
    parser.add_argument("--password", default="")
    parser.add_argument("--auth-mechanisms", nargs="+", help="offer only these AUTH mechanisms")
    parser.add_argument("--helo-only", action="store_true", help="answer EHLO with 502")
    parser.add_argument("--inject-after-starttls", action="store_true", help="send a reply after STARTTLS's 220")
    parser.add_argument("--stall", action="store_true", help="take connections, never answer")
    args = parser.parse_args()
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    if args.stall:
        print(stall(), flush=True)
        stop.wait()
        return

    open(args.messages, "a").close()
    options = {}
    context = None
    if args.starttls or args.tls:
        cert, key = args.starttls or args.tls
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
    if args.starttls:
        options.update(tls_context=context, require_starttls=True)
    if args.user:
        # With --tls the whole connection is encrypted, but aiosmtpd only counts STARTTLS as TLS for AUTH.
        options.update(authenticator=authenticator(args.user, args.password), auth_require_tls=bool(args.starttls))
        if args.auth_mechanisms:
            offered = {name.upper() for name in args.auth_mechanisms}
            options.update(auth_exclude_mechanism=[name for name in ("PLAIN", "LOGIN") if name not in offered])

    QuirkySMTP.helo_only = args.helo_only
    QuirkySMTP.inject_after_starttls = args.inject_after_starttls
    for attempt in range(5):
        port = free_port()
        controller = QuirkyController(
            Sink(args.messages), hostname="127.0.0.1", port=port, ssl_context=context if args.tls else None, **options
        )
        try:
            controller.start()
            break
        except Exception:
            if attempt == 4:
                raise
    print(port, flush=True)
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
