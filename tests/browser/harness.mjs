// What every browser script shares: its report on stdout (one JSON object per line), the
// answers the Rust test gives on stdin, failing, Debian's Chromium launched headless the one
// way the suite launches it, and the page errors a script collects.
import { chromium } from "playwright-core";
import { createInterface } from "node:readline";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const env = process.env;

export const fail = (msg) => {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
};

export const say = (obj) => console.log(JSON.stringify(obj));

// stdin is read only once a script asks, so scripts that never ask are not kept alive by it.
let reader = null;
let answers = null;

/** Says `{need, ...extra}` and waits for the test's answer line, parsed. */
export async function ask(need, extra = {}) {
  if (!answers) {
    reader = createInterface({ input: process.stdin });
    answers = reader[Symbol.asyncIterator]();
  }
  say({ need, ...extra });
  const { value, done } = await answers.next();
  if (done) fail(`no answer for ${need}`);
  return JSON.parse(value);
}

/** Stops reading stdin, or node would wait for the test to close it. */
export const stopAsking = () => reader?.close();

const chromiumOptions = (selfSignedTls) => ({
  executablePath: env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ...(selfSignedTls ? ["--ignore-certificate-errors"] : []),
  ],
});

/** Headless Chromium; `selfSignedTls` for a Latchkey serving the test's own certificate. */
export const launch = ({ selfSignedTls = false } = {}) => chromium.launch(chromiumOptions(selfSignedTls));

/** A browser context in a fresh profile of its own that blocks third-party cookies but for
 * the sites in `allowThirdParty` (origins), as a user's settings would: Chromium's
 * `cookie_controls_mode` and per-site cookie exceptions, written into the profile's
 * Preferences before it starts. Closing it removes the profile. */
export async function profileContext({ selfSignedTls = false, allowThirdParty = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "latchkey-profile-"));
  mkdirSync(join(dir, "Default"));
  const exceptions = Object.fromEntries(allowThirdParty.map((origin) =>
    [`${origin},*`, { setting: 1, last_modified: "13370000000000000" }]));
  writeFileSync(join(dir, "Default", "Preferences"), JSON.stringify({
    profile: { cookie_controls_mode: 1, content_settings: { exceptions: { cookies: exceptions } } },
  }));
  const context = await chromium.launchPersistentContext(dir, {
    ...chromiumOptions(selfSignedTls), headless: true, locale: "en-US", ignoreHTTPSErrors: selfSignedTls,
  });
  const close = context.close.bind(context);
  context.close = async () => { await close(); rmSync(dir, { recursive: true, force: true }); };
  return context;
}

/** Collects `page`'s script errors and console errors into `problems` (a resource that
 * fails to load is the page's business, not an error of the code under test). */
export const watch = (page, problems) => {
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
};
