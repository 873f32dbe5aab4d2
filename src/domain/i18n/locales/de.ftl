# Deutsch

## The login page

sign-in-to = Bei { $app } anmelden
country-label = Land
country-search = Land oder Vorwahl suchen
phone-label = Telefonnummer
phone-hint = Wir schicken Ihnen einen Code per SMS.
email-label = E-Mail-Adresse
send-code = Code per SMS senden
email-code = Code per E-Mail senden
email-link = Link per E-Mail senden
or = oder
passkey-signin = Mit einem Passkey anmelden

## The code page

code-heading = Code eingeben
sent-by-sms = Wir haben einen Code per SMS an { $recipient } gesendet
sent-by-email = Wir haben einen Code per E-Mail an { $recipient } gesendet
code-label = Bestätigungscode
verify = Weiter
resend = Neuen Code senden
resend-wait = Neuer Code in { $seconds } s
use-another = Andere Telefonnummer oder E-Mail verwenden

## What went wrong on the login pages

wrong-code = Dieser Code stimmt nicht. Prüfen Sie die Nachricht und versuchen Sie es erneut.
wrong-code-tries-left = Dieser Code stimmt nicht. { $tries ->
    [one] Sie haben noch einen Versuch; danach brauchen Sie einen neuen Code.
   *[other] Sie haben noch { $tries } Versuche.
}
wrong-code-last = Dieser Code stimmt nicht, und das war der letzte Versuch. Fordern Sie einen neuen Code an.
expired-code = Dieser Code ist abgelaufen. Fordern Sie einen neuen an.
too-many-tries = Zu viele falsche Versuche. Fordern Sie einen neuen Code an.
code-not-checked = Der Code konnte gerade nicht geprüft werden; dieser Versuch wurde nicht gezählt. Bitte versuchen Sie es erneut.
rate-limited = Zu viele Versuche. Bitte warten Sie { $seconds ->
    [one] eine Sekunde
   *[other] { $seconds } Sekunden
} und versuchen Sie es erneut.
retry-in = Sie können es in { $seconds } s erneut versuchen.
retry-now = Sie können es jetzt erneut versuchen.
invalid-phone = Das sieht nicht nach einer Telefonnummer aus. Prüfen Sie Land und Nummer.
invalid-email = Das sieht nicht nach einer E-Mail-Adresse aus.
blocked = Dieses Konto ist gesperrt.
signup-disabled = Diese Anwendung nimmt keine neuen Konten an.
not-sent = Die Nachricht konnte nicht gesendet werden. Bitte versuchen Sie es später erneut.
start-again-title = Bitte neu beginnen
start-again = Diese Seite ist abgelaufen oder wurde nicht hier geöffnet. Kehren Sie zur App zurück und melden Sie sich erneut an.
went-wrong-title = Etwas ist schiefgelaufen
went-wrong = Bitte versuchen Sie es gleich noch einmal.
request-invalid-title = Diese Anmeldeanfrage ist ungültig
request-invalid = Die App, die Sie hierher geschickt hat, hat in ihrer Anmeldeanfrage einen Fehler gemacht. Kehren Sie zur App zurück und versuchen Sie es erneut; wenn es wieder passiert, teilen Sie den Entwicklern der App mit, was unten steht.
error-detail = Für die Entwickler der App:
logout-refused-title = Rückkehr zur App nicht möglich
logout-refused = Die App wollte Sie an eine Adresse schicken, die sie nicht registriert hat. Deshalb wurde nichts geändert: Sie sind weiterhin angemeldet.
sign-in-expired = Diese Anmeldung ist abgelaufen. Kehren Sie zur App zurück und melden Sie sich erneut an.

## Notices

link-sent-title = Prüfen Sie Ihre E-Mails
link-sent = Wir haben einen Anmeldelink an { $email } gesendet. Öffnen Sie ihn auf einem beliebigen Gerät; er funktioniert einmal, für wenige Minuten.
logged-out-title = Sie sind abgemeldet
logged-out = Sie können diese Seite schließen.

## Passkeys

passkey-offer-title = Nächstes Mal schneller anmelden
passkey-offer = Fügen Sie einen Passkey hinzu: Melden Sie sich nächstes Mal mit Fingerabdruck, Gesicht oder Bildschirmsperre statt mit einem Code an.
passkey-add = Passkey hinzufügen
not-now = Jetzt nicht, weiter

## The magic link pages

continue-as = Weiter als { $email }
link-continue = Weiter
scanner-note = Dieser zusätzliche Schritt verhindert, dass E-Mail-Sicherheitsscanner Ihren Anmeldelink vor Ihnen verwenden.
link-used-title = Dieser Link ist abgelaufen oder wurde bereits verwendet
code-used-title = Dieser Code ist abgelaufen oder wurde bereits verwendet
link-used = Anmeldelinks funktionieren nur einmal und nur wenige Minuten. Wir können Ihnen einen neuen senden.
send-new-link = Neuen Link senden
reopen-title = Bitte öffnen Sie den Link erneut
reopen = Diese Seite ist abgelaufen oder wurde nicht über Ihren Anmeldelink geöffnet. Öffnen Sie den Link aus Ihrer E-Mail erneut.
blocked-title = Dieses Konto ist gesperrt
blocked-help = Wenden Sie sich an den Support der Anwendung.
signup-closed-title = Die Registrierung ist geschlossen
too-many-title = Zu viele Versuche
too-many-link = Bitte warten Sie { $minutes ->
    [one] eine Minute
   *[other] { $minutes } Minuten
} und fordern Sie dann in der App einen neuen Link an.
resent-title = Prüfen Sie Ihre E-Mails
resent = Wir haben Ihnen einen neuen Anmeldelink gesendet. Er funktioniert einmal, für wenige Minuten.
wait-title = Bitte einen Moment warten
wait-link = Gerade wurde ein Link gesendet. Prüfen Sie Ihre E-Mails oder versuchen Sie es in { $seconds ->
    [one] einer Sekunde
   *[other] { $seconds } Sekunden
} erneut.
open-app = { $app } öffnen
open-on-phone = Dieser Link öffnet die App. Öffnen Sie ihn auf dem Telefon, auf dem die App installiert ist.
enter-code-in-app = Falls sich die App nicht geöffnet hat, geben Sie diesen Code in der App ein:
link-invalid-title = Dieser Link ist ungültig
link-no-connection = Der Link nennt keine Verbindung.
link-no-email = Der Link nennt keine E-Mail-Adresse.
link-no-phone = Der Link nennt keine Telefonnummer.
link-unknown-connection = Der Link nennt eine Verbindung, die dieser Server nicht kennt.
link-no-code = Der Link enthält keinen Bestätigungscode.
link-unknown-app = Der Link nennt eine Anwendung, die dieser Server nicht kennt.
form-unreadable = Das Formular konnte nicht gelesen werden.
form-no-app = Das Formular nennt keine Anwendung.
link-not-sent-title = Es wurde kein Link gesendet
link-request-refused = Diese Anmeldeanfrage wird nicht mehr angenommen. Kehren Sie zur App zurück und melden Sie sich erneut an.
not-found-title = Seite nicht gefunden
not-found = Hier gibt es keine Seite.

## Passing the answer on to the app (form_post, the cross-origin fallback)

form-post-signed-in-title = Sie sind angemeldet
form-post-signed-in = Weiter zu { $app }.
form-post-returning-title = Zurück zu { $app }
form-post-returning = Weiter zu { $app }; dort erfahren Sie, was passiert ist.
co-verify-title = Sie werden angemeldet
co-verify-wait = Einen Moment: { $app } bestätigt diese Anmeldung.
co-verify-needs-script = Dieser Schritt braucht JavaScript. Schalten Sie es ein, kehren Sie zu { $app } zurück und melden Sie sich erneut an.
co-verify-frame = Anmeldebestätigung

## The built-in email

email-code-subject = Ihr Bestätigungscode für { $app }
email-code-heading = Ihr Bestätigungscode
email-code-intro = Geben Sie diesen Code ein, um sich bei { $app } anzumelden:
email-code-text = Ihr Bestätigungscode für { $app } lautet:
email-code-expires = Dieser Code läuft in { $minutes ->
    [one] { $minutes } Minute
   *[other] { $minutes } Minuten
} ab.
email-code-ignore = Wenn Sie diesen Code nicht angefordert haben, können Sie diese E-Mail ignorieren.
email-link-subject = Bei { $app } anmelden
email-link-intro = Mit der Schaltfläche unten melden Sie sich als { $email } an.
email-link-text = Öffnen Sie diesen Link, um sich bei { $app } als { $email } anzumelden:
email-link-button = Anmelden
email-link-expires = Dieser Link funktioniert einmal und läuft in { $minutes ->
    [one] { $minutes } Minute
   *[other] { $minutes } Minuten
} ab.
email-link-any-device = Sie können ihn auf jedem Gerät öffnen.
email-link-on-phone = Öffnen Sie ihn auf dem Telefon, auf dem die App { $app } installiert ist.
email-link-or-code = Oder geben Sie diesen Code ein:
email-link-copy = Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:
email-link-ignore = Wenn Sie sich nicht anmelden wollten, können Sie diese E-Mail ignorieren.
email-footer = Diese Nachricht wurde von { $app } gesendet, weil jemand eine Anmeldung mit dieser Adresse ({ $email }) angefordert hat.

## The built-in text message

sms-code = Ihr Bestätigungscode lautet: { $code }
