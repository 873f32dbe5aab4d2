#!/usr/bin/env bash
# The benchmark setups of bench/README.md, one compare.sh run each, side by side with the
# peers where the figure is compared with theirs, and a summary of what compare.sh's table
# does not show: refresh grants per second, refresh latency, and the servers' peak RSS.
#
#   bench/matrix.sh [--only "sqlite-rs256 pg-2"] [--peers "better-auth allauth"]
#                   [--concurrency "16 64"] [--rounds 2] [--duration 15] [--out DIR]
#
# Setups: sqlite-rs256 (with the peers), sqlite-es256, sqlite-refresh (--refresh, with the
# peers), pg-1, pg-2 (two instances on one PostgreSQL database behind haproxy).
# compare.sh is run from a writable copy of /work/shared/bench ($LATCHKEY_BENCH_DIR, default
# ~/.cache/latchkey-bench, made on first use); the binary is $LATCHKEY_BIN or
# ${CARGO_TARGET_DIR:-~/.cache/latchkey-release}/release/latchkey, as latchkey-target.sh says.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
BENCH="${LATCHKEY_BENCH_DIR:-$HOME/.cache/latchkey-bench}"
ONLY="sqlite-rs256 sqlite-es256 sqlite-refresh pg-1 pg-2"
PEERS="better-auth allauth"
CONCS="16 64"
ROUNDS=2
DURATION=15
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --only) ONLY="$2"; shift 2 ;;
    --peers) PEERS="$2"; shift 2 ;;
    --concurrency) CONCS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "matrix.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/latchkey-matrix.XXXXXX")}"
mkdir -p "$OUT"
if [ ! -x "$BENCH/compare.sh" ]; then
  mkdir -p "$BENCH" && cp -r /work/shared/bench/. "$BENCH/" && chmod -R u+w "$BENCH"
fi

# setup name -> environment for latchkey-target.sh, and compare.sh flags
run_setup() {
  local name="$1" env=() flags=()
  case "$name" in
    sqlite-rs256) env=(LATCHKEY_BENCH_DB=sqlite); flags=(--peers "$PEERS") ;;
    sqlite-es256) env=(LATCHKEY_BENCH_DB=sqlite LATCHKEY_BENCH_ALG=ES256); flags=(--no-peer) ;;
    sqlite-refresh) env=(LATCHKEY_BENCH_DB=sqlite); flags=(--peers "$PEERS" --refresh) ;;
    pg-1) env=(LATCHKEY_BENCH_DB=postgres LATCHKEY_BENCH_INSTANCES=1); flags=(--no-peer) ;;
    pg-2) env=(LATCHKEY_BENCH_DB=postgres LATCHKEY_BENCH_INSTANCES=2); flags=(--no-peer) ;;
    *) echo "matrix.sh: unknown setup $name" >&2; return 2 ;;
  esac
  mkdir -p "$OUT/$name"
  echo "[matrix] $name: ${env[*]} compare.sh ${flags[*]}" >&2
  # TMPDIR puts compare.sh's kept work directory under $OUT/$name.
  env "${env[@]}" TMPDIR="$OUT/$name" "$BENCH/compare.sh" --target-cmd "$HERE/latchkey-target.sh" \
    --target-ready-path /healthz --concurrency "$CONCS" --rounds "$ROUNDS" --duration "$DURATION" \
    --keep "${flags[@]}" | tee "$OUT/$name/table.txt"
}

for name in $ONLY; do
  run_setup "$name" || echo "[matrix] $name failed" >&2
done

# The summary: per setup and side, logins/s (with --refresh, one refresh per login, so also
# refresh grants/s), refresh p50/p99 from the rounds' JSON, and the target's peak RSS.
node - "$OUT" $ONLY <<'EOF'
const fs = require("fs"), path = require("path");
const [out, ...names] = process.argv.slice(2);
console.log("\nsetup           side          conc  rounds  logins/s  refresh/s  refresh p50/p99 ms  peak RSS MB (per server)");
for (const name of names) {
  const dir = path.join(out, name);
  if (!fs.existsSync(dir)) continue;
  const work = fs.readdirSync(dir).filter((d) => d.startsWith("bench-compare.")).map((d) => path.join(dir, d));
  for (const w of work) {
    let rss = "-";
    try {
      const kb = fs.readFileSync(path.join(w, "target-data", "peak-rss-kb"), "utf8").trim().split("\n").map((l) => Number(l.split(" ")[1]));
      rss = kb.map((k) => (k / 1024).toFixed(1)).join(" + ");
    } catch {}
    const groups = {};
    for (const f of fs.readdirSync(w).filter((f) => /-c\d+-r\d+\.json$/.test(f))) {
      let o = {};
      try { o = JSON.parse(fs.readFileSync(path.join(w, f), "utf8")); } catch {}
      const [, side, c] = f.match(/^(.*)-c(\d+)-r\d+\.json$/);
      (groups[`${side} ${c}`] ||= []).push(o);
    }
    for (const [key, rs] of Object.entries(groups)) {
      const [side, c] = key.split(" ");
      const logins = rs.reduce((a, o) => a + (o.logins || 0), 0);
      const secs = rs.reduce((a, o) => a + (o.duration_s || 0), 0);
      const rate = secs ? logins / secs : NaN;
      const refreshing = rs.some((o) => o.refresh);
      const med = (xs) => { const s = xs.filter(Number.isFinite).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
      const r = (k) => med(rs.map((o) => ((o.steps_ms || {}).refresh || {})[k]));
      const refresh = refreshing ? `${rate.toFixed(1)}` : "-";
      const lat = refreshing ? `${r("p50")} / ${r("p99")}` : "-";
      console.log(`${name.padEnd(16)}${side.padEnd(14)}${c.padEnd(6)}${String(rs.length).padEnd(8)}${rate.toFixed(1).padStart(8)}  ${refresh.padStart(9)}  ${lat.padStart(18)}  ${side === "target" ? rss : "-"}`);
    }
  }
}
console.log("\nrefresh/s: with --refresh every login is followed by one refresh (timed apart from the login), so refresh grants/s = logins/s of that setup;");
console.log("the peers' equivalents: better-auth a second GET /token, allauth POST tokens/refresh. Peak RSS: VmHWM of each Latchkey server over the whole run.");
EOF
echo "[matrix] results in $OUT" >&2
