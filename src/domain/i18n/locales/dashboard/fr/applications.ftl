## The dashboard: applications.

## The list of applications and creating one

dash-app-title = Applications
dash-app-name = Nom
dash-app-client-id = ID client
dash-app-type = Type
dash-app-col-callbacks = URL de rappel
dash-app-kind-public = Publique (native ou monopage)
dash-app-kind-m2m = Machine à machine
dash-app-kind-confidential = Confidentielle (côté serveur)
dash-app-create-title = Créer une application
dash-app-type-native = Native (iOS, Android) : publique, sans secret
dash-app-type-spa = Application web monopage : publique, sans secret
dash-app-type-regular-web = Application web côté serveur : confidentielle, avec un secret
dash-app-type-m2m = Machine à machine : identifiants client uniquement
dash-app-create = Créer
dash-app-name-required = Un nom est obligatoire
dash-app-created = Application créée

## An application's page

dash-app-public-no-secret = publique : sans secret
dash-app-client-secret = Secret client
dash-app-secret-shown = { $secret }, affiché uniquement maintenant : copiez-le sur le serveur de votre application.
dash-app-callbacks = URL de rappel autorisées
dash-app-callbacks-hint = Une par ligne. Un redirect_uri doit correspondre exactement à l’une d’elles.
dash-app-logout-urls = URL de déconnexion autorisées
dash-app-grant-types = Types d’autorisation
dash-app-grant-passwordless = Code sans mot de passe (/oauth/token)
dash-app-grant-refresh-token = Jeton d’actualisation
dash-app-grant-authorization-code = Code d’autorisation (connexion hébergée, liens magiques)
dash-app-grant-implicit = Implicite (jetons dans le fragment de l’URL)
dash-app-grant-jwt-bearer = Clé d’appareil Touch ID (jwt-bearer)
dash-app-grant-webauthn = Clé d’accès (webauthn)
dash-app-grant-legacy-ro = Ancien /oauth/ro
dash-app-grant-legacy-ro-jwt-bearer = Ancien /oauth/ro avec une clé d’appareil
dash-app-grant-client-credentials = Identifiants client (machine à machine)
dash-app-logo = URL du logo
dash-app-logo-https = URL du logo (https)
dash-app-primary-color = Couleur des boutons
dash-app-id-tokens = Jetons d’identité
dash-app-signing-alg = Algorithme de signature
dash-app-alg-default = (par défaut chez Auth0)
dash-app-refresh-tokens = Jetons d’actualisation
dash-app-rotation = Rotation
dash-app-non-rotating = Sans rotation
dash-app-rotating = Avec rotation : chaque utilisation renvoie un nouveau jeton ; une réutilisation révoque toute la famille
dash-app-expiration = Expiration
dash-app-non-expiring = Sans expiration
dash-app-expiring = Avec expiration
dash-app-lifetime = Durée de vie
dash-app-lifetime-seconds = Durée de vie (secondes)
dash-app-idle-lifetime = Durée d’inactivité
dash-app-idle-lifetime-seconds = Durée d’inactivité (secondes)
dash-app-leeway = Délai de réutilisation
dash-app-leeway-seconds = Délai de réutilisation (secondes)
dash-app-native-apps = Applications natives
dash-app-native-hint = Pour les liens universels et les liens d’application (liens magiques qui ouvrent l’application) et pour les clés d’accès dans l’application : Latchkey déclare ces applications dans { $aasa } et { $assetlinks }.
dash-app-ios-team-id = Team ID iOS
dash-app-ios-bundle = Identifiant de bundle iOS
dash-app-android-package = Nom du package Android
dash-app-android-fingerprints = Empreintes du certificat de signature Android
dash-app-android-fingerprints-sha256 = Empreintes SHA-256 du certificat de signature Android
dash-app-fingerprints-hint = Une par ligne, { $format } (32 paires).
dash-app-browser-apps = Applications dans le navigateur
dash-app-origins-hint = Une origine est un schéma, un hôte et un port, sans chemin : { $example }, ou { $wildcard } pour un niveau de sous-domaine. Les origines des URL de rappel sont autorisées sans être listées.
dash-app-web-origins = Origines web autorisées
dash-app-allowed-origins = Origines autorisées (CORS)
dash-app-one-per-line = Une par ligne.
dash-app-cross-origin-auth = Authentification inter-origines
dash-app-cross-origin-loc = URL de secours pour la vérification inter-origines
dash-app-save = Enregistrer
dash-app-rotate-hint = La rotation crée un nouveau secret ; l’ancien cesse aussitôt de fonctionner.
dash-app-rotate = Renouveler le secret
dash-app-delete-warning = La suppression retire l’application avec ses jetons d’actualisation et ses clés d’appareil.
dash-app-confirm-label = Nom de l’application
dash-app-delete-hint = Saisissez { $name } pour supprimer l’application.
dash-app-delete = Supprimer l’application

## Refusals and notices

dash-app-whole-seconds = { $field } doit être un nombre entier de secondes
dash-app-alg-unknown = { $value } n’est ni RS256, ni PS256, ni ES256, ni EdDSA
dash-app-confirm-mismatch = Le nom de l’application ne correspond pas : saisissez { $name } pour supprimer l’application
dash-app-saved = Enregistré
dash-app-no-secret = Une application publique n’a pas de secret
dash-app-secret-rotated = Nouveau secret créé ; l’ancien ne fonctionne plus
dash-app-deleted = Application supprimée
