// auth0-spa-js, as published (its UMD build from node_modules, unmodified), in headless
// Chromium on a page served from another origin than Latchkey: loginWithRedirect through
// the hosted SMS login, handleRedirectCallback, getUser; getTokenSilently with refresh
// tokens (over CORS) and without (a hidden iframe, response_mode=web_message), again after
// a reload; loginWithPopup; logout; and silent authentication after the logout. Run by
// tests/it/web_message_browser.rs, which owns Latchkey, the Twilio stand-in and the SPA's
// server, answers this script's requests for codes on stdin and checks what it reports on
// stdout (one JSON object per line).
//
// Env: SPA (the app's origin), DOMAIN (Latchkey's issuer, without the trailing /),
// CLIENT_ID, PHONE_NATIONAL and POPUP_PHONE_NATIONAL (US national numbers: one for the
// redirect login, one for the popup's), CHROMIUM (optional).
import { ask, env, fail, launch, say, stopAsking, watch } from "./harness.mjs";

const browser = await launch();
const problems = [];
// What the SDK asked Latchkey for: each /authorize's mode and prompt, each token grant.
const calls = [];

// Runs `body(auth0Client)` in the SPA page with a client made by the page's own copy of
// auth0-spa-js; `options` are createAuth0Client's beyond domain, clientId and redirect_uri.
const inPage = (page, options, body, arg = null) =>
  page.evaluate(
    async ({ domain, clientId, options, body, arg }) => {
      const client = await window.auth0.createAuth0Client({
        domain,
        clientId,
        authorizationParams: { redirect_uri: `${location.origin}/`, scope: "openid profile phone offline_access" },
        ...options,
      });
      try {
        return { ok: await new Function("client", "arg", `return (${body})(client, arg);`)(client, arg) };
      } catch (e) {
        return { error: e.error || e.name, description: e.error_description || e.message };
      }
    },
    { domain: env.DOMAIN, clientId: env.CLIENT_ID, options, body: body.toString(), arg },
  );

// The hosted SMS login on `page` with a US `national` number, then the code the Rust side
// reads.
async function smsLogin(page, national) {
  await page.waitForSelector("#phone");
  await page.selectOption("#country", "US");
  await page.fill("#phone", national);
  await page.locator("form.identifier", { has: page.locator("#phone") }).locator("button").click();
  await page.waitForSelector("#code");
  const { code } = await ask("sms_code", { national });
  await page.fill("#code", code);
  await page.locator("#code-form button").click();
}

const REFRESH = { useRefreshTokens: true, cacheLocation: "localstorage" };
const IFRAME = { useRefreshTokens: false };
const silently = (c) => c.getTokenSilently({ cacheMode: "off", detailedResponse: true })
  .then((r) => ({ access_token: r.access_token, id_token: r.id_token }));

try {
  const context = await browser.newContext({ locale: "en-US" });
  context.on("request", (r) => {
    const url = new URL(r.url());
    if (url.origin !== new URL(env.DOMAIN).origin) return;
    if (url.pathname === "/authorize") {
      const q = url.searchParams;
      calls.push({ authorize: q.get("response_mode"), prompt: q.get("prompt"), state: q.get("state") });
    } else if (url.pathname === "/oauth/token" && r.method() === "POST") {
      const body = r.postData() || "";
      let grant;
      try { grant = JSON.parse(body).grant_type; } catch { grant = new URLSearchParams(body).get("grant_type"); }
      calls.push({ token: grant });
    }
  });
  const page = await context.newPage();
  watch(page, problems);
  await page.goto(`${env.SPA}/`);

  // 1. loginWithRedirect → the hosted SMS login → back → handleRedirectCallback → getUser.
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(`${env.DOMAIN}/authorize`)),
    inPage(page, REFRESH, (c) => { c.loginWithRedirect(); return null; }),
  ]);
  say({ event: "login_page", url: page.url() });
  await Promise.all([page.waitForURL((u) => u.href.startsWith(`${env.SPA}/?`)), smsLogin(page, env.PHONE_NATIONAL)]);
  const back = await inPage(page, REFRESH, async (c) => {
    await c.handleRedirectCallback();
    return { user: await c.getUser(), authenticated: await c.isAuthenticated() };
  });
  say({ event: "redirect_callback", ...back });

  // 2. getTokenSilently: refresh token over CORS, then the web_message iframe.
  say({ event: "silent", flow: "refresh", ...(await inPage(page, REFRESH, silently)) });
  say({ event: "silent", flow: "iframe", ...(await inPage(page, IFRAME, silently)) });

  // 3. The same after a reload (the refresh token from localStorage, the iframe from the
  // session cookie).
  await page.reload();
  say({ event: "silent", flow: "refresh-after-reload", ...(await inPage(page, REFRESH, silently)) });
  say({ event: "silent", flow: "iframe-after-reload", ...(await inPage(page, IFRAME, silently)) });
  const user = await inPage(page, IFRAME, async (c) => {
    await c.getTokenSilently({ cacheMode: "off" });
    return c.getUser();
  });
  say({ event: "user_after_reload", ...user });

  // 4. loginWithPopup, with prompt=login so the popup shows the login page again (another
  // number: the first one's next text would wait for the resend gap).
  const [popup, popupResult] = await Promise.all([
    context.waitForEvent("page").then(async (p) => {
      watch(p, problems);
      await p.waitForURL((u) => u.href.startsWith(`${env.DOMAIN}/authorize`));
      await smsLogin(p, env.POPUP_PHONE_NATIONAL);
      return p;
    }),
    inPage(page, IFRAME, async (c) => {
      await c.loginWithPopup({ authorizationParams: { prompt: "login" } });
      return { user: await c.getUser() };
    }),
  ]);
  say({ event: "popup", ...popupResult, popup_closed: popup.isClosed() });

  // 5. logout → Latchkey's /v2/logout → the allowed logout URL; then the iframe finds no
  // session.
  await Promise.all([
    page.waitForURL((u) => u.href === `${env.SPA}/logged-out`),
    inPage(page, IFRAME, (c) => {
      c.logout({ logoutParams: { returnTo: `${location.origin}/logged-out` } });
      return null;
    }),
  ]);
  say({ event: "logged_out", url: page.url() });
  await page.goto(`${env.SPA}/`);
  say({ event: "silent", flow: "iframe-after-logout", ...(await inPage(page, IFRAME, silently)) });
} finally {
  say({ event: "done", problems, calls });
  await browser.close();
  stopAsking();
}
