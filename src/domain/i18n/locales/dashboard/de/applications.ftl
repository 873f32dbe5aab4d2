## The dashboard: applications.

## The list of applications and creating one

dash-app-title = Anwendungen
dash-app-name = Name
dash-app-client-id = Client-ID
dash-app-type = Typ
dash-app-col-callbacks = Callbacks
dash-app-kind-public = Öffentlich (nativ oder Single-Page)
dash-app-kind-m2m = Machine-to-Machine
dash-app-kind-confidential = Vertraulich (serverseitig)
dash-app-create-title = Anwendung erstellen
dash-app-type-native = Nativ (iOS, Android): öffentlich, ohne Secret
dash-app-type-spa = Single-Page-Web-App: öffentlich, ohne Secret
dash-app-type-regular-web = Serverseitige Web-App: vertraulich, mit Secret
dash-app-type-m2m = Machine-to-Machine: nur Client Credentials
dash-app-create = Erstellen
dash-app-name-required = Ein Name ist erforderlich
dash-app-created = Anwendung erstellt

## An application's page

dash-app-public-no-secret = öffentlich: kein Secret
dash-app-client-secret = Client-Secret
dash-app-secret-shown = { $secret }, nur jetzt angezeigt: Kopieren Sie es auf den Server Ihrer App.
dash-app-callbacks = Erlaubte Callback-URLs
dash-app-callbacks-hint = Eine pro Zeile. Eine redirect_uri muss genau einer davon entsprechen.
dash-app-logout-urls = Erlaubte Logout-URLs
dash-app-grant-types = Grant-Typen
dash-app-grant-passwordless = Passwortloser Code (/oauth/token)
dash-app-grant-refresh-token = Refresh-Token
dash-app-grant-authorization-code = Autorisierungscode (gehostete Anmeldung, Magic Links)
dash-app-grant-implicit = Implizit (Tokens im URL-Fragment)
dash-app-grant-jwt-bearer = Touch-ID-Geräteschlüssel (jwt-bearer)
dash-app-grant-webauthn = Passkey (webauthn)
dash-app-grant-legacy-ro = Veraltetes /oauth/ro
dash-app-grant-legacy-ro-jwt-bearer = Veraltetes /oauth/ro mit Geräteschlüssel
dash-app-grant-client-credentials = Client Credentials (Machine-to-Machine)
dash-app-logo = Logo-URL
dash-app-logo-https = Logo-URL (https)
dash-app-primary-color = Schaltflächenfarbe
dash-app-id-tokens = ID-Tokens
dash-app-signing-alg = Signaturalgorithmus
dash-app-alg-default = (Standard bei Auth0)
dash-app-refresh-tokens = Refresh-Tokens
dash-app-rotation = Rotation
dash-app-non-rotating = Ohne Rotation
dash-app-rotating = Mit Rotation: Jede Verwendung liefert ein neues Token; eine Wiederverwendung widerruft die ganze Familie
dash-app-expiration = Ablauf
dash-app-non-expiring = Läuft nicht ab
dash-app-expiring = Läuft ab
dash-app-lifetime = Lebensdauer
dash-app-lifetime-seconds = Lebensdauer (Sekunden)
dash-app-idle-lifetime = Lebensdauer bei Inaktivität
dash-app-idle-lifetime-seconds = Lebensdauer bei Inaktivität (Sekunden)
dash-app-leeway = Toleranz bei Wiederverwendung
dash-app-leeway-seconds = Toleranz bei Wiederverwendung (Sekunden)
dash-app-native-apps = Native Apps
dash-app-native-hint = Für Universal Links und App Links (Magic Links, die die App öffnen) und für Passkeys in der App: Latchkey führt diese Apps in { $aasa } und { $assetlinks } auf.
dash-app-ios-team-id = iOS-Team-ID
dash-app-ios-bundle = iOS-Bundle-ID
dash-app-android-package = Android-Paketname
dash-app-android-fingerprints = Fingerabdrücke des Android-Signaturzertifikats
dash-app-android-fingerprints-sha256 = SHA-256-Fingerabdrücke des Android-Signaturzertifikats
dash-app-fingerprints-hint = Einer pro Zeile, { $format } (32 Paare).
dash-app-browser-apps = Browser-Apps
dash-app-origins-hint = Ein Origin besteht aus Schema, Host und Port, ohne Pfad: { $example } oder { $wildcard } für eine Subdomain-Ebene. Die Origins der Callbacks sind erlaubt, ohne dass sie aufgeführt werden.
dash-app-web-origins = Erlaubte Web-Origins
dash-app-allowed-origins = Erlaubte Origins (CORS)
dash-app-one-per-line = Einer pro Zeile.
dash-app-cross-origin-auth = Cross-Origin-Authentifizierung
dash-app-cross-origin-loc = Fallback-URL für die Cross-Origin-Verifizierung
dash-app-save = Speichern
dash-app-rotate-hint = Die Rotation erzeugt ein neues Secret; das alte funktioniert sofort nicht mehr.
dash-app-rotate = Secret rotieren
dash-app-delete-warning = Beim Löschen werden die Anwendung sowie ihre Refresh-Tokens und Geräteschlüssel entfernt.
dash-app-confirm-label = Name der Anwendung
dash-app-delete-hint = Geben Sie { $name } ein, um die Anwendung zu löschen.
dash-app-delete = Anwendung löschen

## Refusals and notices

dash-app-whole-seconds = { $field } muss eine ganze Zahl von Sekunden sein
dash-app-alg-unknown = { $value } ist weder RS256, PS256, ES256 noch EdDSA
dash-app-confirm-mismatch = Der Name der Anwendung stimmt nicht überein: Geben Sie { $name } ein, um die Anwendung zu löschen
dash-app-saved = Gespeichert
dash-app-no-secret = Eine öffentliche Anwendung hat kein Secret
dash-app-secret-rotated = Neues Secret erstellt; das alte funktioniert nicht mehr
dash-app-deleted = Anwendung gelöscht
