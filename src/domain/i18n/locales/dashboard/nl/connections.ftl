## The dashboard: connections.

## The connections list

dash-conn-list-title = Verbindingen
dash-conn-list-heading = Verbindingen › Zonder wachtwoord
dash-conn-col-connection = Verbinding
dash-conn-col-type = Type
dash-conn-col-sends = Verzending
dash-conn-strategy-sms = Sms
dash-conn-strategy-email = E-mail
dash-conn-sends-from = { $provider }, vanaf { $from }
dash-conn-sends-log = Ontwikkeling: sms'jes gaan naar het serverlogboek
dash-conn-sends-gateway = Sms-gateway op { $url }
dash-conn-sends-verify = Twilio Verify, service { $sid }
dash-conn-sends-custom = Eigen sjabloon
dash-conn-sends-built-in = Ingebouwde sjablonen
dash-conn-new-label = Nieuwe verbinding
dash-conn-new-type = Type
dash-conn-create = Aanmaken
dash-conn-created = Verbinding aangemaakt
dash-conn-deleted = Verbinding { $name } verwijderd, samen met de gebruikers
dash-conn-email-provider = E-mailprovider
dash-conn-email-provider-log = Ontwikkeling: e-mail gaat naar het serverlogboek
dash-conn-set-up-smtp = SMTP instellen
dash-conn-keys-heading = Apparaatsleutels en passkeys
dash-conn-device-keys = Touch ID (apparaatsleutels):
dash-conn-state-on = aan
dash-conn-state-off = uit
dash-conn-state-end = .
dash-conn-device-keys-about = Apps registreren de sleutel van een apparaat en melden zich daarmee aan, waar de applicatie de grant { $grant } toestaat (zie Applicaties).
dash-conn-device-keys-switch-on = Touch ID aanzetten
dash-conn-device-keys-switch-off = Touch ID uitzetten
dash-conn-device-keys-on = Touch ID staat aan
dash-conn-device-keys-off = Touch ID staat uit
dash-conn-passkeys = Passkeys:
dash-conn-passkeys-about = Gebruikers kunnen na een aanmelding met een code een passkey toevoegen en zich daarna alleen daarmee aanmelden, op de gehoste aanmelding en via de native API.
dash-conn-passkeys-switch-on = Passkeys aanzetten
dash-conn-passkeys-switch-off = Passkeys uitzetten
dash-conn-passkeys-on = Passkeys staan aan
dash-conn-passkeys-off = Passkeys staan uit
dash-conn-passkeys-need-host = Passkeys hebben een hostnaam in de issuer nodig (een IP-adres kan geen relying-party-id zijn); gebruik { $host } voor ontwikkeling.

## What an SMS and an email connection's pages share

dash-conn-code-length = Codelengte
dash-conn-code-lifetime = Geldigheidsduur van de code
dash-conn-code-lifetime-seconds = Geldigheidsduur van de code (seconden)
dash-conn-disable-signup = Registraties uitschakelen (alleen bestaande gebruikers kunnen zich aanmelden)
dash-conn-save = Opslaan
dash-conn-saved = Opgeslagen
dash-conn-whole-number = { $field } moet een geheel getal zijn
dash-conn-preview-failed = (het sjabloon kan niet worden weergegeven: { $error })
dash-conn-not-sent = Niet verzonden: { $reason }
dash-conn-secret-saved = •••••••• opgeslagen; laat leeg om te behouden
dash-conn-secret-unset = niet ingesteld
dash-conn-delete-heading = Verwijderen
dash-conn-delete-about = Als je de verbinding verwijdert, worden ook de gebruikers ervan verwijderd, met hun sleutels, passkeys en tokens.
dash-conn-confirm-label = Naam van de verbinding
dash-conn-confirm-hint = Typ { $name } om de verbinding te verwijderen.
dash-conn-confirm-mismatch = De naam van de verbinding komt niet overeen: typ { $name } om de verbinding te verwijderen
dash-conn-delete = Verbinding verwijderen

## An SMS connection's page

dash-conn-sms-title = Sms-verbinding { $name }
dash-conn-failover-heading = Uitwijkproviders
dash-conn-failover-hint = Worden op volgorde geprobeerd na de provider hierboven, alleen als die de sms niet verstuurd kan hebben. Laat de laatste regel leeg om er geen toe te voegen.
dash-conn-routes-heading = Landroutes
dash-conn-routes-hint = Nummers uit deze landen gaan alleen via deze providers, in deze volgorde.
dash-conn-whatsapp = WhatsApp (via het Twilio-account hierboven; laat leeg voor geen)
dash-conn-message-heading = Bericht
dash-conn-syntax = Sjabloonsyntaxis
dash-conn-syntax-macros = Tekst met @@macros@@
dash-conn-message = Bericht
dash-conn-sms-macros-hint = @@password@@ is de code; @@application.name@@ de naam van de app. In Liquid: { $code }, { $app }.
dash-conn-preview-with-code = Voorbeeld met de code { $code }:
dash-conn-test-sms = Test-sms versturen
dash-conn-phone = Telefoonnummer
dash-conn-phone-e164 = Telefoonnummer (E.164)
dash-conn-test-sms-hint = Verstuurt het opgeslagen bericht met een voorbeeldcode; daarmee kun je je niet aanmelden.
dash-conn-test-sms-sent = Test-sms verstuurd naar { $to }

## An SMS connection's providers: the own one, failover ones, country routes, WhatsApp

dash-conn-provider = Provider
dash-conn-provider-hint = Vul de velden van de gekozen provider in; de andere blijven zoals ze zijn.
dash-conn-receipts-default = Standaard: aan als de issuer https gebruikt
dash-conn-receipts-on = Aan
dash-conn-receipts-off = Uit
dash-conn-kind-twilio = Twilio
dash-conn-kind-twilio-verify = Twilio Verify (Twilio maakt en controleert de code)
dash-conn-kind-gateway = Sms-gateway (het aangepaste gatewaycontract van Auth0)
dash-conn-kind-vonage = Vonage
dash-conn-kind-messagebird = MessageBird
dash-conn-kind-log = Ontwikkeling: sms'jes naar het serverlogboek schrijven
dash-conn-field-from = Afzender (telefoonnummer of afzendernaam)
dash-conn-field-connect-timeout = Time-out voor verbinden (ms)
dash-conn-field-timeout = Time-out voor verzoeken (ms)
dash-conn-field-twilio-sid = Twilio Account SID
dash-conn-field-twilio-token = Twilio Auth Token
dash-conn-field-messaging-service = of Messaging Service SID
dash-conn-field-twilio-url = Twilio-API-URL
dash-conn-field-twilio-url-hint = Wijzig dit alleen voor een Twilio-edgelocatie (bijv. https://api.dublin.ie1.twilio.com).
dash-conn-field-receipts = Afleverbevestigingen
dash-conn-field-verify-sid = Verify Service SID
dash-conn-field-verify-sid-hint = Twilio Verify meldt zich aan met de Twilio Account SID en Auth Token hierboven.
dash-conn-field-verify-url = Twilio Verify-API-URL
dash-conn-field-gateway-url = Gateway-URL
dash-conn-field-gateway-sub = Subject van het bearertoken (sub)
dash-conn-field-gateway-aud = Audience van het bearertoken (aud)
dash-conn-field-gateway-secret = Ondertekeningsgeheim van het bearertoken
dash-conn-field-gateway-base64 = Het geheim is base64-gecodeerd
dash-conn-field-forward-info = Het IP-adres en de browser van de gebruiker met elke sms meesturen
dash-conn-field-vonage-key = Vonage-API-sleutel
dash-conn-field-vonage-secret = Vonage-API-geheim
dash-conn-field-vonage-url = Vonage-API-URL
dash-conn-field-messagebird-key = MessageBird-toegangssleutel
dash-conn-field-messagebird-url = MessageBird-API-URL
dash-conn-failover-add = Uitwijkprovider toevoegen
dash-conn-failover-legend = Uitwijkprovider { $position }: { $name }
dash-conn-failover-name = Naam (voor het logboek en de routes)
dash-conn-failover-position = Positie
dash-conn-failover-position-hint = Lagere nummers worden eerst geprobeerd.
dash-conn-failover-remove = Deze provider verwijderen
dash-conn-route-countries = Landen
dash-conn-route-countries-hint = ISO-regiocodes, bijv. IN, LK.
dash-conn-route-providers = Providers
dash-conn-route-providers-hint = Namen van providers in de volgorde waarin ze worden geprobeerd; de eigen provider van de verbinding heet naar zijn soort (bijv. twilio).
dash-conn-route-remove = Deze route verwijderen
dash-conn-route-add = Landroute toevoegen
dash-conn-route-legend = Landroute { $position }
dash-conn-whatsapp-from = WhatsApp-afzender (E.164)
dash-conn-whatsapp-template = Goedgekeurd sjabloon (Content SID, HX…)
dash-conn-whatsapp-variable = Sjabloonvariabele die de code bevat

## An email connection's page

dash-conn-email-title = E-mailverbinding { $name }
dash-conn-email-from = Afzender
dash-conn-email-from-placeholder = de standaardafzender van de provider
dash-conn-email-subject = Onderwerp
dash-conn-email-subject-placeholder = ingebouwd, in de taal van de gebruiker
dash-conn-email-body = Inhoud
dash-conn-email-body-html = Inhoud (HTML met Liquid)
dash-conn-email-body-placeholder = leeg: de ingebouwde sjablonen, in de taal van de lezer
dash-conn-email-body-hint = Gebruik { $code } voor de code en { $link } voor een magische link; verder { $app }, { $email }.
dash-conn-email-text-body = Inhoud als platte tekst
dash-conn-email-text-body-optional = Inhoud als platte tekst (optioneel)
dash-conn-email-preview = Voorbeeld van een e-mail met code (opgeslagen versie), code { $code }:
dash-conn-confirm-magic-link = Magische links openen een bevestigingspagina (mailscanners kunnen ze niet opmaken)
dash-conn-email-provider-link = E-mailprovider (SMTP)

## The email provider's page

dash-conn-smtp-log = Ontwikkeling: e-mail naar het serverlogboek schrijven
dash-conn-default-sender = Standaardafzender
dash-conn-smtp-host = SMTP-host
dash-conn-smtp-port = Poort
dash-conn-smtp-security = Beveiliging
dash-conn-smtp-starttls = STARTTLS (587), verplicht
dash-conn-smtp-none = Geen: alleen een relay op deze host of dit netwerk
dash-conn-smtp-user = Gebruikersnaam
dash-conn-smtp-password = Wachtwoord
dash-conn-port-number = { $field } moet een poortnummer zijn (1 tot en met 65535)
dash-conn-test-email = Test-e-mail versturen
dash-conn-test-email-to = E-mailadres
dash-conn-test-email-sent = Test-e-mail verstuurd naar { $to }
