//! What the hosted pages tell people, over plain HTTP (no script): each wrong code says how
//! many tries are left and the last one says it was the last; a new code asked for too soon
//! says how long to wait, with the countdown's words for the page's script; "check your
//! email" names the address and offers a new link and another address, and a new link asked
//! for too soon stays there, saying how long. Plurals come from Fluent's rules (Arabic's
//! dual included). The browser side of these is in `hosted_login.rs`.

use reqwest::StatusCode;

use crate::support::web::{Browser, forms_of};
use crate::support::{TestApp, WEB_APP, email, phone, spawn_app, spawn_email_app};

fn authorize_url(app: &TestApp, connection: &str) -> String {
    let pairs = [
        ("client_id", WEB_APP),
        ("redirect_uri", "https://acme.example/callback"),
        ("response_type", "code"),
        ("scope", "openid"),
        ("state", "st"),
        ("connection", connection),
    ];
    format!(
        "{}authorize?{}",
        app.issuer,
        serde_urlencoded::to_string(pairs).unwrap()
    )
}

/// The form of `page` that posts to `path`, with `extra` fields set.
fn form(page: &str, path: &str, extra: &[(&str, &str)]) -> (String, Vec<(String, String)>) {
    let (action, mut fields) = forms_of(page)
        .into_iter()
        .find(|(action, _)| action.contains(path))
        .unwrap_or_else(|| panic!("no form to {path} in {page}"));
    for (k, v) in extra {
        fields.retain(|(name, _)| name != k);
        fields.push(((*k).into(), (*v).into()));
    }
    (action, fields)
}

/// The text of the page's error line.
fn error_of(page: &str) -> &str {
    let start = page.find("id=\"form-error\">").expect("an error line") + 16;
    let end = start + page[start..].find("</p>").unwrap();
    &page[start..end]
}

/// A browser in `language` on the SMS code page for a new number: the app, the browser,
/// the number and the page.
async fn on_the_code_page(language: &'static str) -> (TestApp, Browser, String, String) {
    let app = spawn_app().await;
    let mut browser = Browser::new();
    browser.language = Some(language);
    let (status, _, page) = browser.get(&authorize_url(&app, "sms")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let number = phone();
    let (action, fields) = form(
        &page,
        "/authorize/identifier",
        &[("country", "US"), ("phone", &number)],
    );
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    (app, browser, number, page)
}

#[tokio::test]
async fn each_wrong_code_says_the_tries_left_and_the_last_says_it_was_the_last() {
    let (app, mut browser, number, mut page) = on_the_code_page("en-US").await;
    let right = app.code_for(&number);
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    for expected in [
        "That code is not right. You have 2 more tries.",
        "That code is not right. You have one more try; after it you will need a new code.",
        "That code is not right, and that was the last try. Send yourself a new code.",
    ] {
        let (action, fields) = form(&page, "/authorize/code", &[("code", wrong)]);
        let (status, _, next) = browser.post(&app.url(&action), &fields).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{next}");
        assert_eq!(error_of(&next), expected);
        page = next;
    }
    // The code is dead: even the right one is refused now, and the page says why.
    let (action, fields) = form(&page, "/authorize/code", &[("code", &right)]);
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert_eq!(
        error_of(&page),
        "Too many wrong tries. Send yourself a new code."
    );
}

#[tokio::test]
async fn the_tries_left_follow_the_languages_plural_rules() {
    // Arabic has a dual: two tries left is "محاولتان", not the plural.
    let (app, mut browser, number, page) = on_the_code_page("ar").await;
    let wrong = if app.code_for(&number) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let (action, fields) = form(&page, "/authorize/code", &[("code", wrong)]);
    let (_, _, page) = browser.post(&app.url(&action), &fields).await;
    assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert_eq!(error_of(&page), "هذا الرمز غير صحيح. بقيت لك محاولتان.");
    let (action, fields) = form(&page, "/authorize/code", &[("code", wrong)]);
    let (_, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(
        error_of(&page),
        "هذا الرمز غير صحيح. بقيت لك محاولة واحدة، وبعدها ستحتاج إلى رمز جديد."
    );
}

#[tokio::test]
async fn a_new_code_asked_for_too_soon_says_how_long_and_gives_the_countdown_its_words() {
    let (app, mut browser, number, page) = on_the_code_page("en-US").await;
    let code = app.code_for(&number);
    // The resend form, sent at once (its button waits with script; this is a browser
    // without script, or a user faster than it).
    let (action, fields) = form(&page, "/authorize/identifier", &[]);
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{page}");
    let wait: i64 = {
        let at = page.find("data-countdown=\"").expect("a countdown") + 16;
        page[at..].split('"').next().unwrap().parse().unwrap()
    };
    // The limit's gap is 30 s, and the code was sent a moment ago.
    assert!((25..=30).contains(&wait), "{wait}");
    assert!(
        error_of(&page).contains(&format!("{wait} seconds")),
        "{page}"
    );
    assert!(page.contains("role=\"timer\""), "{page}");
    assert!(
        page.contains(&format!(">You can try again in {wait} s.</p>")),
        "{page}"
    );
    assert!(page.contains("data-countdown-text=\"You can try again in {s} s.\""));
    assert!(page.contains("data-done-text=\"You can try again now.\""));
    // Still the code page, and the code sent first still works: no new code was drawn.
    assert_eq!(app.code_for(&number), code);
    let (action, fields) = form(&page, "/authorize/code", &[("code", &code)]);
    let (status, headers, _) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers["location"].to_str().unwrap().contains("code="));
}

#[tokio::test]
async fn check_your_email_names_the_address_and_offers_a_new_link_and_another_address() {
    let Some((app, mut sink)) = spawn_email_app("").await else {
        return;
    };
    let mut browser = Browser::new();
    browser.language = Some("en-US");
    let (_, _, page) = browser.get(&authorize_url(&app, "email")).await;
    let address = email();
    let (action, fields) = form(
        &page,
        "/authorize/identifier",
        &[("email", &address), ("send", "link")],
    );
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    sink.next_message().await;
    assert!(
        page.contains(&format!(
            "<strong><bdi dir=\"ltr\">{address}</bdi></strong>"
        )),
        "{page}"
    );
    assert!(page.contains(">Send me a new link</button>"), "{page}");
    let another = page
        .split("<a href=\"")
        .nth(1)
        .and_then(|a| a.split('"').next())
        .unwrap()
        .replace("&amp;", "&");
    assert!(another.starts_with("/authorize?"), "{another}");
    assert!(another.contains("prompt=login") && another.contains("connection=email"));
    // A new link at once: refused by the gap between two messages, and the page stays.
    let (action, fields) = form(&page, "/authorize/identifier", &[]);
    assert!(
        fields.contains(&("send".into(), "link".into())),
        "{fields:?}"
    );
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{page}");
    assert!(page.contains("<h1>Check your email</h1>"), "{page}");
    assert!(page.contains("data-countdown=\""), "{page}");
    assert!(page.contains(&format!("<bdi dir=\"ltr\">{address}</bdi>")));
}
