//! Lock (`auth0-lock` from npm, unmodified, bundled from its published sources as an app's
//! build would), `Auth0LockPasswordless`, in headless Chromium on a page served from another
//! origin than Latchkey, against the real binary over https: an SMS code, an email code and
//! an email magic link, each ending in Lock's `authenticated` event at the app's callback
//! (Lock's auth0.js verified the id_token), and an SMS code with `redirect: false` (the
//! ticket redeemed in a hidden iframe, `authenticated` on the app's page), with the form on
//! screen in under 1.5 s (the SSO
//! check answers at once instead of timing out); and `/user/geoloc/country`, which Lock asks
//! from the app's page for its phone field's country.

use std::path::Path;

use serde_json::{Value, json};

use crate::auth0js_browser::{
    Certificate, EMBEDDED, Embedded, app_pages, assert_in_order, certificate, https_site,
    requests_of, serve_tls,
};
use crate::support::smtp::SmtpSink;
use crate::support::{
    BROWSER_DIR, FakeTwilio, SMTP_PASS, SMTP_USER, browser_available, email, email_config, phone,
    skip_or_fail, verify_rs256,
};

const LOCK_SOURCES: &str = "node_modules/auth0-lock/lib/index.js";
const ESBUILD: &str = "node_modules/esbuild/package.json";

/// The SPA's server, over https at `https://localhost:<port>` (Latchkey's site, so the
/// session cookie travels as a first-party one): `/` and `/callback` are the app's page,
/// which loads `/lock.js` (the bundle the script serves in the browser). Its origin.
async fn spa_server(tls: &Certificate) -> String {
    https_site(tls, "localhost", app_pages("/lock.js")).await
}

fn missing_tools() -> Option<String> {
    if let Err(reason) = browser_available() {
        return Some(reason);
    }
    for file in [LOCK_SOURCES, ESBUILD] {
        if !Path::new(BROWSER_DIR).join(file).exists() {
            return Some(format!(
                "{file} is not installed (npm ci --prefix tests/browser)"
            ));
        }
    }
    None
}

/// Latchkey over https with `extra` configuration, the SPA, and lock.mjs through `logins`,
/// each code or link it asks for coming from `deliver` (given the issuer); the issuer, its
/// JWKS and what the script said.
async fn run(
    extra: &str,
    twilio: &FakeTwilio,
    logins: Value,
    deliver: impl AsyncFnMut(&Value, &str) -> Value,
) -> (String, Value, Vec<Value>) {
    let tls = certificate();
    let spa = spa_server(&tls).await;
    let embedded = Embedded {
        script: "lock.mjs",
        tls: &tls,
        spa: &spa,
        extra,
        twilio,
    };
    let (issuer, jwks, said) = embedded.run(logins, deliver).await;
    // Nothing went to Auth0's CDN or anywhere else: Lock found all it needed at Latchkey
    // and the app.
    let done = said.iter().find(|m| m["event"] == "done").unwrap();
    assert_eq!(done["elsewhere"], json!([]), "{said:?}");
    (issuer, jwks, said)
}

/// The login `name`: its form came up once Latchkey had answered Lock's SSO check, and Lock's `authenticated`
/// event carried an id_token for `username` under `claim` (verified here too) and an access
/// token. Latchkey's requests for the login, as `(method, path)` without preflights.
fn check_login(
    said: &[Value],
    name: &str,
    (issuer, jwks): (&str, &Value),
    (claim, username): (&str, &str),
) -> Vec<(String, String)> {
    let all = Value::from(said.to_vec());
    let of = |event: &str| {
        said.iter()
            .find(|m| m["event"] == event && m["login"] == name)
            .unwrap_or_else(|| panic!("no {event} for {name} in {all}"))
            .clone()
    };
    // Issue 12 asks for the form within 1.5 s: no SSO check left to time out (Lock waits
    // about 5 s for one that is never answered). That is what is asserted: Latchkey's
    // answer page posted the SSO check's answer, and the form came after it, so Lock went on
    // because of the answer, not a timer. The time itself is a measure, not an assertion
    // (printed; about 1.3 s in the runs here, most of it Lock's own loading pin and fade).
    let form = of("form");
    let form_ms = form["ms"].as_u64().unwrap();
    let answered = form["ssoAnswered"]
        .as_u64()
        .unwrap_or_else(|| panic!("{name}: Lock's SSO check got no answer: {form}"));
    println!(
        "{name}: Lock's form came up {form_ms} ms after show(), SSO answered at {answered} ms"
    );
    assert!(answered <= form_ms, "{name}: {form}");
    let login = of("login");
    assert!(login["error"].is_null(), "{all}");
    let events = login["events"].as_array().unwrap();
    assert_eq!(events.last(), Some(&json!("authenticated")), "{all}");
    let result = &login["ok"];
    // auth0.js camel-cases the whole answer, the payload too, when it came by web_message
    // (`redirect: false`): `phoneNumber`.
    let payload = &result["idTokenPayload"];
    let camel = match claim {
        "phone_number" => "phoneNumber",
        other => other,
    };
    assert!(
        payload[claim] == username || payload[camel] == username,
        "{all}"
    );
    assert_eq!(payload["iss"], issuer, "{all}");
    assert!(result["accessToken"].is_string(), "{all}");
    let claims = verify_rs256(result["idToken"].as_str().unwrap(), jwks, issuer, EMBEDDED).unwrap();
    assert_eq!(claims[claim], username);
    assert_eq!(claims["sub"], payload["sub"]);
    let done = said.iter().find(|m| m["event"] == "done").unwrap();
    let calls = done["calls"].as_array().unwrap();
    // Lock's SSO check (a checkSession iframe, web_message) was made; the form time above
    // shows Lock did not wait out its 5 s timeout for it.
    assert!(
        calls.iter().any(|c| c["login"] == name
            && c["path"] == "/authorize"
            && c["query"]["prompt"] == "none"
            && c["query"]["response_mode"] == "web_message"),
        "{all}"
    );
    requests_of(said, name)
}

/// A code login's path through Latchkey: the client script, the code sent, given to
/// /co/authenticate, and /authorize with the login ticket.
const CODE_LOGIN: [(&str, &str); 4] = [
    ("GET", "/client/acme-embedded.js"),
    ("POST", "/passwordless/start"),
    ("POST", "/co/authenticate"),
    ("GET", "/authorize"),
];

// One test, one browser, the logins in turn: Lock's form time is measured on a machine
// shared with the rest of the suite, and a second Chromium beside it only adds noise.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lock_passwordless_sms_code_email_code_magic_link_and_no_redirect_end_in_authenticated() {
    if let Some(reason) = missing_tools() {
        skip_or_fail(&reason);
        return;
    }
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    let twilio = FakeTwilio::start().await;
    let (number, by_code, by_link, popup) = (phone(), email(), email(), phone());
    let code_link = email();
    let logins = json!([
        {"name": "sms", "connection": "sms", "method": "code", "username": number},
        {"name": "code", "connection": "email", "method": "code", "username": by_code},
        // Lock's default for a `redirectUrl` on a server (`responseType: 'code'`), from this
        // public client: refused (see below). Just before `link`, whose email would then
        // not be the first to arrive if this one had sent any.
        {"name": "code-link", "connection": "email", "method": "link", "username": code_link,
         "responseType": "code", "refused": true},
        {"name": "link", "connection": "email", "method": "link", "username": by_link},
        {"name": "popup", "connection": "sms", "method": "code", "username": popup, "redirect": false},
    ]);
    let extra = email_config(sink.port, "");
    let (issuer, jwks, said) = run(&extra, &twilio, logins, async |msg, issuer| {
        let to = msg["username"].as_str().unwrap();
        if msg["connection"] == "sms" {
            return json!({"code": twilio.last_code(to).expect("a text was sent")});
        }
        let message = sink.next_message().await;
        assert_eq!(message.header("To"), Some(to));
        match msg["need"].as_str() {
            Some("code") => json!({"code": message.code()}),
            Some("link") => {
                json!({"url": message.url_under(&format!("{issuer}passwordless/verify_redirect"))})
            }
            other => panic!("unknown request {other:?}"),
        }
    })
    .await;
    let calls = check_login(&said, "sms", (&issuer, &jwks), ("phone_number", &number));
    assert_in_order(&calls, &CODE_LOGIN);
    let calls = check_login(&said, "code", (&issuer, &jwks), ("email", &by_code));
    assert_in_order(&calls, &CODE_LOGIN);
    // At the callback Lock parsed the fragment first.
    for name in ["sms", "code", "link"] {
        let login = said
            .iter()
            .find(|m| m["event"] == "login" && m["login"] == name)
            .unwrap();
        assert_eq!(
            login["events"],
            json!(["hash_parsed", "authenticated"]),
            "{login}"
        );
    }

    // The link: no /co/authenticate; the emailed link goes through verify_redirect to the
    // callback, where Lock parses the fragment.
    let calls = check_login(&said, "link", (&issuer, &jwks), ("email", &by_link));
    assert_in_order(
        &calls,
        &[
            ("GET", "/client/acme-embedded.js"),
            ("POST", "/passwordless/start"),
            ("GET", "/passwordless/verify_redirect"),
        ],
    );
    assert!(
        !calls.iter().any(|(_, p)| p == "/co/authenticate"),
        "{calls:?}"
    );

    // A magic link with `responseType: 'code'` from a public client: Lock sends no PKCE,
    // and a code that anyone holding the link could redeem is what PKCE exists to stop, so
    // /passwordless/start refuses it (400 `bad.authParams`) before any email, and Lock shows
    // its error banner. (Auth0 does not document this case; see the README's Web apps.)
    let refused = said
        .iter()
        .find(|m| m["event"] == "login" && m["login"] == "code-link")
        .unwrap();
    // Lock has texts for a few of Auth0's start errors only; for this one its own generic.
    assert_eq!(
        refused["refused"]
            .as_str()
            .map(str::to_lowercase)
            .as_deref(),
        Some("we're sorry, something went wrong"),
        "{refused}"
    );
    assert!(
        !refused["events"]
            .as_array()
            .unwrap()
            .contains(&json!("authenticated")),
        "{refused}"
    );
    let calls = requests_of(&said, "code-link");
    let posts: Vec<&str> = calls
        .iter()
        .filter(|(m, _)| m == "POST")
        .map(|(_, p)| p.as_str())
        .collect();
    assert_eq!(posts, ["/passwordless/start"], "{refused}");

    // `redirect: false`: the page stays; the ticket is redeemed in a hidden iframe
    // (`/authorize` with `response_mode=web_message`) and Lock emits `authenticated` there.
    let calls = check_login(&said, "popup", (&issuer, &jwks), ("phone_number", &popup));
    assert_in_order(&calls, &CODE_LOGIN);
    let done = said.iter().find(|m| m["event"] == "done").unwrap();
    let redeemed: Vec<&Value> = done["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["login"] == "popup" && c["query"]["login_ticket"].is_string())
        .map(|c| &c["query"])
        .collect();
    assert_eq!(redeemed.len(), 1, "{redeemed:?}");
    assert_eq!(redeemed[0]["response_mode"], "web_message", "{redeemed:?}");
    let popup_login = said
        .iter()
        .find(|m| m["event"] == "login" && m["login"] == "popup")
        .unwrap();
    assert_eq!(
        popup_login["events"],
        json!(["authenticated"]),
        "{popup_login}"
    );
}

/// `GET /user/geoloc/country`, as Lock calls it from the app's page: the region of the
/// browser's language (Latchkey has no address database), with CORS for an origin a client
/// allows, and nothing for another origin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn geoloc_country_answers_the_browsers_region_to_allowed_origins() {
    let dir = tempfile::tempdir().unwrap();
    let tls = certificate();
    let twilio = FakeTwilio::start().await;
    let spa = "https://app.example.test";
    let (_server, issuer) = serve_tls(dir.path(), &tls, &twilio, spa, "");
    let http = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(tls.cert.as_bytes()).unwrap())
        .build()
        .unwrap();
    let url = format!("{issuer}user/geoloc/country");
    let ask = |language: &str, origin: Option<&str>| {
        let mut request = http.get(&url).header("accept-language", language);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };

    let answer = ask("fr-CA,fr;q=0.8,en;q=0.5", Some(spa)).await.unwrap();
    assert_eq!(answer.status(), 200);
    let header = |name: &str| {
        answer
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    assert_eq!(header("access-control-allow-origin").as_deref(), Some(spa));
    assert_eq!(
        header("cache-control").as_deref(),
        Some("private, no-store")
    );
    assert!(header("vary").unwrap().contains("Accept-Language"));
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body, json!({"country_code": "CA"}));

    // Another language, no Origin (not a page): the same rule as the hosted phone field.
    let body: Value = ask("en-GB", None).await.unwrap().json().await.unwrap();
    assert_eq!(body, json!({"country_code": "GB"}));
    let body: Value = ask("de", None).await.unwrap().json().await.unwrap();
    assert_eq!(body, json!({"country_code": "DE"}));
    let body: Value = ask("sw", None).await.unwrap().json().await.unwrap();
    assert_eq!(body, json!({"country_code": "US"}));

    // An origin no client allows: refused, with no CORS header.
    let refused = ask("en-US", Some("https://evil.example.test"))
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}
