// The cross-origin verification fallback page (Auth0's): a login ticket reached /authorize
// without the session cookie /co/authenticate set (the browser blocked it as a third-party
// cookie). The app's own page (the client's cross_origin_loc, running auth0.js's
// crossOriginVerification) holds the ticket's verifier in the app's cookies; this page asks
// it for the verifier of this ticket's co_id and posts it to /co/verify. Messages are taken
// only from that frame and that origin, and sent to that origin only.
"use strict";

(function () {
  const form = document.getElementById("co-verify");
  const frame = document.getElementById("co-verify-page");
  if (!form || !frame) return;
  const id = form.dataset.coId;
  const origin = form.dataset.origin;
  let sent = false;
  function submit(verifier) {
    if (sent) return;
    sent = true;
    if (typeof verifier === "string") form.elements.verifier.value = verifier;
    form.submit();
  }
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    const data = event.data || {};
    if (data.type === "ready") {
      frame.contentWindow.postMessage({ type: "co_verifier_request", request: { id: id } }, origin);
    } else if (data.type === "co_verifier_response") {
      submit(data.response && data.response.verifier);
    }
  });
  // A page that never answers (not deployed, blocked): the app gets Auth0's access_denied
  // instead of a page that waits for ever.
  window.setTimeout(function () { submit(""); }, 15000);
})();
