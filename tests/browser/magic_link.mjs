// Headless Chromium opens a magic link the way a person does: the confirm page (checked
// for its text, its stylesheet under our CSP, and keyboard use), then the button, then the
// app's callback. It then opens the spent link, which shows the error page at once. Screenshots of
// each page go to SCREENSHOT_DIR. Run by tests/it/browser.rs; prints one JSON line.
//
// Env: LINK, CALLBACK (the redirect_uri), EMAIL, EMAIL_HTML (the message's HTML part),
// SCREENSHOT_DIR, CHROMIUM (optional path).
import { mkdirSync } from "node:fs";
import { fail, launch } from "./harness.mjs";

const { LINK, CALLBACK, EMAIL, SCREENSHOT_DIR } = process.env;

mkdirSync(SCREENSHOT_DIR, { recursive: true });
const browser = await launch();
const problems = [];
try {
  // A phone-sized screen: most people open their mail there.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  // Console errors (a CSP violation shows here) and failed loads, except the favicon the
  // relying party's stand-in does not have and the spent link's 400 page we expect.
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
  });
  let expectSpent = false;
  page.on("response", (r) => {
    const url = r.url();
    if (r.status() < 400 || url.endsWith("/favicon.ico")) return;
    if (expectSpent && r.status() === 400 && url.includes("/passwordless/verify_redirect")) return;
    problems.push(`${r.status()} ${url}`);
  });
  page.on("pageerror", (e) => problems.push(String(e)));

  // The email as a mail client would show it: the link is a real, clickable anchor.
  if (process.env.EMAIL_HTML) {
    await page.setContent(process.env.EMAIL_HTML);
    const hrefs = await page.locator("a").evaluateAll((as) => as.map((a) => a.href));
    if (!hrefs.includes(LINK)) fail(`the email's anchors ${JSON.stringify(hrefs)} miss the link`);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/email-link.png`, fullPage: true });
  }

  const landing = await page.goto(LINK);
  if (landing.status() !== 200) fail(`link page: HTTP ${landing.status()}`);
  const heading = await page.locator("h1").innerText();
  if (!heading.startsWith("Sign in to")) fail(`heading: ${heading}`);
  if (!(await page.locator("main").innerText()).includes(EMAIL)) fail("the page does not name the address");
  // The stylesheet loaded (CSP style-src 'self') and styles the button.
  const styled = await page.evaluate(() => {
    const b = document.querySelector("button");
    return document.styleSheets.length === 1 && getComputedStyle(b).cursor === "pointer";
  });
  if (!styled) fail("the stylesheet did not apply");
  await page.screenshot({ path: `${SCREENSHOT_DIR}/link-confirm.png`, fullPage: true });

  // Keyboard only: Tab reaches the button, Enter presses it.
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement?.tagName);
  if (focused !== "BUTTON") fail(`Tab focused ${focused}, not the button`);
  await Promise.all([page.waitForURL(`${CALLBACK}**`), page.keyboard.press("Enter")]);
  const callbackUrl = page.url();

  // The same link again: spent, and the page says so at once, with no button to press first.
  expectSpent = true;
  const again = await page.goto(LINK);
  if (again.status() !== 400) fail(`second visit: HTTP ${again.status()}`);
  const errorTitle = await page.locator("h1.error").innerText();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/link-used.png`, fullPage: true });
  const resend = await page.locator("button", { hasText: "Send me a new link" }).count();

  console.log(JSON.stringify({ callback: callbackUrl, error_title: errorTitle, resend_buttons: resend, problems }));
} finally {
  await browser.close();
}
