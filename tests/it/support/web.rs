//! A browser over plain HTTP for page tests: no redirects followed, cookies kept, forms read
//! the way a browser submits them. (Chromium runs the same pages in `browser.rs` and
//! `hosted_login.rs`; this is for the many small cases that need no rendering.)

use reqwest::StatusCode;
use reqwest::header::{COOKIE, SET_COOKIE};

pub fn unescape(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#43;", "+")
        .replace("&amp;", "&")
}

/// The hidden fields and action of the page's form, as a browser would submit them.
pub fn form_of(html: &str) -> (String, Vec<(String, String)>) {
    let action_at = html.find("action=\"").expect("a form") + 8;
    let action = unescape(&html[action_at..action_at + html[action_at..].find('"').unwrap()]);
    let mut fields = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<input type=\"hidden\" name=\"") {
        rest = &rest[at + 27..];
        let name_end = rest.find('"').unwrap();
        let name = unescape(&rest[..name_end]);
        let value_at = rest.find("value=\"").unwrap() + 7;
        let value_end = value_at + rest[value_at..].find('"').unwrap();
        fields.push((name, unescape(&rest[value_at..value_end])));
        rest = &rest[value_end..];
    }
    (action, fields)
}

/// Every form on the page, in order, as [`form_of`] reads one.
pub fn forms_of(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    html.split("<form ")
        .skip(1)
        .map(|part| form_of(&format!("<form {}", part.split("</form>").next().unwrap())))
        .collect()
}

/// A relying party on 127.0.0.1 for browser runs to land on: `/callback` and `/logged-out`
/// pages. Its base URL.
pub async fn relying_party() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let routes = axum::Router::new()
            .route(
                "/callback",
                axum::routing::get(|| async { axum::response::Html("<h1>App callback</h1>") }),
            )
            .route(
                "/logged-out",
                axum::routing::get(|| async { axum::response::Html("<h1>Bye</h1>") }),
            );
        axum::serve(listener, routes).await
    });
    base
}

/// A browser that does not follow redirects and keeps the cookies it is given.
pub struct Browser {
    pub http: reqwest::Client,
    pub cookies: std::collections::BTreeMap<String, String>,
    /// The `Accept-Language` it sends, if any.
    pub language: Option<&'static str>,
}

impl Browser {
    pub fn new() -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Default::default(),
            language: None,
        }
    }

    fn keep_cookie(&mut self, r: &reqwest::Response) {
        for c in r.headers().get_all(SET_COOKIE) {
            let c = c.to_str().unwrap();
            let (name, value) = c.split(';').next().unwrap().split_once('=').unwrap();
            if value.len() >= 16 {
                super::log_check::secret("a cookie the browser keeps", value);
            }
            if value.is_empty() || c.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
    }

    /// The `Cookie` header this browser sends, if it has cookies.
    pub fn cookie(&self) -> Option<String> {
        (!self.cookies.is_empty()).then(|| {
            self.cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    pub async fn get(&mut self, url: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
        let request = self.http.get(url);
        self.send(request).await
    }

    pub async fn head(&mut self, url: &str) -> StatusCode {
        self.http.head(url).send().await.unwrap().status()
    }

    pub async fn post(
        &mut self,
        url: &str,
        fields: &[(String, String)],
    ) -> (StatusCode, reqwest::header::HeaderMap, String) {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        super::log_check::form(&pairs);
        let request = self.http.post(url).form(fields);
        self.send(request).await
    }

    /// Sends `request` with this browser's cookies and language, and keeps what it sets.
    async fn send(
        &mut self,
        mut request: reqwest::RequestBuilder,
    ) -> (StatusCode, reqwest::header::HeaderMap, String) {
        if let Some(c) = self.cookie() {
            request = request.header(COOKIE, c);
        }
        if let Some(l) = self.language {
            request = request.header(reqwest::header::ACCEPT_LANGUAGE, l);
        }
        let r = request.send().await.unwrap();
        self.keep_cookie(&r);
        let (status, headers) = (r.status(), r.headers().clone());
        if let Some(location) = headers
            .get(reqwest::header::LOCATION)
            .and_then(|l| l.to_str().ok())
        {
            super::log_check::location(location);
        }
        (status, headers, r.text().await.unwrap())
    }
}
