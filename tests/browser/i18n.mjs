// Headless Chromium through every end-user page in every shipped language: the login page
// (and its error), the code page (its wrong-code error, and a new code asked for too soon
// with its countdown), the passkey offer, the form_post page that passes an answer on,
// the logout notice, "check your email" after a magic link, the magic link's confirm page
// and its used-link error page, the native-app link page, the page for a mistake in the
// app's request (its developer's detail in English beside the visitor's words), and the
// cross-origin verification fallback (a login ticket without its cookie). On each: no message key
// or Fluent syntax shows, the page's language (and Arabic's right-to-left, mirrored layout),
// nothing overflows at 320 px, and axe-core finds no violation in light and dark mode (the
// client has a brand colour). The country search ("fra", "+33") and the country kept after
// an error are checked with script. Screenshots at 1280 and 390 px of every page in en, ar
// and ja. The magic link's pages: a live link shows its confirm page in the app's look (the
// button's colours are the brand stylesheet's, the logo and the app's name show), and the
// same link edited shows the used-link page at once, with no button pressed. Run by
// tests/it/i18n_browser.rs, which answers `number`, `code`, `link` and `ticket` requests on
// stdin.
//
// Env: AUTHORIZE (the /authorize URL), CALLBACK (its redirect_uri), ISSUER, NATIVE (a
// native-app link page URL), CO_PAGE (the client's cross_origin_loc, answered here), APP_NAME, LOGO (the app's logo URL, answered here), LANGS (JSON
// list of tags), KEYS (JSON list of message keys), SCREENSHOT_DIR, CHROMIUM (optional).
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { ask, env, fail, launch, say, stopAsking, watch } from "./harness.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const langs = JSON.parse(env.LANGS);
const keys = JSON.parse(env.KEYS).filter((k) => k.includes("-"));
const shotLangs = ["en", "ar", "ja"];
const latin = ["en", "fr", "es", "de", "pt-BR", "it", "nl"];
const desktop = { width: 1280, height: 800 };

mkdirSync(env.SCREENSHOT_DIR, { recursive: true });
const browser = await launch();
const problems = [];
const axeCounts = {};
let pagesChecked = 0;

/** axe-core's findings on the page. The only frame our pages hold is the app's own page (the
 * cross-origin fallback's), not ours to check. Under a paused clock (`paused`), axe's own
 * timers are run one millisecond at a time until it answers: the page's time stands still
 * apart from that. */
async function runAxe(page, paused) {
  const options = { resultTypes: ["violations"], iframes: false };
  if (!paused) return page.evaluate((o) => window.axe.run(document, o), options);
  await page.evaluate((o) => {
    window.axeResult = null;
    window.axe.run(document, o).then((r) => { window.axeResult = r; });
  }, options);
  for (let step = 0; step < 20000; step += 1) {
    const result = await page.evaluate(() => window.axeResult);
    if (result) return result;
    await page.clock.runFor(1);
  }
  fail(`${page.url()}: axe did not finish`);
}

/** What must hold on every page: its language, no raw keys, no overflow, no axe violation.
 * `paused`: the page's clock is paused (its timers must not fire while it is checked). */
async function check(page, lang, name, paused = false) {
  const where = `${lang} ${name}`;
  const html = await page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.dir }));
  if (html.lang !== lang) fail(`${where}: <html lang=${html.lang}> at ${page.url()}: ${(await page.content()).slice(0, 400)}`);
  const rtl = lang === "ar";
  if ((html.dir === "rtl") !== rtl) fail(`${where}: dir=${html.dir}`);
  const text = (await page.locator("body").innerText()) + " " + (await page.title());
  if (text.includes("{") || text.includes("}")) fail(`${where}: Fluent syntax shows: ${text.slice(0, 300)}`);
  const raw = keys.filter((k) => new RegExp(`(^|[^\\p{L}-])${k}([^\\p{L}-]|$)`, "u").test(text));
  if (raw.length) fail(`${where}: message keys show: ${raw}`);

  // Mirrored: a heading's text starts at the card's start edge, the right one in Arabic.
  const edges = await page.evaluate(() => {
    const h1 = document.querySelector("h1");
    const range = document.createRange();
    range.selectNodeContents(h1);
    const box = h1.getBoundingClientRect();
    const textBox = range.getBoundingClientRect();
    return { left: textBox.left - box.left, right: box.right - textBox.right, direction: getComputedStyle(h1).direction };
  });
  const startGap = rtl ? edges.right : edges.left;
  if (startGap > 2 || (rtl && edges.direction !== "rtl")) fail(`${where}: heading not at the start edge ${JSON.stringify(edges)}`);

  // Nothing overflows at 320 px: the page, and each form control.
  await page.setViewportSize({ width: 320, height: 700 });
  const overflow = await page.evaluate(() => {
    const wide = [];
    const b = document.scrollingElement;
    if (b.scrollWidth > b.clientWidth) wide.push(`page ${b.scrollWidth}>${b.clientWidth}`);
    for (const el of document.querySelectorAll("body, main, .card, form, input:not([type=hidden]), select, button, label, h1, p, a")) {
      if (el.hidden || el.offsetParent === null) continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) wide.push(`${el.tagName}#${el.id} ${el.scrollWidth}>${el.clientWidth}`);
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 0.5 || r.left < -0.5) wide.push(`${el.tagName}#${el.id} at ${r.left}..${r.right}`);
    }
    return wide;
  });
  if (overflow.length) {
    await page.screenshot({ path: `${env.SCREENSHOT_DIR}/overflow-${lang}-${name}.png`, fullPage: true });
    fail(`${where}: overflows at 320 px: ${overflow.join(", ")}`);
  }

  // axe-core, light and dark.
  await page.evaluate(axeSource);
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    const result = await runAxe(page, paused);
    const key = `${name}/${scheme}`;
    axeCounts[key] = (axeCounts[key] || 0) + result.violations.length;
    if (result.violations.length) {
      await page.screenshot({ path: `${env.SCREENSHOT_DIR}/axe-${lang}-${name}-${scheme}.png`, fullPage: true });
      const detail = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\s+/g, " ")).join(" | ")}`);
      fail(`${where} (${scheme}): axe found ${result.violations.length}: ${detail.join(" ;; ")}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });

  // Screenshots at desktop and phone width.
  if (shotLangs.includes(lang)) {
    for (const [label, width] of [["desktop", 1280], ["phone", 390]]) {
      await page.setViewportSize({ width, height: 800 });
      await page.screenshot({ path: `${env.SCREENSHOT_DIR}/${lang}-${name}-${label}.png`, fullPage: true });
    }
  }
  await page.setViewportSize(desktop);
  pagesChecked += 1;
}

// The app's logo, answered by the run itself (the pages may load https images).
const logoSvg = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
  + '<rect width="120" height="40" rx="8" fill="#0f766e"/>'
  + '<text x="60" y="27" font-family="sans-serif" font-size="18" font-weight="700" fill="#fff" text-anchor="middle">ACME</text></svg>';

/** `#rrggbb` as getComputedStyle spells it. */
function rgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

/** The page wears the app's look: its brand stylesheet sets the button's colours, its logo
 * loaded, and the app's name shows (in `nameIn`). */
async function checkBrand(page, lang, name, nameIn) {
  const where = `${lang} ${name}`;
  const look = await page.evaluate(async () => {
    const sheet = document.querySelector('link[rel=stylesheet][href^="/assets/brand/"]');
    if (!sheet) return null;
    const css = await (await fetch(sheet.getAttribute("href"))).text();
    const button = document.querySelector("form button[type=submit]");
    const style = button && getComputedStyle(button);
    const logo = document.querySelector("img.logo");
    return {
      css,
      background: style?.backgroundColor,
      color: style?.color,
      logo: logo ? { src: logo.src, loaded: logo.complete && logo.naturalWidth > 0 } : null,
    };
  });
  if (!look) fail(`${where}: no brand stylesheet`);
  const accent = /--accent: (#[0-9a-f]{6});/.exec(look.css)?.[1];
  const accentText = /--accent-text: (#[0-9a-f]{6});/.exec(look.css)?.[1];
  if (!accent || !accentText) fail(`${where}: the brand stylesheet sets no accent: ${look.css}`);
  if (look.background !== rgb(accent)) fail(`${where}: the button is ${look.background}, not the brand's ${rgb(accent)}`);
  if (look.color !== rgb(accentText)) fail(`${where}: the button's text is ${look.color}, not ${rgb(accentText)}`);
  if (!look.logo || look.logo.src !== env.LOGO || !look.logo.loaded) fail(`${where}: logo ${JSON.stringify(look.logo)}`);
  const shown = await page.locator(nameIn).innerText();
  if (!shown.includes(env.APP_NAME)) fail(`${where}: "${nameIn}" says ${shown}, not the app's name`);
}

/** Types `query` in the country search box; the country it chose. */
async function search(page, query) {
  await page.fill("#country-search", query);
  return page.locator("#country").inputValue();
}

let page;
try {
  for (const lang of langs) {
    const context = await browser.newContext({ viewport: desktop, locale: lang });
    await context.route(env.LOGO, (route) => route.fulfill({ status: 200, contentType: "image/svg+xml", body: logoSvg }));
    page = await context.newPage();
    watch(page, problems);

    // The login page, and the country search.
    await page.goto(`${env.AUTHORIZE}&ui_locales=${encodeURIComponent(lang)}&state=${lang}`);
    await check(page, lang, "login");
    if ((await search(page, "+33")) !== "FR") fail(`${lang}: "+33" did not choose France`);
    if ((await search(page, "+81")) !== "JP") fail(`${lang}: "+81" did not choose Japan`);
    if (latin.includes(lang) && (await search(page, "fra")) !== "FR") fail(`${lang}: "fra" did not choose France`);
    const shown = await page.locator("#country option:not([hidden])").count();
    if (latin.includes(lang) && (shown < 1 || shown > 8)) fail(`${lang}: "fra" leaves ${shown} countries`);
    await search(page, "");
    if ((await page.locator("#country option:not([hidden])").count()) < 200) fail(`${lang}: an empty search hides countries`);

    // An error: France stays chosen, the number stays typed.
    await search(page, "+33");
    await page.fill("#phone", "12");
    await page.locator("form.identifier", { has: page.locator("#phone") }).locator("button[type=submit]").click();
    await page.waitForSelector("p.error[role=alert]");
    if ((await page.locator("#country").inputValue()) !== "FR") fail(`${lang}: the country was reset after an error`);
    if ((await page.inputValue("#phone")) !== "12") fail(`${lang}: the number was lost after an error`);
    await check(page, lang, "login-error");

    // The code page, and a wrong code.
    const { national, e164 } = await ask("number", { lang });
    await page.locator("#country").selectOption("US");
    await page.fill("#phone", national);
    await page.locator("form.identifier", { has: page.locator("#phone") }).locator("button[type=submit]").click();
    await page.waitForSelector("#code");
    await check(page, lang, "code");
    // The number reads left to right on every page, "+1…" and not "…1+" in Arabic: its
    // first character (the plus) sits left of its last.
    const reading = await page.evaluate(() => {
      const bdi = document.querySelector("main p bdi");
      const text = bdi.firstChild;
      const at = (i) => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1); return r.getBoundingClientRect().left; };
      return { plus: at(0), last: at(text.length - 1), first: text.data[0] };
    });
    if (reading.first !== "+" || !(reading.plus < reading.last)) fail(`${lang}: the number does not read left to right ${JSON.stringify(reading)}`);
    await page.fill("#code", "000000");
    await page.locator("#code-form button").click();
    await page.waitForSelector("p.error[role=alert]");
    await check(page, lang, "code-error");

    // A new code asked for too soon (the form sent without waiting for its button).
    await page.evaluate(() => document.querySelector("form.resend").submit());
    await page.waitForSelector("#retry-wait");
    await check(page, lang, "code-wait");

    // The right code: the passkey offer (the user has none), then the app.
    const { code } = await ask("code", { e164 });
    await page.fill("#code", code);
    await page.locator("#code-form button").click();
    await page.waitForSelector("#continue");
    await check(page, lang, "passkey-offer");
    await Promise.all([page.waitForURL((u) => u.href.startsWith(env.CALLBACK)), page.click("#continue")]);

    // Signed in, a form_post app gets the page whose button posts the answer on.
    await page.goto(`${env.AUTHORIZE}&response_mode=form_post&ui_locales=${encodeURIComponent(lang)}&state=fp`);
    await page.waitForSelector("form[method=post] button");
    await checkBrand(page, lang, "form-post", "main h1 + p");
    await check(page, lang, "form-post");

    // "Check your email" after a magic link (an address of its own: one link a gap).
    await page.goto(`${env.ISSUER}v2/logout`);
    await page.goto(`${env.AUTHORIZE}&ui_locales=${encodeURIComponent(lang)}&state=link-${lang}`);
    await page.fill("#email", `link-${lang.toLowerCase()}@example.com`);
    await page.locator("button[value=link]").click();
    await page.waitForSelector("form.resend");
    await check(page, lang, "link-sent");

    // The logout notice, the magic link's pages, the native-app link page.
    await page.goto(`${env.ISSUER}v2/logout`);
    await check(page, lang, "logout");
    const link = await ask("link", { lang });
    const confirm = await page.goto(link.confirm);
    if (confirm.status() !== 200) fail(`${lang}: a live link answered ${confirm.status()}`);
    if ((await page.locator("h1.error").count()) !== 0) fail(`${lang}: a live link shows an error`);
    await checkBrand(page, lang, "link-confirm", "h1");
    await check(page, lang, "link-confirm");
    const used = await page.goto(link.used);
    if (used.status() !== 400) fail(`${lang}: an edited link answered ${used.status()}`);
    await page.waitForSelector("h1.error");
    if ((await page.locator('form[action="/passwordless/verify_redirect/resend"] button').count()) !== 1) fail(`${lang}: the used page offers no new link`);
    await checkBrand(page, lang, "link-used", ".app-name");
    await check(page, lang, "link-used");
    await page.goto(env.NATIVE);
    await check(page, lang, "native-link");

    // A mistake in the app's request (a redirect URI the app did not register): the
    // visitor's words in this language, the developer's detail in English, marked so.
    const elsewhere = env.AUTHORIZE.replace(encodeURIComponent(env.CALLBACK), encodeURIComponent(`${env.CALLBACK}/elsewhere`));
    const refused = await page.goto(`${elsewhere}&ui_locales=${encodeURIComponent(lang)}`);
    if (refused.status() !== 400) fail(`${lang}: an unregistered redirect URI answered ${refused.status()}`);
    const detail = await page.locator("p.detail[lang=en][dir=ltr] code").innerText();
    if (!detail.includes(`${env.CALLBACK}/elsewhere`)) fail(`${lang}: the developer's detail says ${detail}`);
    await check(page, lang, "request-error");

    // The cross-origin fallback: a login ticket (from /co/authenticate, elsewhere) reaches
    // /authorize without its cookie, and the page frames the app's page to ask it for the
    // verifier. The app's page here never answers, and the page's clock is paused so its
    // 15-second give-up does not fire while the page is checked.
    const { ticket } = await ask("ticket", { lang });
    await context.route(`${new URL(env.CO_PAGE).origin}/**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!DOCTYPE html><title>Acme</title>" }));
    await page.clock.install({ time: new Date("2026-01-01T00:00:00Z") });
    await page.clock.pauseAt(new Date("2026-01-01T00:00:10Z"));
    await page.goto(`${env.AUTHORIZE}&ui_locales=${encodeURIComponent(lang)}&login_ticket=${encodeURIComponent(ticket)}`);
    await page.waitForSelector("form#co-verify", { state: "attached" });
    if (!(await page.locator("#co-verify-page").getAttribute("src")).startsWith(env.CO_PAGE)) fail(`${lang}: the fallback frames another page`);
    await check(page, lang, "co-verify", true);
    // In the app's look, as its login page: the brand stylesheet and the logo.
    const coLook = await page.evaluate(() => {
      const logo = document.querySelector("img.logo");
      return {
        sheet: !!document.querySelector('link[rel=stylesheet][href^="/assets/brand/"]'),
        logo: logo ? { src: logo.src, loaded: logo.complete && logo.naturalWidth > 0 } : null,
      };
    });
    if (!coLook.sheet || !coLook.logo || coLook.logo.src !== env.LOGO || !coLook.logo.loaded) fail(`${lang} co-verify: not in the app's look ${JSON.stringify(coLook)}`);
    if (!page.url().includes("login_ticket=")) fail(`${lang}: the fallback page went on while it was checked: ${page.url()}`);

    await context.close();
  }
  say({ event: "done", problems, pages: pagesChecked, axe: axeCounts, screenshots: env.SCREENSHOT_DIR });
} catch (e) {
  if (page) {
    await page.screenshot({ path: `${env.SCREENSHOT_DIR}/failure.png`, fullPage: true }).catch(() => {});
    const text = await page.locator("body").innerText().catch(() => "");
    console.error(`at ${page.url()}:\n${text.slice(0, 800)}`);
  }
  console.error(`problems so far: ${JSON.stringify(problems)}`);
  throw e;
} finally {
  stopAsking();
  await browser.close();
}
