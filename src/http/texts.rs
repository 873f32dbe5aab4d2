//! The hosted pages' words (the login page and the magic-link pages), in English and
//! French, and how a request picks one: `ui_locales` first, then `Accept-Language`.

/// Every text the login pages show.
pub struct Texts {
    pub lang: &'static str,
    pub sign_in_to: &'static str,
    pub country_label: &'static str,
    pub phone_label: &'static str,
    pub phone_hint: &'static str,
    pub email_label: &'static str,
    pub send_code: &'static str,
    pub email_code: &'static str,
    pub email_link: &'static str,
    pub or: &'static str,
    pub code_heading: &'static str,
    pub sent_by_sms: &'static str,
    pub sent_by_email: &'static str,
    pub code_label: &'static str,
    pub verify: &'static str,
    pub resend: &'static str,
    pub resend_wait: &'static str,
    pub use_another: &'static str,
    pub wrong_code: &'static str,
    pub expired_code: &'static str,
    pub too_many_tries: &'static str,
    pub rate_limited: &'static str,
    pub invalid_phone: &'static str,
    pub invalid_email: &'static str,
    pub blocked: &'static str,
    pub signup_disabled: &'static str,
    pub not_sent: &'static str,
    pub link_sent_title: &'static str,
    pub link_sent: &'static str,
    pub logged_out_title: &'static str,
    pub logged_out: &'static str,
    pub passkey_signin: &'static str,
    pub passkey_offer_title: &'static str,
    pub passkey_offer: &'static str,
    pub passkey_add: &'static str,
    pub not_now: &'static str,
    pub continue_as: &'static str,
    pub link_continue: &'static str,
    pub scanner_note: &'static str,
    pub link_used_title: &'static str,
    pub code_used_title: &'static str,
    pub link_used: &'static str,
    pub send_new_link: &'static str,
    pub reopen_title: &'static str,
    pub reopen: &'static str,
    pub blocked_title: &'static str,
    pub blocked_help: &'static str,
    pub signup_closed_title: &'static str,
    pub too_many_title: &'static str,
    pub too_many_link: &'static str,
    pub resent_title: &'static str,
    pub resent: &'static str,
    pub wait_title: &'static str,
    pub wait_link: &'static str,
    pub open_app: &'static str,
    pub open_on_phone: &'static str,
    pub enter_code_in_app: &'static str,
}

pub const ENGLISH: Texts = Texts {
    lang: "en",
    sign_in_to: "Sign in to",
    country_label: "Country",
    phone_label: "Phone number",
    phone_hint: "We will text you a code.",
    email_label: "Email address",
    send_code: "Text me a code",
    email_code: "Email me a code",
    email_link: "Email me a link",
    or: "or",
    code_heading: "Enter your code",
    sent_by_sms: "We sent a code by text message to",
    sent_by_email: "We sent a code by email to",
    code_label: "Verification code",
    verify: "Continue",
    resend: "Send a new code",
    resend_wait: "New code in",
    use_another: "Use another phone number or email",
    wrong_code: "That code is not right. Check the message and try again.",
    expired_code: "This code has expired. Send yourself a new one.",
    too_many_tries: "Too many wrong tries. Send yourself a new code.",
    rate_limited: "Too many attempts. Please wait a moment and try again.",
    invalid_phone: "This does not look like a phone number. Check the country and the number.",
    invalid_email: "This does not look like an email address.",
    blocked: "This account is blocked.",
    signup_disabled: "This application does not accept new accounts.",
    not_sent: "We could not send the message. Please try again later.",
    link_sent_title: "Check your email",
    link_sent: "We sent a sign-in link. Open it on any device; it works once, for a few minutes.",
    logged_out_title: "You are signed out",
    logged_out: "You can close this page.",
    passkey_signin: "Sign in with a passkey",
    passkey_offer_title: "Sign in faster next time",
    passkey_offer: "Add a passkey: next time, sign in with your fingerprint, face or screen lock instead of a code.",
    passkey_add: "Add a passkey",
    not_now: "Not now, continue",
    continue_as: "Continue as",
    link_continue: "Continue",
    scanner_note: "This extra step stops email security scanners from using your sign-in link before you do.",
    link_used_title: "This link has expired or was already used",
    code_used_title: "This code has expired or was already used",
    link_used: "Sign-in links work once and only for a few minutes. We can send you a new one.",
    send_new_link: "Send me a new link",
    reopen_title: "Please open the link again",
    reopen: "This page expired or was not opened from your sign-in link. Open the link from your email again.",
    blocked_title: "This account is blocked",
    blocked_help: "Contact the application's support team.",
    signup_closed_title: "Sign-up is closed",
    too_many_title: "Too many attempts",
    too_many_link: "Please wait a few minutes, then ask the app for a new link.",
    resent_title: "Check your email",
    resent: "We sent you a new sign-in link. It works once, for a few minutes.",
    wait_title: "Please wait a moment",
    wait_link: "A link was sent very recently. Check your email, or try again in a minute.",
    open_app: "Open",
    open_on_phone: "This link opens the app. Open it on the phone where the app is installed.",
    enter_code_in_app: "If the app did not open, enter this code in the app:",
};

pub const FRENCH: Texts = Texts {
    lang: "fr",
    sign_in_to: "Connexion à",
    country_label: "Pays",
    phone_label: "Numéro de téléphone",
    phone_hint: "Nous vous enverrons un code par SMS.",
    email_label: "Adresse e-mail",
    send_code: "Recevoir un code par SMS",
    email_code: "Recevoir un code par e-mail",
    email_link: "Recevoir un lien par e-mail",
    or: "ou",
    code_heading: "Saisissez votre code",
    sent_by_sms: "Nous avons envoyé un code par SMS au",
    sent_by_email: "Nous avons envoyé un code par e-mail à",
    code_label: "Code de vérification",
    verify: "Continuer",
    resend: "Envoyer un nouveau code",
    resend_wait: "Nouveau code dans",
    use_another: "Utiliser un autre numéro ou une autre adresse",
    wrong_code: "Ce code n’est pas le bon. Vérifiez le message et réessayez.",
    expired_code: "Ce code a expiré. Demandez-en un nouveau.",
    too_many_tries: "Trop d’essais erronés. Demandez un nouveau code.",
    rate_limited: "Trop de tentatives. Patientez un instant puis réessayez.",
    invalid_phone: "Ce numéro ne semble pas valide. Vérifiez le pays et le numéro.",
    invalid_email: "Cette adresse e-mail ne semble pas valide.",
    blocked: "Ce compte est bloqué.",
    signup_disabled: "Cette application n’accepte pas de nouveaux comptes.",
    not_sent: "Le message n’a pas pu être envoyé. Réessayez plus tard.",
    link_sent_title: "Consultez vos e-mails",
    link_sent: "Nous vous avons envoyé un lien de connexion. Ouvrez-le sur l’appareil de votre choix ; il ne fonctionne qu’une fois, pendant quelques minutes.",
    logged_out_title: "Vous êtes déconnecté",
    logged_out: "Vous pouvez fermer cette page.",
    passkey_signin: "Se connecter avec une clé d’accès",
    passkey_offer_title: "Connectez-vous plus vite la prochaine fois",
    passkey_offer: "Ajoutez une clé d’accès : la prochaine fois, connectez-vous avec votre empreinte, votre visage ou le verrouillage de l’écran au lieu d’un code.",
    passkey_add: "Ajouter une clé d’accès",
    not_now: "Plus tard, continuer",
    continue_as: "Continuer en tant que",
    link_continue: "Continuer",
    scanner_note: "Cette étape évite que les logiciels qui analysent les e-mails utilisent votre lien de connexion avant vous.",
    link_used_title: "Ce lien a expiré ou a déjà servi",
    code_used_title: "Ce code a expiré ou a déjà servi",
    link_used: "Un lien de connexion ne fonctionne qu’une fois, pendant quelques minutes. Nous pouvons vous en envoyer un nouveau.",
    send_new_link: "M’envoyer un nouveau lien",
    reopen_title: "Rouvrez le lien",
    reopen: "Cette page a expiré ou n’a pas été ouverte depuis votre lien de connexion. Rouvrez le lien reçu par e-mail.",
    blocked_title: "Ce compte est bloqué",
    blocked_help: "Contactez l’assistance de l’application.",
    signup_closed_title: "Les inscriptions sont fermées",
    too_many_title: "Trop de tentatives",
    too_many_link: "Patientez quelques minutes, puis demandez un nouveau lien dans l’application.",
    resent_title: "Consultez vos e-mails",
    resent: "Nous vous avons envoyé un nouveau lien de connexion. Il ne fonctionne qu’une fois, pendant quelques minutes.",
    wait_title: "Patientez un instant",
    wait_link: "Un lien vient d’être envoyé. Consultez vos e-mails, ou réessayez dans une minute.",
    open_app: "Ouvrir",
    open_on_phone: "Ce lien ouvre l’application. Ouvrez-le sur le téléphone où elle est installée.",
    enter_code_in_app: "Si l’application ne s’est pas ouverte, saisissez ce code dans l’application :",
};

/// The first language of `ui_locales` (space-separated), else of `Accept-Language`, that we
/// have; English otherwise.
pub fn pick(ui_locales: Option<&str>, accept_language: Option<&str>) -> &'static Texts {
    let from_ui = ui_locales.unwrap_or("").split_whitespace();
    let from_header = accept_language
        .unwrap_or("")
        .split(',')
        .map(|p| p.split(';').next().unwrap_or("").trim());
    for tag in from_ui.chain(from_header) {
        match tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
            .as_str()
        {
            "en" => return &ENGLISH,
            "fr" => return &FRENCH,
            _ => {}
        }
    }
    &ENGLISH
}

/// As [`pick`], among the tenant's `enabled_locales` only (a language the pages speak that
/// is not enabled is passed over); the first enabled language otherwise.
pub fn pick_enabled(
    ui_locales: Option<&str>,
    accept_language: Option<&str>,
    enabled: &[String],
) -> &'static Texts {
    let by_lang = |lang: &str| match lang {
        "fr" => Some(&FRENCH),
        "en" => Some(&ENGLISH),
        _ => None,
    };
    let from_ui = ui_locales.unwrap_or("").split_whitespace();
    let from_header = accept_language
        .unwrap_or("")
        .split(',')
        .map(|p| p.split(';').next().unwrap_or("").trim());
    for tag in from_ui.chain(from_header) {
        let lang = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if enabled.contains(&lang)
            && let Some(t) = by_lang(&lang)
        {
            return t;
        }
    }
    enabled.first().and_then(|l| by_lang(l)).unwrap_or(&ENGLISH)
}

/// The country a phone field starts on: the region of the first `Accept-Language` tag that
/// names one (`en-GB` → `GB`), else a language's usual country, else the US.
pub fn default_region(accept_language: Option<&str>) -> String {
    for tag in accept_language.unwrap_or("").split(',') {
        let tag = tag.split(';').next().unwrap_or("").trim();
        let mut parts = tag.split(['-', '_']);
        let lang = parts.next().unwrap_or("").to_ascii_lowercase();
        if let Some(region) =
            parts.find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            return region.to_ascii_uppercase();
        }
        if lang == "fr" {
            return "FR".into();
        }
    }
    "US".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ui_locales_win_over_the_header() {
        assert_eq!(pick(Some("fr-CA en"), Some("en-US")).lang, "fr");
        assert_eq!(pick(Some("de"), Some("fr-FR,en;q=0.5")).lang, "fr");
        assert_eq!(pick(None, Some("ja")).lang, "en");
        assert_eq!(default_region(Some("en-GB,en;q=0.8")), "GB");
        assert_eq!(default_region(Some("fr")), "FR");
        assert_eq!(default_region(None), "US");
    }

    #[test]
    fn only_enabled_languages_are_picked_and_the_first_is_the_default() {
        let fr_only = vec!["fr".to_string()];
        assert_eq!(pick_enabled(None, Some("en-US"), &fr_only).lang, "fr");
        let both = vec!["en".to_string(), "fr".to_string()];
        assert_eq!(pick_enabled(Some("fr"), Some("en"), &both).lang, "fr");
        assert_eq!(pick_enabled(None, Some("ja"), &both).lang, "en");
        let fr_first = vec!["fr".to_string(), "en".to_string()];
        assert_eq!(pick_enabled(None, None, &fr_first).lang, "fr");
    }
}
