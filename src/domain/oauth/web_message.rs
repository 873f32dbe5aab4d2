//! `response_mode=web_message` (silent authentication in a hidden iframe, and popups): which
//! window may receive a login's answer, and the message posted to it. Only the redirect
//! URI's origin may, and only when the client lists it among its Allowed Web Origins;
//! otherwise no message at all, as Auth0 does, so an attacker's page that frames or opens
//! `/authorize` learns nothing. The message is Auth0's: `{type: "authorization_response",
//! response: {...}}` with the parameters a redirect would have carried.

use serde_json::{Map, Value, json};

use crate::domain::model::{Client, origin_matches, origin_of};

/// The origin the answer for `redirect_uri` may be posted to, or Auth0's refusal (the text of
/// its 400 page) when that origin is not one of the client's `web_origins`.
pub fn registered_origin(client: &Client, redirect_uri: &str) -> Result<String, String> {
    origin_of(redirect_uri)
        .filter(|origin| {
            client
                .cross_origin
                .web_origins
                .iter()
                .any(|pattern| origin_matches(pattern, origin))
        })
        .ok_or_else(|| {
            format!(
                "invalid_request: The specified redirect_uri '{redirect_uri}' does not have a registered origin."
            )
        })
}

/// The message the answer page posts: the answer's parameters as one object. `expires_in`
/// is a number there, as Auth0 sends it (SDKs add it to the clock).
pub fn message(params: &[(String, String)]) -> Value {
    let response: Map<String, Value> = params
        .iter()
        .map(|(name, value)| {
            let value = match (name.as_str(), value.parse::<u64>()) {
                ("expires_in", Ok(seconds)) => json!(seconds),
                _ => json!(value),
            };
            (name.clone(), value)
        })
        .collect();
    json!({"type": "authorization_response", "response": response})
}

/// What the answer page's script reads: where to post, and what.
pub fn page_data(target_origin: &str, params: &[(String, String)]) -> Value {
    json!({"target_origin": target_origin, "message": message(params)})
}

/// `value` as JSON that is safe as the text of a `<script type="application/json">`: no
/// `<`, `>` or `&` (so no `</script>` or `<!--` can end or change the element), and the two
/// line separators older parsers choke on, all as `\u` escapes JSON.parse reads back.
pub fn script_json(value: &Value) -> String {
    let mut out = String::new();
    for c in value.to_string().chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::CrossOrigin;

    fn client(web_origins: &[&str]) -> Client {
        Client {
            cross_origin: CrossOrigin {
                web_origins: web_origins.iter().map(|o| o.to_string()).collect(),
                ..Default::default()
            },
            ..Client::sample()
        }
    }

    #[test]
    fn only_a_listed_web_origin_receives_the_answer() {
        let c = client(&["https://app.example", "http://127.0.0.1:3000"]);
        assert_eq!(
            registered_origin(&c, "https://app.example/cb?x=1").unwrap(),
            "https://app.example"
        );
        assert_eq!(
            registered_origin(&c, "http://127.0.0.1:3000").unwrap(),
            "http://127.0.0.1:3000"
        );
        for uri in [
            "https://app.example:8443/cb",
            "http://app.example/cb",
            "https://evil.example/cb",
            "http://127.0.0.1:3001/",
            "com.example.app://cb",
        ] {
            assert_eq!(
                registered_origin(&c, uri).unwrap_err(),
                format!(
                    "invalid_request: The specified redirect_uri '{uri}' does not have a registered origin."
                )
            );
        }
    }

    #[test]
    fn callbacks_and_allowed_origins_do_not_make_a_web_origin() {
        let mut c = client(&[]);
        c.callbacks = vec!["https://app.example/cb".into()];
        c.cross_origin.allowed_origins = vec!["https://app.example".into()];
        assert!(registered_origin(&c, "https://app.example/cb").is_err());
    }

    #[test]
    fn wildcard_web_origins_match_one_label() {
        let c = client(&["https://*.example.com"]);
        assert!(registered_origin(&c, "https://tenant.example.com/cb").is_ok());
        assert!(registered_origin(&c, "https://a.b.example.com/cb").is_err());
    }

    #[test]
    fn the_message_carries_the_answer_and_state_byte_for_byte() {
        let state = "aB+/c=d==";
        let params = [
            ("code".to_string(), "xyz".to_string()),
            ("state".to_string(), state.to_string()),
        ];
        assert_eq!(
            message(&params),
            json!({"type": "authorization_response", "response": {"code": "xyz", "state": state}})
        );
        let implicit = [
            ("access_token".to_string(), "at".to_string()),
            ("expires_in".to_string(), "7200".to_string()),
            ("token_type".to_string(), "Bearer".to_string()),
        ];
        assert_eq!(message(&implicit)["response"]["expires_in"], json!(7200));
        let error = [
            ("error".to_string(), "login_required".to_string()),
            (
                "error_description".to_string(),
                "Login required".to_string(),
            ),
            ("state".to_string(), state.to_string()),
        ];
        assert_eq!(
            page_data("https://app.example", &error),
            json!({"target_origin": "https://app.example", "message": {"type": "authorization_response",
                   "response": {"error": "login_required", "error_description": "Login required", "state": state}}})
        );
    }

    #[test]
    fn script_json_cannot_end_its_script_element_and_reads_back_the_same() {
        let state = "</script><script>alert(1)</script><!-- & \u{2028}";
        let data = page_data(
            "https://app.example",
            &[("state".to_string(), state.to_string())],
        );
        let text = script_json(&data);
        for forbidden in ["<", ">", "&", "\u{2028}"] {
            assert!(!text.contains(forbidden), "{text}");
        }
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["message"]["response"]["state"], state);
        assert_eq!(back, data);
    }
}
