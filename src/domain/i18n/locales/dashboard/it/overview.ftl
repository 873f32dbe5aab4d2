## The dashboard: overview.

dash-ov-title = Panoramica
dash-ov-since = Gli ultimi 14 giorni, dal { $since } (UTC). Gli accessi alla dashboard non sono conteggiati.
dash-ov-tile-logins = Accessi
dash-ov-tile-texts-sent = SMS inviati
dash-ov-tile-converted = SMS seguiti da un accesso
dash-ov-tile-failed = Accessi non riusciti
dash-ov-tile-refused = SMS rifiutati come pumping
dash-ov-logins-heading = Accessi al giorno
dash-ov-logins-empty = Nessun accesso in questi 14 giorni.
dash-ov-logins-chart = Accessi al giorno per connessione
dash-ov-logins-desc = Colonne sovrapposte, una al giorno; la tabella qui sotto riporta i numeri.
dash-ov-legend = Connessioni
dash-ov-logins-table = Accessi al giorno in tabella
dash-ov-col-day = Giorno
dash-ov-col-all = Totale
dash-ov-countries-heading = SMS per paese
dash-ov-countries-hint = Un paese i cui SMS portano raramente a un accesso è un segnale di SMS pumping; la protezione dal pumping lo blocca per un'ora.
dash-ov-countries-empty = Nessun SMS in questi 14 giorni.
dash-ov-countries-chart = SMS inviati per paese, con la quota seguita da un accesso
dash-ov-countries-desc = Barre orizzontali, una per paese; la tabella qui sotto riporta i numeri e i rifiuti.
dash-ov-countries-table = SMS per paese in tabella
dash-ov-col-country = Paese
dash-ov-col-conversion = Conversione
dash-ov-col-refused = Rifiutati dalla protezione dal pumping
dash-ov-country-note = { $count ->
    [one] { $count } inviato, { $conversion } di conversione
   *[other] { $count } inviati, { $conversion } di conversione
}
dash-ov-failures-heading = Accessi non riusciti per motivo
dash-ov-failures-empty = Nessun accesso non riuscito in questi 14 giorni.
dash-ov-failures-desc = Barre orizzontali, una per motivo; la tabella qui sotto riporta i numeri.
dash-ov-failures-table = Accessi non riusciti in tabella
dash-ov-col-reason = Motivo
dash-ov-reason-wrong-code = Codice errato
dash-ov-reason-code-expired = Codice scaduto o già usato
dash-ov-reason-too-many-attempts = Troppi codici errati
dash-ov-reason-user-blocked = Utente bloccato
dash-ov-reason-signup-disabled = Registrazioni disattivate
dash-ov-reason-rate-limited = Troppe richieste
dash-ov-reason-invalid-request = Richiesta non valida
dash-ov-reason-invalid-grant = Concessione non valida
dash-ov-reason-access-denied = Accesso negato
dash-ov-reason-client-auth-failed = Autenticazione del client non riuscita
dash-ov-providers-heading = Provider SMS
dash-ov-providers-hint = Gli errori sono gli invii non riusciti e gli SMS che il provider ha segnalato come non consegnati; il tempo di consegna va dal passaggio al provider fino alla sua ricevuta di consegna.
dash-ov-providers-empty = Nessun SMS con ricevuta e nessun invio non riuscito in questi 14 giorni.
dash-ov-providers-chart = Errori per provider SMS
dash-ov-providers-desc = Barre orizzontali, una per provider; la tabella qui sotto riporta i numeri e i tempi di consegna.
dash-ov-providers-table = Provider SMS in tabella
dash-ov-providers-caption = Errori e tempi di consegna dei provider SMS
dash-ov-provider-errors = { $count ->
    [one] { $count } errore
   *[other] { $count } errori
}
dash-ov-col-provider = Provider
dash-ov-col-receipts = SMS con ricevuta
dash-ov-col-undelivered = Non consegnati
dash-ov-col-delivered = Consegnati
dash-ov-col-mean = Tempo medio di consegna
dash-ov-col-slowest = Più lento
dash-ov-col-failed-sends = Invii non riusciti

## The dashboard: logs.

dash-logs-title = Log
dash-logs-type = Tipo
dash-logs-all-types = Tutti
dash-logs-user-id = ID utente
dash-logs-from-utc = Inizio (UTC)
dash-logs-to-utc = Fine (UTC)
dash-logs-from = Inizio
dash-logs-to = Fine
dash-logs-time-invalid = «{ $field }» deve essere una data e ora come 2026-11-29T14:05
dash-logs-follow = Segui i nuovi eventi
dash-logs-show = Mostra
dash-logs-total = { $count ->
    [one] { $count } voce corrispondente, dalla più recente, 50 per pagina.
   *[other] { $count } voci corrispondenti, dalla più recente, 50 per pagina.
}
dash-logs-entries = Voci del log
dash-logs-col-time = Data
dash-logs-col-description = Descrizione
dash-logs-col-user = Utente
dash-logs-col-application = Applicazione
dash-logs-col-connection = Connessione
dash-logs-col-ip = IP
dash-logs-dashboard-app = Dashboard
dash-logs-newer = Più recenti
dash-logs-older = Meno recenti

## The dashboard: users.

dash-users-title = Utenti
dash-users-search-label = Numero di telefono o indirizzo email
dash-users-search-placeholder = +14155550100 o qualcuno@example.com
dash-users-find = Cerca
dash-users-total = { $count ->
    [one] { $count } utente
   *[other] { $count } utenti
}
dash-users-total-matching = { $count ->
    [one] { $count } utente corrispondente a { $q }
   *[other] { $count } utenti corrispondenti a { $q }
}
dash-users-col-login = Identificativo
dash-users-col-connection = Connessione
dash-users-col-logins = Accessi
dash-users-col-last-login = Ultimo accesso
dash-users-col-status = Stato
dash-users-blocked = bloccato
dash-users-never = mai
dash-users-page = Pagina { $page } di { $pages }
dash-users-previous = Precedente
dash-users-next = Successiva
dash-users-profile = Profilo
dash-users-user-id = ID utente
dash-users-identity = Identità
dash-users-created = Creato
dash-users-last = ultimo: { $when }
dash-users-refresh-tokens = Refresh token attivi
dash-users-devices = Dispositivi (chiavi Touch ID)
dash-users-none = Nessuno.
dash-users-device-keys = Chiavi dei dispositivi
dash-users-col-device = Dispositivo
dash-users-col-application = Applicazione
dash-users-col-key = Chiave
dash-users-col-added = Aggiunta
dash-users-passkeys = Passkey
dash-users-col-name = Nome
dash-users-col-last-used = Ultimo utilizzo
dash-users-actions = Azioni
dash-users-block = Blocca
dash-users-unblock = Sblocca
dash-users-sign-out = Disconnetti ovunque
dash-users-delete = Elimina l'utente
dash-users-delete-intro = L'eliminazione rimuove l'utente insieme alle sue chiavi dei dispositivi, passkey e refresh token.
dash-users-confirm-label = Identificativo dell'utente
dash-users-confirm-hint = Digita { $login } per eliminare l'utente.
dash-users-confirm-mismatch = L'identificativo dell'utente non corrisponde: digita { $login } per eliminare l'utente
dash-users-log = Log di questo utente
dash-users-blocked-notice = Utente bloccato: i suoi accessi ora non riescono
dash-users-unblocked-notice = Utente sbloccato
dash-users-sessions-ended = { $count ->
    [one] { $count } sessione chiusa
   *[other] { $count } sessioni chiuse
}
dash-users-tokens-revoked = { $count ->
    [one] { $count } refresh token revocato
   *[other] { $count } refresh token revocati
}
dash-users-signed-out = Disconnesso: { $sessions }, { $tokens }
dash-users-deleted = Utente eliminato
