// The login page's small enhancements; every form works without them.
"use strict";

// Live E.164: show the number the text will go to, as it is typed.
(function () {
  const phone = document.getElementById("phone");
  const country = document.getElementById("country");
  const out = document.getElementById("e164");
  if (!phone || !country || !out) return;
  const hint = out.textContent;
  const show = () => {
    const raw = phone.value.trim();
    let digits = raw.replace(/\D/g, "");
    if (!digits) { out.textContent = hint; return; }
    if (!raw.startsWith("+")) {
      const code = country.selectedOptions[0]?.dataset.code || "";
      digits = code + digits.replace(/^0+/, "");
    }
    out.textContent = "+" + digits;
  };
  phone.addEventListener("input", show);
  country.addEventListener("change", show);
  show();
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
    button.textContent = `${button.dataset.waitText} ${left}s`;
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
