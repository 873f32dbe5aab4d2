// Latchkey dashboard: focus on a refused form's error summary, the SMS template's live
// preview, and the log page's "follow".
// Everything works without it; it only saves a click.
"use strict";

(() => {
  // After a refused save, the summary of what to correct takes the focus (autofocus does
  // the same without script, where the browser honours it on a non-field).
  const summary = document.getElementById("error-summary");
  if (summary && document.activeElement !== summary) summary.focus();

  const template = document.getElementById("template");
  const preview = document.getElementById("template-preview");
  const syntax = document.getElementById("syntax");
  if (template && preview && syntax) {
    const code = preview.dataset.sampleCode || "123456";
    const render = () => {
      // Liquid is rendered by the server on save; @@macros@@ are simple enough to show live.
      if (syntax.value !== "md_with_macros") return;
      preview.textContent = template.value
        .replaceAll("@@password@@", code)
        .replaceAll("@@code@@", code)
        .replaceAll("@@application.name@@", "My App")
        .replaceAll("@@phone_number@@", "+14155550100");
    };
    template.addEventListener("input", render);
    syntax.addEventListener("change", render);
  }

  const rows = document.getElementById("log-rows");
  if (rows && rows.dataset.follow === "true") {
    const total = document.getElementById("log-total");
    const refresh = async () => {
      try {
        const answer = await fetch(window.location.href, { credentials: "same-origin" });
        if (answer.ok) {
          const page = new DOMParser().parseFromString(await answer.text(), "text/html");
          const fresh = page.getElementById("log-rows");
          const freshTotal = page.getElementById("log-total");
          if (fresh) rows.replaceChildren(...fresh.children);
          if (fresh && total && freshTotal) total.textContent = freshTotal.textContent;
        }
      } catch (_) {
        // The server may be restarting; the next tick tries again.
      }
    };
    setInterval(refresh, 3000);
  }
})();
