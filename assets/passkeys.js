// Passkeys on the hosted pages: "Sign in with a passkey" (and passkey autofill) on the login
// page, and "Add a passkey" on the page offered after a code login. The server's WebAuthn
// options are JSON; the browser's own JSON helpers turn them into what it needs.
"use strict";

(function () {
  const pk = window.PublicKeyCredential;
  if (!pk || !pk.parseRequestOptionsFromJSON || !pk.parseCreationOptionsFromJSON) return;
  const field = (name) => document.querySelector(`input[name="${name}"]`)?.value;
  const post = async (url, body) => {
    const r = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await r.json();
    if (!r.ok) throw new Error(answer.error_description || "passkey request failed");
    return answer;
  };
  const show = (message) => {
    const out = document.getElementById("passkey-error");
    if (out) { out.textContent = message; out.hidden = false; }
  };
  // Where the server says to go: a redirect, or a form to post (form_post).
  const follow = (done) => {
    if (done.redirect) { window.location.assign(done.redirect); return; }
    const form = document.createElement("form");
    form.method = "post";
    form.action = done.form.action;
    for (const [name, value] of done.form.fields) {
      const input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = value;
      form.appendChild(input);
    }
    document.body.appendChild(form);
    form.submit();
  };

  // Sign in: a button for a modal request, and autofill where the browser offers it.
  const signIn = document.getElementById("passkey-signin");
  if (signIn) {
    let pending = null;
    const run = async (mediation) => {
      if (pending) pending.abort();
      pending = new AbortController();
      const start = await post("/authorize/passkey/start", { tx: field("tx"), csrf: field("csrf") });
      const publicKey = pk.parseRequestOptionsFromJSON(start.options.publicKey);
      const credential = await navigator.credentials.get({ publicKey, mediation, signal: pending.signal });
      const done = await post("/authorize/passkey/finish", {
        tx: field("tx"), csrf: field("csrf"), auth_session: start.auth_session, credential: credential.toJSON(),
      });
      follow(done);
    };
    signIn.hidden = false;
    signIn.addEventListener("click", () => run("optional").catch((e) => show(e.message)));
    if (pk.isConditionalMediationAvailable) {
      pk.isConditionalMediationAvailable().then((ok) => {
        if (ok && document.querySelector('input[autocomplete~="webauthn"]')) run("conditional").catch(() => {});
      });
    }
  }

  // Add a passkey after a code login, then go on to the app.
  const add = document.getElementById("passkey-add");
  if (add) {
    const onward = document.getElementById("continue")?.getAttribute("href");
    add.hidden = false;
    add.addEventListener("click", async () => {
      try {
        const start = await post("/passkey/web/register/start", { csrf: field("csrf") });
        const publicKey = pk.parseCreationOptionsFromJSON(start.options.publicKey);
        const credential = await navigator.credentials.create({ publicKey });
        await post("/passkey/web/register/finish", {
          csrf: field("csrf"), auth_session: start.auth_session, credential: credential.toJSON(),
          name: navigator.platform || "Passkey",
        });
        if (onward) window.location.assign(onward);
      } catch (e) {
        show(e.message);
      }
    });
  }
})();
