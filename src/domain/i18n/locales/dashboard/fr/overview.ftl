## The dashboard: overview.

dash-ov-title = Vue d’ensemble
dash-ov-since = Les 14 derniers jours, depuis le { $since } (UTC). Les connexions au tableau de bord ne sont pas comptées.
dash-ov-tile-logins = Connexions
dash-ov-tile-texts-sent = SMS envoyés
dash-ov-tile-converted = SMS suivis d’une connexion
dash-ov-tile-failed = Connexions échouées
dash-ov-tile-refused = SMS refusés pour pompage
dash-ov-logins-heading = Connexions par jour
dash-ov-logins-empty = Aucune connexion ces 14 derniers jours.
dash-ov-logins-chart = Connexions par jour, selon la connexion utilisée
dash-ov-logins-desc = Colonnes empilées, une par jour ; le tableau ci-dessous donne les chiffres.
dash-ov-legend = Connexions
dash-ov-logins-table = Connexions par jour sous forme de tableau
dash-ov-col-day = Jour
dash-ov-col-all = Total
dash-ov-countries-heading = SMS par pays
dash-ov-countries-hint = Un pays dont les SMS mènent rarement à une connexion signale un pompage de SMS ; la protection contre le pompage le bloque pendant une heure.
dash-ov-countries-empty = Aucun SMS ces 14 derniers jours.
dash-ov-countries-chart = SMS envoyés par pays, avec la part suivie d’une connexion
dash-ov-countries-desc = Barres horizontales, une par pays ; le tableau ci-dessous donne les chiffres et les refus.
dash-ov-countries-table = SMS par pays sous forme de tableau
dash-ov-col-country = Pays
dash-ov-col-conversion = Conversion
dash-ov-col-refused = Refusés par la protection contre le pompage
dash-ov-country-note = { $count ->
    [one] { $count } envoyé, { $conversion } de conversion
   *[other] { $count } envoyés, { $conversion } de conversion
}
dash-ov-failures-heading = Connexions échouées par motif
dash-ov-failures-empty = Aucune connexion échouée ces 14 derniers jours.
dash-ov-failures-desc = Barres horizontales, une par motif ; le tableau ci-dessous donne les chiffres.
dash-ov-failures-table = Connexions échouées sous forme de tableau
dash-ov-col-reason = Motif
dash-ov-reason-wrong-code = Code erroné
dash-ov-reason-code-expired = Code expiré ou déjà utilisé
dash-ov-reason-too-many-attempts = Trop de codes erronés
dash-ov-reason-user-blocked = Utilisateur bloqué
dash-ov-reason-signup-disabled = Inscriptions désactivées
dash-ov-reason-rate-limited = Trop de requêtes
dash-ov-reason-invalid-request = Requête invalide
dash-ov-reason-invalid-grant = Autorisation invalide
dash-ov-reason-access-denied = Accès refusé
dash-ov-reason-client-auth-failed = Échec de l’authentification du client
dash-ov-providers-heading = Fournisseurs SMS
dash-ov-providers-hint = Les erreurs regroupent les envois échoués et les SMS que le fournisseur a signalés comme non distribués ; le délai de distribution va de la remise au fournisseur jusqu’à son accusé de distribution.
dash-ov-providers-empty = Aucun SMS avec accusé de réception et aucun envoi échoué ces 14 derniers jours.
dash-ov-providers-chart = Erreurs par fournisseur SMS
dash-ov-providers-desc = Barres horizontales, une par fournisseur ; le tableau ci-dessous donne les chiffres et les délais de distribution.
dash-ov-providers-table = Fournisseurs SMS sous forme de tableau
dash-ov-providers-caption = Erreurs et délais de distribution des fournisseurs SMS
dash-ov-provider-errors = { $count ->
    [one] { $count } erreur
   *[other] { $count } erreurs
}
dash-ov-col-provider = Fournisseur
dash-ov-col-receipts = SMS avec accusé
dash-ov-col-undelivered = Non distribués
dash-ov-col-delivered = Distribués
dash-ov-col-mean = Délai moyen de distribution
dash-ov-col-slowest = Le plus lent
dash-ov-col-failed-sends = Envois échoués

## The dashboard: logs.

dash-logs-title = Journaux
dash-logs-type = Type
dash-logs-all-types = Tous
dash-logs-user-id = ID utilisateur
dash-logs-from-utc = Début (UTC)
dash-logs-to-utc = Fin (UTC)
dash-logs-from = Début
dash-logs-to = Fin
dash-logs-time-invalid = « { $field } » doit être une date et une heure, par exemple 2026-11-29T14:05
dash-logs-follow = Suivre les nouveaux événements
dash-logs-show = Afficher
dash-logs-total = { $count ->
    [one] { $count } entrée correspondante, les plus récentes en premier, 50 par page.
   *[other] { $count } entrées correspondantes, les plus récentes en premier, 50 par page.
}
dash-logs-entries = Entrées du journal
dash-logs-col-time = Date
dash-logs-col-description = Description
dash-logs-col-user = Utilisateur
dash-logs-col-application = Application
dash-logs-col-connection = Connexion
dash-logs-col-ip = IP
dash-logs-dashboard-app = Tableau de bord
dash-logs-newer = Plus récentes
dash-logs-older = Plus anciennes

## The dashboard: users.

dash-users-title = Utilisateurs
dash-users-search-label = Numéro de téléphone ou adresse e-mail
dash-users-search-placeholder = +14155550100 ou nom@example.com
dash-users-find = Rechercher
dash-users-total = { $count ->
    [one] { $count } utilisateur
   *[other] { $count } utilisateurs
}
dash-users-total-matching = { $count ->
    [one] { $count } utilisateur correspondant à { $q }
   *[other] { $count } utilisateurs correspondant à { $q }
}
dash-users-col-login = Identifiant
dash-users-col-connection = Connexion
dash-users-col-logins = Nb de connexions
dash-users-col-last-login = Dernière connexion
dash-users-col-status = Statut
dash-users-blocked = bloqué
dash-users-never = jamais
dash-users-page = Page { $page } sur { $pages }
dash-users-previous = Précédente
dash-users-next = Suivante
dash-users-profile = Profil
dash-users-user-id = ID utilisateur
dash-users-identity = Identité
dash-users-created = Créé le
dash-users-last = dernière : { $when }
dash-users-refresh-tokens = Jetons d’actualisation actifs
dash-users-devices = Appareils (clés Touch ID)
dash-users-none = Aucun.
dash-users-device-keys = Clés d’appareil
dash-users-col-device = Appareil
dash-users-col-application = Application
dash-users-col-key = Clé
dash-users-col-added = Ajoutée le
dash-users-passkeys = Clés d’accès
dash-users-col-name = Nom
dash-users-col-last-used = Dernière utilisation
dash-users-actions = Actions
dash-users-block = Bloquer
dash-users-unblock = Débloquer
dash-users-sign-out = Déconnecter partout
dash-users-delete = Supprimer l’utilisateur
dash-users-delete-intro = La suppression retire l’utilisateur ainsi que ses clés d’appareil, ses clés d’accès et ses jetons d’actualisation.
dash-users-confirm-label = Identifiant de l’utilisateur
dash-users-confirm-hint = Saisissez { $login } pour supprimer l’utilisateur.
dash-users-confirm-mismatch = L’identifiant de l’utilisateur ne correspond pas : saisissez { $login } pour supprimer l’utilisateur
dash-users-log = Journal de cet utilisateur
dash-users-blocked-notice = Utilisateur bloqué : ses connexions échouent désormais
dash-users-unblocked-notice = Utilisateur débloqué
dash-users-sessions-ended = { $count ->
    [one] { $count } session fermée
   *[other] { $count } sessions fermées
}
dash-users-tokens-revoked = { $count ->
    [one] { $count } jeton d’actualisation révoqué
   *[other] { $count } jetons d’actualisation révoqués
}
dash-users-signed-out = Déconnecté : { $sessions }, { $tokens }
dash-users-deleted = Utilisateur supprimé
