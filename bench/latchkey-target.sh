#!/usr/bin/env bash
# --target-cmd for the side-by-side benchmark (/work/shared/bench/compare.sh).
# compare.sh runs this in its own process group with BENCH_TARGET_PORT, BENCH_DATA_DIR
# (an empty directory), BENCH_CLIENT_ID, BENCH_CLIENT_SECRET and TWILIO_API_BASE,
# TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM (its fake Twilio) in the environment.
# We write a Latchkey config for that and exec the server (exec keeps it in the group,
# so compare.sh measures its CPU and stops it).
set -euo pipefail

: "${BENCH_TARGET_PORT:?}" "${BENCH_DATA_DIR:?}" "${TWILIO_API_BASE:?}"
BIN="${LATCHKEY_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/latchkey-release}/release/latchkey}"
[ -x "$BIN" ] || { echo "latchkey-target.sh: no binary at $BIN (build with cargo build --release)" >&2; exit 1; }

# TOML basic string: quote, escaping backslashes and double quotes.
q() { local s="${1//\\/\\\\}"; printf '"%s"' "${s//\"/\\\"}"; }

CONFIG="$BENCH_DATA_DIR/latchkey.toml"
{
  echo "listen = $(q "127.0.0.1:$BENCH_TARGET_PORT")"
  echo "issuer = $(q "http://127.0.0.1:$BENCH_TARGET_PORT/")"
  echo "data_dir = $(q "$BENCH_DATA_DIR")"
  echo
  echo "[[clients]]"
  echo "client_id = $(q "${BENCH_CLIENT_ID:-bench-client}")"
  # an empty BENCH_CLIENT_SECRET means a public client: no secret at all
  if [ -n "${BENCH_CLIENT_SECRET:-}" ]; then echo "client_secret = $(q "$BENCH_CLIENT_SECRET")"; fi
  echo 'name = "Bench"'
  echo
  echo "[[connections]]"
  echo 'name = "sms"'
  echo 'strategy = "sms"'
  echo "[connections.options]"
  echo "twilio_sid = $(q "${TWILIO_ACCOUNT_SID:-ACdeadbeefdeadbeefdeadbeefdeadbeef}")"
  echo "twilio_token = $(q "${TWILIO_AUTH_TOKEN:-bench-auth-token}")"
  echo "from = $(q "${TWILIO_FROM:-+15005550006}")"
  echo "twilio_api_url = $(q "$TWILIO_API_BASE")"
  echo 'template = "Your verification code is: @@password@@"'
  # The peers have no rate limits or SMS-pumping checks, and Latchkey's (on by default:
  # 50 starts/h per IP, one code per 30 s per number, 30 texts/h per number range, while
  # loadgen's pool is all +1 212 200 xxxx) would turn the load into 429s/400s.
  printf '[connections.options.pumping_protection]\nenabled = false\n'
  printf '\n[rate_limits]\nenabled = false\n'
} >"$CONFIG"

# Info logging writes a line per request; keep it quiet unless asked.
export LATCHKEY_LOG="${LATCHKEY_LOG:-warn}"
exec "$BIN" serve --config "$CONFIG"
