## The dashboard: applications.

## The list of applications and creating one

dash-app-title = Applicazioni
dash-app-name = Nome
dash-app-client-id = ID client
dash-app-type = Tipo
dash-app-col-callbacks = Callback
dash-app-kind-public = Pubblica (nativa o single-page)
dash-app-kind-m2m = Da macchina a macchina
dash-app-kind-confidential = Riservata (lato server)
dash-app-create-title = Crea un'applicazione
dash-app-type-native = Nativa (iOS, Android): pubblica, senza secret
dash-app-type-spa = App web single-page: pubblica, senza secret
dash-app-type-regular-web = App web lato server: riservata, con un secret
dash-app-type-m2m = Da macchina a macchina: solo credenziali client
dash-app-create = Crea
dash-app-name-required = Il nome è obbligatorio
dash-app-created = Applicazione creata

## An application's page

dash-app-public-no-secret = pubblica: senza secret
dash-app-client-secret = Client secret
dash-app-secret-shown = { $secret }, mostrato solo ora: copialo sul server della tua app.
dash-app-callbacks = URL di callback consentiti
dash-app-callbacks-hint = Uno per riga. Un redirect_uri deve corrispondere esattamente a uno di essi.
dash-app-logout-urls = URL di logout consentiti
dash-app-grant-types = Tipi di concessione
dash-app-grant-passwordless = Codice senza password (/oauth/token)
dash-app-grant-refresh-token = Refresh token
dash-app-grant-authorization-code = Codice di autorizzazione (login ospitato, magic link)
dash-app-grant-implicit = Implicito (token nel frammento dell'URL)
dash-app-grant-jwt-bearer = Chiave del dispositivo Touch ID (jwt-bearer)
dash-app-grant-webauthn = Passkey (webauthn)
dash-app-grant-legacy-ro = /oauth/ro legacy
dash-app-grant-legacy-ro-jwt-bearer = /oauth/ro legacy con una chiave del dispositivo
dash-app-grant-client-credentials = Credenziali client (da macchina a macchina)
dash-app-logo = URL del logo
dash-app-logo-https = URL del logo (https)
dash-app-primary-color = Colore dei pulsanti
dash-app-id-tokens = ID token
dash-app-signing-alg = Algoritmo di firma
dash-app-alg-default = (predefinito di Auth0)
dash-app-refresh-tokens = Refresh token
dash-app-rotation = Rotazione
dash-app-non-rotating = Senza rotazione
dash-app-rotating = Con rotazione: ogni uso restituisce un nuovo token; il riuso revoca l'intera famiglia
dash-app-expiration = Scadenza
dash-app-non-expiring = Senza scadenza
dash-app-expiring = Con scadenza
dash-app-lifetime = Durata
dash-app-lifetime-seconds = Durata (secondi)
dash-app-idle-lifetime = Durata di inattività
dash-app-idle-lifetime-seconds = Durata di inattività (secondi)
dash-app-leeway = Tolleranza di riuso
dash-app-leeway-seconds = Tolleranza di riuso (secondi)
dash-app-native-apps = App native
dash-app-native-hint = Per gli universal link e gli app link (magic link che aprono l'app) e per le passkey nell'app: Latchkey elenca queste app in { $aasa } e { $assetlinks }.
dash-app-ios-team-id = Team ID iOS
dash-app-ios-bundle = Identificatore del bundle iOS
dash-app-android-package = Nome del pacchetto Android
dash-app-android-fingerprints = Impronte del certificato di firma Android
dash-app-android-fingerprints-sha256 = Impronte SHA-256 del certificato di firma Android
dash-app-fingerprints-hint = Una per riga, { $format } (32 coppie).
dash-app-browser-apps = App nel browser
dash-app-origins-hint = Un'origine è composta da schema, host e porta, senza percorso: { $example }, oppure { $wildcard } per un livello di sottodominio. Le origini delle callback sono consentite senza doverle elencare.
dash-app-web-origins = Origini web consentite
dash-app-allowed-origins = Origini consentite (CORS)
dash-app-one-per-line = Una per riga.
dash-app-cross-origin-auth = Autenticazione cross-origin
dash-app-cross-origin-loc = URL di fallback per la verifica cross-origin
dash-app-save = Salva
dash-app-rotate-hint = La rotazione crea un nuovo secret; quello vecchio smette subito di funzionare.
dash-app-rotate = Ruota il secret
dash-app-delete-warning = L'eliminazione rimuove l'applicazione insieme ai suoi refresh token e alle chiavi dei dispositivi.
dash-app-confirm-label = Nome dell'applicazione
dash-app-delete-hint = Digita { $name } per eliminare l'applicazione.
dash-app-delete = Elimina l'applicazione

## Refusals and notices

dash-app-whole-seconds = { $field } deve essere un numero intero di secondi
dash-app-alg-unknown = { $value } non è RS256, PS256, ES256 né EdDSA
dash-app-confirm-mismatch = Il nome dell'applicazione non corrisponde: digita { $name } per eliminare l'applicazione
dash-app-saved = Salvato
dash-app-no-secret = Un'applicazione pubblica non ha un secret
dash-app-secret-rotated = Nuovo secret creato; quello vecchio non funziona più
dash-app-deleted = Applicazione eliminata
