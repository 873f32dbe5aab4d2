// auth0.js, as published (its browser build from node_modules, unmodified), in headless
// Chromium on a page served from another origin than Latchkey: passwordlessStart and
// passwordlessLogin (embedded login: /passwordless/start, /co/authenticate, then /authorize
// with the login ticket), or authorize() through the hosted login page, back to the
// callback, where parseHash verifies the id_token against the JWKS; then checkSession (a
// hidden iframe, response_mode=web_message). Run by
// tests/it/auth0js_browser.rs, which owns Latchkey (over https: auth0.js expects the
// id_token's issuer to be `https://<domain>/`), the code deliveries and the SPA's server,
// answers this script's requests for codes on stdin and checks what it reports on stdout
// (one JSON object per line).
//
// Env: SPA (the app's origin), DOMAIN (Latchkey's host and port, as auth0.js takes it),
// CLIENT_ID, LOGINS (a JSON list of {name, flow: "embedded" | "hosted" | "verify" | "anonymous",
// connection, username}: each is logged in in turn, in a fresh browser context; hosted
// logins are SMS ones with a US number; an anonymous one only tries checkSession),
// CHROMIUM (optional).
import { readFileSync } from "node:fs";
import { ask, env, fail, launch, profileContext, say, stopAsking, watch } from "./harness.mjs";

const browser = await launch({ selfSignedTls: true });
const problems = [];
// What reached Latchkey: each request's method and path, and /authorize's parameters.
const calls = [];

// Runs `body(webAuth, arg)` in the SPA page with a WebAuth made by the page's own copy of
// auth0.js; node-style callbacks are turned into results or `{error, description}`.
// `transaction` ({state, nonce}) fixes what auth0.js would otherwise draw and keep in the
// page's own cookies.
const inPage = (page, body, arg = null, transaction = {}) =>
  page.evaluate(
    async ({ domain, clientID, redirectUri, body, arg, transaction }) => {
      const webAuth = new window.auth0.WebAuth({
        domain,
        clientID,
        redirectUri,
        responseType: "token id_token",
        scope: "openid profile email phone",
        ...transaction,
      });
      const call = (method, options) => new Promise((resolve) => {
        webAuth[method](options, (err, result) => resolve(err
          ? { error: err.error || err.code, description: err.error_description || err.description, status: err.statusCode }
          : { ok: result }));
      });
      return new Function("webAuth", "call", "arg", `return (${body})(webAuth, call, arg);`)(webAuth, call, arg);
    },
    { domain: env.DOMAIN, clientID: env.CLIENT_ID, redirectUri: `${env.SPA}/callback`, body: body.toString(), arg, transaction },
  );

const field = (connection) => (connection === "sms" ? "phoneNumber" : "email");

// The hosted SMS login on `page` with a US number, then the code the Rust side reads.
async function hostedSmsLogin(page, login) {
  await page.waitForSelector("#phone");
  await page.selectOption("#country", "US");
  await page.fill("#phone", login.username.replace(/^\+1/, ""));
  await page.locator("form.identifier", { has: page.locator("#phone") }).locator("button").click();
  await page.waitForSelector("#code");
  const { code } = await ask("code", login);
  await page.fill("#code", code);
  await page.locator("#code-form button").click();
}

const atCallback = (u) => u.href.startsWith(`${env.SPA}/callback`);

// Embedded: passwordlessStart, then passwordlessLogin (/co/authenticate, then the page
// navigates to /authorize with the login ticket, which redirects to the callback with the
// tokens in the fragment). An error comes back to auth0.js's callback instead.
async function embedded(page, login, transaction = {}) {
  const { connection, username } = login;
  const started = await inPage(page, (webAuth, call, arg) =>
    call("passwordlessStart", { connection: arg.connection, send: "code", [arg.field]: arg.username }),
  { connection, username, field: field(connection) }, transaction);
  say({ event: "started", login: login.name, ...started });
  if (started.error) return started;
  const { code } = await ask("code", login);
  const navigated = page.waitForURL(atCallback).then(() => ({ ok: true }));
  // The navigation ends the evaluation (null here); then the callback page is the answer.
  const called = inPage(page, (webAuth, call, arg) =>
    call("passwordlessLogin", { connection: arg.connection, [arg.field]: arg.username, verificationCode: arg.code }),
  { connection, username, field: field(connection), code }, transaction).catch(() => null);
  return Promise.race([navigated, called.then((r) => r ?? navigated)]);
}

// Hosted: authorize() sends the page to Latchkey's login page, which ends at the callback.
async function hosted(page, login) {
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(`https://${env.DOMAIN}/authorize`)),
    inPage(page, (webAuth) => { webAuth.authorize(); return null; }).catch(() => null),
  ]);
  await Promise.all([page.waitForURL(atCallback), hostedSmsLogin(page, login)]);
  return { ok: true };
}

// On Latchkey's own origin (as on a login page Auth0 hosts), passwordlessLogin takes the
// passwordlessVerify path: POST /passwordless/verify, then the page goes to
// /passwordless/verify_redirect, which redirects to the callback. auth0.js is loaded into a
// Latchkey page from outside (its CSP admits no foreign script); the transaction is fixed so
// the app's page can check it.
const AUTH0_JS = readFileSync(new URL("node_modules/auth0-js/dist/auth0.min.js", import.meta.url), "utf8");
async function onLatchkeysOrigin(page, login, transaction) {
  await page.goto(`https://${env.DOMAIN}/.well-known/openid-configuration`);
  await page.evaluate(AUTH0_JS);
  return embedded(page, login, transaction);
}

try {
  for (const login of JSON.parse(env.LOGINS)) {
    // `fallback`: the app on another site, in a browser that blocks Latchkey's cookies
    // there (third-party) but lets the app's own page read its cookies when Latchkey's
    // verification page frames it.
    const context = login.flow === "fallback"
      ? await profileContext({ selfSignedTls: true, allowThirdParty: [env.SPA] })
      : await browser.newContext({ locale: "en-US", ignoreHTTPSErrors: true });
    context.on("request", (r) => {
      const url = new URL(r.url());
      if (url.host !== env.DOMAIN) return;
      const call = { login: login.name, method: r.method(), path: url.pathname };
      if (url.pathname === "/authorize") call.query = Object.fromEntries(url.searchParams);
      calls.push(call);
    });
    const page = await context.newPage();
    watch(page, problems);
    await page.goto(`${env.SPA}/`);

    if (login.flow === "anonymous") {
      // No login in this browser: checkSession's iframe finds no session.
      const session = await inPage(page, (webAuth, call) => call("checkSession", {}));
      say({ event: "session", login: login.name, ...session });
      await context.close();
      continue;
    }
    const transaction = login.flow === "verify" ? { state: crypto.randomUUID(), nonce: crypto.randomUUID() } : {};
    const flows = { hosted, embedded, verify: onLatchkeysOrigin, fallback: embedded };
    const ended = await flows[login.flow](page, login, transaction)
      .catch((e) => ({ error: String(e), url: page.url() }));
    // Latchkey's cookies as the browser keeps them (attributes only, never values).
    const cookies = (await context.cookies(`https://${env.DOMAIN}`))
      .map((c) => ({ name: c.name, sameSite: c.sameSite, secure: c.secure, httpOnly: c.httpOnly }));
    say({ event: "login", login: login.name, ...ended, cookies });
    if (ended.error) continue;
    await page.waitForLoadState();

    // parseHash: state, nonce and the id_token's signature (the JWKS, fetched from the
    // token's issuer) are checked by auth0.js.
    const parsed = await inPage(page, (webAuth, call, arg) => call("parseHash", { hash: location.hash, ...arg }), transaction);
    say({ event: "parsed", login: login.name, ...parsed });

    // checkSession: a hidden iframe with prompt=none and response_mode=web_message, from
    // the session the login started.
    const session = await inPage(page, (webAuth, call) => call("checkSession", {}));
    say({ event: "session", login: login.name, ...session });
    await context.close();
  }
} finally {
  say({ event: "done", problems, calls });
  await browser.close();
  stopAsking();
}
