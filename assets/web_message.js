// The web_message answer page (response_mode=web_message): posts the login's answer to the
// app's window (the popup's opener, or the page framing this one), addressed to the app's
// origin only, so no other page that opened or framed it can read the answer.
"use strict";

(function () {
  const data = document.getElementById("authorization-response");
  if (!data) return;
  const { target_origin: targetOrigin, message } = JSON.parse(data.textContent);
  const app = window.opener || window.parent;
  if (!app || app === window) return;
  app.postMessage(message, targetOrigin);
})();
