## The dashboard: overview.

dash-ov-title = Übersicht
dash-ov-since = Die letzten 14 Tage, seit { $since } (UTC). Anmeldungen im Dashboard werden nicht gezählt.
dash-ov-tile-logins = Anmeldungen
dash-ov-tile-texts-sent = Gesendete SMS
dash-ov-tile-converted = SMS mit anschließender Anmeldung
dash-ov-tile-failed = Fehlgeschlagene Anmeldungen
dash-ov-tile-refused = Als Pumping abgelehnte SMS
dash-ov-logins-heading = Anmeldungen pro Tag
dash-ov-logins-empty = Keine Anmeldungen in diesen 14 Tagen.
dash-ov-logins-chart = Anmeldungen pro Tag nach Verbindung
dash-ov-logins-desc = Gestapelte Säulen, eine pro Tag; die Tabelle unten enthält die Zahlen.
dash-ov-legend = Verbindungen
dash-ov-logins-table = Anmeldungen pro Tag als Tabelle
dash-ov-col-day = Tag
dash-ov-col-all = Gesamt
dash-ov-countries-heading = SMS nach Land
dash-ov-countries-hint = Ein Land, dessen SMS selten zu einer Anmeldung führen, ist ein Zeichen für SMS-Pumping; der Pumping-Schutz sperrt es für eine Stunde.
dash-ov-countries-empty = Keine SMS in diesen 14 Tagen.
dash-ov-countries-chart = Gesendete SMS nach Land, mit dem Anteil, der zu einer Anmeldung führte
dash-ov-countries-desc = Horizontale Balken, einer pro Land; die Tabelle unten enthält die Zahlen und die Ablehnungen.
dash-ov-countries-table = SMS nach Land als Tabelle
dash-ov-col-country = Land
dash-ov-col-conversion = Konversion
dash-ov-col-refused = Vom Pumping-Schutz abgelehnt
dash-ov-country-note = { $count } gesendet, { $conversion } Konversion
dash-ov-failures-heading = Fehlgeschlagene Anmeldungen nach Grund
dash-ov-failures-empty = Keine fehlgeschlagenen Anmeldungen in diesen 14 Tagen.
dash-ov-failures-desc = Horizontale Balken, einer pro Grund; die Tabelle unten enthält die Zahlen.
dash-ov-failures-table = Fehlgeschlagene Anmeldungen als Tabelle
dash-ov-col-reason = Grund
dash-ov-reason-wrong-code = Falscher Code
dash-ov-reason-code-expired = Code abgelaufen oder verwendet
dash-ov-reason-too-many-attempts = Zu viele falsche Codes
dash-ov-reason-user-blocked = Benutzer gesperrt
dash-ov-reason-signup-disabled = Registrierung deaktiviert
dash-ov-reason-rate-limited = Zu viele Anfragen
dash-ov-reason-invalid-request = Ungültige Anfrage
dash-ov-reason-invalid-grant = Ungültiger Grant
dash-ov-reason-access-denied = Zugriff verweigert
dash-ov-reason-client-auth-failed = Client-Authentifizierung fehlgeschlagen
dash-ov-providers-heading = SMS-Anbieter
dash-ov-providers-hint = Fehler sind fehlgeschlagene Sendungen und SMS, die der Anbieter als nicht zugestellt gemeldet hat; die Zustellzeit reicht von der Übergabe an den Anbieter bis zu seiner Zustellbestätigung.
dash-ov-providers-empty = Keine SMS mit Zustellbestätigung und keine fehlgeschlagenen Sendungen in diesen 14 Tagen.
dash-ov-providers-chart = Fehler nach SMS-Anbieter
dash-ov-providers-desc = Horizontale Balken, einer pro Anbieter; die Tabelle unten enthält die Zahlen und die Zustellzeiten.
dash-ov-providers-table = SMS-Anbieter als Tabelle
dash-ov-providers-caption = Fehler und Zustellzeiten der SMS-Anbieter
dash-ov-provider-errors = { $count } Fehler
dash-ov-col-provider = Anbieter
dash-ov-col-receipts = SMS mit Zustellbestätigung
dash-ov-col-undelivered = Nicht zugestellt
dash-ov-col-delivered = Zugestellt
dash-ov-col-mean = Mittlere Zustellzeit
dash-ov-col-slowest = Langsamste
dash-ov-col-failed-sends = Fehlgeschlagene Sendungen

## The dashboard: logs.

dash-logs-title = Protokoll
dash-logs-type = Typ
dash-logs-all-types = Alle
dash-logs-user-id = Benutzer-ID
dash-logs-from-utc = Von (UTC)
dash-logs-to-utc = Bis (UTC)
dash-logs-from = Von
dash-logs-to = Bis
dash-logs-time-invalid = „{ $field }“ muss ein Datum mit Uhrzeit sein, etwa 2026-11-29T14:05
dash-logs-follow = Neue Ereignisse live anzeigen
dash-logs-show = Anzeigen
dash-logs-total = { $count ->
    [one] { $count } passender Eintrag, neueste zuerst, 50 pro Seite.
   *[other] { $count } passende Einträge, neueste zuerst, 50 pro Seite.
}
dash-logs-entries = Protokolleinträge
dash-logs-col-time = Zeit
dash-logs-col-description = Beschreibung
dash-logs-col-user = Benutzer
dash-logs-col-application = Anwendung
dash-logs-col-connection = Verbindung
dash-logs-col-ip = IP
dash-logs-dashboard-app = Dashboard
dash-logs-newer = Neuer
dash-logs-older = Älter

## The dashboard: users.

dash-users-title = Benutzer
dash-users-search-label = Telefonnummer oder E-Mail-Adresse
dash-users-search-placeholder = +14155550100 oder jemand@example.com
dash-users-find = Suchen
dash-users-total = { $count } Benutzer
dash-users-total-matching = { $count } Benutzer passend zu { $q }
dash-users-col-login = Kennung
dash-users-col-connection = Verbindung
dash-users-col-logins = Anmeldungen
dash-users-col-last-login = Letzte Anmeldung
dash-users-col-status = Status
dash-users-blocked = gesperrt
dash-users-never = nie
dash-users-page = Seite { $page } von { $pages }
dash-users-previous = Zurück
dash-users-next = Weiter
dash-users-profile = Profil
dash-users-user-id = Benutzer-ID
dash-users-identity = Identität
dash-users-created = Erstellt
dash-users-last = letzte: { $when }
dash-users-refresh-tokens = Aktive Refresh-Tokens
dash-users-devices = Geräte (Touch-ID-Schlüssel)
dash-users-none = Keine.
dash-users-device-keys = Geräteschlüssel
dash-users-col-device = Gerät
dash-users-col-application = Anwendung
dash-users-col-key = Schlüssel
dash-users-col-added = Hinzugefügt
dash-users-passkeys = Passkeys
dash-users-col-name = Name
dash-users-col-last-used = Zuletzt verwendet
dash-users-actions = Aktionen
dash-users-block = Sperren
dash-users-unblock = Entsperren
dash-users-sign-out = Überall abmelden
dash-users-delete = Benutzer löschen
dash-users-delete-intro = Beim Löschen werden der Benutzer und seine Geräteschlüssel, Passkeys und Refresh-Tokens entfernt.
dash-users-confirm-label = Kennung des Benutzers
dash-users-confirm-hint = Geben Sie { $login } ein, um den Benutzer zu löschen.
dash-users-confirm-mismatch = Die Kennung des Benutzers stimmt nicht überein: Geben Sie { $login } ein, um den Benutzer zu löschen
dash-users-log = Protokoll dieses Benutzers
dash-users-blocked-notice = Benutzer gesperrt: Seine Anmeldungen schlagen jetzt fehl
dash-users-unblocked-notice = Benutzer entsperrt
dash-users-sessions-ended = { $count ->
    [one] { $count } Sitzung beendet
   *[other] { $count } Sitzungen beendet
}
dash-users-tokens-revoked = { $count ->
    [one] { $count } Refresh-Token widerrufen
   *[other] { $count } Refresh-Tokens widerrufen
}
dash-users-signed-out = Abgemeldet: { $sessions }, { $tokens }
dash-users-deleted = Benutzer gelöscht
