# Italiano

## The login page

sign-in-to = Accedi a { $app }
country-label = Paese
country-search = Cerca un paese o un prefisso
phone-label = Numero di telefono
phone-hint = Ti invieremo un codice via SMS.
email-label = Indirizzo email
send-code = Inviami un codice via SMS
email-code = Inviami un codice via email
email-link = Inviami un link via email
or = oppure
passkey-signin = Accedi con una passkey

## The code page

code-heading = Inserisci il codice
sent-by-sms = Abbiamo inviato un codice via SMS al { $recipient }
sent-by-email = Abbiamo inviato un codice via email a { $recipient }
code-label = Codice di verifica
verify = Continua
resend = Invia un nuovo codice
resend-wait = Nuovo codice tra { $seconds } s
use-another = Usa un altro numero di telefono o un'altra email

## What went wrong on the login pages

wrong-code = Il codice non è corretto. Controlla il messaggio e riprova.
wrong-code-tries-left = Il codice non è corretto. { $tries ->
    [one] Hai ancora un tentativo; dopo ti servirà un nuovo codice.
   *[other] Hai ancora { $tries } tentativi.
}
wrong-code-last = Il codice non è corretto ed era l’ultimo tentativo. Richiedi un nuovo codice.
expired-code = Questo codice è scaduto. Richiedine uno nuovo.
too-many-tries = Troppi tentativi errati. Richiedi un nuovo codice.
code-not-checked = Non è stato possibile verificare il codice in questo momento e questo tentativo non è stato conteggiato. Riprova.
rate-limited = Troppi tentativi. Attendi { $seconds ->
    [one] un secondo
   *[other] { $seconds } secondi
} e riprova.
retry-in = Potrai riprovare tra { $seconds } s.
retry-now = Ora puoi riprovare.
invalid-phone = Non sembra un numero di telefono. Controlla il paese e il numero.
invalid-email = Non sembra un indirizzo email.
blocked = Questo account è bloccato.
signup-disabled = Questa applicazione non accetta nuovi account.
not-sent = Non è stato possibile inviare il messaggio. Riprova più tardi.
start-again-title = Ricomincia
start-again = Questa pagina è scaduta o non è stata aperta qui. Torna all'app e accedi di nuovo.
went-wrong-title = Qualcosa è andato storto
went-wrong = Riprova tra un momento.
request-invalid-title = Questa richiesta di accesso non è valida
request-invalid = L'app che ti ha mandato qui ha commesso un errore nella richiesta di accesso. Torna all'app e riprova; se succede di nuovo, comunica a chi l'ha creata ciò che è scritto qui sotto.
error-detail = Per lo sviluppatore dell'app:
logout-refused-title = Impossibile tornare all'app
logout-refused = L'app ha chiesto di mandarti a un indirizzo che non ha registrato, quindi non è cambiato nulla: sei ancora connesso.
sign-in-expired = Questo accesso è scaduto. Torna all'app e accedi di nuovo.

## Notices

link-sent-title = Controlla la tua email
link-sent = Abbiamo inviato un link di accesso a { $email }. Aprilo su qualsiasi dispositivo; funziona una volta, per pochi minuti.
logged-out-title = Sei uscito
logged-out = Puoi chiudere questa pagina.

## Passkeys

passkey-offer-title = Accedi più velocemente la prossima volta
passkey-offer = Aggiungi una passkey: la prossima volta accedi con l'impronta, il volto o il blocco schermo invece che con un codice.
passkey-add = Aggiungi una passkey
not-now = Non ora, continua

## The magic link pages

continue-as = Continua come { $email }
link-continue = Continua
scanner-note = Questo passaggio in più impedisce ai sistemi di sicurezza della posta di usare il tuo link di accesso prima di te.
link-used-title = Questo link è scaduto o è già stato usato
code-used-title = Questo codice è scaduto o è già stato usato
link-used = I link di accesso funzionano una volta e solo per pochi minuti. Possiamo inviartene uno nuovo.
send-new-link = Inviami un nuovo link
reopen-title = Apri di nuovo il link
reopen = Questa pagina è scaduta o non è stata aperta dal tuo link di accesso. Apri di nuovo il link ricevuto via email.
blocked-title = Questo account è bloccato
blocked-help = Contatta l'assistenza dell'applicazione.
signup-closed-title = Le registrazioni sono chiuse
too-many-title = Troppi tentativi
too-many-link = Attendi { $minutes ->
    [one] un minuto
   *[other] { $minutes } minuti
}, poi richiedi un nuovo link dall'app.
resent-title = Controlla la tua email
resent = Ti abbiamo inviato un nuovo link di accesso. Funziona una volta, per pochi minuti.
wait-title = Attendi un momento
wait-link = Un link è stato appena inviato. Controlla la tua email o riprova tra { $seconds ->
    [one] un secondo
   *[other] { $seconds } secondi
}.
open-app = Apri { $app }
open-on-phone = Questo link apre l'app. Aprilo sul telefono su cui è installata.
enter-code-in-app = Se l'app non si è aperta, inserisci questo codice nell'app:
link-invalid-title = Questo link non è valido
link-no-connection = Il link non indica alcuna connessione.
link-no-email = Il link non indica alcun indirizzo email.
link-no-phone = Il link non indica alcun numero di telefono.
link-unknown-connection = Il link indica una connessione che questo server non conosce.
link-no-code = Il link non contiene alcun codice di verifica.
link-unknown-app = Il link indica un'applicazione che questo server non conosce.
form-unreadable = Non è stato possibile leggere il modulo.
form-no-app = Il modulo non indica alcuna applicazione.
link-not-sent-title = Non è stato inviato alcun link
link-request-refused = Questa richiesta di accesso non è più accettata. Torna all'app e accedi di nuovo.
not-found-title = Pagina non trovata
not-found = Qui non c'è nessuna pagina.

## Passing the answer on to the app (form_post, the cross-origin fallback)

form-post-signed-in-title = Hai effettuato l’accesso
form-post-signed-in = Continua su { $app }.
form-post-returning-title = Ritorno a { $app }
form-post-returning = Continua su { $app }, che ti dirà cosa è successo.
co-verify-title = Accesso in corso
co-verify-wait = Un momento: { $app } sta confermando questo accesso.
co-verify-needs-script = Questo passaggio richiede JavaScript. Attivalo, poi torna su { $app } e accedi di nuovo.
co-verify-frame = Conferma dell’accesso

## The built-in email

email-code-subject = Il tuo codice di verifica per { $app }
email-code-heading = Il tuo codice di verifica
email-code-intro = Inserisci questo codice per accedere a { $app }:
email-code-text = Il tuo codice di verifica per { $app } è:
email-code-expires = Questo codice scade tra { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minuti
}.
email-code-ignore = Se non hai richiesto questo codice, puoi ignorare questa email.
email-link-subject = Accedi a { $app }
email-link-intro = Usa il pulsante qui sotto per accedere come { $email }.
email-link-text = Accedi a { $app } come { $email } aprendo questo link:
email-link-button = Accedi
email-link-expires = Questo link funziona una volta e scade tra { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minuti
}.
email-link-any-device = Puoi aprirlo su qualsiasi dispositivo.
email-link-on-phone = Aprilo sul telefono su cui è installata l'app { $app }.
email-link-or-code = Oppure inserisci questo codice:
email-link-copy = Se il pulsante non funziona, copia questo link nel browser:
email-link-ignore = Se non hai chiesto di accedere, puoi ignorare questa email.
email-footer = Questo messaggio è stato inviato da { $app } perché qualcuno ha chiesto di accedere con questo indirizzo ({ $email }).

## The built-in text message

sms-code = Il tuo codice di verifica è: { $code }
