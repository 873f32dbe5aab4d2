# Nederlands

## The login page

sign-in-to = Inloggen bij { $app }
country-label = Land
country-search = Zoek een land of landcode
phone-label = Telefoonnummer
phone-hint = We sturen je een code per sms.
email-label = E-mailadres
send-code = Stuur me een code per sms
email-code = Stuur me een code per e-mail
email-link = Stuur me een link per e-mail
or = of
passkey-signin = Inloggen met een passkey

## The code page

code-heading = Voer je code in
sent-by-sms = We hebben een code per sms gestuurd naar { $recipient }
sent-by-email = We hebben een code per e-mail gestuurd naar { $recipient }
code-label = Verificatiecode
verify = Doorgaan
resend = Stuur een nieuwe code
resend-wait = Nieuwe code over { $seconds } s
use-another = Een ander telefoonnummer of e-mailadres gebruiken

## What went wrong on the login pages

wrong-code = Die code klopt niet. Controleer het bericht en probeer het opnieuw.
wrong-code-tries-left = Die code klopt niet. { $tries ->
    [one] Je hebt nog één poging; daarna heb je een nieuwe code nodig.
   *[other] Je hebt nog { $tries } pogingen.
}
wrong-code-last = Die code klopt niet, en dat was de laatste poging. Vraag een nieuwe code aan.
expired-code = Deze code is verlopen. Vraag een nieuwe aan.
too-many-tries = Te veel verkeerde pogingen. Vraag een nieuwe code aan.
code-not-checked = De code kon nu niet worden gecontroleerd en deze poging is niet meegeteld. Probeer het opnieuw.
rate-limited = Te veel pogingen. Wacht { $seconds ->
    [one] één seconde
   *[other] { $seconds } seconden
} en probeer het opnieuw.
retry-in = Je kunt het over { $seconds } s opnieuw proberen.
retry-now = Je kunt het nu opnieuw proberen.
invalid-phone = Dit lijkt geen telefoonnummer. Controleer het land en het nummer.
invalid-email = Dit lijkt geen e-mailadres.
blocked = Dit account is geblokkeerd.
signup-disabled = Deze applicatie accepteert geen nieuwe accounts.
not-sent = We konden het bericht niet versturen. Probeer het later opnieuw.
start-again-title = Begin opnieuw
start-again = Deze pagina is verlopen of is hier niet geopend. Ga terug naar de app en log opnieuw in.
went-wrong-title = Er ging iets mis
went-wrong = Probeer het zo meteen opnieuw.
request-invalid-title = Dit inlogverzoek is niet geldig
request-invalid = De app die je hierheen stuurde, heeft een fout gemaakt in het inlogverzoek. Ga terug naar de app en probeer het opnieuw; gebeurt het weer, geef de makers van de app dan door wat hieronder staat.
error-detail = Voor de ontwikkelaar van de app:
logout-refused-title = Terug naar de app lukt niet
logout-refused = De app vroeg je naar een adres te sturen dat ze niet heeft geregistreerd, dus er is niets veranderd: je bent nog steeds ingelogd.
sign-in-expired = Deze aanmelding is verlopen. Ga terug naar de app en log opnieuw in.

## Notices

link-sent-title = Bekijk je e-mail
link-sent = We hebben een inloglink gestuurd naar { $email }. Open hem op elk apparaat; hij werkt één keer, een paar minuten lang.
logged-out-title = Je bent uitgelogd
logged-out = Je kunt deze pagina sluiten.

## Passkeys

passkey-offer-title = Volgende keer sneller inloggen
passkey-offer = Voeg een passkey toe: log de volgende keer in met je vingerafdruk, gezicht of schermvergrendeling in plaats van een code.
passkey-add = Passkey toevoegen
not-now = Niet nu, doorgaan

## The magic link pages

continue-as = Doorgaan als { $email }
link-continue = Doorgaan
scanner-note = Deze extra stap voorkomt dat beveiligingsscanners van e-mail je inloglink eerder gebruiken dan jij.
link-used-title = Deze link is verlopen of al gebruikt
code-used-title = Deze code is verlopen of al gebruikt
link-used = Inloglinks werken één keer en maar een paar minuten. We kunnen je een nieuwe sturen.
send-new-link = Stuur me een nieuwe link
reopen-title = Open de link opnieuw
reopen = Deze pagina is verlopen of is niet via je inloglink geopend. Open de link uit je e-mail opnieuw.
blocked-title = Dit account is geblokkeerd
blocked-help = Neem contact op met de support van de applicatie.
signup-closed-title = Registreren is gesloten
too-many-title = Te veel pogingen
too-many-link = Wacht { $minutes ->
    [one] één minuut
   *[other] { $minutes } minuten
} en vraag daarna in de app een nieuwe link aan.
resent-title = Bekijk je e-mail
resent = We hebben je een nieuwe inloglink gestuurd. Hij werkt één keer, een paar minuten lang.
wait-title = Een ogenblik geduld
wait-link = Er is net een link verstuurd. Bekijk je e-mail of probeer het over { $seconds ->
    [one] één seconde
   *[other] { $seconds } seconden
} opnieuw.
open-app = { $app } openen
open-on-phone = Deze link opent de app. Open hem op de telefoon waarop de app staat.
enter-code-in-app = Als de app niet is geopend, voer dan deze code in de app in:
link-invalid-title = Deze link is niet geldig
link-no-connection = De link noemt geen verbinding.
link-no-email = De link noemt geen e-mailadres.
link-no-phone = De link noemt geen telefoonnummer.
link-unknown-connection = De link noemt een verbinding die deze server niet kent.
link-no-code = De link bevat geen verificatiecode.
link-unknown-app = De link noemt een applicatie die deze server niet kent.
form-unreadable = Het formulier kon niet worden gelezen.
form-no-app = Het formulier noemt geen applicatie.
link-not-sent-title = Er is geen link verstuurd
link-request-refused = Dit inlogverzoek wordt niet meer geaccepteerd. Ga terug naar de app en log opnieuw in.
not-found-title = Pagina niet gevonden
not-found = Hier staat geen pagina.

## Passing the answer on to the app (form_post, the cross-origin fallback)

form-post-signed-in-title = Je bent ingelogd
form-post-signed-in = Ga verder naar { $app }.
form-post-returning-title = Terug naar { $app }
form-post-returning = Ga verder naar { $app }; daar zie je wat er is gebeurd.
co-verify-title = Je wordt ingelogd
co-verify-wait = Een moment: { $app } bevestigt deze aanmelding.
co-verify-needs-script = Voor deze stap is JavaScript nodig. Zet het aan, ga terug naar { $app } en log opnieuw in.
co-verify-frame = Bevestiging van de aanmelding

## The built-in email

email-code-subject = Je verificatiecode voor { $app }
email-code-heading = Je verificatiecode
email-code-intro = Voer deze code in om in te loggen bij { $app }:
email-code-text = Je verificatiecode voor { $app } is:
email-code-expires = Deze code verloopt over { $minutes ->
    [one] { $minutes } minuut
   *[other] { $minutes } minuten
}.
email-code-ignore = Heb je deze code niet aangevraagd? Dan kun je deze e-mail negeren.
email-link-subject = Inloggen bij { $app }
email-link-intro = Gebruik de knop hieronder om in te loggen als { $email }.
email-link-text = Log in bij { $app } als { $email } door deze link te openen:
email-link-button = Inloggen
email-link-expires = Deze link werkt één keer en verloopt over { $minutes ->
    [one] { $minutes } minuut
   *[other] { $minutes } minuten
}.
email-link-any-device = Je kunt hem op elk apparaat openen.
email-link-on-phone = Open hem op de telefoon waarop de app { $app } staat.
email-link-or-code = Of voer deze code in:
email-link-copy = Werkt de knop niet? Kopieer deze link dan naar je browser:
email-link-ignore = Wilde je niet inloggen? Dan kun je deze e-mail negeren.
email-footer = Dit bericht is verstuurd door { $app } omdat iemand wilde inloggen met dit adres ({ $email }).

## The built-in text message

sms-code = Je verificatiecode is: { $code }
