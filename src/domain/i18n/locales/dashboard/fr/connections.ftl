## The dashboard: connections.

## The connections list

dash-conn-list-title = Connexions
dash-conn-list-heading = Connexions › Sans mot de passe
dash-conn-col-connection = Connexion
dash-conn-col-type = Type
dash-conn-col-sends = Envoi
dash-conn-strategy-sms = SMS
dash-conn-strategy-email = E-mail
dash-conn-sends-from = { $provider }, depuis { $from }
dash-conn-sends-log = Développement : les SMS vont dans le journal du serveur
dash-conn-sends-gateway = Passerelle SMS à { $url }
dash-conn-sends-verify = Twilio Verify, service { $sid }
dash-conn-sends-custom = Modèle personnalisé
dash-conn-sends-built-in = Modèles intégrés
dash-conn-new-label = Nouvelle connexion
dash-conn-new-type = Type
dash-conn-create = Créer
dash-conn-created = Connexion créée
dash-conn-deleted = Connexion { $name } supprimée, avec ses utilisateurs
dash-conn-email-provider = Fournisseur d’e-mail
dash-conn-email-provider-log = Développement : les e-mails vont dans le journal du serveur
dash-conn-set-up-smtp = Configurer SMTP
dash-conn-keys-heading = Clés d’appareil et clés d’accès
dash-conn-device-keys = Touch ID (clés d’appareil) :
dash-conn-state-on = activé
dash-conn-state-off = désactivé
dash-conn-state-end = .
dash-conn-device-keys-about = Les apps enregistrent la clé d’un appareil et se connectent avec elle, là où l’application autorise l’autorisation { $grant } (voir Applications).
dash-conn-device-keys-switch-on = Activer Touch ID
dash-conn-device-keys-switch-off = Désactiver Touch ID
dash-conn-device-keys-on = Touch ID est activé
dash-conn-device-keys-off = Touch ID est désactivé
dash-conn-passkeys = Clés d’accès :
dash-conn-passkeys-about = Les utilisateurs peuvent ajouter une clé d’accès après une connexion par code, puis se connecter avec elle seule, sur la connexion hébergée et via l’API native.
dash-conn-passkeys-switch-on = Activer les clés d’accès
dash-conn-passkeys-switch-off = Désactiver les clés d’accès
dash-conn-passkeys-on = Les clés d’accès sont activées
dash-conn-passkeys-off = Les clés d’accès sont désactivées
dash-conn-passkeys-need-host = Les clés d’accès exigent un nom d’hôte dans l’émetteur (une adresse IP ne peut pas servir d’identifiant de partie de confiance) ; utilisez { $host } pour le développement.

## What an SMS and an email connection's pages share

dash-conn-code-length = Longueur du code
dash-conn-code-lifetime = Durée de validité du code
dash-conn-code-lifetime-seconds = Durée de validité du code (secondes)
dash-conn-disable-signup = Désactiver les inscriptions (seuls les utilisateurs existants peuvent se connecter)
dash-conn-save = Enregistrer
dash-conn-saved = Enregistré
dash-conn-whole-number = { $field } doit être un nombre entier
dash-conn-preview-failed = (le modèle ne peut pas être rendu : { $error })
dash-conn-not-sent = Non envoyé : { $reason }
dash-conn-secret-saved = •••••••• enregistré ; laissez vide pour le conserver
dash-conn-secret-unset = non défini
dash-conn-delete-heading = Supprimer
dash-conn-delete-about = Supprimer la connexion supprime aussi ses utilisateurs, avec leurs clés, clés d’accès et jetons.
dash-conn-confirm-label = Nom de la connexion
dash-conn-confirm-hint = Saisissez { $name } pour supprimer la connexion.
dash-conn-confirm-mismatch = Le nom de la connexion ne correspond pas : saisissez { $name } pour supprimer la connexion
dash-conn-delete = Supprimer la connexion

## An SMS connection's page

dash-conn-sms-title = Connexion SMS { $name }
dash-conn-failover-heading = Fournisseurs de secours
dash-conn-failover-hint = Essayés dans l’ordre après le fournisseur ci-dessus, uniquement s’il n’a pas pu envoyer le SMS. Laissez la dernière entrée vide pour n’en ajouter aucun.
dash-conn-routes-heading = Routes par pays
dash-conn-routes-hint = Les numéros de ces pays passent uniquement par ces fournisseurs, dans cet ordre.
dash-conn-whatsapp = WhatsApp (via le compte Twilio ci-dessus ; laissez vide pour ne pas l’utiliser)
dash-conn-message-heading = Message
dash-conn-syntax = Syntaxe du modèle
dash-conn-syntax-macros = Texte avec @@macros@@
dash-conn-message = Message
dash-conn-sms-macros-hint = @@password@@ est le code ; @@application.name@@ le nom de l’app. En Liquid : { $code }, { $app }.
dash-conn-preview-with-code = Aperçu avec le code { $code } :
dash-conn-test-sms = Envoyer un SMS de test
dash-conn-phone = Numéro de téléphone
dash-conn-phone-e164 = Numéro de téléphone (E.164)
dash-conn-test-sms-hint = Envoie le message enregistré avec un code d’exemple ; il ne permet pas de se connecter.
dash-conn-test-sms-sent = SMS de test envoyé au { $to }

## An SMS connection's providers: the own one, failover ones, country routes, WhatsApp

dash-conn-provider = Fournisseur
dash-conn-provider-hint = Remplissez les champs du fournisseur choisi ; les autres sont conservés tels quels.
dash-conn-receipts-default = Par défaut : activés si l’émetteur est en https
dash-conn-receipts-on = Activés
dash-conn-receipts-off = Désactivés
dash-conn-kind-twilio = Twilio
dash-conn-kind-twilio-verify = Twilio Verify (Twilio crée et vérifie le code)
dash-conn-kind-gateway = Passerelle SMS (contrat de passerelle personnalisée d’Auth0)
dash-conn-kind-vonage = Vonage
dash-conn-kind-messagebird = MessageBird
dash-conn-kind-log = Développement : écrire les SMS dans le journal du serveur
dash-conn-field-from = Expéditeur (numéro de téléphone ou nom d’expéditeur)
dash-conn-field-connect-timeout = Délai de connexion (ms)
dash-conn-field-timeout = Délai de la requête (ms)
dash-conn-field-twilio-sid = Twilio Account SID
dash-conn-field-twilio-token = Twilio Auth Token
dash-conn-field-messaging-service = ou Messaging Service SID
dash-conn-field-twilio-url = URL de l’API Twilio
dash-conn-field-twilio-url-hint = À modifier uniquement pour un emplacement edge de Twilio (par ex. https://api.dublin.ie1.twilio.com).
dash-conn-field-receipts = Accusés de réception
dash-conn-field-verify-sid = Verify Service SID
dash-conn-field-verify-sid-hint = Twilio Verify s’authentifie avec le Twilio Account SID et l’Auth Token ci-dessus.
dash-conn-field-verify-url = URL de l’API Twilio Verify
dash-conn-field-gateway-url = URL de la passerelle
dash-conn-field-gateway-sub = Sujet du jeton Bearer (sub)
dash-conn-field-gateway-aud = Audience du jeton Bearer (aud)
dash-conn-field-gateway-secret = Secret de signature du jeton Bearer
dash-conn-field-gateway-base64 = Le secret est encodé en base64
dash-conn-field-forward-info = Envoyer l’adresse IP et le navigateur de l’utilisateur avec chaque SMS
dash-conn-field-vonage-key = Clé d’API Vonage
dash-conn-field-vonage-secret = Secret d’API Vonage
dash-conn-field-vonage-url = URL de l’API Vonage
dash-conn-field-messagebird-key = Clé d’accès MessageBird
dash-conn-field-messagebird-url = URL de l’API MessageBird
dash-conn-failover-add = Ajouter un fournisseur de secours
dash-conn-failover-legend = Fournisseur de secours { $position } : { $name }
dash-conn-failover-name = Nom (pour le journal et les routes)
dash-conn-failover-position = Position
dash-conn-failover-position-hint = Les numéros les plus bas sont essayés en premier.
dash-conn-failover-remove = Retirer ce fournisseur
dash-conn-route-countries = Pays
dash-conn-route-countries-hint = Codes de région ISO, par ex. IN, LK.
dash-conn-route-providers = Fournisseurs
dash-conn-route-providers-hint = Noms des fournisseurs dans l’ordre où ils sont essayés ; le fournisseur propre de la connexion est désigné par son type (par ex. twilio).
dash-conn-route-remove = Retirer cette route
dash-conn-route-add = Ajouter une route par pays
dash-conn-route-legend = Route par pays { $position }
dash-conn-whatsapp-from = Expéditeur WhatsApp (E.164)
dash-conn-whatsapp-template = Modèle approuvé (Content SID, HX…)
dash-conn-whatsapp-variable = Variable du modèle qui contient le code

## An email connection's page

dash-conn-email-title = Connexion e-mail { $name }
dash-conn-email-from = Expéditeur
dash-conn-email-from-placeholder = l’expéditeur par défaut du fournisseur
dash-conn-email-subject = Objet
dash-conn-email-subject-placeholder = intégré, dans la langue de l’utilisateur
dash-conn-email-body = Corps
dash-conn-email-body-html = Corps (HTML avec Liquid)
dash-conn-email-body-placeholder = vide : les modèles intégrés, dans la langue du lecteur
dash-conn-email-body-hint = Utilisez { $code } pour le code et { $link } pour un lien magique ; ainsi que { $app }, { $email }.
dash-conn-email-text-body = Corps en texte brut
dash-conn-email-text-body-optional = Corps en texte brut (facultatif)
dash-conn-email-preview = Aperçu d’un e-mail de code (version enregistrée), code { $code } :
dash-conn-confirm-magic-link = Les liens magiques ouvrent une page de confirmation (les analyseurs de courrier ne peuvent pas les consommer)
dash-conn-email-provider-link = Fournisseur d’e-mail (SMTP)

## The email provider's page

dash-conn-smtp-log = Développement : écrire les e-mails dans le journal du serveur
dash-conn-default-sender = Expéditeur par défaut
dash-conn-smtp-host = Hôte SMTP
dash-conn-smtp-port = Port
dash-conn-smtp-security = Sécurité
dash-conn-smtp-starttls = STARTTLS (587), obligatoire
dash-conn-smtp-none = Aucune : uniquement un relais sur cet hôte ou ce réseau
dash-conn-smtp-user = Nom d’utilisateur
dash-conn-smtp-password = Mot de passe
dash-conn-port-number = { $field } doit être un numéro de port (de 1 à 65535)
dash-conn-test-email = Envoyer un e-mail de test
dash-conn-test-email-to = Adresse e-mail
dash-conn-test-email-sent = E-mail de test envoyé à { $to }
