// oidc-client-ts, as published (its browser build from node_modules, unmodified, the global
// `oidc`), in headless Chromium on a page served from another origin than Latchkey:
// signinRedirect through the hosted SMS login, signinCallback; signinSilent with the refresh
// token, then without one (its hidden iframe on the app's silent_redirect_uri page,
// prompt=none, response_mode query); signinPopup; signoutRedirect through end_session_endpoint to
// post_logout_redirect_uri, signoutCallback; and the iframe once logged out. Run by
// tests/it/oidc_client_browser.rs, which owns Latchkey, the Twilio stand-in and the app's
// server (whose /settings.js sets `window.SETTINGS`, the UserManager settings every page of
// the app uses), answers this script's requests for codes on stdin and checks what it
// reports on stdout (one JSON object per line).
//
// Env: APP (the app's origin), ISSUER (Latchkey's), PHONE_NATIONAL and POPUP_PHONE_NATIONAL
// (US national numbers: the redirect login's and the popup's), CHROMIUM (optional).
import { ask, env, fail, launch, say, stopAsking, watch } from "./harness.mjs";

const browser = await launch();
const problems = [];
// What the SDK asked Latchkey for, in order: each /authorize's redirect_uri, prompt and
// response_mode, each token grant (with the scope it asked for), each logout.
const calls = [];

// Runs `body(userManager)` in the app's page with a UserManager made by the page's own copy
// of oidc-client-ts from the app's settings and `overrides`.
const inPage = (page, body, overrides = {}) =>
  page.evaluate(
    async ({ body, overrides }) => {
      const manager = new window.oidc.UserManager({ ...window.SETTINGS, ...overrides });
      try {
        return { ok: await new Function("manager", `return (${body})(manager);`)(manager) };
      } catch (e) {
        return { error: e.error || e.name, description: e.error_description || e.message };
      }
    },
    { body: body.toString(), overrides },
  );

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

try {
  const context = await browser.newContext({ locale: "en-US" });
  context.on("request", (r) => {
    const url = new URL(r.url());
    if (url.origin !== new URL(env.ISSUER).origin) return;
    const q = url.searchParams;
    if (url.pathname === "/authorize") {
      calls.push({ authorize: q.get("redirect_uri"), prompt: q.get("prompt"), hint: q.has("id_token_hint"),
        response_mode: q.get("response_mode"), pkce: q.get("code_challenge_method") });
    } else if (url.pathname === "/oauth/token" && r.method() === "POST") {
      const body = new URLSearchParams(r.postData() || "");
      calls.push({ token: body.get("grant_type"), scope: body.get("scope") });
    } else if (url.pathname === "/userinfo" || url.pathname === "/oauth/revoke") {
      if (r.method() === "OPTIONS") return;
      const hint = new URLSearchParams(r.postData() || "").get("token_type_hint");
      calls.push(url.pathname === "/userinfo" ? { userinfo: r.method() } : { revoke: hint });
    } else if (url.pathname === "/oidc/logout") {
      calls.push({ logout: [...q.keys()].sort() });
    }
  });
  const page = await context.newPage();
  watch(page, problems);
  await page.goto(`${env.APP}/`);

  // 1. signinRedirect → the hosted SMS login → /callback → signinCallback.
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(`${env.ISSUER}authorize`)),
    inPage(page, (m) => { m.signinRedirect(); return null; }),
  ]);
  say({ event: "login_page", url: page.url() });
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(`${env.APP}/callback?`)),
    smsLogin(page, env.PHONE_NATIONAL),
  ]);
  say({ event: "callback_url", url: page.url() });
  const signedIn = await inPage(page, async (m) => {
    const u = await m.signinCallback();
    return u && { profile: u.profile, scope: u.scope, access_token: u.access_token, id_token: u.id_token,
      has_refresh_token: !!u.refresh_token, token_type: u.token_type, expired: u.expired };
  });
  say({ event: "signin_callback", ...signedIn });

  // 2. signinSilent with the refresh token the login brought (the default when there is one),
  // and the profile completed from /userinfo (loadUserInfo: a CORS call with a bearer token).
  say({ event: "silent", flow: "refresh", ...(await inPage(page, async (m) => {
    const u = await m.signinSilent();
    return u && { profile: u.profile, access_token: u.access_token, id_token: u.id_token,
      has_refresh_token: !!u.refresh_token };
  }, { loadUserInfo: true })) });

  // 3. The stored user without its refresh token: signinSilent takes the hidden iframe
  // (prompt=none, and the id_token as id_token_hint: includeIdTokenInSilentRenew) on
  // silent_redirect_uri, whose page calls signinCallback, which posts the answer back to this
  // page.
  say({ event: "silent", flow: "iframe", ...(await inPage(page, async (m) => {
    const stored = await m.getUser();
    stored.refresh_token = undefined;
    await m.storeUser(stored);
    const u = await m.signinSilent();
    return u && { profile: u.profile, access_token: u.access_token, id_token: u.id_token,
      has_refresh_token: !!u.refresh_token };
  }, { includeIdTokenInSilentRenew: true })) });

  // 4. signinPopup, with prompt=login so the popup shows the login page again (another
  // number: the first one's next text would wait for the resend gap); the popup's
  // popup_redirect_uri page calls signinCallback, which posts the answer to this page.
  const [popup, popupResult] = await Promise.all([
    context.waitForEvent("page").then(async (p) => {
      watch(p, problems);
      await p.waitForURL((u) => u.href.startsWith(`${env.ISSUER}authorize`));
      await smsLogin(p, env.POPUP_PHONE_NATIONAL);
      return p;
    }),
    inPage(page, async (m) => {
      const u = await m.signinPopup({ prompt: "login" });
      return u && { profile: u.profile, id_token: u.id_token, has_refresh_token: !!u.refresh_token };
    }),
  ]);
  say({ event: "popup", ...popupResult, popup_closed: popup.isClosed() });

  // 5. signoutRedirect, revoking the tokens first (revokeTokensOnSignout: revocation_endpoint
  // over CORS) → end_session_endpoint (id_token_hint, post_logout_redirect_uri, state) →
  // /logged-out → signoutCallback, which checks the state that came back. The refresh token
  // is reported, for the test to find it revoked.
  const held = await inPage(page, async (m) => (await m.getUser()).refresh_token);
  say({ event: "refresh_token_at_logout", ...held });
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(`${env.APP}/logged-out`)),
    inPage(page, (m) => { m.signoutRedirect({ state: "see you" }); return null; },
      { revokeTokensOnSignout: true }),
  ]);
  say({ event: "logged_out", url: page.url() });
  say({ event: "signout_callback", ...(await inPage(page, async (m) => {
    const r = await m.signoutCallback();
    return { user_state: r && r.userState, error: r && r.error, user: await m.getUser() };
  })) });

  // 6. Logged out, the iframe finds no session: login_required.
  await page.goto(`${env.APP}/`);
  say({ event: "silent", flow: "iframe-after-logout", ...(await inPage(page, async (m) => {
    const u = await m.signinSilent();
    return u && { profile: u.profile };
  })) });
} finally {
  say({ event: "done", problems, calls });
  await browser.close();
  stopAsking();
}
