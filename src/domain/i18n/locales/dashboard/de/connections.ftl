## The dashboard: connections.

## The connections list

dash-conn-list-title = Verbindungen
dash-conn-list-heading = Verbindungen › Passwortlos
dash-conn-col-connection = Verbindung
dash-conn-col-type = Typ
dash-conn-col-sends = Versand
dash-conn-strategy-sms = SMS
dash-conn-strategy-email = E-Mail
dash-conn-sends-from = { $provider }, von { $from }
dash-conn-sends-log = Entwicklung: SMS landen im Serverprotokoll
dash-conn-sends-gateway = SMS-Gateway unter { $url }
dash-conn-sends-verify = Twilio Verify, Dienst { $sid }
dash-conn-sends-custom = Eigene Vorlage
dash-conn-sends-built-in = Integrierte Vorlagen
dash-conn-new-label = Neue Verbindung
dash-conn-new-type = Typ
dash-conn-create = Erstellen
dash-conn-created = Verbindung erstellt
dash-conn-deleted = Verbindung { $name } mitsamt ihren Benutzern gelöscht
dash-conn-email-provider = E-Mail-Anbieter
dash-conn-email-provider-log = Entwicklung: E-Mails landen im Serverprotokoll
dash-conn-set-up-smtp = SMTP einrichten
dash-conn-keys-heading = Geräteschlüssel und Passkeys
dash-conn-device-keys = Touch ID (Geräteschlüssel):
dash-conn-state-on = an
dash-conn-state-off = aus
dash-conn-state-end = .
dash-conn-device-keys-about = Apps registrieren den Schlüssel eines Geräts und melden sich damit an, sofern die Anwendung den Grant { $grant } erlaubt (siehe Anwendungen).
dash-conn-device-keys-switch-on = Touch ID einschalten
dash-conn-device-keys-switch-off = Touch ID ausschalten
dash-conn-device-keys-on = Touch ID ist an
dash-conn-device-keys-off = Touch ID ist aus
dash-conn-passkeys = Passkeys:
dash-conn-passkeys-about = Benutzer können nach einer Anmeldung per Code einen Passkey hinzufügen und sich dann allein damit anmelden, in der gehosteten Anmeldung und über die native API.
dash-conn-passkeys-switch-on = Passkeys einschalten
dash-conn-passkeys-switch-off = Passkeys ausschalten
dash-conn-passkeys-on = Passkeys sind an
dash-conn-passkeys-off = Passkeys sind aus
dash-conn-passkeys-need-host = Passkeys benötigen einen Hostnamen im Issuer (eine IP-Adresse kann keine Relying-Party-ID sein); verwenden Sie { $host } für die Entwicklung.

## What an SMS and an email connection's pages share

dash-conn-code-length = Codelänge
dash-conn-code-lifetime = Gültigkeitsdauer des Codes
dash-conn-code-lifetime-seconds = Gültigkeitsdauer des Codes (Sekunden)
dash-conn-disable-signup = Registrierungen deaktivieren (nur bestehende Benutzer können sich anmelden)
dash-conn-save = Speichern
dash-conn-saved = Gespeichert
dash-conn-whole-number = { $field } muss eine ganze Zahl sein
dash-conn-preview-failed = (die Vorlage lässt sich nicht darstellen: { $error })
dash-conn-not-sent = Nicht gesendet: { $reason }
dash-conn-secret-saved = •••••••• gespeichert; leer lassen, um es beizubehalten
dash-conn-secret-unset = nicht festgelegt
dash-conn-delete-heading = Löschen
dash-conn-delete-about = Beim Löschen der Verbindung werden auch ihre Benutzer gelöscht, mit ihren Schlüsseln, Passkeys und Tokens.
dash-conn-confirm-label = Name der Verbindung
dash-conn-confirm-hint = Geben Sie { $name } ein, um die Verbindung zu löschen.
dash-conn-confirm-mismatch = Der Name der Verbindung stimmt nicht überein: Geben Sie { $name } ein, um die Verbindung zu löschen
dash-conn-delete = Verbindung löschen

## An SMS connection's page

dash-conn-sms-title = SMS-Verbindung { $name }
dash-conn-failover-heading = Ausweichanbieter
dash-conn-failover-hint = Werden der Reihe nach nach dem obigen Anbieter versucht, nur wenn dieser die SMS nicht gesendet haben kann. Lassen Sie den letzten Eintrag leer, um keinen hinzuzufügen.
dash-conn-routes-heading = Länderrouten
dash-conn-routes-hint = Nummern dieser Länder laufen nur über diese Anbieter, in dieser Reihenfolge.
dash-conn-whatsapp = WhatsApp (über das obige Twilio-Konto; leer lassen für keines)
dash-conn-message-heading = Nachricht
dash-conn-syntax = Vorlagensyntax
dash-conn-syntax-macros = Text mit @@macros@@
dash-conn-message = Nachricht
dash-conn-sms-macros-hint = @@password@@ ist der Code, @@application.name@@ der Name der App. In Liquid: { $code }, { $app }.
dash-conn-preview-with-code = Vorschau mit dem Code { $code }:
dash-conn-test-sms = Test-SMS senden
dash-conn-phone = Telefonnummer
dash-conn-phone-e164 = Telefonnummer (E.164)
dash-conn-test-sms-hint = Sendet die gespeicherte Nachricht mit einem Beispielcode; damit ist keine Anmeldung möglich.
dash-conn-test-sms-sent = Test-SMS an { $to } gesendet

## An SMS connection's providers: the own one, failover ones, country routes, WhatsApp

dash-conn-provider = Anbieter
dash-conn-provider-hint = Füllen Sie die Felder des gewählten Anbieters aus; die übrigen bleiben unverändert.
dash-conn-receipts-default = Standard: an, wenn der Issuer https verwendet
dash-conn-receipts-on = An
dash-conn-receipts-off = Aus
dash-conn-kind-twilio = Twilio
dash-conn-kind-twilio-verify = Twilio Verify (Twilio erstellt und prüft den Code)
dash-conn-kind-gateway = SMS-Gateway (benutzerdefinierter Gateway-Vertrag von Auth0)
dash-conn-kind-vonage = Vonage
dash-conn-kind-messagebird = MessageBird
dash-conn-kind-log = Entwicklung: SMS ins Serverprotokoll schreiben
dash-conn-field-from = Absender (Telefonnummer oder Absendername)
dash-conn-field-connect-timeout = Verbindungs-Timeout (ms)
dash-conn-field-timeout = Anfrage-Timeout (ms)
dash-conn-field-twilio-sid = Twilio Account SID
dash-conn-field-twilio-token = Twilio Auth Token
dash-conn-field-messaging-service = oder Messaging Service SID
dash-conn-field-twilio-url = Twilio-API-URL
dash-conn-field-twilio-url-hint = Nur für einen Twilio-Edge-Standort ändern (z. B. https://api.dublin.ie1.twilio.com).
dash-conn-field-receipts = Zustellbestätigungen
dash-conn-field-verify-sid = Verify Service SID
dash-conn-field-verify-sid-hint = Twilio Verify authentifiziert sich mit der obigen Twilio Account SID und dem Auth Token.
dash-conn-field-verify-url = Twilio-Verify-API-URL
dash-conn-field-gateway-url = Gateway-URL
dash-conn-field-gateway-sub = Subjekt des Bearer-Tokens (sub)
dash-conn-field-gateway-aud = Zielgruppe des Bearer-Tokens (aud)
dash-conn-field-gateway-secret = Signaturgeheimnis des Bearer-Tokens
dash-conn-field-gateway-base64 = Das Geheimnis ist base64-codiert
dash-conn-field-forward-info = IP-Adresse und Browser des Benutzers mit jeder SMS senden
dash-conn-field-vonage-key = Vonage-API-Schlüssel
dash-conn-field-vonage-secret = Vonage-API-Geheimnis
dash-conn-field-vonage-url = Vonage-API-URL
dash-conn-field-messagebird-key = MessageBird-Zugriffsschlüssel
dash-conn-field-messagebird-url = MessageBird-API-URL
dash-conn-failover-add = Ausweichanbieter hinzufügen
dash-conn-failover-legend = Ausweichanbieter { $position }: { $name }
dash-conn-failover-name = Name (für das Protokoll und die Routen)
dash-conn-failover-position = Position
dash-conn-failover-position-hint = Niedrigere Nummern werden zuerst versucht.
dash-conn-failover-remove = Diesen Anbieter entfernen
dash-conn-route-countries = Länder
dash-conn-route-countries-hint = ISO-Regionscodes, z. B. IN, LK.
dash-conn-route-providers = Anbieter
dash-conn-route-providers-hint = Anbieternamen in der Reihenfolge, in der sie versucht werden; der eigene Anbieter der Verbindung wird nach seiner Art benannt (z. B. twilio).
dash-conn-route-remove = Diese Route entfernen
dash-conn-route-add = Länderroute hinzufügen
dash-conn-route-legend = Länderroute { $position }
dash-conn-whatsapp-from = WhatsApp-Absender (E.164)
dash-conn-whatsapp-template = Genehmigte Vorlage (Content SID, HX…)
dash-conn-whatsapp-variable = Vorlagenvariable, die den Code enthält

## An email connection's page

dash-conn-email-title = E-Mail-Verbindung { $name }
dash-conn-email-from = Absender
dash-conn-email-from-placeholder = der Standardabsender des Anbieters
dash-conn-email-subject = Betreff
dash-conn-email-subject-placeholder = integriert, in der Sprache des Benutzers
dash-conn-email-body = Inhalt
dash-conn-email-body-html = Inhalt (HTML mit Liquid)
dash-conn-email-body-placeholder = leer: die eingebauten Vorlagen, in der Sprache des Empfängers
dash-conn-email-body-hint = Verwenden Sie { $code } für den Code und { $link } für einen Magic Link; außerdem { $app }, { $email }.
dash-conn-email-text-body = Nur-Text-Inhalt
dash-conn-email-text-body-optional = Nur-Text-Inhalt (optional)
dash-conn-email-preview = Vorschau einer Code-E-Mail (gespeicherte Version), Code { $code }:
dash-conn-confirm-magic-link = Magic Links öffnen eine Bestätigungsseite (Mail-Scanner können sie nicht verbrauchen)
dash-conn-email-provider-link = E-Mail-Anbieter (SMTP)

## The email provider's page

dash-conn-smtp-log = Entwicklung: E-Mails ins Serverprotokoll schreiben
dash-conn-default-sender = Standardabsender
dash-conn-smtp-host = SMTP-Host
dash-conn-smtp-port = Port
dash-conn-smtp-security = Sicherheit
dash-conn-smtp-starttls = STARTTLS (587), erforderlich
dash-conn-smtp-none = Keine: nur ein Relay auf diesem Host oder in diesem Netzwerk
dash-conn-smtp-user = Benutzername
dash-conn-smtp-password = Passwort
dash-conn-port-number = { $field } muss eine Portnummer sein (1 bis 65535)
dash-conn-test-email = Test-E-Mail senden
dash-conn-test-email-to = E-Mail-Adresse
dash-conn-test-email-sent = Test-E-Mail an { $to } gesendet
