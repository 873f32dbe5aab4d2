// A page served from another origin than Latchkey calls it the way auth0.js and Lock do:
// `fetch` to /passwordless/start with JSON and an `Auth0-Client` header (so Chromium sends a
// preflight first) and a plain GET of the JWKS. For each page origin it reports what the
// page could read, or the error the browser gave it. Run by tests/it/cors_browser.rs;
// prints one JSON line.
//
// Env: PAGES (JSON: [{origin, phone}]), LATCHKEY (its base URL), CLIENT_ID, CHROMIUM
// (optional path).
import { launch } from "./harness.mjs";

const pages = JSON.parse(process.env.PAGES);
const { LATCHKEY, CLIENT_ID } = process.env;

const browser = await launch();
const report = [];
try {
  for (const { origin, phone } of pages) {
    const page = await browser.newPage();
    const console_errors = [];
    page.on("console", (m) => {
      if (m.type() === "error") console_errors.push(m.text());
    });
    const landing = await page.goto(`${origin}/`);
    if (landing.status() !== 200) throw new Error(`${origin}: HTTP ${landing.status()}`);
    const result = await page.evaluate(
      async ({ base, client, phone }) => {
        const attempt = async (f) => {
          try {
            return await f();
          } catch (e) {
            return { error: `${e.name}: ${e.message}` };
          }
        };
        const start = await attempt(async () => {
          const r = await fetch(`${base}/passwordless/start`, {
            method: "POST",
            headers: {
              "Content-Type": "application/json",
              "Auth0-Client": btoa(JSON.stringify({ name: "auth0.js", version: "9.28.0" })),
            },
            body: JSON.stringify({ client_id: client, connection: "sms", phone_number: phone, send: "code" }),
          });
          return { status: r.status, body: await r.json() };
        });
        const jwks = await attempt(async () => {
          const r = await fetch(`${base}/.well-known/jwks.json`);
          return { status: r.status, keys: (await r.json()).keys.length };
        });
        return { page: location.origin, start, jwks };
      },
      { base: LATCHKEY, client: CLIENT_ID, phone },
    );
    result.console_errors = console_errors;
    report.push(result);
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
