// Headless Chromium through the dashboard's overview, forms and tables (run by
// tests/it/dashboard_overview.rs, which made SMS logins, a failure and a pumping refusal
// first and answers this script's requests on stdin):
// - sign-in lands on the overview (no page in between), whose charts have a title and a
//   table behind them, and count the logins made but not the administrator's sign-in;
// - the keyboard alone reaches every section and opens a chart's table;
// - a refused save shows a focused error summary that names the field by its label and
//   links to it, with JavaScript and without;
// - deleting a connection, an application and a user wants the name typed; a wrong one is a
//   field error with the focused summary, like any refused value (axe-checked too);
// - the Users page does not list the administrator who signed in;
// - the Administrators page adds and removes, and the last one cannot remove themself;
// - the logs show application names, and tables scroll in their box at phone width;
// - every page in English, Arabic and Japanese (the browser's language): it says its
//   language (Arabic right to left), shows no message key and a menu in that language;
// - axe-core on every page, light and dark, with a brand colour set: no violations;
// - screenshots of every page at 1280 and 390 px, in English, Arabic and Japanese.
//
// Env: ISSUER, ADMIN_EMAIL, OTHER_ADMIN, CLIENT_ID (the default app), USER_PHONE, LOGINS
// (how many end-user logins the overview must count), AXE (axe.min.js), SCREENSHOT_DIR, KEYS
// (the dashboard's message keys, JSON).
import { mkdirSync } from "node:fs";
import { ask, env, fail, launch, say, stopAsking } from "./harness.mjs";

mkdirSync(env.SCREENSHOT_DIR, { recursive: true });
const browser = await launch();
const problems = [];
const shots = [];
const axeRuns = [];
const admin = (path) => `${env.ISSUER}admin${path}`;
const BRAND = "#0f766e";
let page;
let step = "start";

const watch = (p) => {
  p.on("console", (m) => {
    // A refused save answers 400: the browser reports the status, it is no script error.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
  });
  p.on("pageerror", (e) => problems.push(String(e)));
  return p;
};
const notice = async (p) => (await p.locator("#notice").innerText()).trim();
const submitted = async (p, selector) => {
  await Promise.all([p.waitForEvent("load"), p.locator(selector).click()]);
};
const focused = (p) => p.evaluate(() => document.activeElement && document.activeElement.id);
// A delete whose typed name is wrong: refused at the name's field, named by its label, with
// the focused summary linking to it.
const wrongName = async (p, label) => {
  const summary = p.locator("#error-summary");
  if (!(await summary.count())) fail(`no error summary after a wrong name (${label})`);
  if ((await summary.locator("a").getAttribute("href")) !== "#confirm-delete") fail(`the summary does not link to the name (${label})`);
  if (!(await summary.innerText()).includes(label)) fail(`summary: ${await summary.innerText()}`);
  if ((await focused(p)) !== "error-summary") fail(`focus is on ${await focused(p)}, not the summary (${label})`);
  const message = (await p.locator("#confirm-delete-error").innerText()).trim();
  if (!message.startsWith(label)) fail(`the name's message: ${message}`);
  if ((await p.getAttribute("#confirm-delete", "aria-invalid")) !== "true") fail(`the name is not marked invalid (${label})`);
  if (await p.locator("#notice").count()) fail(`a notice instead of a field error (${label})`);
};

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  page = watch(await context.newPage());

  // 1. Sign in: straight onto the overview.
  step = "sign in";
  await page.goto(admin(""));
  if (!page.url().includes("/authorize?")) fail(`/admin went to ${page.url()}`);
  await page.fill("#email", env.ADMIN_EMAIL);
  await page.locator("button[value=code]").click();
  await page.waitForSelector("#code");
  const { code } = await ask("admin_code");
  await page.fill("#code", code);
  const visited = [];
  page.on("framenavigated", (f) => { if (f === page.mainFrame()) visited.push(new URL(f.url()).pathname); });
  await Promise.all([page.waitForURL((u) => u.pathname === "/admin/overview"), page.locator("#code-form button").click()]);
  if (visited.some((p) => p === "/admin/callback" || p === "/admin/connections")) fail(`a page in between: ${visited}`);

  // 2. The overview: charts with a title and a table, the logins made, not the sign-in.
  step = "overview";
  for (const id of ["logins", "countries", "failures"]) {
    const title = await page.locator(`#${id}-chart > title`).textContent();
    if (!title) fail(`the ${id} chart has no title`);
    const labelled = await page.getAttribute(`#${id}-chart`, "aria-labelledby");
    if (labelled !== `${id}-title ${id}-desc`) fail(`${id}: aria-labelledby ${labelled}`);
    if (!(await page.locator(`#${id}-table`).count())) fail(`the ${id} chart has no table`);
  }
  const tile = async (n) => (await page.locator(`#tiles li:nth-child(${n}) .tile-value`).innerText()).trim();
  if ((await tile(1)) !== env.LOGINS) fail(`logins counted: ${await tile(1)}, not ${env.LOGINS} (the sign-in counts?)`);
  const row = async (country) =>
    (await page.locator(`#countries-table tr[data-country=${country}] td`).allTextContents()).map((t) => t.trim());
  const us = await row("US");
  if (us[0] !== "2" || us[1] !== "2" || us[2] !== "100.0 %") fail(`US: ${us}`);
  const fr = await row("FR");
  if (fr[0] !== "1" || fr[3] !== "1") fail(`FR (a login and a refused premium number): ${fr}`);
  const reasons = await page.locator("#failures-table th[scope=row]").allTextContents();
  if (!reasons.includes("Wrong code")) fail(`failed logins by reason: ${reasons}`);
  // Keyboard only: Tab reaches every section of the navigation, Enter opens a table.
  const reached = [];
  await page.locator("body").focus();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    const href = await page.evaluate(() => document.activeElement?.getAttribute("href"));
    if (href) reached.push(href);
    if (await page.evaluate(() => document.activeElement?.tagName === "SUMMARY")) break;
  }
  for (const path of ["/admin/overview", "/admin/connections", "/admin/applications", "/admin/users",
    "/admin/logs", "/admin/keys", "/admin/administrators"]) {
    if (!reached.includes(path)) fail(`Tab never reached ${path}: ${reached}`);
  }
  if (!(await page.evaluate(() => document.activeElement?.tagName === "SUMMARY"))) fail("Tab never reached a table's summary");
  await page.keyboard.press("Enter");
  if (!(await page.locator("#logins details").getAttribute("open").then((v) => v !== null).catch(() => false)))
    fail("Enter did not open the logins table");

  // 3. A refused save: the summary at the top has the focus, names the field by its label
  // and leads to it; the brand colour is then set for the rest.
  step = "error summary";
  const appPath = `/applications/${env.CLIENT_ID}`;
  const refuseColour = async (p) => {
    await p.goto(admin(appPath));
    await p.fill("#primary_color", "blue!");
    await Promise.all([p.waitForEvent("load"), p.locator("#primary_color").press("Enter")]);
    const summary = p.locator("#error-summary");
    if (!(await summary.count())) fail("no error summary after a refused save");
    const text = await summary.innerText();
    if (!text.includes("Button colour") || text.includes("branding.primary_color")) fail(`summary: ${text}`);
    if ((await summary.locator("a").getAttribute("href")) !== "#primary_color") fail("the summary does not link to the field");
    if ((await focused(p)) !== "error-summary") fail(`focus is on ${await focused(p)}, not the summary`);
    const next = (await p.locator("#primary_color-error").innerText()).trim();
    if (!next.startsWith("Button colour")) fail(`the field's message: ${next}`);
  };
  await refuseColour(page);
  await page.locator("#error-summary a").press("Enter");
  if ((await focused(page)) !== "primary_color") fail(`the summary's link led to ${await focused(page)}`);
  await page.fill("#primary_color", BRAND);
  await submitted(page, "#save");
  if ((await notice(page)) !== "Saved") fail(`saving the brand colour: ${await notice(page)}`);

  // The administrator who signed in is no user: the Users page does not find them.
  await page.goto(admin(`/users?q=${encodeURIComponent(env.ADMIN_EMAIL)}`));
  if ((await page.locator("#user-rows tr").count()) !== 0) fail("the administrator is listed as a user");

  // 4. Without JavaScript: the same summary has the focus (autofocus), and the forms work.
  step = "no script";
  const state = await context.storageState();
  const still = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false, storageState: state });
  const plain = watch(await still.newPage());
  await refuseColour(plain);
  // Deleting wants the name typed: a connection...
  await plain.goto(admin("/connections"));
  await plain.fill("#new-name", "sms-eu");
  await plain.selectOption("#new-strategy", "sms");
  await submitted(plain, "#create");
  await plain.fill("#confirm-delete", "SMS-EU");
  await submitted(plain, "#delete-connection");
  await wrongName(plain, "Connection's name");
  await plain.fill("#confirm-delete", "sms-eu");
  await submitted(plain, "#delete-connection");
  if (await plain.locator("#connection-sms-eu").count()) fail("the connection is still listed");
  // ... an application ...
  await plain.goto(admin("/applications"));
  await plain.fill("#name", "Doomed app");
  await submitted(plain, "#create");
  // (The answer to the create is the new application's page, at the create's address.)
  const doomed = `/applications/${(await plain.locator("#client-id").innerText()).trim()}`;
  await plain.fill("#confirm-delete", "Doomed");
  await submitted(plain, "#delete");
  await wrongName(plain, "Application's name");
  await plain.fill("#confirm-delete", "Doomed app");
  await submitted(plain, "#delete");
  if ((await notice(plain)) !== "Application deleted") fail(`application: ${await notice(plain)}`);
  if ((await plain.goto(admin(doomed))).status() !== 404) fail("the application is still there");
  // ... and a user.
  await plain.goto(admin(`/users?q=${encodeURIComponent(env.USER_PHONE)}`));
  await Promise.all([plain.waitForEvent("load"), plain.locator(`a:text-is("${env.USER_PHONE}")`).click()]);
  const userPath = new URL(plain.url()).pathname;
  await plain.fill("#confirm-delete", env.USER_PHONE.slice(0, -1));
  await submitted(plain, "#delete");
  await wrongName(plain, "User's login");
  await plain.fill("#confirm-delete", env.USER_PHONE);
  await submitted(plain, "#delete");
  if ((await notice(plain)) !== "User deleted") fail(`user: ${await notice(plain)}`);
  if ((await plain.goto(admin(userPath.replace("/admin", "")))).status() !== 404) fail("the user is still there");

  // 5. Administrators: the last one cannot remove themself; another is added and removed.
  step = "administrators";
  await plain.goto(admin("/administrators"));
  const removeButton = (email) => `tr[data-email="${email}"] button`;
  await submitted(plain, removeButton(env.ADMIN_EMAIL));
  if (!(await notice(plain)).includes("last administrator")) fail(`removing the last one: ${await notice(plain)}`);
  if (!(await plain.locator(`tr[data-email="${env.ADMIN_EMAIL}"]`).count())) fail("the last administrator went");
  await plain.fill("#new-email", "not an address");
  await submitted(plain, "#add");
  if ((await plain.locator("#error-summary a").getAttribute("href")) !== "#new-email") fail("a bad address has no summary");
  await plain.fill("#new-email", env.OTHER_ADMIN);
  await submitted(plain, "#add");
  if (!(await plain.locator(`tr[data-email="${env.OTHER_ADMIN}"]`).count())) fail("the new administrator is not listed");
  await submitted(plain, removeButton(env.OTHER_ADMIN));
  if (await plain.locator(`tr[data-email="${env.OTHER_ADMIN}"]`).count()) fail("the removed administrator is listed");
  await still.close();

  // 6. The log names applications, not client ids.
  step = "logs";
  await page.goto(admin("/logs"));
  const apps = await page.locator("#log-rows td:nth-child(5)").allInnerTexts();
  if (!apps.includes("Default App")) fail(`the log's applications: ${[...new Set(apps)]}`);
  if (apps.includes(env.CLIENT_ID)) fail("the log shows a client id");

  // 7. Every page: axe in light and dark mode, screenshots at desktop and phone width; at
  // phone width, tables scroll inside their box and the page itself does not.
  step = "every page";
  await page.goto(admin("/users"));
  const someUser = await page.locator("#main-users a, table a").first().getAttribute("href");
  const pages = [["overview", "/overview"], ["connections", "/connections"], ["connection-sms", "/connections/sms"],
    ["connection-email", "/connections/email"], ["email-provider", "/email-provider"], ["applications", "/applications"],
    ["application", appPath], ["users", "/users"], ["user", someUser.replace("/admin", "")], ["logs", "/logs"],
    ["keys", "/keys"], ["administrators", "/administrators"]];
  const axeContext = async (colorScheme, width, locale = "en-US") =>
    browser.newContext({ viewport: { width, height: 900 }, colorScheme, locale, bypassCSP: true, storageState: state });
  // Each page in English, Arabic (right to left) and Japanese, as the browser's language
  // asks: the page says its language, shows no message key, and speaks that language.
  const languages = [["en", "en-US"], ["ar", "ar"], ["ja", "ja-JP"]];
  const keys = JSON.parse(env.KEYS);
  const englishNav = [];
  for (const [lang, locale] of languages) for (const colorScheme of ["light", "dark"]) {
    for (const width of [1280, 390]) {
      const ctx = await axeContext(colorScheme, width, locale);
      const p = watch(await ctx.newPage());
      for (const [name, path] of pages) {
        step = `${name} ${lang} ${colorScheme} ${width}`;
        await p.goto(admin(path));
        if (new URL(p.url()).pathname !== `/admin${path.split("?")[0]}`) fail(`${path} went to ${p.url()}`);
        const read = await p.evaluate(() => {
          const attrs = [...document.querySelectorAll("[aria-label], [title], [placeholder], title")]
            .map((e) => [e.getAttribute("aria-label"), e.getAttribute("title"), e.getAttribute("placeholder"), e.tagName === "TITLE" ? e.textContent : null]);
          return {
            lang: document.documentElement.lang,
            dir: document.documentElement.dir,
            text: `${document.body.innerText}\n${attrs.flat().filter(Boolean).join("\n")}\n${document.title}`,
            nav: [...document.querySelectorAll("header nav a")].map((a) => a.textContent.trim()),
          };
        });
        if (read.lang !== lang) fail(`${name} in ${lang} says lang=${read.lang}`);
        if ((read.dir === "rtl") !== (lang === "ar")) fail(`${name} in ${lang} has dir=${read.dir}`);
        const shown = keys.filter((k) => read.text.includes(k));
        if (shown.length) fail(`${name} in ${lang} shows message keys: ${shown}`);
        if (lang === "en") englishNav.splice(0, englishNav.length, ...read.nav);
        else if (read.nav.some((label, i) => label === englishNav[i])) fail(`${name} in ${lang}: the menu is English (${read.nav})`);
        if (width === 390) {
          const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 1) fail(`${name} in ${lang} is ${overflow} px wider than the phone`);
        }
        if (colorScheme === "light" || width === 1280) {
          const file = lang === "en" ? `${name}-${colorScheme}-${width}` : `${name}-${lang}-${colorScheme}-${width}`;
          await p.screenshot({ path: `${env.SCREENSHOT_DIR}/${file}.png`, fullPage: true });
          shots.push(file);
        }
        if (width !== 1280) continue;
        await p.addScriptTag({ path: env.AXE });
        const result = await p.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ["violations"] });
          return { passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) })) };
        });
        axeRuns.push({ page: name, lang, mode: colorScheme, passes: result.passes, violations: result.violations.length, details: result.violations });
      }
      if (width === 390) {
        // The log's table is wider than a phone: it scrolls in its box, its words whole.
        await p.goto(admin("/logs"));
        const box = await p.evaluate(() => {
          const wrap = document.querySelector("#log-rows").closest(".table-wrap");
          const cell = document.querySelector("#log-rows td");
          return { scroll: wrap.scrollWidth, client: wrap.clientWidth, white: cell && getComputedStyle(cell).whiteSpace };
        });
        if (!(box.scroll > box.client) || box.white !== "nowrap") fail(`the log's table at 390 px in ${lang}: ${JSON.stringify(box)}`);
      }
      await ctx.close();
    }
  }
  // The refused forms too, in both modes: a refused value, and a delete's wrong name.
  const refuseDelete = async (p) => {
    await p.goto(admin(appPath));
    await p.fill("#confirm-delete", "not its name");
    await Promise.all([p.waitForEvent("load"), p.locator("#delete").click()]);
    await wrongName(p, "Application's name");
  };
  const refusals = [["application-refused", refuseColour], ["delete-refused", refuseDelete]];
  for (const [name, refuse] of refusals) for (const colorScheme of ["light", "dark"]) {
    const ctx = await axeContext(colorScheme, 1280);
    const p = watch(await ctx.newPage());
    await refuse(p);
    const file = `${name}-${colorScheme}-1280`;
    await p.screenshot({ path: `${env.SCREENSHOT_DIR}/${file}.png`, fullPage: true });
    shots.push(file);
    await p.addScriptTag({ path: env.AXE });
    const result = await p.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return { passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) })) };
    });
    axeRuns.push({ page: name, mode: colorScheme, passes: result.passes, violations: result.violations.length, details: result.violations });
    await ctx.close();
  }
  // A refused save's 400 is reported by the browser as a failed resource, not a problem.
  say({ event: "done", problems, shots, axe: axeRuns });
} catch (e) {
  if (page) {
    await page.screenshot({ path: `${env.SCREENSHOT_DIR}/failure.png`, fullPage: true }).catch(() => {});
    console.error(`during ${step}, at ${page.url()}`);
  }
  console.error(`problems so far: ${JSON.stringify(problems)}`);
  throw e;
} finally {
  stopAsking();
  await browser.close();
}
