// Lock (auth0-lock, as published on npm, unmodified), Auth0LockPasswordless, in headless
// Chromium on a page served from another origin than Latchkey (another port of localhost, so
// the same site: the session cookie /co/authenticate sets is then a first-party one). Run by
// tests/it/lock_browser.rs, which owns Latchkey (over https), the code deliveries and the
// SPA's server, answers this script's requests for codes and links on stdin and checks what
// it reports on stdout (one JSON object per line).
//
// The npm package ships Lock's sources (lib/) but not the browser build the CDN serves, so
// this script bundles the package's main module (lib/index.js) with esbuild, as an app's
// build would (the CDN build's entry, lib/browser.js, needs core-js, which the package does
// not depend on), and serves it as the SPA's /lock.js. Lock loads its language dictionary as a script from
// `{languageBaseUrl}/js/lock/{version}/{lang}.js` (the CDN by default; there is no internet
// here): `languageBaseUrl` is the SPA's origin, where this script serves the English
// dictionary Lock ships (lib/i18n/en.js) in the CDN's form,
// `Auth0.registerLanguageDictionary("en", {...})`.
//
// Env: SPA (the app's origin), DOMAIN (Latchkey's host and port), CLIENT_ID, LOGINS (a JSON
// list of {name, connection: "sms" | "email", method: "code" | "link", username, redirect?,
// responseType? (default "token id_token"), refused? (the start call is expected to be
// refused: Lock's error banner is reported)}: each is logged in in turn, in a fresh browser
// context), CHROMIUM (optional).
import { createRequire } from "node:module";
import { build } from "esbuild";
import { ask, env, fail, launch, say, stopAsking, watch } from "./harness.mjs";

const require = createRequire(import.meta.url);

const LOCK = "node_modules/auth0-lock";
const { version } = require(`./${LOCK}/package.json`);
const bundled = await build({
  // What an app's code does with the package.
  stdin: {
    contents: 'import { Auth0LockPasswordless } from "auth0-lock"; window.Auth0LockPasswordless = Auth0LockPasswordless;',
    resolveDir: new URL(".", import.meta.url).pathname,
  },
  bundle: true,
  write: false,
  format: "iife",
  define: { "process.env.NODE_ENV": '"production"' },
  // Named, these are taken in this order, also for require(): esbuild's default would pick
  // auth0-js's "main" (a UMD file that exports nothing in its "type": "module" package).
  mainFields: ["browser", "module", "main"],
  logLevel: "silent",
});
const LOCK_JS = bundled.outputFiles[0].text;
const english = require(`./${LOCK}/lib/i18n/en.js`).default;
const DICTIONARY = `Auth0.registerLanguageDictionary("en", ${JSON.stringify(english)});`;

const browser = await launch({ selfSignedTls: true });
const problems = [];
// What reached Latchkey (each request's method and path, /authorize's parameters) and
// every request that left for somewhere else than Latchkey or the SPA.
const calls = [];
const elsewhere = [];

// Makes the Lock on the page (the same options on the app's page and at its callback, as an
// app does) and records its events in window.lockEvents.
const makeLock = (page, login) =>
  page.evaluate(({ clientID, domain, spa, connection, method, redirect, responseType }) => {
    window.lockEvents = [];
    const record = (name) => (payload) => window.lockEvents.push({ name, payload: payload ?? null });
    const lock = new window.Auth0LockPasswordless(clientID, domain, {
      allowedConnections: [connection],
      passwordlessMethod: method,
      languageBaseUrl: spa,
      // Lock 14.3.0's autofocus throws (`node.querySelector is not a function`, in
      // Chrome.findAutofocusInput) when its "link sent" pane slides in: its ref there is a
      // component, not an element. The test fills each field itself.
      autofocus: false,
      // Lock's defaults fetch its logo from Auth0's CDN and the user's Gravatar; an app sets
      // its own logo, and the test checks that nothing leaves for a third party.
      avatar: null,
      theme: { logo: `${spa}/favicon.ico` },
      auth: {
        redirect,
        redirectUrl: `${spa}/callback`,
        responseType,
        params: { scope: "openid profile email phone" },
      },
    });
    for (const name of ["authenticated", "authorization_error", "hash_parsed", "unrecoverable_error"]) {
      lock.on(name, record(name));
    }
    window.lock = lock;
  }, { clientID: env.CLIENT_ID, domain: env.DOMAIN, spa: env.SPA, connection: login.connection, method: login.method,
    redirect: login.redirect !== false, responseType: login.responseType || "token id_token" });

const lockEvent = (page, name) =>
  page.waitForFunction((name) => window.lockEvents.find((e) => e.name === name), name, { timeout: 15000 })
    .then((h) => h.jsonValue());

const atCallback = (u) => u.href.startsWith(`${env.SPA}/callback`);

async function logIn(page, login) {
  await page.goto(`${env.SPA}/`);
  await makeLock(page, login);
  // From show() to the form's first field on screen: the client script, the dictionary,
  // the country lookup and the SSO check (a checkSession iframe) all come before it.
  const input = login.connection === "sms" ? 'input[name="phoneNumber"]' : 'input[name="email"]';
  await page.evaluate(({ input, latchkey }) => {
    // When the field is first in the page, and first has a box (Lock fades its widget in),
    // and when Latchkey's answer to Lock's SSO check (its checkSession iframe) was posted.
    const t0 = performance.now();
    window.formAt = {};
    window.addEventListener("message", (e) => {
      if (e.origin === latchkey && e.data && e.data.type === "authorization_response"
        && window.formAt.ssoAnswered === undefined) window.formAt.ssoAnswered = performance.now() - t0;
    });
    const look = () => {
      const field = document.querySelector(input);
      if (field && window.formAt.inDom === undefined) window.formAt.inDom = performance.now() - t0;
      if (field && field.getBoundingClientRect().width > 0 && getComputedStyle(field).visibility !== "hidden") {
        window.formAt.visible = performance.now() - t0;
        return;
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
    window.lock.show();
  }, { input, latchkey: `https://${env.DOMAIN}` });
  // The page's own clock: from show() to the field having a box (what Playwright calls
  // visible), without Playwright's polling in the measure.
  await page.waitForFunction(() => window.formAt.visible !== undefined, null, { timeout: 15000 });
  const formAt = await page.evaluate(() => window.formAt);
  // What the form waited for (for a slow run's report).
  const loaded = await page.evaluate(() => performance.getEntriesByType("resource")
    .map((e) => ({ url: e.name.split("?")[0], start: Math.round(e.startTime), ms: Math.round(e.duration) })));
  say({ event: "form", login: login.name, ms: Math.round(formAt.visible), inDom: Math.round(formAt.inDom),
    ssoAnswered: formAt.ssoAnswered === undefined ? null : Math.round(formAt.ssoAnswered), loaded });
  // Lock's country defaults to the geolocation's answer, else the US; the test numbers are
  // US ones.
  const typed = login.connection === "sms" ? login.username.replace(/^\+1/, "") : login.username;
  await page.fill(input, typed);
  await page.click("button.auth0-lock-submit");
  if (login.refused) {
    // Latchkey refuses the start call; Lock shows its error banner and sends nothing.
    const banner = page.locator(".auth0-global-message-error");
    await banner.waitFor({ state: "visible", timeout: 15000 });
    return { refused: (await banner.innerText()).trim(), events: await page.evaluate(() => window.lockEvents.map((e) => e.name)) };
  }
  if (login.method === "link") {
    // Lock says the link was sent; the link is followed in this browser, as a user would.
    await page.waitForSelector(".auth0-lock-resend-link", { state: "visible", timeout: 15000 });
    const { url } = await ask("link", login);
    // Latchkey's link opens a page with one button (mail scanners that fetch links do not
    // use them up); pressing it logs in.
    await page.goto(url);
    await Promise.all([page.waitForURL(atCallback, { timeout: 15000 }), page.locator("button").click()]);
  } else {
    await page.waitForSelector('input[name="vcode"]', { state: "visible", timeout: 15000 });
    const { code } = await ask("code", login);
    await page.fill('input[name="vcode"]', code);
    await page.click("button.auth0-lock-submit");
  }
  if (login.redirect !== false) {
    await page.waitForURL(atCallback, { timeout: 15000 });
    await page.waitForLoadState();
    // At the callback the app makes its Lock again, which parses the fragment and emits
    // `authenticated` (auth0.js inside checks the id_token against the JWKS, state and
    // nonce).
    await makeLock(page, login);
  }
  // With `redirect: false` the page stays: auth0.js redeems the login ticket in a hidden
  // iframe (/authorize with response_mode=web_message) and Lock emits `authenticated` here.
  const authenticated = await Promise.race([
    lockEvent(page, "authenticated"),
    lockEvent(page, "authorization_error").then((e) => ({ error: e })),
  ]);
  return { ok: authenticated.payload ?? null, error: authenticated.error, events: await page.evaluate(() => window.lockEvents.map((e) => e.name)) };
}

try {
  for (const login of JSON.parse(env.LOGINS)) {
    const context = await browser.newContext({ locale: "en-US", ignoreHTTPSErrors: true });
    await context.route(`${env.SPA}/lock.js`, (route) =>
      route.fulfill({ contentType: "text/javascript; charset=utf-8", body: LOCK_JS }));
    await context.route(`${env.SPA}/js/lock/${version}/en.js`, (route) =>
      route.fulfill({ contentType: "text/javascript; charset=utf-8", body: DICTIONARY }));
    context.on("request", (r) => {
      const url = new URL(r.url());
      if (url.origin === env.SPA) return;
      if (url.host !== env.DOMAIN) {
        elsewhere.push(r.url());
        return;
      }
      const call = { login: login.name, method: r.method(), path: url.pathname };
      if (url.pathname === "/authorize") call.query = Object.fromEntries(url.searchParams);
      calls.push(call);
    });
    const page = await context.newPage();
    watch(page, problems);
    const ended = await logIn(page, login).catch((e) => ({ error: String(e), url: page.url() }));
    const cookies = (await context.cookies(`https://${env.DOMAIN}`))
      .map((c) => ({ name: c.name, sameSite: c.sameSite, secure: c.secure, httpOnly: c.httpOnly }));
    say({ event: "login", login: login.name, ...ended, cookies });
    await context.close();
  }
} finally {
  say({ event: "done", problems, calls, elsewhere });
  await browser.close();
  stopAsking();
}
