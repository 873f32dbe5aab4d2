#!/usr/bin/env bash
# --target-cmd for the side-by-side benchmark (/work/shared/bench/compare.sh).
# compare.sh runs this in its own process group with BENCH_TARGET_PORT, BENCH_DATA_DIR
# (an empty directory), BENCH_CLIENT_ID, BENCH_CLIENT_SECRET and TWILIO_API_BASE,
# TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM (its fake Twilio) in the environment.
# We write a Latchkey config for that and run the server (or two, behind haproxy) in this
# process group, so compare.sh measures their CPU and stops them.
#
# Choices, from the environment (see bench/README.md):
#   LATCHKEY_BENCH_DB=sqlite|postgres    the store (default sqlite; postgres: a fresh database
#                                        on LATCHKEY_BENCH_PG, default postgres://postgres@127.0.0.1:5432)
#   LATCHKEY_BENCH_INSTANCES=1|2         2: two servers on one PostgreSQL database, behind an
#                                        haproxy round-robin front on BENCH_TARGET_PORT
#   LATCHKEY_BENCH_ALG=RS256|PS256|ES256|EdDSA   the bench client's jwt_configuration.alg
#   LATCHKEY_BENCH_LIMITS=off|roomy      off (default): no rate limits, as the peers have none;
#                                        roomy: the limits on, counting every request as
#                                        by default, with ceilings the load never reaches
#   LATCHKEY_BENCH_METRICS=PORT          serve Prometheus metrics on 127.0.0.1:PORT (a second
#                                        instance: PORT+11 and PORT+12)
# The servers' peak RSS (VmHWM, kB) is written to $BENCH_DATA_DIR/peak-rss-kb, one line per
# server, every second while they run (compare.sh --keep keeps the folder).
set -euo pipefail

: "${BENCH_TARGET_PORT:?}" "${BENCH_DATA_DIR:?}" "${TWILIO_API_BASE:?}"
BIN="${LATCHKEY_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/latchkey-release}/release/latchkey}"
[ -x "$BIN" ] || { echo "latchkey-target.sh: no binary at $BIN (build with cargo build --release)" >&2; exit 1; }
DB="${LATCHKEY_BENCH_DB:-sqlite}"
INSTANCES="${LATCHKEY_BENCH_INSTANCES:-1}"
ALG="${LATCHKEY_BENCH_ALG:-RS256}"
LIMITS="${LATCHKEY_BENCH_LIMITS:-off}"
case "$LIMITS" in
  off|roomy) ;;
  *) echo "latchkey-target.sh: LATCHKEY_BENCH_LIMITS=$LIMITS is not off or roomy" >&2; exit 2 ;;
esac
PG="${LATCHKEY_BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
case "$DB/$INSTANCES" in
  sqlite/1|postgres/1|postgres/2) ;;
  *) echo "latchkey-target.sh: LATCHKEY_BENCH_DB=$DB with $INSTANCES instances is not a setup (two instances need postgres)" >&2; exit 2 ;;
esac

# TOML basic string: quote, escaping backslashes and double quotes.
q() { local s="${1//\\/\\\\}"; printf '"%s"' "${s//\"/\\\"}"; }

DATABASE_URL=""
if [ "$DB" = postgres ]; then
  command -v psql >/dev/null || { echo "latchkey-target.sh: psql not found" >&2; exit 1; }
  DB_NAME="latchkey_bench_$$_$(date +%s)"
  psql "$PG/postgres" -qAtc "CREATE DATABASE $DB_NAME" >/dev/null
  DATABASE_URL="$PG/$DB_NAME"
fi

# config_for PORT: a configuration listening on 127.0.0.1:PORT, issuer the front's URL.
config_for() {
  local file="$BENCH_DATA_DIR/latchkey-$1.toml"
  {
    echo "listen = $(q "127.0.0.1:$1")"
    echo "issuer = $(q "http://127.0.0.1:$BENCH_TARGET_PORT/")"
    echo "data_dir = $(q "$BENCH_DATA_DIR")"
    if [ -n "$DATABASE_URL" ]; then echo "database_url = $(q "$DATABASE_URL")"; fi
    echo
    echo "[[clients]]"
    echo "client_id = $(q "${BENCH_CLIENT_ID:-bench-client}")"
    # an empty BENCH_CLIENT_SECRET means a public client: no secret at all
    if [ -n "${BENCH_CLIENT_SECRET:-}" ]; then echo "client_secret = $(q "$BENCH_CLIENT_SECRET")"; fi
    echo 'name = "Bench"'
    # only when asked: older builds refuse the key
    if [ "$ALG" != RS256 ]; then printf '[clients.jwt_configuration]\nalg = %s\n' "$(q "$ALG")"; fi
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
    if [ "$LIMITS" = roomy ]; then
      # Every counter a login hits by default, each far above what the load reaches.
      printf '\n[rate_limits]\nenabled = true\nstart_min_gap = 1\n'
      for rule in start_per_ip start_per_recipient start_per_client wrong_codes_per_recipient token_per_ip passkey_per_ip; do
        printf '%s = { limit = 1000000000, window = 3600 }\n' "$rule"
      done
    else
      printf '\n[rate_limits]\nenabled = false\n'
    fi
    # Prometheus metrics, only when asked (each server on METRICS + its offset from the front).
    if [ -n "${LATCHKEY_BENCH_METRICS:-}" ]; then
      printf '\n[metrics]\nlisten = %s\n' "$(q "127.0.0.1:$((LATCHKEY_BENCH_METRICS + $1 - BENCH_TARGET_PORT))")"
    fi
  } >"$file"
  echo "$file"
}

# Info logging writes a line per request; keep it quiet unless asked.
export LATCHKEY_LOG="${LATCHKEY_LOG:-warn}"

PIDS=()
FRONT=""
stop() {
  trap - TERM INT EXIT
  for pid in "${PIDS[@]}" $FRONT; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$DATABASE_URL" ]; then
    psql "$PG/postgres" -qAtc "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null 2>&1 || true
  fi
}
trap 'stop; exit 0' TERM INT
trap stop EXIT

# wait_up PORT PID: until the server answers /healthz (60 s at most).
wait_up() {
  for _ in $(seq 1 240); do
    kill -0 "$2" 2>/dev/null || { echo "latchkey-target.sh: the server on port $1 exited" >&2; exit 1; }
    curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$1/healthz" && return 0
    sleep 0.25
  done
  echo "latchkey-target.sh: the server on port $1 did not come up" >&2; exit 1
}

if [ "$INSTANCES" = 1 ]; then
  "$BIN" serve --config "$(config_for "$BENCH_TARGET_PORT")" &
  PIDS+=($!)
else
  command -v haproxy >/dev/null || { echo "latchkey-target.sh: two instances need haproxy (apt-get install haproxy)" >&2; exit 1; }
  BACKENDS=()
  for i in 1 2; do
    port=$((BENCH_TARGET_PORT + 10 + i))
    "$BIN" serve --config "$(config_for "$port")" &
    PIDS+=($!)
    # the first makes the server secret and migrates; the second starts on both
    wait_up "$port" "$!"
    BACKENDS+=("    server latchkey$i 127.0.0.1:$port")
  done
  # Round robin per connection (loadgen keeps its connections open, one per virtual user);
  # tcp mode, so the front adds as little work as it can.
  {
    printf 'global\n    maxconn 4096\n    nbthread 1\n\n'
    printf 'defaults\n    mode tcp\n    timeout connect 5s\n    timeout client 60s\n    timeout server 60s\n\n'
    printf 'frontend front\n    bind 127.0.0.1:%s\n    default_backend latchkey\n\n' "$BENCH_TARGET_PORT"
    printf 'backend latchkey\n    balance roundrobin\n'
    printf '%s\n' "${BACKENDS[@]}"
  } >"$BENCH_DATA_DIR/haproxy.cfg"
  haproxy -f "$BENCH_DATA_DIR/haproxy.cfg" -db &
  FRONT=$!
fi

# Peak RSS of each server, while they run.
while :; do
  lines=""
  for pid in "${PIDS[@]}"; do
    hwm=""
    if [ -r "/proc/$pid/status" ]; then
      while read -r key value _; do
        if [ "$key" = "VmHWM:" ]; then hwm="$value"; fi
      done <"/proc/$pid/status"
    fi
    # a server that is gone ends the target (compare.sh then reports failed rounds)
    [ -n "$hwm" ] || { echo "latchkey-target.sh: server $pid exited" >&2; exit 1; }
    lines+="$pid $hwm"$'\n'
  done
  printf '%s' "$lines" >"$BENCH_DATA_DIR/peak-rss-kb"
  sleep 1 &
  wait $!
done
