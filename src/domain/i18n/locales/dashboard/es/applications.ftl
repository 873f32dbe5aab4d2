## The dashboard: applications.

## The list of applications and creating one

dash-app-title = Aplicaciones
dash-app-name = Nombre
dash-app-client-id = ID de cliente
dash-app-type = Tipo
dash-app-col-callbacks = URL de retorno
dash-app-kind-public = Pública (nativa o de una sola página)
dash-app-kind-m2m = Máquina a máquina
dash-app-kind-confidential = Confidencial (del lado del servidor)
dash-app-create-title = Crear una aplicación
dash-app-type-native = Nativa (iOS, Android): pública, sin secreto
dash-app-type-spa = Aplicación web de una sola página: pública, sin secreto
dash-app-type-regular-web = Aplicación web del lado del servidor: confidencial, con secreto
dash-app-type-m2m = Máquina a máquina: solo credenciales de cliente
dash-app-create = Crear
dash-app-name-required = El nombre es obligatorio
dash-app-created = Aplicación creada

## An application's page

dash-app-public-no-secret = pública: sin secreto
dash-app-client-secret = Secreto de cliente
dash-app-secret-shown = { $secret }, solo se muestra ahora: cópialo en el servidor de tu aplicación.
dash-app-callbacks = URL de retorno permitidas
dash-app-callbacks-hint = Una por línea. Un redirect_uri debe coincidir exactamente con una de ellas.
dash-app-logout-urls = URL de cierre de sesión permitidas
dash-app-grant-types = Tipos de concesión
dash-app-grant-passwordless = Código sin contraseña (/oauth/token)
dash-app-grant-refresh-token = Token de actualización
dash-app-grant-authorization-code = Código de autorización (inicio de sesión alojado, enlaces mágicos)
dash-app-grant-implicit = Implícito (tokens en el fragmento de la URL)
dash-app-grant-jwt-bearer = Clave de dispositivo Touch ID (jwt-bearer)
dash-app-grant-webauthn = Llave de acceso (webauthn)
dash-app-grant-legacy-ro = /oauth/ro heredado
dash-app-grant-legacy-ro-jwt-bearer = /oauth/ro heredado con una clave de dispositivo
dash-app-grant-client-credentials = Credenciales de cliente (máquina a máquina)
dash-app-logo = URL del logotipo
dash-app-logo-https = URL del logotipo (https)
dash-app-primary-color = Color de los botones
dash-app-id-tokens = Tokens de ID
dash-app-signing-alg = Algoritmo de firma
dash-app-alg-default = (el predeterminado de Auth0)
dash-app-refresh-tokens = Tokens de actualización
dash-app-rotation = Rotación
dash-app-non-rotating = Sin rotación
dash-app-rotating = Con rotación: cada uso devuelve un token nuevo; reutilizarlo revoca toda la familia
dash-app-expiration = Caducidad
dash-app-non-expiring = Sin caducidad
dash-app-expiring = Con caducidad
dash-app-lifetime = Duración
dash-app-lifetime-seconds = Duración (segundos)
dash-app-idle-lifetime = Duración de inactividad
dash-app-idle-lifetime-seconds = Duración de inactividad (segundos)
dash-app-leeway = Margen de reutilización
dash-app-leeway-seconds = Margen de reutilización (segundos)
dash-app-native-apps = Aplicaciones nativas
dash-app-native-hint = Para los enlaces universales y los app links (enlaces mágicos que abren la aplicación) y para las llaves de acceso en la aplicación: Latchkey publica estas aplicaciones en { $aasa } y { $assetlinks }.
dash-app-ios-team-id = Team ID de iOS
dash-app-ios-bundle = Identificador de bundle de iOS
dash-app-android-package = Nombre del paquete de Android
dash-app-android-fingerprints = Huellas del certificado de firma de Android
dash-app-android-fingerprints-sha256 = Huellas SHA-256 del certificado de firma de Android
dash-app-fingerprints-hint = Una por línea, { $format } (32 pares).
dash-app-browser-apps = Aplicaciones de navegador
dash-app-origins-hint = Un origen es un esquema, un host y un puerto, sin ruta: { $example }, o { $wildcard } para un nivel de subdominio. Los orígenes de las URL de retorno se permiten sin necesidad de incluirlos.
dash-app-web-origins = Orígenes web permitidos
dash-app-allowed-origins = Orígenes permitidos (CORS)
dash-app-one-per-line = Uno por línea.
dash-app-cross-origin-auth = Autenticación entre orígenes
dash-app-cross-origin-loc = URL alternativa para la verificación entre orígenes
dash-app-save = Guardar
dash-app-rotate-hint = Al rotarlo se crea un secreto nuevo; el anterior deja de funcionar al instante.
dash-app-rotate = Rotar el secreto
dash-app-delete-warning = Al eliminarla se borran la aplicación, sus tokens de actualización y sus claves de dispositivo.
dash-app-confirm-label = Nombre de la aplicación
dash-app-delete-hint = Escribe { $name } para eliminar la aplicación.
dash-app-delete = Eliminar la aplicación

## Refusals and notices

dash-app-whole-seconds = { $field } debe ser un número entero de segundos
dash-app-alg-unknown = { $value } no es RS256, PS256, ES256 ni EdDSA
dash-app-confirm-mismatch = El nombre de la aplicación no coincide: escribe { $name } para eliminar la aplicación
dash-app-saved = Guardado
dash-app-no-secret = Una aplicación pública no tiene secreto
dash-app-secret-rotated = Se ha creado un secreto nuevo; el anterior ya no funciona
dash-app-deleted = Aplicación eliminada
