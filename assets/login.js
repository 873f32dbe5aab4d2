// The login page's small enhancements; every form works without them.
"use strict";

// As the number is typed: formatted the way the chosen country writes it (libphonenumber's
// as-you-type formatter), and the number the text will go to shown in E.164 beneath.
(function () {
  const phone = document.getElementById("phone");
  const country = document.getElementById("country");
  const out = document.getElementById("e164");
  if (!phone || !country || !out) return;
  const hint = out.textContent;
  const lib = window.libphonenumber;
  // Without the library: the calling code and the digits, a national 0 dropped.
  const roughly = (raw) => {
    const digits = raw.replace(/\D/g, "");
    if (raw.startsWith("+")) return "+" + digits;
    const code = country.selectedOptions[0]?.dataset.code || "";
    return "+" + code + digits.replace(/^0+/, "");
  };
  const show = (event) => {
    const raw = phone.value.trim();
    if (!raw.replace(/\D/g, "")) { out.textContent = hint; return; }
    if (!lib) { out.textContent = roughly(raw); return; }
    const typer = new lib.AsYouType(raw.startsWith("+") ? undefined : country.value);
    const formatted = typer.input(raw);
    // Formatting is left alone while the user deletes (a deleted space or bracket would
    // come straight back) or edits before the end (the caret would jump).
    const deleting = event?.inputType?.startsWith("delete");
    const atEnd = !event || phone.selectionStart === phone.value.length;
    if (!deleting && atEnd && formatted !== phone.value) phone.value = formatted;
    out.textContent = typer.getNumber()?.number || roughly(raw);
  };
  phone.addEventListener("input", show);
  country.addEventListener("change", () => show());
  show();
})();

// Country search: a box above the list that narrows it as one types a name ("fra"), a
// region code ("fr") or a calling code ("+33"), choosing the best match. Without script the
// list is a plain select, sorted by name in the page's language.
(function () {
  const select = document.getElementById("country");
  const countryLabel = document.querySelector("label[for=country]");
  if (!select || !countryLabel) return;
  const fold = (s) => s.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();
  const options = Array.from(select.options).map((o) => ({
    o,
    name: fold(o.textContent.replace(/[\u200e\u2066-\u2069]/g, "")),
    code: o.dataset.code || "",
    region: o.value.toLowerCase(),
  }));
  const label = document.createElement("label");
  label.htmlFor = "country-search";
  label.textContent = select.dataset.searchLabel || "";
  const input = document.createElement("input");
  input.type = "search";
  input.id = "country-search";
  input.autocomplete = "off";
  input.setAttribute("aria-controls", "country");
  countryLabel.before(label, input);
  const rank = (x, q, byCode, digits) => {
    if (!q) return 1;
    if (byCode) return x.code === digits ? 3 : x.code.startsWith(digits) ? 1 : 0;
    if (x.region === q) return 3;
    if (x.name.startsWith(q)) return 2;
    return x.name.includes(q) ? 1 : 0;
  };
  input.addEventListener("input", () => {
    const q = fold(input.value.trim());
    const byCode = /^\+?\d+$/.test(q);
    const digits = q.replace(/^\+/, "");
    let best = null;
    let bestRank = 0;
    for (const x of options) {
      const r = rank(x, q, byCode, digits);
      x.o.hidden = r === 0;
      if (r > bestRank) { best = x.o; bestRank = r; }
    }
    // A hidden option is never left chosen: the best match is, and the form posts it.
    if (q && best && (select.selectedOptions[0]?.hidden || bestRank === 3)) {
      select.value = best.value;
      select.dispatchEvent(new Event("change"));
    }
  });
  // Enter in the search box goes on to the number instead of sending the form.
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      document.getElementById("phone")?.focus();
    }
  });
})();

// Resend: wait out the minimum gap between two codes, with a visible countdown.
(function () {
  const button = document.querySelector("button[data-wait]");
  if (!button) return;
  let left = parseInt(button.dataset.wait, 10) || 0;
  const label = button.textContent;
  const tick = () => {
    if (left <= 0) { button.disabled = false; button.textContent = label; return; }
    button.disabled = true;
    button.textContent = button.dataset.waitText.replace("{s}", String(left));
    left -= 1;
    setTimeout(tick, 1000);
  };
  tick();
})();

// WebOTP: where the browser can read the code from the text message, fill it in and go on.
(function () {
  const input = document.getElementById("code");
  if (!input || !("OTPCredential" in window)) return;
  const abort = new AbortController();
  input.form?.addEventListener("submit", () => abort.abort());
  navigator.credentials
    .get({ otp: { transport: ["sms"] }, signal: abort.signal })
    .then((otp) => {
      if (otp && otp.code) {
        input.value = otp.code;
        input.form.submit();
      }
    })
    .catch(() => {});
})();

// A rate limit's wait, counted down where the page says how long it is.
(function () {
  const timer = document.querySelector("[data-countdown]");
  if (!timer) return;
  let left = parseInt(timer.dataset.countdown, 10) || 0;
  const tick = () => {
    if (left <= 0) { timer.textContent = timer.dataset.doneText; return; }
    timer.textContent = timer.dataset.countdownText.replace("{s}", String(left));
    left -= 1;
    setTimeout(tick, 1000);
  };
  tick();
})();
