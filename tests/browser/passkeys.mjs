// Headless Chromium with a CDP virtual authenticator (a platform authenticator with user
// verification, like Touch ID) on the hosted login: sign in by SMS, accept the offer to add a
// passkey, land on the app; then sign out and sign in with the passkey alone.
// Run by tests/it/passkeys_browser.rs, which answers {"need": "sms_code"} on stdin and checks
// the callbacks this script reports.
//
// Env: AUTHORIZE (without state), CALLBACK, ISSUER, PHONE_NATIONAL, SCREENSHOT_DIR, CHROMIUM.
import { mkdirSync } from "node:fs";
import { ask, env, fail, launch, say, stopAsking } from "./harness.mjs";

mkdirSync(env.SCREENSHOT_DIR, { recursive: true });
const browser = await launch();
const problems = [];
let page;
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  const shot = (name) => page.screenshot({ path: `${env.SCREENSHOT_DIR}/passkey-${name}.png`, fullPage: true });
  const onCallback = () => page.waitForURL((u) => u.href.startsWith(env.CALLBACK));

  // 1. SMS sign-in, then the offer: add a passkey.
  await page.goto(`${env.AUTHORIZE}&state=pk-register`);
  await page.waitForSelector("#passkey-signin:not([hidden])");
  await shot("01-login");
  await page.selectOption("#country", "US");
  await page.fill("#phone", env.PHONE_NATIONAL);
  await page.locator("form.identifier", { has: page.locator("#phone") }).locator("button").click();
  await page.waitForSelector("#code");
  const { code } = await ask("sms_code");
  await page.fill("#code", code);
  await page.locator("#code-form button").click();
  await page.waitForSelector("#passkey-add:not([hidden])");
  await shot("02-offer");
  await Promise.all([onCallback(), page.locator("#passkey-add").click()]);
  say({ event: "callback", flow: "register", url: page.url() });
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  if (credentials.length !== 1 || !credentials[0].isResidentCredential) fail(`authenticator holds ${JSON.stringify(credentials)}`);

  // 2. Signed out, back with the passkey alone.
  await page.goto(`${env.ISSUER}v2/logout`);
  const landed = onCallback();
  await page.goto(`${env.AUTHORIZE}&state=pk-signin`);
  await page.waitForSelector("#passkey-signin:not([hidden])");
  // Passkey autofill may answer by itself; the button is pressed at once all the same, and
  // whichever lands first wins. The click holds this page's button (a handle, not a locator),
  // so once autofill has left the page it fails at once instead of waiting for a button.
  // (No handle at all when autofill is already leaving the page.)
  const button = await page.$("#passkey-signin").catch(() => null);
  await Promise.race([landed, button ? button.click().catch(() => {}) : landed]);
  await landed;
  say({ event: "callback", flow: "signin", url: page.url() });
  say({ event: "done", problems });
} catch (e) {
  if (page) {
    await page.screenshot({ path: `${env.SCREENSHOT_DIR}/passkey-failure.png`, fullPage: true }).catch(() => {});
    console.error(`at ${page.url()}:\n${(await page.locator("body").innerText().catch(() => "")).slice(0, 800)}`);
  }
  console.error(`problems so far: ${JSON.stringify(problems)}`);
  throw e;
} finally {
  stopAsking();
  await browser.close();
}
