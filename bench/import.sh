#!/usr/bin/env bash
# Bulk import speed: the real binary (SQLite, or PostgreSQL with --postgres) imports N users
# (default 100,000) through POST /api/v2/jobs/users-imports, and the script times it from
# the upload to the job's `completed`, polling GET /api/v2/jobs/{id}. Everything is on
# 127.0.0.1, in a temporary folder removed at the end.
#
#   bench/import.sh [--users N] [--postgres] [--keep]
#
# Binary: $LATCHKEY_BIN, else ${CARGO_TARGET_DIR:-~/.cache/latchkey-release}/release/latchkey.
# Needs python3 and curl.
set -euo pipefail

USERS=100000
DB=sqlite
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS="$2"; shift 2 ;;
    --postgres) DB=postgres; shift ;;
    --keep) KEEP=1; shift ;;
    *) echo "usage: bench/import.sh [--users N] [--postgres] [--keep]" >&2; exit 2 ;;
  esac
done
BIN="${LATCHKEY_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/latchkey-release}/release/latchkey}"
[ -x "$BIN" ] || { echo "import.sh: no binary at $BIN (cargo build --release)" >&2; exit 1; }
PG="${LATCHKEY_BENCH_PG:-postgres://postgres@127.0.0.1:5432}"

DIR="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
SECRET="import-bench-secret-$RANDOM$RANDOM"
DATABASE_URL=""
if [ "$DB" = postgres ]; then
  DB_NAME="latchkey_import_$$_$(date +%s)"
  psql "$PG/postgres" -qAtc "CREATE DATABASE $DB_NAME" >/dev/null
  DATABASE_URL="$PG/$DB_NAME"
fi
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  [ -n "$DATABASE_URL" ] && psql "$PG/postgres" -qAtc "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
  if [ -z "$KEEP" ]; then rm -rf "$DIR"; else echo "kept $DIR"; fi
}
trap cleanup EXIT

{
  echo "listen = \"127.0.0.1:$PORT\""
  echo "issuer = \"$BASE/\""
  echo "data_dir = \"$DIR/data\""
  [ -n "$DATABASE_URL" ] && echo "database_url = \"$DATABASE_URL\""
  cat <<EOF

[[clients]]
client_id = "bench-ops"
client_secret = "$SECRET"
name = "Import bench"
grant_types = ["client_credentials"]

[[client_grants]]
client_id = "bench-ops"
audience = "$BASE/api/v2/"
scope = ["create:users", "read:users"]
EOF
} >"$DIR/latchkey.toml"

# No connection declared: the first run makes the development `sms` one.
# The file: Auth0's import format, SMS users with ids, names and both metadata objects.
python3 - "$USERS" >"$DIR/users.json" <<'EOF'
import json, sys
n = int(sys.argv[1])
users = [{
    "user_id": "%08x%016x" % (i, (i * 0x9E3779B97F4A7C15) % (1 << 64)),
    "phone_number": "+1212%03d%04d" % (200 + i // 10_000 % 800, i % 10_000),
    "phone_verified": True,
    "name": "User %d" % i,
    "given_name": "User",
    "app_metadata": {"plan": "gold" if i % 3 == 0 else "free", "n": i},
    "user_metadata": {"lang": "fr"},
} for i in range(n)]
json.dump(users, sys.stdout)
EOF

LATCHKEY_LOG="${LATCHKEY_LOG:-warn}" "$BIN" serve --config "$DIR/latchkey.toml" >"$DIR/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 240); do
  curl -sf -o /dev/null --max-time 1 "$BASE/healthz" && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
  sleep 0.25
done

TOKEN="$(curl -sf "$BASE/oauth/token" -H 'content-type: application/json' \
  -d "{\"grant_type\":\"client_credentials\",\"client_id\":\"bench-ops\",\"client_secret\":\"$SECRET\",\"audience\":\"$BASE/api/v2/\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
START=$(date +%s.%N)
JOB="$(curl -sf "$BASE/api/v2/jobs/users-imports" -H "authorization: Bearer $TOKEN" \
  -F "users=@$DIR/users.json;type=application/json" -F connection_id=con_sms)"
SUBMITTED=$(date +%s.%N)
ID="$(echo "$JOB" | field '["id"]')"
while :; do
  STATE="$(curl -sf "$BASE/api/v2/jobs/$ID" -H "authorization: Bearer $TOKEN")"
  STATUS="$(echo "$STATE" | field '["status"]')"
  case "$STATUS" in completed|failed) break ;; esac
  sleep 0.2
done
END=$(date +%s.%N)
echo "$STATE" | field '["summary"]'
python3 - "$USERS" "$START" "$SUBMITTED" "$END" "$DB" "$(stat -c %s "$DIR/users.json")" <<'EOF'
import sys
n, start, submitted, end, db, size = int(sys.argv[1]), *map(float, sys.argv[2:5]), sys.argv[5], int(sys.argv[6])
print(f"{db}: {n} users ({size / 1e6:.1f} MB file): upload {submitted - start:.2f} s, "
      f"total {end - start:.2f} s, {n / (end - start):,.0f} users/s")
EOF
[ "$STATUS" = completed ]
