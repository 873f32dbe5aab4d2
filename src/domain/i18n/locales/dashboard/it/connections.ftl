## The dashboard: connections.

## The connections list

dash-conn-list-title = Connessioni
dash-conn-list-heading = Connessioni › Senza password
dash-conn-col-connection = Connessione
dash-conn-col-type = Tipo
dash-conn-col-sends = Invio
dash-conn-strategy-sms = SMS
dash-conn-strategy-email = Email
dash-conn-sends-from = { $provider }, da { $from }
dash-conn-sends-log = Sviluppo: gli SMS finiscono nel log del server
dash-conn-sends-gateway = Gateway SMS su { $url }
dash-conn-sends-verify = Twilio Verify, servizio { $sid }
dash-conn-sends-custom = Modello personalizzato
dash-conn-sends-built-in = Modelli integrati
dash-conn-new-label = Nuova connessione
dash-conn-new-type = Tipo
dash-conn-create = Crea
dash-conn-created = Connessione creata
dash-conn-deleted = Connessione { $name } eliminata, insieme ai suoi utenti
dash-conn-email-provider = Provider email
dash-conn-email-provider-log = Sviluppo: le email finiscono nel log del server
dash-conn-set-up-smtp = Configura SMTP
dash-conn-keys-heading = Chiavi del dispositivo e passkey
dash-conn-device-keys = Touch ID (chiavi del dispositivo):
dash-conn-state-on = attivo
dash-conn-state-off = disattivo
dash-conn-state-end = .
dash-conn-device-keys-about = Le app registrano la chiave di un dispositivo e accedono con essa, dove l'applicazione consente il grant { $grant } (vedi Applicazioni).
dash-conn-device-keys-switch-on = Attiva Touch ID
dash-conn-device-keys-switch-off = Disattiva Touch ID
dash-conn-device-keys-on = Touch ID è attivo
dash-conn-device-keys-off = Touch ID è disattivato
dash-conn-passkeys = Passkey:
dash-conn-passkeys-about = Gli utenti possono aggiungere una passkey dopo un accesso con codice e poi accedere solo con quella, nel login ospitato e tramite l'API nativa.
dash-conn-passkeys-switch-on = Attiva le passkey
dash-conn-passkeys-switch-off = Disattiva le passkey
dash-conn-passkeys-on = Le passkey sono attive
dash-conn-passkeys-off = Le passkey sono disattivate
dash-conn-passkeys-need-host = Le passkey richiedono un nome host nell'issuer (un indirizzo IP non può essere l'id di una relying party); usa { $host } per lo sviluppo.

## What an SMS and an email connection's pages share

dash-conn-code-length = Lunghezza del codice
dash-conn-code-lifetime = Validità del codice
dash-conn-code-lifetime-seconds = Validità del codice (secondi)
dash-conn-disable-signup = Disattiva le registrazioni (possono accedere solo gli utenti esistenti)
dash-conn-save = Salva
dash-conn-saved = Salvato
dash-conn-whole-number = { $field } deve essere un numero intero
dash-conn-preview-failed = (impossibile generare il modello: { $error })
dash-conn-not-sent = Non inviato: { $reason }
dash-conn-secret-saved = •••••••• salvato; lascia vuoto per mantenerlo
dash-conn-secret-unset = non impostato
dash-conn-delete-heading = Elimina
dash-conn-delete-about = Eliminando la connessione si eliminano anche i suoi utenti, con le loro chiavi, passkey e token.
dash-conn-confirm-label = Nome della connessione
dash-conn-confirm-hint = Digita { $name } per eliminare la connessione.
dash-conn-confirm-mismatch = Il nome della connessione non corrisponde: digita { $name } per eliminare la connessione
dash-conn-delete = Elimina la connessione

## An SMS connection's page

dash-conn-sms-title = Connessione SMS { $name }
dash-conn-failover-heading = Provider di riserva
dash-conn-failover-hint = Provati in ordine dopo il provider qui sopra, solo quando questo non può aver inviato l'SMS. Lascia vuota l'ultima voce per non aggiungerne nessuno.
dash-conn-routes-heading = Instradamenti per paese
dash-conn-routes-hint = I numeri di questi paesi passano solo da questi provider, in quest'ordine.
dash-conn-whatsapp = WhatsApp (tramite l'account Twilio qui sopra; lascia vuoto per non usarlo)
dash-conn-message-heading = Messaggio
dash-conn-syntax = Sintassi del modello
dash-conn-syntax-macros = Testo con @@macros@@
dash-conn-message = Messaggio
dash-conn-sms-macros-hint = @@password@@ è il codice; @@application.name@@ il nome dell'app. In Liquid: { $code }, { $app }.
dash-conn-preview-with-code = Anteprima con il codice { $code }:
dash-conn-test-sms = Invia un SMS di prova
dash-conn-phone = Numero di telefono
dash-conn-phone-e164 = Numero di telefono (E.164)
dash-conn-test-sms-hint = Invia il messaggio salvato con un codice di esempio; non può essere usato per accedere.
dash-conn-test-sms-sent = SMS di prova inviato a { $to }

## An SMS connection's providers: the own one, failover ones, country routes, WhatsApp

dash-conn-provider = Provider
dash-conn-provider-hint = Compila i campi del provider scelto; gli altri restano come sono.
dash-conn-receipts-default = Predefinito: attive quando l'issuer usa https
dash-conn-receipts-on = Attive
dash-conn-receipts-off = Disattivate
dash-conn-kind-twilio = Twilio
dash-conn-kind-twilio-verify = Twilio Verify (Twilio genera e verifica il codice)
dash-conn-kind-gateway = Gateway SMS (contratto di gateway personalizzato di Auth0)
dash-conn-kind-vonage = Vonage
dash-conn-kind-messagebird = MessageBird
dash-conn-kind-log = Sviluppo: scrivi gli SMS nel log del server
dash-conn-field-from = Mittente (numero di telefono o nome del mittente)
dash-conn-field-connect-timeout = Timeout di connessione (ms)
dash-conn-field-timeout = Timeout della richiesta (ms)
dash-conn-field-twilio-sid = Twilio Account SID
dash-conn-field-twilio-token = Twilio Auth Token
dash-conn-field-messaging-service = oppure Messaging Service SID
dash-conn-field-twilio-url = URL dell'API Twilio
dash-conn-field-twilio-url-hint = Da cambiare solo per una località edge di Twilio (ad es. https://api.dublin.ie1.twilio.com).
dash-conn-field-receipts = Conferme di consegna
dash-conn-field-verify-sid = Verify Service SID
dash-conn-field-verify-sid-hint = Twilio Verify si autentica con il Twilio Account SID e l'Auth Token qui sopra.
dash-conn-field-verify-url = URL dell'API Twilio Verify
dash-conn-field-gateway-url = URL del gateway
dash-conn-field-gateway-sub = Subject del token Bearer (sub)
dash-conn-field-gateway-aud = Audience del token Bearer (aud)
dash-conn-field-gateway-secret = Segreto di firma del token Bearer
dash-conn-field-gateway-base64 = Il segreto è codificato in base64
dash-conn-field-forward-info = Invia l'indirizzo IP e il browser dell'utente con ogni SMS
dash-conn-field-vonage-key = Chiave API Vonage
dash-conn-field-vonage-secret = Segreto API Vonage
dash-conn-field-vonage-url = URL dell'API Vonage
dash-conn-field-messagebird-key = Chiave di accesso MessageBird
dash-conn-field-messagebird-url = URL dell'API MessageBird
dash-conn-failover-add = Aggiungi un provider di riserva
dash-conn-failover-legend = Provider di riserva { $position }: { $name }
dash-conn-failover-name = Nome (per il log e gli instradamenti)
dash-conn-failover-position = Posizione
dash-conn-failover-position-hint = I numeri più bassi vengono provati per primi.
dash-conn-failover-remove = Rimuovi questo provider
dash-conn-route-countries = Paesi
dash-conn-route-countries-hint = Codici di regione ISO, ad es. IN, LK.
dash-conn-route-providers = Provider
dash-conn-route-providers-hint = Nomi dei provider nell'ordine in cui vengono provati; il provider proprio della connessione si indica con il suo tipo (ad es. twilio).
dash-conn-route-remove = Rimuovi questo instradamento
dash-conn-route-add = Aggiungi un instradamento per paese
dash-conn-route-legend = Instradamento per paese { $position }
dash-conn-whatsapp-from = Mittente WhatsApp (E.164)
dash-conn-whatsapp-template = Modello approvato (Content SID, HX…)
dash-conn-whatsapp-variable = Variabile del modello che contiene il codice

## An email connection's page

dash-conn-email-title = Connessione email { $name }
dash-conn-email-from = Mittente
dash-conn-email-from-placeholder = il mittente predefinito del provider
dash-conn-email-subject = Oggetto
dash-conn-email-subject-placeholder = integrato, nella lingua dell'utente
dash-conn-email-body = Corpo
dash-conn-email-body-html = Corpo (HTML con Liquid)
dash-conn-email-body-placeholder = vuoto: i modelli integrati, nella lingua di chi legge
dash-conn-email-body-hint = Usa { $code } per il codice e { $link } per un magic link; inoltre { $app }, { $email }.
dash-conn-email-text-body = Corpo in testo semplice
dash-conn-email-text-body-optional = Corpo in testo semplice (facoltativo)
dash-conn-email-preview = Anteprima di un'email con codice (versione salvata), codice { $code }:
dash-conn-confirm-magic-link = I magic link aprono una pagina di conferma (gli scanner di posta non possono consumarli)
dash-conn-email-provider-link = Provider email (SMTP)

## The email provider's page

dash-conn-smtp-log = Sviluppo: scrivi le email nel log del server
dash-conn-default-sender = Mittente predefinito
dash-conn-smtp-host = Host SMTP
dash-conn-smtp-port = Porta
dash-conn-smtp-security = Sicurezza
dash-conn-smtp-starttls = STARTTLS (587), obbligatorio
dash-conn-smtp-none = Nessuna: solo un relay su questo host o rete
dash-conn-smtp-user = Nome utente
dash-conn-smtp-password = Password
dash-conn-port-number = { $field } deve essere un numero di porta (da 1 a 65535)
dash-conn-test-email = Invia un'email di prova
dash-conn-test-email-to = Indirizzo email
dash-conn-test-email-sent = Email di prova inviata a { $to }
