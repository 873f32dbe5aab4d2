// Headless Chromium on an SMS connection's dashboard page: the administrator signs in with
// an email code, then sets every delivery setting through the form alone (no script needed:
// it is all labels, fieldsets and posts): Auth0's SMS gateway with a bearer as the
// connection's provider, a Twilio failover provider, a country route to it; a typo is shown
// at its failover field with the rest as typed; a second failover provider is added, moved
// first and removed; WhatsApp without Twilio is refused; a test text is sent. No page ever
// holds a secret. Run by tests/it/dashboard_sms_browser.rs, which owns Latchkey, the fakes
// and the SMTP sink, and answers this script's requests on stdin (one JSON object per line).
//
// Env: ISSUER, ADMIN_EMAIL, GATEWAY_URL, GATEWAY_SUBJECT, GATEWAY_AUDIENCE, GATEWAY_SECRET,
// TWILIO_URL, TWILIO_SID, TWILIO_TOKEN, TWILIO_FROM, TEST_PHONE, SCREENSHOT_DIR, CHROMIUM
// (optional).
import { mkdirSync } from "node:fs";
import { ask, env, fail, launch, say, stopAsking, watch } from "./harness.mjs";

mkdirSync(env.SCREENSHOT_DIR, { recursive: true });
const browser = await launch();
const problems = [];
const admin = (path) => `${env.ISSUER}admin${path}`;
const secrets = [env.GATEWAY_SECRET, env.TWILIO_TOKEN];
let page;
let step = "start";
const shot = (name) => page.screenshot({ path: `${env.SCREENSHOT_DIR}/sms-${name}.png`, fullPage: true });
const notice = async () => (await page.locator("#notice").innerText()).trim();
// Posts the SMS form with its Save button; the answer's status.
const save = async () => {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.waitForEvent("load"),
    page.locator("#save").click(),
  ]);
  return response.status();
};
// No secret in the page's HTML, its inputs' values included.
const noSecrets = async (where) => {
  const html = await page.content();
  const values = await page.$$eval("input", (inputs) => inputs.map((i) => i.value).join("\n"));
  for (const s of secrets) {
    if (html.includes(s) || values.includes(s)) fail(`${where}: the page holds a secret`);
  }
};
const legends = () => page.$$eval("fieldset.provider > legend", (ls) => ls.map((l) => l.textContent.trim()));

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
  page = await context.newPage();
  watch(page, problems);

  step = "sign in";
  await page.goto(admin(""));
  if (!page.url().includes("/authorize?")) fail(`/admin went to ${page.url()}`);
  await page.fill("#email", env.ADMIN_EMAIL);
  await page.locator("button[value=code]").click();
  await page.waitForSelector("#code");
  const { code } = await ask("admin_code");
  await page.fill("#code", code);
  // Signed in, the dashboard opens on its overview (no page in between).
  await Promise.all([page.waitForURL((u) => u.pathname === "/admin/overview"), page.locator("#code-form button").click()]);

  step = "the page's form";
  await page.goto(admin("/connections/sms"));
  // Every control has a label, and every entry is a fieldset with a legend.
  const unlabelled = await page.$$eval("#sms-form input:not([type=hidden]), #sms-form select, #sms-form textarea",
    (els) => els.filter((e) => !e.labels || e.labels.length === 0).map((e) => e.name));
  if (unlabelled.length) fail(`controls without a label: ${unlabelled}`);
  const bare = await page.$$eval("#sms-form fieldset", (fs) => fs.filter((f) => !f.querySelector(":scope > legend")).length);
  if (bare) fail(`${bare} fieldsets without a legend`);
  if (JSON.stringify(await legends()) !== JSON.stringify(["Provider", "Add a failover provider"])) {
    fail(`entries: ${await legends()}`);
  }

  step = "gateway, failover and route";
  // Typed with the keyboard: focus by label, type, Tab on.
  await page.getByLabel("Gateway URL", { exact: true }).first().focus();
  await page.keyboard.type(env.GATEWAY_URL);
  await page.selectOption("#provider", "sms_gateway");
  await page.fill("#from", "Acme");
  await page.fill("#gateway_authentication-subject", env.GATEWAY_SUBJECT);
  await page.fill("#gateway_authentication-audience", env.GATEWAY_AUDIENCE);
  await page.fill("#gateway_authentication-secret", env.GATEWAY_SECRET);
  await page.fill("#failover-0-name", "twilio-backup");
  await page.selectOption("#failover-0-provider", "twilio");
  await page.fill("#failover-0-twilio_sid", "ACnot-a-sid");
  await page.fill("#failover-0-twilio_token", env.TWILIO_TOKEN);
  await page.fill("#failover-0-from", env.TWILIO_FROM);
  await page.fill("#failover-0-twilio_api_url", env.TWILIO_URL);
  await page.fill("#country_routes-0-countries", "in");
  await page.fill("#country_routes-0-providers", "twilio-backup");
  if ((await save()) !== 400) fail("a bad failover SID was saved");
  const sidError = await page.locator("#failover-0-twilio_sid-error").innerText();
  if (!sidError.startsWith("Twilio Account SID") || sidError.includes("twilio_sid")) fail(`SID error: ${sidError}`);
  if ((await page.getAttribute("#failover-0-twilio_sid", "aria-invalid")) !== "true") fail("SID not marked invalid");
  if ((await page.inputValue("#gateway_url")) !== env.GATEWAY_URL) fail("the gateway URL was lost");
  if ((await page.inputValue("#country_routes-0-providers")) !== "twilio-backup") fail("the route was lost");
  if ((await page.inputValue("#provider")) !== "sms_gateway") fail("the provider choice was lost");
  await noSecrets("the refused form");
  await shot("01-refused");
  // Secrets are never sent back to the page: typed again with the right SID.
  await page.fill("#failover-0-twilio_sid", env.TWILIO_SID);
  await page.fill("#failover-0-twilio_token", env.TWILIO_TOKEN);
  await page.fill("#gateway_authentication-secret", env.GATEWAY_SECRET);
  if ((await save()) !== 303 || (await notice()) !== "Saved") fail(`save: ${await notice()}`);
  await noSecrets("the saved page");
  for (const id of ["#gateway_authentication-secret", "#failover-0-twilio_token"]) {
    if ((await page.inputValue(id)) !== "") fail(`${id} came back to the page`);
    if (!(await page.getAttribute(id, "placeholder")).includes("saved")) fail(`${id} is not shown as saved`);
  }
  if ((await page.inputValue("#country_routes-0-countries")) !== "IN") fail("the route's country");
  await shot("02-saved");
  await ask("logins");

  step = "add, reorder, remove";
  await page.fill("#failover-1-name", "dev-log");
  await page.selectOption("#failover-1-provider", "log");
  if ((await save()) !== 303) fail("adding a provider");
  if (JSON.stringify(await legends()) !== JSON.stringify(["Provider", "Failover provider 1: twilio-backup",
    "Failover provider 2: dev-log", "Add a failover provider"])) fail(`after adding: ${await legends()}`);
  await page.fill("#failover-0-position", "2");
  await page.fill("#failover-1-position", "1");
  if ((await save()) !== 303) fail("reordering");
  if ((await legends())[1] !== "Failover provider 1: dev-log") fail(`after reordering: ${await legends()}`);
  await page.check("#failover-0-remove");
  if ((await save()) !== 303) fail("removing");
  if (JSON.stringify(await legends()) !== JSON.stringify(["Provider", "Failover provider 1: twilio-backup",
    "Add a failover provider"])) fail(`after removing: ${await legends()}`);
  if (!(await page.getAttribute("#failover-0-twilio_token", "placeholder")).includes("saved")) {
    fail("the moved provider lost its token");
  }
  await noSecrets("after the changes");

  step = "whatsapp";
  await page.fill("#whatsapp-from", "+15005550007");
  await page.fill("#whatsapp-content_sid", "HX0123456789abcdef0123456789abcdef");
  if ((await save()) !== 400) fail("WhatsApp without Twilio was saved");
  const refusal = await page.locator("#form-error").innerText();
  if (!refusal.includes("twilio")) fail(`WhatsApp refusal: ${refusal}`);
  await noSecrets("the WhatsApp refusal");
  await page.goto(admin("/connections/sms"));

  step = "test text";
  await page.fill("#test_to", env.TEST_PHONE);
  await Promise.all([page.waitForEvent("load"), page.locator("#send-test").click()]);
  if (!(await notice()).startsWith("Test text sent")) fail(`test text: ${await notice()}`);
  await ask("test_sms");
  await noSecrets("after the test text");
  await shot("03-tested");

  say({ event: "done", problems });
} catch (e) {
  if (page) {
    await page.screenshot({ path: `${env.SCREENSHOT_DIR}/sms-failure.png`, fullPage: true }).catch(() => {});
    const text = await page.locator("body").innerText().catch(() => "");
    console.error(`during ${step}, at ${page.url()}:\n${text.slice(0, 1500)}`);
  }
  throw e;
} finally {
  stopAsking();
  await browser.close();
}
