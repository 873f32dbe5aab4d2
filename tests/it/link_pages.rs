//! The magic link's pages over HTTP: a GET looks at the link's code without using it, so a
//! used, expired or edited link says at once that it no longer works (with its "send me a
//! new link" form), and a good one shows the confirm page whose button then logs in once.
//! A look at a wrong code is a counted try, as at the button (three kill the code, and the
//! per-recipient lockout counts them, and the log shows each as a failed login), also when
//! the looks race; a HEAD counts nothing. Every
//! link page wears the app's look (brand stylesheet, logo, name) and speaks the visitor's
//! language.

use reqwest::StatusCode;
use reqwest::header::{LOCATION, SET_COOKIE};
use serde_json::json;

use crate::support::smtp::SmtpSink;
use crate::support::users::operators;
use crate::support::web::{Browser, form_of};
use crate::support::{SMTP_PASS, SMTP_USER, TestApp, email, email_config, spawn_app_with};

const APP: &str = "brand-app";
const APP_NAME: &str = "Acme Brand";
const CALLBACK: &str = "https://brand.acme.example/cb";
const LOGO: &str = "https://cdn.acme.example/logo.png";
const USED: &str = "expired or was already used";

/// An app sending email through a sink, with a public client that has a brand colour and a
/// logo.
async fn branded_app() -> Option<(TestApp, SmtpSink)> {
    let sink = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await?;
    let client = format!(
        "\n[[clients]]\nclient_id = \"{APP}\"\nname = \"{APP_NAME}\"\ncallbacks = [\"{CALLBACK}\"]\n\
         [clients.branding]\nlogo_uri = \"{LOGO}\"\nprimary_color = \"#0f766e\"\n"
    );
    let app = spawn_app_with(&(email_config(sink.port, "") + &client + &operators())).await;
    Some((app, sink))
}

/// Sends a magic link to `address` and reads it from the email.
async fn send_link(app: &TestApp, sink: &mut SmtpSink, address: &str) -> String {
    let (status, body) = app
        .post_json(
            "/passwordless/start",
            json!({"client_id": APP, "connection": "email", "email": address, "send": "link",
                   "authParams": {"redirect_uri": CALLBACK, "response_type": "code",
                                  "scope": "openid", "state": "st-7",
                                  "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                                  "code_challenge_method": "S256"}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    sink.next_message()
        .await
        .url_under(&format!("{}passwordless/verify_redirect?", app.issuer))
}

/// `link` with its `verification_code` changed by one digit, everything else as sent.
fn edited(link: &str) -> String {
    let (base, query) = link.split_once('?').unwrap();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
    let pairs: Vec<(String, String)> = pairs
        .into_iter()
        .map(|(k, v)| {
            if k != "verification_code" {
                return (k, v);
            }
            let mut digits: Vec<u8> = v.into_bytes();
            let last = digits.last_mut().unwrap();
            *last = b'0' + (*last - b'0' + 1) % 10;
            (k, String::from_utf8(digits).unwrap())
        })
        .collect();
    let changed = format!("{base}?{}", serde_urlencoded::to_string(&pairs).unwrap());
    assert_ne!(changed, link);
    changed
}

/// The page shows the app's look and names it.
fn assert_branded(page: &str) {
    assert_look(page);
    assert!(page.contains(APP_NAME), "{page}");
}

/// The page shows the app's look: its stylesheet, its logo.
fn assert_look(page: &str) {
    assert!(
        page.contains(&format!(
            "<link rel=\"stylesheet\" href=\"/assets/brand/{APP}.css\">"
        )),
        "{page}"
    );
    assert!(
        page.contains(&format!("<img class=\"logo\" src=\"{LOGO}\" alt=\"\">")),
        "{page}"
    );
}

/// A used-link page: 400, the resend form, no redirect, no session.
fn assert_used(status: StatusCode, headers: &reqwest::header::HeaderMap, page: &str) {
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains(USED), "{page}");
    assert!(page.contains("Send me a new link"), "{page}");
    assert!(headers.get(LOCATION).is_none());
    assert!(
        headers
            .get_all(SET_COOKIE)
            .iter()
            .all(|c| !c.to_str().unwrap().starts_with("latchkey_session=")),
        "a used link starts no session"
    );
    let (action, fields) = form_of(page);
    assert_eq!(action, "/passwordless/verify_redirect/resend");
    assert!(fields.iter().all(|(k, _)| k != "verification_code"));
}

#[tokio::test]
async fn a_good_link_shows_the_branded_confirm_page_and_its_button_logs_in_once() {
    let Some((app, mut sink)) = branded_app().await else {
        return;
    };
    let address = email();
    let link = send_link(&app, &mut sink, &address).await;
    // a scanner's looks at the right code neither use it nor cost a try
    for _ in 0..5 {
        let (status, _, page) = Browser::new().get(&link).await;
        assert_eq!(status, StatusCode::OK, "{page}");
    }
    let mut browser = Browser::new();
    let (status, headers, page) = browser.get(&link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(headers.get(LOCATION).is_none());
    assert_branded(&page);
    assert!(page.contains(&format!("Sign in to {APP_NAME}")), "{page}");
    assert!(page.contains(&address), "{page}");
    let (action, fields) = form_of(&page);
    let (status, headers, _) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[LOCATION].to_str().unwrap();
    assert!(
        location.starts_with(&format!("{CALLBACK}?code=")),
        "{location}"
    );

    // the same button again: the link is spent
    let (status, headers, page) = browser.post(&app.url(&action), &fields).await;
    assert_used(status, &headers, &page);
    assert_branded(&page);
    // and opening it again says so at once, in the app's look
    let (status, headers, page) = Browser::new().get(&link).await;
    assert_used(status, &headers, &page);
    assert_branded(&page);
    assert!(
        page.contains("<p class=\"app-name\">Acme Brand</p>"),
        "{page}"
    );

    // the brand stylesheet the pages link to gives the buttons the app's colour
    let css = app
        .http
        .get(app.url(&format!("/assets/brand/{APP}.css")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(css.contains("--accent: #0f766e;"), "{css}");
}

#[tokio::test]
async fn a_used_link_offers_a_new_one_in_the_apps_look_and_the_new_one_works() {
    let Some((app, mut sink)) = branded_app().await else {
        return;
    };
    let address = email();
    let link = send_link(&app, &mut sink, &address).await;
    let mut first = Browser::new();
    let (_, _, page) = first.get(&link).await;
    let (action, fields) = form_of(&page);
    let (status, _, _) = first.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let mut browser = Browser::new();
    let (status, headers, page) = browser.get(&link).await;
    assert_used(status, &headers, &page);
    let (action, fields) = form_of(&page);
    let (status, _, notice) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::OK, "{notice}");
    assert!(notice.contains("Check your email"), "{notice}");
    assert_branded(&notice);
    // pressed again at once: too soon for another, the wait page in the app's look
    let (status, _, wait) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{wait}");
    assert!(wait.contains("Please wait a moment"), "{wait}");
    assert_branded(&wait);
    let fresh = sink
        .next_message()
        .await
        .url_under(&format!("{}passwordless/verify_redirect?", app.issuer));
    assert_ne!(fresh, link);
    let (status, _, page) = browser.get(&fresh).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, fields) = form_of(&page);
    let (status, headers, _) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers[LOCATION].to_str().unwrap().contains("state=st-7"));
}

#[tokio::test]
async fn an_edited_link_shows_the_used_page_and_each_look_costs_a_try() {
    let Some((app, mut sink)) = branded_app().await else {
        return;
    };
    let address = email();
    let link = send_link(&app, &mut sink, &address).await;
    let guess = edited(&link);
    for _ in 0..2 {
        let (status, headers, page) = Browser::new().get(&guess).await;
        assert_used(status, &headers, &page);
        assert_branded(&page);
    }
    // two wrong tries, each in the log as a failed login under the app, as a use would be
    let failures = app.failed_logins("email", &address).await;
    assert_eq!(failures.len(), 2, "{failures:?}");
    for f in &failures {
        assert_eq!(f["client_id"], APP, "{f}");
        assert_eq!(f["connection"], "email", "{f}");
        let description = f["description"].as_str().unwrap();
        assert!(
            description.ends_with("(a link opened before its button)"),
            "{f}"
        );
        assert!(
            !description.contains(&guess) && !description.contains(&link),
            "{f}"
        );
    }
    // the real link still works, and its page is taken now; a right look logs nothing
    let mut person = Browser::new();
    let (status, _, page) = person.get(&link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(app.failed_logins("email", &address).await.len(), 2);
    let (action, fields) = form_of(&page);
    // the attacker's third look kills the code: looking is no free guess
    let (status, headers, page) = Browser::new().get(&guess).await;
    assert_used(status, &headers, &page);
    let (status, headers, page) = Browser::new().get(&link).await;
    assert_used(status, &headers, &page);
    let (status, headers, page) = person.post(&app.url(&action), &fields).await;
    assert_used(status, &headers, &page);
}

#[tokio::test]
async fn looks_at_wrong_codes_count_towards_the_recipients_lockout() {
    let Some((app, mut sink)) = branded_app().await else {
        return;
    };
    let address = email();
    // ten wrong looks (the lockout's limit) across four codes, each asked for in turn
    let mut wrong = 0;
    while wrong < 10 {
        let link = send_link(&app, &mut sink, &address).await;
        for _ in 0..3.min(10 - wrong) {
            let (status, headers, page) = Browser::new().get(&edited(&link)).await;
            assert_used(status, &headers, &page);
            wrong += 1;
        }
        app.clock.advance(31);
    }
    // a new, right link is locked out too: the wait page, in the app's look
    let link = send_link(&app, &mut sink, &address).await;
    let (status, headers, page) = Browser::new().get(&link).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{page}");
    assert!(headers.get(LOCATION).is_none());
    assert!(page.contains("Too many attempts"), "{page}");
    assert_branded(&page);
}

#[tokio::test]
async fn a_head_never_judges_a_code_nor_uses_a_link() {
    let Some((app, mut sink)) = branded_app().await else {
        return;
    };
    let address = email();
    let link = send_link(&app, &mut sink, &address).await;
    let guess = edited(&link);
    let mut scanner = Browser::new();
    for _ in 0..10 {
        // a HEAD says nothing about the code: no oracle, no try
        assert_eq!(scanner.head(&guess).await, StatusCode::OK);
        assert_eq!(scanner.head(&link).await, StatusCode::OK);
    }
    assert_eq!(
        app.failed_logins("email", &address).await,
        Vec::<serde_json::Value>::new()
    );
    let mut person = Browser::new();
    let (status, _, page) = person.get(&link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, fields) = form_of(&page);
    let (status, _, _) = person.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn racing_looks_at_an_edited_link_are_each_counted() {
    let Some((app, mut sink)) = branded_app().await else {
        return;
    };
    let address = email();
    let link = send_link(&app, &mut sink, &address).await;
    let guess = edited(&link);
    // three looks at once: if one update were lost, the code would keep a try
    let looks = (0..3).map(|_| {
        let guess = guess.clone();
        tokio::spawn(async move { Browser::new().get(&guess).await })
    });
    for look in looks.collect::<Vec<_>>() {
        let (status, headers, page) = look.await.unwrap();
        assert_used(status, &headers, &page);
    }
    let (status, headers, page) = Browser::new().get(&link).await;
    assert_used(status, &headers, &page);

    // twenty at once on another code: still all refused, and the real link is dead after
    let other = email();
    let link = send_link(&app, &mut sink, &other).await;
    let guess = edited(&link);
    let looks: Vec<_> = (0..20)
        .map(|_| {
            let guess = guess.clone();
            tokio::spawn(async move { Browser::new().get(&guess).await.0 })
        })
        .collect();
    for look in looks {
        assert_eq!(look.await.unwrap(), StatusCode::BAD_REQUEST);
    }
    let (status, headers, page) = Browser::new().get(&link).await;
    assert_used(status, &headers, &page);
}

#[tokio::test]
async fn the_link_pages_errors_speak_the_visitors_language() {
    let Some((app, mut sink)) = branded_app().await else {
        return;
    };
    let link = send_link(&app, &mut sink, &email()).await;
    let mut french = Browser::new();
    french.language = Some("fr-FR,fr;q=0.9");
    let no_connection = link.replace("&connection=email", "");
    assert_ne!(no_connection, link);
    let (status, _, page) = french.get(&no_connection).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("<html lang=\"fr\">"), "{page}");
    assert!(page.contains("Ce lien n’est pas valide"), "{page}");
    assert!(
        page.contains("Le lien n’indique aucune connexion."),
        "{page}"
    );
    assert_branded(&page);
    let unknown = link.replace("connection=email", "connection=nope");
    let (_, _, page) = french.get(&unknown).await;
    assert!(
        page.contains("Le lien indique une connexion que ce serveur ne connaît pas."),
        "{page}"
    );
    let no_code = link
        .split("&verification_code=")
        .next()
        .unwrap()
        .to_string();
    let (_, _, page) = french.get(&no_code).await;
    assert!(
        page.contains("Le lien ne contient aucun code de vérification."),
        "{page}"
    );

    // a resend form naming an app this server does not know, from a German browser
    let mut german = Browser::new();
    german.language = Some("de");
    let (_, _, page) = german.get(&link).await;
    let (_, mut fields) = form_of(&page);
    for (k, v) in fields.iter_mut() {
        if k == "client_id" {
            *v = "no-such-app".into();
        }
    }
    let (status, _, page) = german
        .post(&app.url("/passwordless/verify_redirect/resend"), &fields)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("Dieser Link ist ungültig"), "{page}");
    assert!(
        page.contains("Der Link nennt eine Anwendung, die dieser Server nicht kennt."),
        "{page}"
    );

    // the native-app link page, in Japanese and in the app's look
    let mut japanese = Browser::new();
    japanese.language = Some("ja");
    let (status, _, page) = japanese
        .get(&app.url(&format!(
            "/ios/com.acme.app/email?code=123456&client_id={APP}"
        )))
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_branded(&page);
    let (status, _, page) = japanese
        .get(&app.url(&format!("/ios/com.acme.app/email?client_id={APP}")))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(
        page.contains("リンクに確認コードが含まれていません。"),
        "{page}"
    );
    assert_branded(&page);
    let (status, _, page) = japanese.get(&app.url("/windows/app/email?code=1")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{page}");
    assert!(page.contains("ページが見つかりません"), "{page}");
}

#[tokio::test]
async fn the_hosted_pages_link_sent_page_and_its_link_wear_the_apps_look() {
    let Some((app, mut sink)) = branded_app().await else {
        return;
    };
    let authorize = format!(
        "{}authorize?{}",
        app.issuer,
        serde_urlencoded::to_string([
            ("client_id", APP),
            ("redirect_uri", CALLBACK),
            ("response_type", "code"),
            ("scope", "openid"),
            ("state", "hosted"),
            (
                "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
            ),
            ("code_challenge_method", "S256"),
        ])
        .unwrap()
    );
    let mut browser = Browser::new();
    let (status, _, page) = browser.get(&authorize).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (action, mut fields) = crate::support::web::forms_of(&page)
        .into_iter()
        .find(|(action, fields)| {
            action == "/authorize/identifier" && fields.iter().any(|(_, v)| v == "email")
        })
        .unwrap_or_else(|| panic!("an email form on the login page: {page}"));
    let address = email();
    fields.push(("email".into(), address.clone()));
    fields.push(("send".into(), "link".into()));
    let (status, _, notice) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::OK, "{notice}");
    assert!(notice.contains("Check your email"), "{notice}");
    assert!(notice.contains(&address), "{notice}");
    // the hosted page's own "check your email", in the look of the hosted code page
    assert_look(&notice);
    // its link opens the confirm page, also in the app's look
    let link = sink
        .next_message()
        .await
        .url_under(&format!("{}passwordless/verify_redirect?", app.issuer));
    let (status, _, page) = Browser::new().get(&link).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_branded(&page);
}
