#!/usr/bin/env python3
"""The work one login costs Latchkey, counted rather than timed (so a busy machine does not
change the figure): SQL statements per login (sqlx's own statement log) and, with
--callgrind, instructions per login (valgrind's callgrind, zeroed after the warm-up).

It starts bench/latchkey-target.sh (the benchmark's configuration) with its own fake Twilio,
runs --warmup then --logins full SMS logins one after another (POST /passwordless/start,
the code from the fake, the OTP grant on /oauth/token with openid profile offline_access;
--refresh adds one refresh_token grant after each), and prints the counts.

  bench/login_work.py --logins 200                       # SQLite, statements
  bench/login_work.py --logins 200 --db postgres         # a fresh PostgreSQL database
  bench/login_work.py --logins 100 --callgrind /tmp/cg   # + instructions (slow: ~50x)

The binary is $LATCHKEY_BIN or ${CARGO_TARGET_DIR:-~/.cache/latchkey-release}/release/latchkey.
"""

import argparse
import collections
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
CODES = {}
CODES_LOCK = threading.Condition()


class FakeTwilio(http.server.BaseHTTPRequestHandler):
    """Twilio's "create message": keeps the code of each text, answers 201."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = urllib.parse.parse_qs(body)
        to, text = form.get("To", [""])[0], form.get("Body", [""])[0]
        code = re.search(r"\d{4,10}", text)
        with CODES_LOCK:
            CODES[to] = code.group(0) if code else None
            CODES_LOCK.notify_all()
        answer = json.dumps({"sid": "SM" + "0" * 32, "status": "queued", "to": to}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(base, path, payload):
    request = urllib.request.Request(
        base + path,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as r:
        return json.loads(r.read())


def code_for(number, timeout=60):
    deadline = time.time() + timeout
    with CODES_LOCK:
        while CODES.get(number) is None:
            left = deadline - time.time()
            if left <= 0:
                raise SystemExit(f"no code reached the fake Twilio for {number}")
            CODES_LOCK.wait(left)
        return CODES.pop(number)


def login(base, number, refresh):
    post(base, "/passwordless/start",
         {"client_id": "bench-client", "connection": "sms", "phone_number": number, "send": "code"})
    tokens = post(base, "/oauth/token", {
        "grant_type": "http://auth0.com/oauth/grant-type/passwordless/otp",
        "client_id": "bench-client", "username": number, "otp": code_for(number),
        "realm": "sms", "scope": "openid profile offline_access"})
    assert tokens.get("id_token"), tokens
    if refresh:
        again = post(base, "/oauth/token", {
            "grant_type": "refresh_token", "client_id": "bench-client",
            "refresh_token": tokens["refresh_token"]})
        assert again.get("access_token"), again


def statement_of(line):
    """The SQL of one sqlx statement log line, shortened to its first words."""
    m = re.search(r'db\.statement="((?:[^"\\]|\\.)*)"', line)
    text = m.group(1).replace("\\n", " ") if m else ""
    if not text.strip():
        # PostgreSQL's simple queries (BEGIN, COMMIT) carry only a summary
        m = re.search(r'summary="((?:[^"\\]|\\.)*)"', line)
        text = m.group(1) if m else line
    return " ".join(text.split()[:6])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--logins", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--alg", default="RS256")
    ap.add_argument("--refresh", action="store_true")
    ap.add_argument("--fresh", action="store_true", help="a new phone number every login (sign-ups)")
    ap.add_argument("--callgrind", metavar="OUT", help="run the server under callgrind, output file OUT")
    ap.add_argument("--show", type=int, default=25, help="list this many distinct statements")
    args = ap.parse_args()

    twilio_port, port = free_port(), free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", twilio_port), FakeTwilio)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    data = tempfile.mkdtemp(prefix="latchkey-login-work.")
    env = dict(os.environ,
               BENCH_TARGET_PORT=str(port), BENCH_DATA_DIR=data, BENCH_CLIENT_ID="bench-client",
               BENCH_CLIENT_SECRET="", TWILIO_API_BASE=f"http://127.0.0.1:{twilio_port}",
               LATCHKEY_BENCH_DB=args.db, LATCHKEY_BENCH_ALG=args.alg,
               LATCHKEY_LOG="warn,sqlx::query=debug", LATCHKEY_LOG_PROTOCOL="1")
    if args.callgrind:
        real = env.get("LATCHKEY_BIN") or os.path.join(
            env.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/latchkey-release")), "release", "latchkey")
        wrapper = os.path.join(data, "under-callgrind.sh")
        with open(wrapper, "w") as f:
            f.write(f"#!/bin/sh\nexec valgrind --tool=callgrind --callgrind-out-file={args.callgrind} "
                    f"--collect-atstart=yes {real} \"$@\"\n")
        os.chmod(wrapper, 0o755)
        env["LATCHKEY_BIN"] = wrapper
    log_path = os.path.join(data, "server.log")
    log = open(log_path, "w")
    target = subprocess.Popen([os.path.join(HERE, "latchkey-target.sh")], env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                if target.poll() is not None:
                    raise SystemExit(open(log_path).read()[-3000:])
                time.sleep(0.5)
        numbers = [f"+1212200{n:04d}" for n in range(args.warmup + args.logins)]
        pool = [f"+1212201{n:04d}" for n in range(10)]
        for i in range(args.warmup):
            login(base, numbers[i] if args.fresh else pool[i % len(pool)], args.refresh)
        time.sleep(1.5)  # the event log's writer catches up
        if args.callgrind:
            subprocess.run(["callgrind_control", "--zero"], check=True, capture_output=True)
        log.flush()
        before = os.path.getsize(log_path)
        t0 = time.time()
        for i in range(args.logins):
            number = numbers[args.warmup + i] if args.fresh else pool[i % len(pool)]
            login(base, number, args.refresh)
        took = time.time() - t0
        time.sleep(1.5)
        if args.callgrind:
            subprocess.run(["callgrind_control", "--dump"], check=True, capture_output=True)
        with open(log_path, errors="replace") as f:
            f.seek(before)
            lines = [l for l in f if "db.statement=" in l]
    finally:
        os.killpg(target.pid, 15)
        target.wait(timeout=60)
        server.shutdown()

    kinds = collections.Counter(statement_of(l) for l in lines)
    logged = sum(n for k, n in kinds.items() if k.startswith("INSERT INTO logs"))
    print(f"{args.logins} logins ({'sign-ups' if args.fresh else 'returning users'}, {args.db}, {args.alg}"
          f"{', + refresh' if args.refresh else ''}) in {took:.1f} s, one at a time")
    print(f"SQL statements: {len(lines)} = {len(lines) / args.logins:.2f} per login "
          f"({(len(lines) - logged) / args.logins:.2f} without the event log's batched INSERTs)")
    for k, n in kinds.most_common(args.show):
        print(f"  {n / args.logins:6.2f}  {k}")
    if args.callgrind:
        dumps = sorted(p for p in os.listdir(os.path.dirname(os.path.abspath(args.callgrind)) or ".")
                       if os.path.basename(p).startswith(os.path.basename(args.callgrind)))
        total = 0
        for p in dumps:
            path = os.path.join(os.path.dirname(os.path.abspath(args.callgrind)), p)
            with open(path, errors="replace") as f:
                for l in f:
                    if l.startswith("summary:") or l.startswith("totals:"):
                        total = max(total, int(l.split()[1]))
                        break
            print(f"  callgrind file {path}")
        print(f"instructions (callgrind Ir, the measured window's dump): {total / args.logins:,.0f} per login")


if __name__ == "__main__":
    sys.exit(main())
