//! The configuration's unit tests: defaults, refusals naming the key, and the README's
//! example accepted as it stands.

mod resolving {
    use super::super::*;

    fn resolve(toml: &str) -> Result<Settings, ConfigError> {
        Settings::resolve(FileConfig::from_toml(toml)?, Overrides::default())
    }

    fn refused(toml: &str) -> String {
        resolve(toml).unwrap_err().0
    }

    /// Each `(toml, says)`: the TOML is refused with an error that contains `says`.
    fn refused_saying(cases: &[(&str, &str)]) {
        for (toml, says) in cases {
            let e = refused(toml);
            assert!(e.contains(says), "{e}");
        }
    }

    #[test]
    fn nothing_at_all_gives_working_defaults() {
        let s = resolve("").unwrap();
        assert_eq!(s.issuer, "http://127.0.0.1:8080/");
        assert_eq!(s.database_url, "sqlite://latchkey-data/latchkey.sqlite");
    }

    #[test]
    fn tls_takes_both_files_and_makes_the_default_issuer_https() {
        let s = resolve("tls_cert_file = \"c.pem\"\ntls_key_file = \"k.pem\"").unwrap();
        assert_eq!(s.issuer, "https://127.0.0.1:8080/");
        assert_eq!(s.tls.map(|t| t.key_file), Some(PathBuf::from("k.pem")));
        assert!(refused("tls_cert_file = \"c.pem\"").contains("tls_key_file"));
        assert!(refused("tls_key_file = \"k.pem\"").contains("tls_cert_file"));
    }

    #[test]
    fn issuer_gets_one_trailing_slash_and_overrides_win() {
        let file = FileConfig::from_toml(
            "issuer = \"https://auth.example.com//\"\nlisten = \"0.0.0.0:9000\"",
        )
        .unwrap();
        let s = Settings::resolve(file, Overrides::default()).unwrap();
        assert_eq!(s.issuer, "https://auth.example.com/");
        let file = FileConfig::from_toml("listen = \"0.0.0.0:9000\"").unwrap();
        let s = Settings::resolve(
            file,
            Overrides {
                listen: Some("127.0.0.1:7000".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(s.listen.port(), 7000);
        assert_eq!(s.issuer, "http://127.0.0.1:7000/");
    }

    #[test]
    fn client_origins_are_checked_with_the_key_and_index_named() {
        let client =
            |extra: &str| format!("[[clients]]\nclient_id = \"spa\"\nname = \"Spa\"\n{extra}");
        let s = resolve(&client(
            "web_origins = [\"https://app.example.com\"]\nallowed_origins = [\"https://*.example.com/\"]\ncross_origin_authentication = true\ncross_origin_loc = \"https://app.example.com/co\"",
        ))
        .unwrap();
        let origins = s.clients[0].cross_origin();
        assert!(origins.cross_origin_authentication);
        assert_eq!(
            origins.checked().map(|o| o.allowed_origins),
            Ok(vec!["https://*.example.com".to_string()])
        );
        let e = refused(&client(
            "web_origins = [\"https://a.example.com\", \"https://a.example.com/cb\"]",
        ));
        assert!(e.starts_with("clients[0].web_origins[1]: "), "{e}");
        let e = refused(&client("allowed_origins = [\"https://*.com\"]"));
        assert!(e.starts_with("clients[0].allowed_origins[0]: "), "{e}");
        let e = refused(&client("cross_origin_loc = \"javascript:alert(1)\""));
        assert!(e.starts_with("clients[0].cross_origin_loc: "), "{e}");
    }

    #[test]
    fn errors_name_the_key() {
        refused_saying(&[
            ("isuer = \"x\"", "isuer"),
            (
                "[[connections]]\nname = \"sms\"\nstrategy = \"sms\"\n[connections.options]\ntwilio_sid = \"AC00000000000000000000000000000000\"\ntwilio_token = \"t\"\nfrom = \"+15005550006\"\ntempalte = \"x\"",
                "tempalte",
            ),
            (
                "[[connections]]\nname = \"sms\"\nstrategy = \"sms\"\n[connections.options]\ntwilio_sid = \"nope\"",
                "connections[0].options.twilio_sid",
            ),
            (
                "[[connections]]\nname = \"sms\"\nstrategy = \"sms\"\n[connections.options]\nprovider = \"log\"\ntotp = { length = 12 }",
                "totp.length",
            ),
            (
                "[[connections]]\nname = \"sms\"\nstrategy = \"sms\"\n[connections.options]\nprovider = \"log\"\nsyntax = \"liquid\"\ntemplate = \"{% if %}\"",
                "template",
            ),
            (
                "[[clients]]\nclient_id = \"a\"\nname = \"A\"\ncallbacks = [\"ftp://x\"]",
                "clients[0].callbacks[0]",
            ),
            (
                "[[clients]]\nclient_id = \"a\"\nname = \"A\"\n[clients.refresh_token]\nrotation_type = \"sometimes\"",
                "sometimes",
            ),
            ("listen = \"localhost\"", "listen"),
        ]);
    }

    #[test]
    fn apis_declare_their_scopes_in_auth0_shape() {
        let s = resolve(
            r#"
            [[apis]]
            identifier = "https://api.example.com/"
            name = "Example API"
            scopes = [{ value = "read:items", description = "Read your items" }, { value = "write:items" }]
            "#,
        )
        .unwrap();
        let values: Vec<&str> = s.apis[0]
            .settings
            .scopes
            .iter()
            .flatten()
            .map(|s| s.value.as_str())
            .collect();
        assert_eq!(values, ["read:items", "write:items"]);
        refused_saying(&[
            (
                "[[apis]]\nidentifier = \"https://a.example/\"\nname = \"A\"\nscopes = [{ value = \"read items\" }]",
                "apis[0].scopes[0].value",
            ),
            (
                "[[apis]]\nidentifier = \"https://a.example/\"\nname = \"A\"\nscopes = [{ value = \"a\", descripton = \"x\" }]",
                "descripton",
            ),
            (
                "[[apis]]\nidentifier = \"https://a.example/\"\nname = \"A\"\ntoken_dialect = \"rfc9068_profile\"",
                "apis[0].token_dialect: rfc9068_profile is not supported",
            ),
            (
                "[[apis]]\nidentifier = \"https://a.example/\"\nname = \"A\"\nsigning_alg = \"HS256\"",
                "apis[0].signing_alg",
            ),
        ]);
        let api = s.apis[0].resource_server("id".into()).unwrap();
        assert!(
            api.settings.allow_offline_access,
            "a configured API keeps its refresh tokens unless it says otherwise"
        );
        let s = resolve(
            "[[apis]]\nidentifier = \"https://a.example/\"\nname = \"A\"\nenforce_policies = true\n\
             token_dialect = \"access_token_authz\"\ntoken_lifetime = 3600\nallow_offline_access = false",
        )
        .unwrap();
        let api = s.apis[0].resource_server("id".into()).unwrap();
        assert!(api.settings.enforce_policies && !api.settings.allow_offline_access);
        assert_eq!(api.settings.token_lifetime_for_web, 3600);
    }

    #[test]
    fn a_full_sms_connection_resolves() {
        let s = resolve(
            r#"
            [[clients]]
            client_id = "app"
            name = "App"
            [clients.refresh_token]
            rotation_type = "rotating"
            expiration_type = "expiring"

            [[connections]]
            name = "sms"
            strategy = "sms"
            [connections.options]
            twilio_sid = "ACdeadbeefdeadbeefdeadbeefdeadbeef"
            twilio_token = "secret"
            messaging_service_sid = "MGdeadbeefdeadbeefdeadbeefdeadbeef"
            syntax = "liquid"
            template = "{{ application.name }}: {{ code }}"
            totp = { length = 8, time_step = 300 }
            "#,
        )
        .unwrap();
        assert_eq!(s.connections.len(), 1);
        let ConnectionOptions::Sms(options) = &s.connections[0].options else {
            panic!("not an sms connection")
        };
        assert_eq!(options.totp.length, 8);
    }
}

mod readme {
    use super::super::*;

    /// The configuration reference in the README is a real, accepted configuration.
    #[test]
    fn the_readme_configuration_example_is_valid() {
        let readme = include_str!("../../README.md");
        let start = readme.find("```toml\n").map(|i| i + 8).unwrap_or(0);
        let end = start + readme[start..].find("```").unwrap_or(0);
        let mut text = readme[start..end].to_string();
        // the example's Twilio credentials are placeholders
        text = text
            .replace(
                "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                "ACdeadbeefdeadbeefdeadbeefdeadbeef",
            )
            .replace("\"…\"", "\"placeholder-token\"");
        let settings =
            Settings::resolve(FileConfig::from_toml(&text).unwrap(), Overrides::default()).unwrap();
        assert_eq!(settings.clients.len(), 1);
        assert_eq!(settings.connections.len(), 2);
        assert!(matches!(settings.email_provider, EmailRoute::Smtp(_)));
        assert_eq!(settings.rate_limits, RateLimits::default());
        let ConnectionOptions::Sms(options) = &settings.connections[0].options else {
            panic!("the README's first connection is sms")
        };
        assert_eq!(
            options.pumping_protection,
            crate::domain::pumping::PumpingProtection::default()
        );
    }
}
