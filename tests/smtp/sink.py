"""A real SMTP server for the integration tests: it accepts mail on 127.0.0.1 and reports
each message as one JSON line on stdout, so a test reads what Latchkey actually sent over
the wire (envelope, AUTH identity, headers, decoded bodies) rather than what it meant to send.

Run as `python3 tests/smtp/sink.py` (needs aiosmtpd 1.4.6, see tests/sdk/requirements.txt).

stdout protocol, one JSON object a line, flushed after each:
  {"port": N}                                   first, once listening
  {"mail_from": ..., "rcpt_tos": [...], "auth_user": ..., "headers": {...}, "text": ...,
   "html": ..., "content_types": [...], "raw": ...}   once per accepted message
  {"synced": N}                                 for each line "sync" read on stdin: N messages
                                                accepted so far, written after their lines

stdin protocol: a line "sync" asks for a {"synced": N} line. Messages are written before their
250 goes out, and the answer is written by the same event loop after them, so a test that has
seen its client's last answer and then syncs knows every message that client sent is ahead of
the answer: "nothing was sent" is checked without waiting for anything to (not) arrive.

Environment:
  SMTP_SINK_USER, SMTP_SINK_PASS    both set: AUTH PLAIN/LOGIN offered and required
  SMTP_SINK_TLS_CERT, SMTP_SINK_TLS_KEY    both set: STARTTLS offered with this PEM pair

Recipients whose local part starts with "refuse" are refused (550), so a test can see how
the server copes with a relay that turns an address down.

"text" and "html" are the decoded bodies with \n line ends; "raw" is the message as sent.

Exits when stdin closes (the test process went away, however it died) or on SIGTERM/SIGINT,
so give it a pipe: with stdin at /dev/null it stops at once.
Anything else, logs included, goes to stderr: stdout belongs to the protocol.
"""

import asyncio
import email
import email.policy
import hmac
import json
import logging
import os
import signal
import ssl
import sys
import threading
import warnings

from aiosmtpd.smtp import MISSING, SMTP, AuthResult, LoginPassword

# What the test's SMTP client sees in the greeting and EHLO. Naming it also keeps aiosmtpd
# from calling socket.getfqdn(), which can stall for seconds on a host without DNS.
HOSTNAME = "smtp-sink.test"


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    # The reader is a pipe, so stdout is block-buffered: flush or the test waits forever.
    sys.stdout.flush()


def part_content(part):
    """A text part's content, transfer-decoded (quoted-printable, base64) and charset-decoded,
    with SMTP's CRLF line ends turned into \n so tests can compare it with the template they
    configured ("raw" keeps the wire form)."""
    if part is None:
        return None
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        # An unknown or mislabelled charset: still show the test something readable.
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    return content.replace("\r\n", "\n")


def header_map(msg):
    headers = {}
    for name, raw_value in msg.raw_items():
        try:
            # RFC 2047 encoded-words decoded and folding undone, as a mail reader shows them.
            text = str(msg.policy.header_fetch_parse(name, raw_value))
        except Exception:  # a header the policy cannot parse: keep it as sent
            text = raw_value
        headers.setdefault(name.lower(), []).append(text)
    return headers


class Handler:
    def __init__(self, auth_enabled):
        self.auth_enabled = auth_enabled
        # Messages reported so far, for the answer to "sync".
        self.accepted = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        # Implementing this hook makes setting host_name our job (aiosmtpd's contract).
        session.host_name = hostname
        if self.auth_enabled:
            return responses
        # Without credentials, AUTH is not offered at all, even after STARTTLS (where
        # aiosmtpd would otherwise list its mechanisms).
        return [r for r in responses if not r[4:].upper().startswith("AUTH")]

    async def handle_AUTH(self, server, session, envelope, args):
        if self.auth_enabled:
            return MISSING  # aiosmtpd's PLAIN/LOGIN run, checked by authenticator()
        return "502 5.5.1 AUTH not available"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.rsplit("@", 1)[0]
        if local.lower().startswith("refuse"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="surrogateescape")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        auth_user = session.auth_data if session.authenticated else None
        if isinstance(auth_user, bytes):
            auth_user = auth_user.decode("utf-8", errors="replace")
        # Written before the 250 goes out, so once the client has its answer the line is
        # already in the pipe: a test never races the report of a message it caused.
        emit(
            {
                "mail_from": envelope.mail_from,
                "rcpt_tos": list(envelope.rcpt_tos),
                "auth_user": auth_user,
                # Whether the message came over a connection upgraded with STARTTLS.
                "tls": session.ssl is not None,
                "headers": header_map(msg),
                "text": part_content(msg.get_body(preferencelist=("plain",))),
                "html": part_content(msg.get_body(preferencelist=("html",))),
                "content_types": [part.get_content_type() for part in msg.walk()],
                "raw": raw.decode("utf-8", errors="replace"),
            }
        )
        self.accepted += 1
        return "250 2.0.0 Message accepted for delivery"


def make_authenticator(user, password):
    user_b, pass_b = user.encode(), password.encode()

    def authenticator(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = hmac.compare_digest(auth_data.login, user_b) & hmac.compare_digest(
            auth_data.password, pass_b
        )
        if not ok:
            return AuthResult(success=False, handled=False)  # aiosmtpd answers 535 5.7.8
        return AuthResult(success=True, auth_data=auth_data.login.decode(errors="replace"))

    return authenticator


def tls_context():
    cert, key = os.environ.get("SMTP_SINK_TLS_CERT"), os.environ.get("SMTP_SINK_TLS_KEY")
    if not (cert and key):
        return None
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


def watch_stdin(loop, stop, handler):
    """Answers each "sync" line on stdin (see the module's notes) and sets `stop` when stdin
    reaches EOF. A thread, because stdin may be a file or /dev/null, which the event loop
    cannot watch."""

    def synced():
        # On the event loop, the thread handle_DATA runs on: after every message it reported.
        emit({"synced": handler.accepted})

    def run():
        pending = b""
        try:
            # os.read, not sys.stdin: a thread parked in the buffered reader holds its lock,
            # and interpreter shutdown (after SIGTERM) then aborts on that lock.
            while chunk := os.read(0, 4096):
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    if line.strip() == b"sync":
                        loop.call_soon_threadsafe(synced)
                    elif line.strip():
                        print(f"smtp-sink: unknown request {line!r}", file=sys.stderr)
        except OSError:
            pass
        finally:
            loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=run, name="stdin-watch", daemon=True).start()


async def main():
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="smtp-sink: %(message)s")
    # aiosmtpd warns on every start that AUTH without TLS is unsafe, and on every login
    # that login_data is deprecated; on loopback in a test both are noise.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")

    user, password = os.environ.get("SMTP_SINK_USER"), os.environ.get("SMTP_SINK_PASS")
    auth_enabled = user is not None and password is not None
    handler = Handler(auth_enabled)
    options = dict(
        hostname=HOSTNAME,
        enable_SMTPUTF8=True,
        tls_context=tls_context(),
        # Tests talk over plain loopback. Without credentials this also lets every AUTH reach
        # handle_AUTH (502) rather than aiosmtpd's 538 "encryption required".
        auth_require_tls=False,
    )
    if auth_enabled:
        options.update(
            authenticator=make_authenticator(user, password),
            auth_required=True,  # MAIL before AUTH gets 530 5.7.0
        )

    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, **options), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    watch_stdin(loop, stop, handler)

    emit({"port": port})
    await stop.wait()
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
