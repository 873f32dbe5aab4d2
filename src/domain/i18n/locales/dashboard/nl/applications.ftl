## The dashboard: applications.

## The list of applications and creating one

dash-app-title = Applicaties
dash-app-name = Naam
dash-app-client-id = Client-ID
dash-app-type = Type
dash-app-col-callbacks = Callbacks
dash-app-kind-public = Openbaar (native of single-page)
dash-app-kind-m2m = Machine-to-machine
dash-app-kind-confidential = Vertrouwelijk (serverzijde)
dash-app-create-title = Een applicatie maken
dash-app-type-native = Native (iOS, Android): openbaar, geen secret
dash-app-type-spa = Single-page-webapp: openbaar, geen secret
dash-app-type-regular-web = Webapp aan de serverzijde: vertrouwelijk, met een secret
dash-app-type-m2m = Machine-to-machine: alleen client credentials
dash-app-create = Maken
dash-app-name-required = Een naam is verplicht
dash-app-created = Applicatie gemaakt

## An application's page

dash-app-public-no-secret = openbaar: geen secret
dash-app-client-secret = Client secret
dash-app-secret-shown = { $secret }, alleen nu getoond: kopieer het naar de server van je app.
dash-app-callbacks = Toegestane callback-URL's
dash-app-callbacks-hint = Eén per regel. Een redirect_uri moet precies gelijk zijn aan een ervan.
dash-app-logout-urls = Toegestane uitlog-URL's
dash-app-grant-types = Granttypes
dash-app-grant-passwordless = Wachtwoordloze code (/oauth/token)
dash-app-grant-refresh-token = Refreshtoken
dash-app-grant-authorization-code = Autorisatiecode (gehoste login, magische links)
dash-app-grant-implicit = Impliciet (tokens in het URL-fragment)
dash-app-grant-jwt-bearer = Touch ID-apparaatsleutel (jwt-bearer)
dash-app-grant-webauthn = Passkey (webauthn)
dash-app-grant-legacy-ro = Verouderde /oauth/ro
dash-app-grant-legacy-ro-jwt-bearer = Verouderde /oauth/ro met een apparaatsleutel
dash-app-grant-client-credentials = Client credentials (machine-to-machine)
dash-app-logo = Logo-URL
dash-app-logo-https = Logo-URL (https)
dash-app-primary-color = Knopkleur
dash-app-id-tokens = ID-tokens
dash-app-signing-alg = Ondertekeningsalgoritme
dash-app-alg-default = (standaard bij Auth0)
dash-app-refresh-tokens = Refreshtokens
dash-app-rotation = Rotatie
dash-app-non-rotating = Niet roterend
dash-app-rotating = Roterend: elk gebruik levert een nieuw token op; hergebruik trekt de hele familie in
dash-app-expiration = Verloop
dash-app-non-expiring = Verloopt niet
dash-app-expiring = Verloopt
dash-app-lifetime = Levensduur
dash-app-lifetime-seconds = Levensduur (seconden)
dash-app-idle-lifetime = Levensduur bij inactiviteit
dash-app-idle-lifetime-seconds = Levensduur bij inactiviteit (seconden)
dash-app-leeway = Marge voor hergebruik
dash-app-leeway-seconds = Marge voor hergebruik (seconden)
dash-app-native-apps = Native apps
dash-app-native-hint = Voor universal links en app links (magische links die de app openen) en voor passkeys in de app: Latchkey vermeldt deze apps in { $aasa } en { $assetlinks }.
dash-app-ios-team-id = iOS-team-ID
dash-app-ios-bundle = iOS-bundle-ID
dash-app-android-package = Android-pakketnaam
dash-app-android-fingerprints = Vingerafdrukken van het Android-ondertekeningscertificaat
dash-app-android-fingerprints-sha256 = SHA-256-vingerafdrukken van het Android-ondertekeningscertificaat
dash-app-fingerprints-hint = Eén per regel, { $format } (32 paren).
dash-app-browser-apps = Browserapps
dash-app-origins-hint = Een origin bestaat uit een schema, een host en een poort, zonder pad: { $example }, of { $wildcard } voor één subdomeinniveau. De origins van de callbacks zijn toegestaan zonder dat je ze hoeft te vermelden.
dash-app-web-origins = Toegestane web-origins
dash-app-allowed-origins = Toegestane origins (CORS)
dash-app-one-per-line = Eén per regel.
dash-app-cross-origin-auth = Cross-origin-authenticatie
dash-app-cross-origin-loc = Terugval-URL voor cross-origin-verificatie
dash-app-save = Opslaan
dash-app-rotate-hint = Roteren maakt een nieuw secret; het oude werkt meteen niet meer.
dash-app-rotate = Secret roteren
dash-app-delete-warning = Verwijderen wist de applicatie met haar refreshtokens en apparaatsleutels.
dash-app-confirm-label = Naam van de applicatie
dash-app-delete-hint = Typ { $name } om de applicatie te verwijderen.
dash-app-delete = Applicatie verwijderen

## Refusals and notices

dash-app-whole-seconds = { $field } moet een geheel aantal seconden zijn
dash-app-alg-unknown = { $value } is niet RS256, PS256, ES256 of EdDSA
dash-app-confirm-mismatch = De naam van de applicatie komt niet overeen: typ { $name } om de applicatie te verwijderen
dash-app-saved = Opgeslagen
dash-app-no-secret = Een openbare applicatie heeft geen secret
dash-app-secret-rotated = Nieuw secret gemaakt; het oude werkt niet meer
dash-app-deleted = Applicatie verwijderd
