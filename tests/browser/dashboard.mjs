// Headless Chromium through the dashboard (/admin) of a server started with no configuration:
// the administrator signs in with an email code, points the SMS connection at Twilio (the
// stand-in) with a new template and sends a test SMS, sets up SMTP and sends a test email,
// creates an application, finds a user and blocks them (and not itself: administrators are no
// users), follows the log, rotates and revokes signing keys, switches passkeys on (for end
// users: the dashboard's sign-in stays an email code), signs out, and signs back in. Invalid input must be shown next to its field.
// Run by tests/it/dashboard.rs, which owns Latchkey, the Twilio stand-in and the SMTP sink;
// it answers this script's requests on stdin (one JSON object per line).
//
// Env: ISSUER (a host name, for passkeys), ADMIN_EMAIL, TWILIO_URL, TWILIO_SID, TWILIO_TOKEN, TWILIO_FROM, TEST_PHONE,
// USER_PHONE, INTRUDER_EMAIL, SMTP_PORT, SMTP_USER, SMTP_PASS, SCREENSHOT_DIR, CHROMIUM (optional).
import { mkdirSync } from "node:fs";
import { ask, env, fail, launch, say, stopAsking } from "./harness.mjs";

mkdirSync(env.SCREENSHOT_DIR, { recursive: true });
const browser = await launch();
const problems = [];
const shots = [];
const shot = async (page, name) => {
  shots.push(name);
  await page.screenshot({ path: `${env.SCREENSHOT_DIR}/dashboard-${name}.png`, fullPage: true });
};
const notice = async (page) => (await page.locator("#notice").innerText()).trim();
const admin = (path) => `${env.ISSUER}admin${path}`;
let page;
// Clicks a form's button and waits for the page the post leads to (the old page may hold the
// same element, e.g. a notice, so waiting for an element alone could read the old page).
const submitted = async (selector) => {
  await Promise.all([page.waitForEvent("load"), page.locator(selector).click()]);
};

let step = "start";
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));

  // 1. Sign in: /admin sends us to the hosted login, email only; passkeys are off.
  step = "step 1";
  await page.goto(admin(""));
  if (!page.url().includes("/authorize?")) fail(`/admin went to ${page.url()}`);
  if (await page.locator("#passkey-signin").count()) fail("passkeys are offered before they are on");
  await shot(page, "01-sign-in");
  await page.fill("#email", env.ADMIN_EMAIL);
  await page.locator("button[value=code]").click();
  await page.waitForSelector("#code");
  const { code } = await ask("admin_code");
  await page.fill("#code", code);
  // Signed in, straight onto the overview: no page in between.
  await Promise.all([page.waitForURL((u) => u.pathname === "/admin/overview"), page.locator("#code-form button").click()]);
  await shot(page, "01b-overview");
  await page.goto(admin("/connections"));
  await shot(page, "02-connections");
  // Passkeys: switched on here, for every instance, without a restart.
  await submitted("#passkeys-switch");
  await page.waitForSelector("#notice");
  if ((await notice(page)) !== "Passkeys are on") fail(`passkeys switch: ${await notice(page)}`);
  if ((await page.locator("#passkeys-state").innerText()) !== "on") fail("passkeys still off");
  // Touch ID (device keys): switched off, registration is refused; back on, it works.
  await submitted("#device-keys-switch");
  if ((await notice(page)) !== "Touch ID is off") fail(`device keys switch: ${await notice(page)}`);
  await ask("device_keys", { expect: "off" });
  await submitted("#device-keys-switch");
  if ((await notice(page)) !== "Touch ID is on") fail(`device keys switch: ${await notice(page)}`);
  await ask("device_keys", { expect: "on" });

  // Connections are created (a bad name is refused at its field) and deleted.
  await page.fill("#new-name", "bad name");
  await submitted("#create");
  await page.waitForSelector("#name-error");
  await page.fill("#new-name", "sms-eu");
  await page.selectOption("#new-strategy", "sms");
  await page.locator("#create").click();
  await page.waitForURL((u) => u.pathname === "/admin/connections/sms-eu");
  if ((await notice(page)) !== "Connection created") fail(`create: ${await notice(page)}`);
  // Deleting wants the name typed: a wrong one deletes nothing, and says so at its field.
  await page.fill("#confirm-delete", "sms-e");
  await submitted("#delete-connection");
  const wrongName = (await page.locator("#confirm-delete-error").innerText()).trim();
  if (!wrongName.startsWith("Connection's name")) fail(`a wrong name: ${wrongName}`);
  await page.fill("#confirm-delete", "sms-eu");
  await page.locator("#delete-connection").click();
  await page.waitForURL((u) => u.pathname === "/admin/connections");
  if (await page.locator("#connection-sms-eu").count()) fail("the deleted connection is listed");

  // 2. SMS: a wrong SID is shown next to its field, and nothing else is lost.
  step = "step 2";
  await page.locator("#connection-sms").click();
  await page.selectOption("#provider", "twilio");
  await page.fill("#twilio_sid", "ACnot-a-sid");
  await page.fill("#twilio_token", env.TWILIO_TOKEN);
  await page.fill("#from", env.TWILIO_FROM);
  await page.fill("#twilio_api_url", env.TWILIO_URL);
  await page.selectOption("#syntax", "md_with_macros");
  const template = "@@application.name@@ sign-in code: @@password@@ (set in the dashboard)";
  await page.fill("#template", template);
  const live = (await page.locator("#template-preview").innerText()).trim();
  if (live !== "My App sign-in code: 123456 (set in the dashboard)") fail(`live preview: ${live}`);
  const refused = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.locator("#save").click(),
  ]);
  if (refused[0].status() !== 400) fail(`bad SID answered ${refused[0].status()}`);
  const sidError = await page.locator("#twilio_sid-error").innerText();
  if (!sidError.startsWith("Twilio Account SID") || sidError.includes("twilio_sid")) fail(`SID error: ${sidError}`);
  if ((await page.getAttribute("#twilio_sid", "aria-invalid")) !== "true") fail("SID not marked invalid");
  if ((await page.inputValue("#template")) !== template) fail("the template was lost");
  await shot(page, "03-sms-invalid");
  await page.fill("#twilio_sid", env.TWILIO_SID);
  await page.fill("#twilio_token", env.TWILIO_TOKEN);
  await submitted("#save");
  await page.waitForSelector("#notice");
  if ((await notice(page)) !== "Saved") fail(`after save: ${await notice(page)}`);
  if ((await page.inputValue("#twilio_token")) !== "") fail("the auth token came back to the page");
  const placeholder = await page.getAttribute("#twilio_token", "placeholder");
  if (!placeholder.includes("saved")) fail(`token placeholder: ${placeholder}`);
  await shot(page, "04-sms-saved");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "04-sms-saved-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
  // A test SMS through the stand-in.
  await page.fill("#test_to", env.TEST_PHONE);
  await submitted("#send-test");
  await page.waitForSelector("#notice");
  if (!(await notice(page)).startsWith("Test text sent")) fail(`test SMS: ${await notice(page)}`);
  const { body: smsBody } = await ask("test_sms", { to: env.TEST_PHONE });
  if (!smsBody.includes("(set in the dashboard)")) fail(`test SMS text: ${smsBody}`);
  // An impossible number is refused next to the field.
  await page.fill("#test_to", "12");
  await submitted("#send-test");
  await page.waitForSelector("#test_to-error");
  await shot(page, "05-sms-test-refused");

  // 3. Email: the provider, with a wrong port first, then a test message.
  step = "step 3";
  await page.goto(admin("/email-provider"));
  await page.selectOption("#name", "smtp");
  await page.fill("#default_from_address", "Latchkey <login@latchkey.test>");
  await page.fill("#smtp_host", "127.0.0.1");
  await page.fill("#smtp_port", "70000");
  await page.selectOption("#smtp_tls", "none");
  await page.fill("#smtp_user", env.SMTP_USER);
  await page.fill("#smtp_pass", env.SMTP_PASS);
  await submitted("#save");
  await page.waitForSelector("#smtp_port-error");
  await shot(page, "06-email-provider-invalid");
  await page.fill("#smtp_port", env.SMTP_PORT);
  await page.fill("#smtp_pass", env.SMTP_PASS);
  await submitted("#save");
  await page.waitForSelector("#notice");
  if ((await notice(page)) !== "Saved") fail(`provider save: ${await notice(page)}`);
  await page.fill("#test_to", env.ADMIN_EMAIL);
  await submitted("#send-test");
  await page.waitForSelector("#notice");
  if (!(await notice(page)).startsWith("Test email sent")) fail(`test email: ${await notice(page)}`);
  await ask("test_email", { to: env.ADMIN_EMAIL });
  await shot(page, "07-email-provider");
  // The email connection's page, with its preview.
  await page.goto(admin("/connections/email"));
  await page.fill("#email-subject", "Your {{ application.name }} code");
  await submitted("#save");
  await page.waitForSelector("#notice");
  const emailPreview = await page.locator("#email-preview").innerText();
  if (!emailPreview.includes("Your My App code") || !emailPreview.includes("123456")) fail(`email preview: ${emailPreview}`);
  await shot(page, "08-email-connection");

  // 4. An application: create, a bad callback refused at its field, then saved.
  step = "step 4";
  await page.goto(admin("/applications"));
  await page.fill("#name", "Acme iOS");
  await page.selectOption("#app_type", "native");
  await submitted("#create");
  await page.waitForSelector("#client-id");
  const clientId = (await page.locator("#client-id").innerText()).trim();
  if (await page.locator("#client-secret").count()) fail("a native app got a secret");
  await page.fill("#callbacks", "https://acme.example/callback\nnot a url");
  await submitted("#save");
  await page.waitForSelector("#callbacks-error");
  await shot(page, "09-application-invalid");
  await page.fill("#callbacks", "https://acme.example/callback");
  await page.fill("#primary_color", "#0a7c59");
  // The iOS app, for universal links and passkeys: a Team ID of the wrong length first.
  await page.fill("#ios_team_id", "SHORT");
  await page.fill("#ios_bundle", "com.acme.ios");
  await submitted("#save");
  await page.waitForSelector("#ios_team_id-error");
  if ((await page.inputValue("#callbacks")) !== "https://acme.example/callback") fail("the callbacks were lost");
  await page.fill("#ios_team_id", "ABCDE12345");
  // Rotating, expiring refresh tokens; an idle lifetime under a minute is refused first.
  await page.selectOption("#rotation_type", "rotating");
  await page.selectOption("#expiration_type", "expiring");
  await page.fill("#idle_token_lifetime", "10");
  await submitted("#save");
  await page.waitForSelector("#idle_token_lifetime-error");
  await page.fill("#idle_token_lifetime", "3600");
  await submitted("#save");
  if ((await notice(page)) !== "Saved") fail(`application save: ${await notice(page)}`);
  await shot(page, "10-application");
  const aasa = await (await page.request.get(`${env.ISSUER}.well-known/apple-app-site-association`)).json();
  if (!JSON.stringify(aasa).includes("ABCDE12345.com.acme.ios")) fail(`AASA: ${JSON.stringify(aasa)}`);
  // A server-side app: its secret is shown once, and rotating it retires the old one.
  await page.goto(admin("/applications"));
  await page.fill("#name", "Acme Server");
  await page.selectOption("#app_type", "regular_web");
  await submitted("#create");
  await page.waitForSelector("#client-secret");
  const serverId = (await page.locator("#client-id").innerText()).trim();
  const firstSecret = (await page.locator("#client-secret").innerText()).trim();
  await submitted("#rotate-secret");
  await page.waitForSelector("#client-secret");
  const secondSecret = (await page.locator("#client-secret").innerText()).trim();
  if (firstSecret === secondSecret) fail("rotation kept the secret");
  await shot(page, "11-application-secret");
  await ask("check_secrets", { client_id: serverId, old: firstSecret, new: secondSecret });
  await page.goto(admin("/applications"));
  await shot(page, "12-applications");

  // 5. A user signs in through that app (by API); the admin finds and blocks them.
  step = "step 5";
  const { user_id: userId } = await ask("user_login", { client_id: clientId });
  await page.goto(admin("/users"));
  await page.fill("#q", env.USER_PHONE);
  await page.locator("#find").click();
  await page.waitForURL((u) => u.searchParams.get("q") === env.USER_PHONE);
  const found = await page.locator("#user-rows tr").count();
  if (found !== 1) fail(`search found ${found} users`);
  // A part of the number finds them too.
  const part = env.USER_PHONE.slice(-7);
  await page.fill("#q", part);
  await page.locator("#find").click();
  await page.waitForURL((u) => u.searchParams.get("q") === part);
  const rows = await page.locator("#user-rows tr").allInnerTexts();
  if (rows.length !== 1 || !rows[0].includes(env.USER_PHONE)) fail(`partial search: ${rows}`);
  await shot(page, "13-users");
  // The administrator who signed in is no user: the Users page does not find them.
  await page.fill("#q", env.ADMIN_EMAIL);
  await page.locator("#find").click();
  await page.waitForURL((u) => u.searchParams.get("q") === env.ADMIN_EMAIL);
  if ((await page.locator("#user-rows tr").count()) !== 0) fail("the administrator is listed as a user");
  await page.goto(admin(`/users?q=${encodeURIComponent(env.USER_PHONE)}`));
  await page.locator("#user-rows a").first().click();
  if ((await page.locator("#user-id").innerText()).trim() !== userId) fail("wrong user page");
  if ((await page.locator("#refresh-tokens").innerText()).trim() !== "1") fail("the login's refresh token is not shown");
  await submitted("#sign-out");
  if ((await notice(page)) !== "Signed out: 0 sessions ended, 1 refresh token revoked") fail(`log out everywhere: ${await notice(page)}`);
  await ask("refresh_after_sign_out", { client_id: clientId });
  await submitted("#block");
  await page.waitForSelector("#blocked-badge");
  await shot(page, "14-user-blocked");
  const { status: blockedStatus } = await ask("login_after_block", { client_id: clientId });
  if (blockedStatus < 400) fail(`a blocked user logged in: ${blockedStatus}`);

  // 6. Logs: the admin changes are there, and "follow" shows new events without a reload.
  step = "step 6";
  // Paging keeps the filter: an empty second page links back to the first.
  await page.goto(admin("/logs?type=sapi&page=1"));
  if ((await page.locator("#log-rows tr").count()) !== 0 || (await page.locator("#older").count())) fail("a second page of admin changes");
  await Promise.all([page.waitForEvent("load"), page.locator("#newer").click()]);
  if (new URL(page.url()).searchParams.get("type") !== "sapi") fail(`paging lost the filter: ${page.url()}`);
  const adminRows = await page.locator("#log-rows tr").allInnerTexts();
  if (!adminRows.some((r) => r.includes("Block the user") && r.includes(env.ADMIN_EMAIL))) fail(`admin log: ${adminRows.join(" | ")}`);
  await shot(page, "15-logs");
  await page.goto(admin("/logs?type=f&follow=on"));
  const before = await page.locator("#log-rows tr").count();
  await ask("failed_login", { client_id: clientId });
  await page.waitForFunction((n) => document.querySelectorAll("#log-rows tr").length > n, before);

  // 7. Keys: rotate (the JWKS gains the new key), then revoke the previous one.
  step = "step 7";
  await page.goto(admin("/keys"));
  await shot(page, "16-keys");
  const { kids: kidsBefore } = await ask("jwks");
  // Forged posts with the administrator's cookies are refused: a wrong CSRF token, or the
  // right one from a foreign Origin.
  const token = await page.locator("input[name=csrf]").first().inputValue();
  const forged = await page.request.post(admin("/keys/rotate"), { form: { csrf: "forged-token" }, maxRedirects: 0 });
  const foreign = await page.request.post(admin("/keys/rotate"), {
    form: { csrf: token }, headers: { Origin: "https://evil.example" }, maxRedirects: 0,
  });
  if (forged.status() !== 403 || foreign.status() !== 403) fail(`forged posts answered ${forged.status()}, ${foreign.status()}`);
  const { kids: kidsForged } = await ask("jwks");
  if (JSON.stringify(kidsForged) !== JSON.stringify(kidsBefore)) fail("a forged post rotated the key");
  await submitted("#rotate");
  await page.waitForSelector("#notice");
  const rotated = (await notice(page)).replace("New signing key ", "");
  const { kids: kidsAfter } = await ask("jwks");
  if (!kidsAfter.includes(rotated) || kidsBefore.includes(rotated)) fail(`JWKS after rotation: ${kidsAfter}`);
  await submitted("#revoke");
  await page.waitForSelector("#notice");
  const { kids: kidsRevoked } = await ask("jwks");
  if (kidsRevoked.length !== 1 || kidsRevoked[0] !== rotated) fail(`JWKS after revoke: ${kidsRevoked}`);
  await shot(page, "17-keys-rotated");

  // Garbage in every dashboard form (with a valid session and CSRF token): refused or
  // ignored, never a server error.
  step = "garbage";
  const csrfToken = await page.locator("input[name=csrf]").first().inputValue();
  const junk = ["", " ", "x".repeat(5000), "'; DROP TABLE users; --", "\u0000", "😀", "-1",
    "99999999999999999999", "<script>alert(1)</script>", "../../etc/passwd"];
  const targets = ["/connections", "/connections/sms", "/connections/email", "/connections/sms/test",
    "/connections/nope", "/email-provider", "/email-provider/test", "/applications",
    `/applications/${clientId}`, "/applications/nope", `/users/${encodeURIComponent(userId)}/block`,
    "/users/nope/sign-out", "/keys/nope/revoke"];
  const names = ["name", "strategy", "provider", "twilio_sid", "template", "totp.length", "totp.time_step",
    "test_to", "smtp_port", "smtp_host", "email.body", "callbacks", "branding.primary_color",
    "mobile.ios.team_id", "refresh_token.leeway", "blocked"];
  const seen = new Set();
  for (const target of targets) {
    for (const value of junk) {
      const form = { csrf: csrfToken };
      for (const name of names) form[name] = value;
      const answer = await page.request.post(admin(target), { form, maxRedirects: 0 });
      if (answer.status() >= 500) fail(`${target} with ${JSON.stringify(value).slice(0, 40)} answered ${answer.status()}`);
      seen.add(answer.status());
    }
  }
  // The posts got past the CSRF check: refusals (400), changes (303) and unknown things (404).
  for (const status of [303, 400, 404]) if (!seen.has(status)) fail(`no ${status} among ${[...seen]}`);

  // 8. Sign out: the dashboard asks for a sign-in again.
  step = "step 8";
  const signOut = async () => {
    await submitted("button.link");
    await page.waitForSelector("text=Signed out");
  };
  await signOut();
  await shot(page, "17b-signed-out");
  await page.goto(admin("/users"));
  if (!page.url().includes("/authorize?")) fail(`after sign-out /admin/users went to ${page.url()}`);

  // 9. The administrator signs in again by code (now through SMTP). Passkeys are on, for
  // end users: the dashboard's sign-in offers none (an administrator is no user to hold one).
  step = "step 9";
  if (await page.locator("#passkey-signin").count()) fail("the dashboard's sign-in offers passkeys");
  if (await page.locator("button[value=link]").count()) fail("the dashboard's sign-in offers a link");
  await shot(page, "18-sign-in-again");
  // One code per address every 30 s: should the first sign-in's be younger, the page says
  // how long to wait, and the administrator asks again after that, as a person would.
  await page.fill("#email", env.ADMIN_EMAIL);
  await submitted("button[value=code]");
  if (!(await page.locator("#code").count())) {
    const said = await page.locator("#form-error").innerText();
    const wait = Number(await page.locator("#retry-wait").getAttribute("data-countdown").catch(() => 0));
    if (!wait) fail(`sending the code again: ${said}`);
    await page.waitForTimeout(wait * 1000 + 500);
    await page.fill("#email", env.ADMIN_EMAIL);
    await submitted("button[value=code]");
  }
  await page.waitForSelector("#code");
  const { code: smtpCode } = await ask("admin_code_by_smtp");
  await page.fill("#code", smtpCode);
  await Promise.all([page.waitForURL((u) => u.pathname === "/admin/overview"), page.locator("#code-form button").click()]);
  if ((await page.locator(".who span").innerText()).trim() !== env.ADMIN_EMAIL) fail("signed in as someone else");
  await signOut();

  // 10. Someone who is not an administrator gets a code like anyone, then is refused.
  step = "step 10";
  await page.goto(admin(""));
  await page.fill("#email", env.INTRUDER_EMAIL);
  await page.locator("button[value=code]").click();
  await page.waitForSelector("#code");
  const { code: intruderCode } = await ask("intruder_code", { to: env.INTRUDER_EMAIL });
  await page.fill("#code", intruderCode);
  const [refusal] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/admin/callback"),
    page.locator("#code-form button").click(),
  ]);
  if (refusal.status() !== 403) fail(`a non-administrator's callback answered ${refusal.status()}`);
  await page.waitForSelector("text=Not an administrator");
  await shot(page, "20-not-an-administrator");
  await page.goto(admin("/users"));
  if (!page.url().includes("/authorize?")) fail(`a non-administrator reached ${page.url()}`);

  say({ event: "done", problems, shots, client_id: clientId, rotated });
} catch (e) {
  if (page) {
    await page.screenshot({ path: `${env.SCREENSHOT_DIR}/dashboard-failure.png`, fullPage: true }).catch(() => {});
    const text = await page.locator("body").innerText().catch(() => "");
    console.error(`during ${step}, at ${page.url()}:\n${text.slice(0, 1200)}`);
  }
  console.error(`problems so far: ${JSON.stringify(problems)}`);
  throw e;
} finally {
  stopAsking();
  await browser.close();
}
