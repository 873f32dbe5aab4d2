// Headless Chromium through the hosted login (/authorize): SMS code (the number formatted as
// it is typed), a resend too soon (its wait counted down), a wrong code (the tries left),
// session reuse, prompt=none, logout, email code, email link ("check your email" naming the
// address, with a new link and another address) and a foreign redirect_uri.
// Run by tests/it/hosted_login.rs, which owns Latchkey, the Twilio stand-in, the SMTP sink
// and the relying party; it answers this script's requests for codes on stdin and checks
// every callback URL this script reports on stdout (one JSON object per line).
//
// Env: AUTHORIZE (the /authorize URL without state), CALLBACK, ISSUER, CLIENT_ID, LOGOUT_RETURN,
// PHONE_NATIONAL (US national number), EMAIL_CODE, EMAIL_LINK, VIEWPORT (phone | desktop),
// SCREENSHOT_DIR, CHROMIUM (optional).
import { mkdirSync } from "node:fs";
import { ask, env, fail, launch, say, stopAsking, watch } from "./harness.mjs";

const viewports = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } };

mkdirSync(env.SCREENSHOT_DIR, { recursive: true });
const browser = await launch();
const problems = [];
const shot = (page, name) =>
  page.screenshot({ path: `${env.SCREENSHOT_DIR}/${env.VIEWPORT}-${name}.png`, fullPage: true });
const authorize = (state, extra = "") => `${env.AUTHORIZE}&state=${state}${extra}`;
const onCallback = (page) => page.waitForURL((u) => u.href.startsWith(env.CALLBACK));

let page;
try {
  const context = await browser.newContext({ viewport: viewports[env.VIEWPORT], locale: "en-US" });
  page = await context.newPage();
  watch(page, problems);

  // 1. SMS: country picker, national number formatted as typed, live E.164, then the code.
  await page.goto(authorize("sms"));
  await shot(page, "01-login");
  const typeNumber = async (region, digits) => {
    await page.selectOption("#country", region);
    await page.fill("#phone", "");
    await page.locator("#phone").pressSequentially(digits);
    const { national } = await ask("national_of", { region, digits });
    const shown = await page.inputValue("#phone");
    if (shown !== national) fail(`${region} ${digits} typed shows ${shown}, expected ${national}`);
  };
  // France writes its numbers in pairs, with the national 0 (Rust's phonenumber says how).
  await typeNumber("FR", "0612345678");
  if ((await page.locator("#e164").innerText()) !== "+33612345678") fail(`FR E.164 ${await page.locator("#e164").innerText()}`);
  // Deleting is not undone by the formatter: each Backspace takes one character away.
  const before = await page.inputValue("#phone");
  await page.locator("#phone").press("Backspace");
  await page.locator("#phone").press("Backspace");
  const after = await page.inputValue("#phone");
  if (after.replace(/\D/g, "") !== before.replace(/\D/g, "").slice(0, -2)) fail(`Backspace: ${before} became ${after}`);
  await typeNumber("US", env.PHONE_NATIONAL);
  const preview = await page.locator("#e164").innerText();
  const { e164 } = await ask("e164_of", { national: env.PHONE_NATIONAL });
  if (preview !== e164) fail(`live E.164 shows ${preview}, expected ${e164}`);
  await shot(page, "01-login-typed");
  await page.locator("form.identifier", { has: page.locator("#phone") }).locator("button").click();
  await page.waitForSelector("#code");
  const otpInput = await page.locator("#code").evaluate((el) => [el.autocomplete, el.inputMode]);
  if (otpInput[0] !== "one-time-code" || otpInput[1] !== "numeric") fail(`code field ${otpInput}`);
  await shot(page, "02-sms-code");
  // A new code asked for too soon (the form sent without waiting for its button): the page
  // says how long to wait and counts it down (the page's clock is driven, not waited for).
  await page.clock.install();
  await page.evaluate(() => document.querySelector("form.resend").submit());
  await page.waitForSelector("#retry-wait");
  const wait = Number(await page.getAttribute("#retry-wait", "data-countdown"));
  const waitText = async () => page.locator("#retry-wait").innerText();
  if (!(wait > 5) || (await waitText()) !== `You can try again in ${wait} s.`) fail(`wait ${wait}: ${await waitText()}`);
  if (!(await page.locator("p.error[role=alert]").innerText()).includes(`${wait} seconds`)) fail("the refusal does not say how long");
  await page.clock.runFor(3000);
  const later = Number((await waitText()).match(/\d+/)?.[0]);
  if (!(later <= wait - 3 && later >= wait - 5)) fail(`after 3 s the wait shows ${await waitText()} (from ${wait})`);
  await shot(page, "02-sms-resend-too-soon");
  await page.clock.runFor(wait * 1000);
  if ((await waitText()) !== "You can try again now.") fail(`after the wait: ${await waitText()}`);
  // A wrong code: a clear message with the tries left, and the page stays.
  const { code: smsCode } = await ask("sms_code");
  const wrong = smsCode === "000000" ? "111111" : "000000";
  await page.fill("#code", wrong);
  await page.locator("#code-form button").click();
  await page.waitForSelector("p.error[role=alert]");
  const wrongSays = await page.locator("p.error[role=alert]").innerText();
  if (!wrongSays.includes("You have 2 more tries.")) fail(`a first wrong code says ${wrongSays}`);
  await shot(page, "03-sms-wrong-code");
  await page.fill("#code", smsCode);
  await Promise.all([onCallback(page), page.locator("#code-form button").click()]);
  say({ event: "callback", flow: "sms", url: page.url() });

  // 2. The session: a second /authorize answers at once, and so does prompt=none.
  await Promise.all([onCallback(page), page.goto(authorize("again"))]);
  say({ event: "callback", flow: "session", url: page.url() });
  await Promise.all([onCallback(page), page.goto(authorize("silent", "&prompt=none"))]);
  say({ event: "callback", flow: "prompt-none", url: page.url() });

  // 3. prompt=login shows the page even with a session.
  await page.goto(authorize("forced", "&prompt=login"));
  if (!(await page.locator("#phone").count())) fail("prompt=login did not show the login page");

  // 4. Logout, then prompt=none has nobody to answer for.
  await page.goto(`${env.ISSUER}v2/logout?client_id=${encodeURIComponent(env.CLIENT_ID)}&returnTo=${encodeURIComponent(env.LOGOUT_RETURN)}`);
  if (!page.url().startsWith(env.LOGOUT_RETURN)) fail(`logout went to ${page.url()}`);
  await Promise.all([onCallback(page), page.goto(authorize("after-logout", "&prompt=none"))]);
  say({ event: "callback", flow: "after-logout", url: page.url() });

  // 5. Email code, in French (ui_locales).
  await page.goto(authorize("email", "&connection=email&ui_locales=fr"));
  if ((await page.getAttribute("html", "lang")) !== "fr") fail("ui_locales=fr did not pick French");
  await shot(page, "04-login-email-fr");
  await page.fill("#email", env.EMAIL_CODE);
  await page.locator("button[value=code]").click();
  await page.waitForSelector("#code");
  await shot(page, "05-email-code");
  const { code: emailCode } = await ask("email_code", { to: env.EMAIL_CODE });
  await page.fill("#code", emailCode);
  await Promise.all([onCallback(page), page.locator("#code-form button").click()]);
  say({ event: "callback", flow: "email-code", url: page.url() });

  // 6. Email link, opened on "another device" (a fresh browser context).
  await page.goto(`${env.ISSUER}v2/logout`);
  await page.goto(authorize("link", "&connection=email"));
  await page.fill("#email", env.EMAIL_LINK);
  await page.locator("button[value=link]").click();
  await page.waitForSelector("h1");
  // "Check your email" names the address, offers a new link and another address.
  if ((await page.locator("main bdi").innerText()) !== env.EMAIL_LINK) fail(`link sent names ${await page.locator("main bdi").innerText()}`);
  if (!(await page.locator("form.resend input[name=send][value=link]").count())) fail("no new-link form");
  const another = await page.locator("a", { hasText: "Use another" }).getAttribute("href");
  if (!another?.startsWith("/authorize?") || !another.includes("prompt=login")) fail(`use another: ${another}`);
  await shot(page, "06-link-sent");
  const { link } = await ask("email_link", { to: env.EMAIL_LINK });
  const other = await browser.newContext({ viewport: viewports[env.VIEWPORT] });
  const phone2 = await other.newPage();
  watch(phone2, problems);
  await phone2.goto(link);
  await shot(phone2, "07-link-confirm");
  await Promise.all([onCallback(phone2), phone2.locator("button").click()]);
  say({ event: "callback", flow: "email-link", url: phone2.url() });

  // 7. A redirect_uri the client does not allow: a page, never a redirect.
  const foreign = env.AUTHORIZE.replace(/redirect_uri=[^&]*/, `redirect_uri=${encodeURIComponent("https://evil.example/cb")}`);
  const answer = await page.goto(foreign + "&state=evil");
  if (answer.status() !== 400 || !page.url().startsWith(env.ISSUER)) fail(`foreign redirect_uri: ${answer.status()} at ${page.url()}`);
  await shot(page, "08-foreign-redirect");

  say({ event: "done", problems });
} catch (e) {
  // Leave evidence: where the browser was and what it showed.
  if (page) {
    await shot(page, "failure").catch(() => {});
    const text = await page.locator("body").innerText().catch(() => "");
    console.error(`at ${page.url()}:\n${text.slice(0, 800)}`);
  }
  console.error(`problems so far: ${JSON.stringify(problems)}`);
  throw e;
} finally {
  stopAsking();
  await browser.close();
}
