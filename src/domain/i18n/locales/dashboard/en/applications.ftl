## The dashboard: applications.

## The list of applications and creating one

dash-app-title = Applications
dash-app-name = Name
dash-app-client-id = Client ID
dash-app-type = Type
dash-app-col-callbacks = Callbacks
dash-app-kind-public = Public (native or single-page)
dash-app-kind-m2m = Machine to machine
dash-app-kind-confidential = Confidential (server-side)
dash-app-create-title = Create an application
dash-app-type-native = Native (iOS, Android): public, no secret
dash-app-type-spa = Single-page web app: public, no secret
dash-app-type-regular-web = Server-side web app: confidential, with a secret
dash-app-type-m2m = Machine to machine: client credentials only
dash-app-create = Create
dash-app-name-required = A name is required
dash-app-created = Application created

## An application's page

dash-app-public-no-secret = public: no secret
dash-app-client-secret = Client secret
# $secret is the words "Client secret" (dash-app-client-secret), in bold.
dash-app-secret-shown = { $secret }, shown only now: copy it to your app's server.
dash-app-callbacks = Allowed callback URLs
dash-app-callbacks-hint = One per line. A redirect_uri must equal one of them exactly.
dash-app-logout-urls = Allowed logout URLs
dash-app-grant-types = Grant types
dash-app-grant-passwordless = Passwordless code (/oauth/token)
dash-app-grant-refresh-token = Refresh token
dash-app-grant-authorization-code = Authorization code (hosted login, magic links)
dash-app-grant-implicit = Implicit (tokens in the URL fragment)
dash-app-grant-jwt-bearer = Touch ID device key (jwt-bearer)
dash-app-grant-webauthn = Passkey (webauthn)
dash-app-grant-legacy-ro = Legacy /oauth/ro
dash-app-grant-legacy-ro-jwt-bearer = Legacy /oauth/ro with a device key
dash-app-grant-client-credentials = Client credentials (machine to machine)
dash-app-logo = Logo URL
dash-app-logo-https = Logo URL (https)
dash-app-primary-color = Button colour
dash-app-id-tokens = ID tokens
dash-app-signing-alg = Signing algorithm
# After RS256 in the list of signing algorithms.
dash-app-alg-default = (Auth0's default)
dash-app-refresh-tokens = Refresh tokens
dash-app-rotation = Rotation
dash-app-non-rotating = Non-rotating
dash-app-rotating = Rotating: each use returns a new token; reuse revokes the family
dash-app-expiration = Expiration
dash-app-non-expiring = Non-expiring
dash-app-expiring = Expiring
dash-app-lifetime = Lifetime
dash-app-lifetime-seconds = Lifetime (seconds)
dash-app-idle-lifetime = Idle lifetime
dash-app-idle-lifetime-seconds = Idle lifetime (seconds)
dash-app-leeway = Reuse leeway
dash-app-leeway-seconds = Reuse leeway (seconds)
dash-app-native-apps = Native apps
# $aasa and $assetlinks are links to the files apple-app-site-association and assetlinks.json.
dash-app-native-hint = For universal links and app links (magic links that open the app) and for passkeys in the app: Latchkey lists them in { $aasa } and { $assetlinks }.
dash-app-ios-team-id = iOS Team ID
dash-app-ios-bundle = iOS bundle identifier
dash-app-android-package = Android package name
dash-app-android-fingerprints = Android signing-certificate fingerprints
dash-app-android-fingerprints-sha256 = Android signing-certificate SHA-256 fingerprints
# $format is the sample AB:CD:…
dash-app-fingerprints-hint = One per line, { $format } (32 pairs).
dash-app-browser-apps = Browser apps
# $example is https://app.example.com, $wildcard is https://*.example.com.
dash-app-origins-hint = Origins are a scheme, a host and a port, no path: { $example }, or { $wildcard } for one subdomain level. The callbacks' origins are allowed without being listed.
dash-app-web-origins = Allowed web origins
dash-app-allowed-origins = Allowed origins (CORS)
dash-app-one-per-line = One per line.
dash-app-cross-origin-auth = Cross-origin authentication
dash-app-cross-origin-loc = Cross-origin verification fallback URL
dash-app-save = Save
dash-app-rotate-hint = Rotating makes a new secret; the old one stops working at once.
dash-app-rotate = Rotate the secret
dash-app-delete-warning = Deleting removes the application with its refresh tokens and device keys.
dash-app-confirm-label = Application's name
# $name is the application's name, in bold.
dash-app-delete-hint = Type { $name } to delete the application.
dash-app-delete = Delete the application

## Refusals and notices

# $field is a field's label (dash-app-lifetime, dash-app-idle-lifetime, dash-app-leeway).
dash-app-whole-seconds = { $field } must be a whole number of seconds
# $value is the algorithm asked for, in quotes.
dash-app-alg-unknown = { $value } is not RS256, PS256, ES256 or EdDSA
dash-app-confirm-mismatch = Application's name does not match: type { $name } to delete the application
dash-app-saved = Saved
dash-app-no-secret = A public application has no secret
dash-app-secret-rotated = New secret made; the old one no longer works
dash-app-deleted = Application deleted
