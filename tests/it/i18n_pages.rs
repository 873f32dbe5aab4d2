//! The pages' and messages' languages over plain HTTP: every shipped language renders the
//! login page (Arabic right to left) with country names in that language; the country a
//! visitor chose stays chosen after an error (this file covers the form without JavaScript;
//! `i18n_browser.rs` covers it with the search box); a posted country that is not one of
//! the list's falls back and is never echoed; the built-in text speaks the request's
//! language while a connection's own template wins.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::smtp::SmtpSink;
use crate::support::users::{OPS, operators};
use crate::support::web::{Browser, forms_of};
use crate::support::{
    NATIVE_APP, SMTP_PASS, SMTP_USER, TestApp, WEB_APP, email_config, phone, sms_connection,
    spawn_app, spawn_app_with, spawn_app_with_sms,
};

const CALLBACK: &str = "https://acme.example/callback";

fn authorize_url(app: &TestApp, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("client_id", WEB_APP),
        ("redirect_uri", CALLBACK),
        ("response_type", "code"),
        ("scope", "openid phone"),
        ("state", "st"),
    ];
    pairs.extend_from_slice(extra);
    format!(
        "{}authorize?{}",
        app.issuer,
        serde_urlencoded::to_string(&pairs).unwrap()
    )
}

/// The region of the page's selected country option.
fn selected_country(page: &str) -> Option<String> {
    let at = page.find("\" selected>")?;
    let start = page[..at].rfind("<option value=\"")? + 15;
    let value = &page[start..at];
    Some(value.split('"').next()?.to_string())
}

#[tokio::test]
async fn the_country_chosen_stays_chosen_after_any_error_without_javascript() {
    let app = spawn_app().await;
    let mut browser = Browser::new();
    browser.language = Some("en-GB,en;q=0.8");
    let (status, _, page) = browser.get(&authorize_url(&app, &[])).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(selected_country(&page).as_deref(), Some("GB"));
    let (action, fields) = forms_of(&page).into_iter().next().unwrap();
    // A number that cannot be read, one that cannot exist, and one with a plus that is
    // too short: each comes back with France still chosen and the number as typed.
    for typed in ["12", "0199", "+4412"] {
        let mut form = fields.clone();
        form.push(("country".into(), "FR".into()));
        form.push(("phone".into(), typed.into()));
        let (status, _, page) = browser.post(&app.url(&action), &form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{typed}: {page}");
        assert!(page.contains("role=\"alert\""), "{typed}: {page}");
        assert_eq!(selected_country(&page).as_deref(), Some("FR"), "{typed}");
        assert_eq!(page.matches("\" selected>").count(), 1, "{typed}");
        assert!(
            page.contains(&format!("value=\"{}\"", typed.replace('+', "&#43;")))
                || page.contains(&format!("value=\"{typed}\"")),
            "{typed}: {page}"
        );
    }
    // A country that is not on the list (or markup posing as one) is not echoed: the page
    // starts on the browser's country again.
    for posted in ["ZZ", "FR\"><b>x</b>", "fr"] {
        let mut form = fields.clone();
        form.push(("country".into(), posted.into()));
        form.push(("phone".into(), "12".into()));
        let (status, _, page) = browser.post(&app.url(&action), &form).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(selected_country(&page).as_deref(), Some("GB"), "{posted}");
        assert!(!page.contains("<b>x</b>"), "{page}");
    }
}

#[tokio::test]
async fn every_shipped_language_renders_the_login_page_with_its_country_names() {
    let app = spawn_app_with(&operators()).await;
    for (tag, france, code_word) in [
        ("en", "France", "Text me a code"),
        ("fr", "France", "Recevoir un code par SMS"),
        ("es", "Francia", "Enviarme un código por SMS"),
        ("de", "Frankreich", "Code per SMS senden"),
        ("pt-BR", "França", "Receber um código por SMS"),
        ("it", "Francia", "Inviami un codice via SMS"),
        ("nl", "Frankrijk", "Stuur me een code per sms"),
        ("ja", "フランス", "SMS でコードを受け取る"),
        ("zh-CN", "法国", "通过短信发送验证码"),
        ("ar", "فرنسا", "أرسل لي رمزًا في رسالة نصية"),
    ] {
        let mut browser = Browser::new();
        let (status, _, page) = browser
            .get(&authorize_url(&app, &[("ui_locales", tag)]))
            .await;
        assert_eq!(status, StatusCode::OK, "{tag}: {page}");
        let html_tag = if tag == "ar" {
            format!("<html lang=\"{tag}\" dir=\"rtl\">")
        } else {
            format!("<html lang=\"{tag}\">")
        };
        assert!(page.contains(&html_tag), "{tag}: {}", &page[..200]);
        assert!(page.contains(code_word), "{tag}");
        assert!(
            page.contains(&format!("{france} \u{200E}+33<")),
            "{tag}: France is not named {france}"
        );
        // No message key and no Fluent syntax reaches the page.
        assert!(
            !page.contains("sign-in-to") && !page.contains("{ $"),
            "{tag}"
        );
        // No flag emoji (regional indicator symbols).
        assert!(
            !page
                .chars()
                .any(|c| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)),
            "{tag}"
        );
    }
    // The tenant's languages narrow the choice: Japanese off, a Japanese browser gets the
    // first enabled one.
    let ops = app.machine_token(&OPS).await;
    let (status, body) = app
        .patch_as(
            &ops,
            "/api/v2/tenants/settings",
            json!({"enabled_locales": ["de", "ar"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut browser = Browser::new();
    browser.language = Some("ja,ar;q=0.5");
    let (_, _, page) = browser.get(&authorize_url(&app, &[])).await;
    assert!(
        page.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{}",
        &page[..200]
    );
    browser.language = Some("ja");
    let (_, _, page) = browser.get(&authorize_url(&app, &[])).await;
    assert!(page.contains("<html lang=\"de\">"), "{}", &page[..200]);
}

#[tokio::test]
async fn the_built_in_text_speaks_the_requests_language_and_a_template_of_its_own_wins() {
    // The `sms` connection with no template of its own; `sms-own` with one.
    let sms = sms_connection("sms", "{twilio}", "")
        + &sms_connection(
            "sms-own",
            "{twilio}",
            "template = \"@@password@@ is your code\"",
        );
    let app = spawn_app_with_sms(&sms, "").await;
    for (header, value, expect) in [
        ("x-request-language", "ja-JP", "確認コード: "),
        (
            "accept-language",
            "de-CH,de;q=0.9",
            "Ihr Bestätigungscode lautet: ",
        ),
        ("accept-language", "sw", "Your verification code is: "),
    ] {
        let number = phone();
        let r = app
            .http
            .post(app.url("/passwordless/start"))
            .header(header, value)
            .json(&json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": number}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let code = app.code_for(&number);
        let sent = app.twilio.sent();
        let body = &sent.last().unwrap().body;
        assert!(
            body.starts_with(&format!("{expect}{code}")),
            "{value}: {body}"
        );
    }
    let number = phone();
    let r = app
        .http
        .post(app.url("/passwordless/start"))
        .header("x-request-language", "ja")
        .json(&json!({"client_id": NATIVE_APP, "connection": "sms-own", "phone_number": number}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let code = app.code_for(&number);
    assert_eq!(
        app.twilio.sent().last().unwrap().body,
        format!("{code} is your code")
    );
}

#[tokio::test]
async fn texts_and_emails_speak_only_a_language_the_tenant_enabled() {
    let Some(mut sink) = SmtpSink::start(Some((SMTP_USER, SMTP_PASS))).await else {
        return;
    };
    // The built-in text, not the base configuration's own template.
    let app = spawn_app_with_sms(
        &sms_connection("sms", "{twilio}", ""),
        &(email_config(sink.port, "") + &operators()),
    )
    .await;
    let ops = app.machine_token(&OPS).await;
    let (status, body) = app
        .patch_as(
            &ops,
            "/api/v2/tenants/settings",
            json!({"enabled_locales": ["en", "ja"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // French is shipped but turned off: English, the first enabled, speaks instead.
    for (language, sms_starts, subject_has) in [
        ("fr-FR", "Your verification code is: ", "verification code"),
        ("fr-FR, ja;q=0.5", "確認コード: ", "の確認コード"),
    ] {
        let number = phone();
        let r = app
            .http
            .post(app.url("/passwordless/start"))
            .header("x-request-language", language)
            .json(&json!({"client_id": NATIVE_APP, "connection": "sms", "phone_number": number}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let body = app.twilio.sent().last().unwrap().body.clone();
        assert!(body.starts_with(sms_starts), "{language}: {body}");
        let address = crate::support::email();
        let r = app
            .http
            .post(app.url("/passwordless/start"))
            .header("x-request-language", language)
            .json(&json!({"client_id": NATIVE_APP, "connection": "email", "email": address, "send": "code"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let message = sink.next_message().await;
        let subject = message.header("subject").unwrap_or_default().to_string();
        assert!(subject.contains(subject_has), "{language}: {subject}");
        let lang = if language.starts_with("fr-FR,") {
            "ja"
        } else {
            "en"
        };
        assert!(
            message
                .html
                .as_deref()
                .unwrap_or("")
                .contains(&format!("lang=\"{lang}\"")),
            "{language}: {}",
            message.html.as_deref().unwrap_or("")
        );
    }
}

/// The developer's detail on a request-error page: in English, marked so, apart from the
/// visitor's words.
fn detail_of(page: &str) -> Option<&str> {
    let open = "<p class=\"detail\" lang=\"en\" dir=\"ltr\"><code>";
    let start = page.find(open)? + open.len();
    let end = page[start..].find("</code>")? + start;
    Some(&page[start..end])
}

/// A mistake in the app's request, met before any login page (an unknown client, a
/// redirect URI the client does not list, a repeated parameter, a logout return address
/// that is not allowed, a forged step): the page speaks the visitor's language (the
/// request's `ui_locales`, else the browser's) with the developer's detail in English beside
/// it; an OAuth error sent back through `form_post` before any page is shown is in that
/// language too.
#[tokio::test]
async fn a_mistake_in_the_apps_request_is_explained_in_the_visitors_language() {
    let app = spawn_app().await;
    let ja = latchkey::domain::i18n::by_tag("ja").unwrap();
    let ar = latchkey::domain::i18n::by_tag("ar").unwrap();
    let de = latchkey::domain::i18n::by_tag("de").unwrap();
    let mut browser = Browser::new();
    browser.language = Some("ja,en;q=0.5");

    let unknown = authorize_url(&app, &[]).replace("client_id=web-app", "client_id=nope");
    let (status, _, page) = browser.get(&unknown).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("<html lang=\"ja\""), "{page}");
    assert!(page.contains(&ja.text("request-invalid-title")), "{page}");
    assert!(page.contains(&ja.text("error-detail")), "{page}");
    assert_eq!(detail_of(&page), Some("Unknown client: nope"));

    // ui_locales wins over the browser's language, and Arabic reads right to left.
    let elsewhere = authorize_url(&app, &[("ui_locales", "ar")])
        .replace("acme.example%2Fcallback", "acme.example%2Fevil");
    let (status, _, page) = browser.get(&elsewhere).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("<html lang=\"ar\" dir=\"rtl\""), "{page}");
    assert!(page.contains(&ar.text("request-invalid")), "{page}");
    assert!(
        detail_of(&page).is_some_and(|d| d.contains("evil")),
        "{page}"
    );
    assert!(!page.contains(&ja.text("request-invalid-title")));

    browser.language = Some("de");
    let repeated = format!("{}&state=again", authorize_url(&app, &[]));
    let (status, _, page) = browser.get(&repeated).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("<html lang=\"de\""), "{page}");
    assert_eq!(
        detail_of(&page),
        Some("The parameter state appears more than once.")
    );

    // An OAuth error after the redirect URI is trusted, through form_post, before any page.
    let bad_prompt = authorize_url(&app, &[("response_mode", "form_post"), ("max_age", "soon")]);
    let (status, _, page) = browser.get(&bad_prompt).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("<html lang=\"de\""), "{page}");
    let returning = de.format(
        "form-post-returning-title",
        &[("app", latchkey::domain::i18n::Arg::Text("Acme Web"))],
    );
    let (action, fields) = forms_of(&page).into_iter().next().unwrap();
    assert_eq!(action, CALLBACK);
    assert!(
        fields.contains(&("error".into(), "invalid_request".into())),
        "{fields:?}"
    );
    assert!(page.contains(&returning), "{returning}: {page}");

    // A logout that may not return where it asks: nothing ends, and it says why.
    browser.language = Some("ja");
    let logout = format!(
        "{}v2/logout?client_id={WEB_APP}&returnTo=https%3A%2F%2Fevil.example%2F",
        app.issuer
    );
    let (status, _, page) = browser.get(&logout).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains(&ja.text("logout-refused-title")), "{page}");
    assert!(
        detail_of(&page)
            .is_some_and(|d| d.contains("evil.example") && d.contains("allowed logout URLs")),
        "{page}"
    );

    // A step's form that names a connection the page did not offer: made by no page of ours.
    let (_, _, login) = browser.get(&authorize_url(&app, &[])).await;
    let (action, mut fields) = forms_of(&login).into_iter().next().unwrap();
    for (k, v) in fields.iter_mut() {
        if k == "connection" {
            *v = "no-such-connection".into();
        }
    }
    fields.push(("phone".into(), phone()));
    let (status, _, page) = browser.post(&app.url(&action), &fields).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("<html lang=\"ja\""), "{page}");
    assert_eq!(detail_of(&page), Some("This connection does not exist."));
}
