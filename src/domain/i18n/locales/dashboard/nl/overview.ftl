## The dashboard: overview.

dash-ov-title = Overzicht
dash-ov-since = De afgelopen 14 dagen, sinds { $since } (UTC). Aanmeldingen bij het dashboard tellen niet mee.
dash-ov-tile-logins = Aanmeldingen
dash-ov-tile-texts-sent = Verzonden sms-berichten
dash-ov-tile-converted = Sms-berichten die tot een aanmelding leidden
dash-ov-tile-failed = Mislukte aanmeldingen
dash-ov-tile-refused = Als pumping geweigerde sms-berichten
dash-ov-logins-heading = Aanmeldingen per dag
dash-ov-logins-empty = Geen aanmeldingen in deze 14 dagen.
dash-ov-logins-chart = Aanmeldingen per dag per verbinding
dash-ov-logins-desc = Gestapelde kolommen, één per dag; de tabel hieronder bevat de cijfers.
dash-ov-legend = Verbindingen
dash-ov-logins-table = Aanmeldingen per dag als tabel
dash-ov-col-day = Dag
dash-ov-col-all = Totaal
dash-ov-countries-heading = Sms-berichten per land
dash-ov-countries-hint = Een land waarvan de sms-berichten zelden tot een aanmelding leiden, wijst op sms-pumping; de pumpingbeveiliging sluit het een uur lang af.
dash-ov-countries-empty = Geen sms-berichten in deze 14 dagen.
dash-ov-countries-chart = Verzonden sms-berichten per land, met het aandeel dat tot een aanmelding leidde
dash-ov-countries-desc = Horizontale balken, één per land; de tabel hieronder bevat de cijfers en de weigeringen.
dash-ov-countries-table = Sms-berichten per land als tabel
dash-ov-col-country = Land
dash-ov-col-conversion = Conversie
dash-ov-col-refused = Geweigerd door pumpingbeveiliging
dash-ov-country-note = { $count } verzonden, { $conversion } conversie
dash-ov-failures-heading = Mislukte aanmeldingen per reden
dash-ov-failures-empty = Geen mislukte aanmeldingen in deze 14 dagen.
dash-ov-failures-desc = Horizontale balken, één per reden; de tabel hieronder bevat de cijfers.
dash-ov-failures-table = Mislukte aanmeldingen als tabel
dash-ov-col-reason = Reden
dash-ov-reason-wrong-code = Verkeerde code
dash-ov-reason-code-expired = Code verlopen of al gebruikt
dash-ov-reason-too-many-attempts = Te veel verkeerde codes
dash-ov-reason-user-blocked = Gebruiker geblokkeerd
dash-ov-reason-signup-disabled = Registratie uitgeschakeld
dash-ov-reason-rate-limited = Te veel verzoeken
dash-ov-reason-invalid-request = Ongeldig verzoek
dash-ov-reason-invalid-grant = Ongeldige grant
dash-ov-reason-access-denied = Toegang geweigerd
dash-ov-reason-client-auth-failed = Clientauthenticatie mislukt
dash-ov-providers-heading = Sms-providers
dash-ov-providers-hint = Fouten zijn mislukte verzendingen en sms-berichten die de provider als niet afgeleverd meldde; de aflevertijd loopt van de overdracht aan de provider tot diens afleverbevestiging.
dash-ov-providers-empty = Geen sms-berichten met afleverbevestiging en geen mislukte verzendingen in deze 14 dagen.
dash-ov-providers-chart = Fouten per sms-provider
dash-ov-providers-desc = Horizontale balken, één per provider; de tabel hieronder bevat de cijfers en de aflevertijden.
dash-ov-providers-table = Sms-providers als tabel
dash-ov-providers-caption = Fouten en aflevertijden van de sms-providers
dash-ov-provider-errors = { $count ->
    [one] { $count } fout
   *[other] { $count } fouten
}
dash-ov-col-provider = Provider
dash-ov-col-receipts = Sms-berichten met bevestiging
dash-ov-col-undelivered = Niet afgeleverd
dash-ov-col-delivered = Afgeleverd
dash-ov-col-mean = Gemiddelde aflevertijd
dash-ov-col-slowest = Traagste
dash-ov-col-failed-sends = Mislukte verzendingen

## The dashboard: logs.

dash-logs-title = Logboek
dash-logs-type = Type
dash-logs-all-types = Alle
dash-logs-user-id = Gebruikers-ID
dash-logs-from-utc = Van (UTC)
dash-logs-to-utc = Tot (UTC)
dash-logs-from = Van
dash-logs-to = Tot
dash-logs-time-invalid = ‘{ $field }’ moet een datum en tijd zijn, zoals 2026-11-29T14:05
dash-logs-follow = Nieuwe gebeurtenissen volgen
dash-logs-show = Tonen
dash-logs-total = { $count ->
    [one] { $count } overeenkomende regel, nieuwste eerst, 50 per pagina.
   *[other] { $count } overeenkomende regels, nieuwste eerst, 50 per pagina.
}
dash-logs-entries = Logboekregels
dash-logs-col-time = Tijd
dash-logs-col-description = Beschrijving
dash-logs-col-user = Gebruiker
dash-logs-col-application = Applicatie
dash-logs-col-connection = Verbinding
dash-logs-col-ip = IP
dash-logs-dashboard-app = Dashboard
dash-logs-newer = Nieuwer
dash-logs-older = Ouder

## The dashboard: users.

dash-users-title = Gebruikers
dash-users-search-label = Telefoonnummer of e-mailadres
dash-users-search-placeholder = +14155550100 of iemand@example.com
dash-users-find = Zoeken
dash-users-total = { $count ->
    [one] { $count } gebruiker
   *[other] { $count } gebruikers
}
dash-users-total-matching = { $count ->
    [one] { $count } gebruiker die overeenkomt met { $q }
   *[other] { $count } gebruikers die overeenkomen met { $q }
}
dash-users-col-login = Login
dash-users-col-connection = Verbinding
dash-users-col-logins = Aanmeldingen
dash-users-col-last-login = Laatste aanmelding
dash-users-col-status = Status
dash-users-blocked = geblokkeerd
dash-users-never = nooit
dash-users-page = Pagina { $page } van { $pages }
dash-users-previous = Vorige
dash-users-next = Volgende
dash-users-profile = Profiel
dash-users-user-id = Gebruikers-ID
dash-users-identity = Identiteit
dash-users-created = Aangemaakt
dash-users-last = laatste: { $when }
dash-users-refresh-tokens = Actieve refreshtokens
dash-users-devices = Apparaten (Touch ID-sleutels)
dash-users-none = Geen.
dash-users-device-keys = Apparaatsleutels
dash-users-col-device = Apparaat
dash-users-col-application = Applicatie
dash-users-col-key = Sleutel
dash-users-col-added = Toegevoegd
dash-users-passkeys = Passkeys
dash-users-col-name = Naam
dash-users-col-last-used = Laatst gebruikt
dash-users-actions = Acties
dash-users-block = Blokkeren
dash-users-unblock = Deblokkeren
dash-users-sign-out = Overal afmelden
dash-users-delete = Gebruiker verwijderen
dash-users-delete-intro = Verwijderen wist de gebruiker met diens apparaatsleutels, passkeys en refreshtokens.
dash-users-confirm-label = Login van de gebruiker
dash-users-confirm-hint = Typ { $login } om de gebruiker te verwijderen.
dash-users-confirm-mismatch = De login van de gebruiker komt niet overeen: typ { $login } om de gebruiker te verwijderen
dash-users-log = Logboek van deze gebruiker
dash-users-blocked-notice = Gebruiker geblokkeerd: aanmeldingen mislukken nu
dash-users-unblocked-notice = Gebruiker gedeblokkeerd
dash-users-sessions-ended = { $count ->
    [one] { $count } sessie beëindigd
   *[other] { $count } sessies beëindigd
}
dash-users-tokens-revoked = { $count ->
    [one] { $count } refreshtoken ingetrokken
   *[other] { $count } refreshtokens ingetrokken
}
dash-users-signed-out = Afgemeld: { $sessions }, { $tokens }
dash-users-deleted = Gebruiker verwijderd
