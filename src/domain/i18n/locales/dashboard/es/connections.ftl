## The dashboard: connections.

## The connections list

dash-conn-list-title = Conexiones
dash-conn-list-heading = Conexiones › Sin contraseña
dash-conn-col-connection = Conexión
dash-conn-col-type = Tipo
dash-conn-col-sends = Envío
dash-conn-strategy-sms = SMS
dash-conn-strategy-email = Correo electrónico
dash-conn-sends-from = { $provider }, desde { $from }
dash-conn-sends-log = Desarrollo: los SMS van al registro del servidor
dash-conn-sends-gateway = Pasarela SMS en { $url }
dash-conn-sends-verify = Twilio Verify, servicio { $sid }
dash-conn-sends-custom = Plantilla personalizada
dash-conn-sends-built-in = Plantillas integradas
dash-conn-new-label = Nueva conexión
dash-conn-new-type = Tipo
dash-conn-create = Crear
dash-conn-created = Conexión creada
dash-conn-deleted = Conexión { $name } eliminada, junto con sus usuarios
dash-conn-email-provider = Proveedor de correo electrónico
dash-conn-email-provider-log = Desarrollo: los correos van al registro del servidor
dash-conn-set-up-smtp = Configurar SMTP
dash-conn-keys-heading = Claves de dispositivo y llaves de acceso
dash-conn-device-keys = Touch ID (claves de dispositivo):
dash-conn-state-on = activado
dash-conn-state-off = desactivado
dash-conn-state-end = .
dash-conn-device-keys-about = Las apps registran la clave de un dispositivo e inician sesión con ella, cuando la aplicación permite la concesión { $grant } (consulta Aplicaciones).
dash-conn-device-keys-switch-on = Activar Touch ID
dash-conn-device-keys-switch-off = Desactivar Touch ID
dash-conn-device-keys-on = Touch ID está activado
dash-conn-device-keys-off = Touch ID está desactivado
dash-conn-passkeys = Llaves de acceso:
dash-conn-passkeys-about = Los usuarios pueden añadir una llave de acceso tras iniciar sesión con un código y luego iniciar sesión solo con ella, en el inicio de sesión alojado y a través de la API nativa.
dash-conn-passkeys-switch-on = Activar las llaves de acceso
dash-conn-passkeys-switch-off = Desactivar las llaves de acceso
dash-conn-passkeys-on = Las llaves de acceso están activadas
dash-conn-passkeys-off = Las llaves de acceso están desactivadas
dash-conn-passkeys-need-host = Las llaves de acceso necesitan un nombre de host en el emisor (una dirección IP no puede ser el id de una parte de confianza); usa { $host } para desarrollo.

## What an SMS and an email connection's pages share

dash-conn-code-length = Longitud del código
dash-conn-code-lifetime = Validez del código
dash-conn-code-lifetime-seconds = Validez del código (segundos)
dash-conn-disable-signup = Desactivar los registros (solo pueden iniciar sesión los usuarios existentes)
dash-conn-save = Guardar
dash-conn-saved = Guardado
dash-conn-whole-number = { $field } debe ser un número entero
dash-conn-preview-failed = (la plantilla no se puede generar: { $error })
dash-conn-not-sent = No enviado: { $reason }
dash-conn-secret-saved = •••••••• guardado; déjalo vacío para conservarlo
dash-conn-secret-unset = sin definir
dash-conn-delete-heading = Eliminar
dash-conn-delete-about = Al eliminar la conexión también se eliminan sus usuarios, con sus claves, llaves de acceso y tokens.
dash-conn-confirm-label = Nombre de la conexión
dash-conn-confirm-hint = Escribe { $name } para eliminar la conexión.
dash-conn-confirm-mismatch = El nombre de la conexión no coincide: escribe { $name } para eliminar la conexión
dash-conn-delete = Eliminar la conexión

## An SMS connection's page

dash-conn-sms-title = Conexión SMS { $name }
dash-conn-failover-heading = Proveedores de respaldo
dash-conn-failover-hint = Se prueban en orden después del proveedor anterior, solo cuando este no ha podido enviar el SMS. Deja la última entrada vacía para no añadir ninguno.
dash-conn-routes-heading = Rutas por país
dash-conn-routes-hint = Los números de estos países pasan solo por estos proveedores, en este orden.
dash-conn-whatsapp = WhatsApp (a través de la cuenta de Twilio anterior; déjalo vacío para no usarlo)
dash-conn-message-heading = Mensaje
dash-conn-syntax = Sintaxis de la plantilla
dash-conn-syntax-macros = Texto con @@macros@@
dash-conn-message = Mensaje
dash-conn-sms-macros-hint = @@password@@ es el código; @@application.name@@, el nombre de la app. En Liquid: { $code }, { $app }.
dash-conn-preview-with-code = Vista previa con el código { $code }:
dash-conn-test-sms = Enviar un SMS de prueba
dash-conn-phone = Número de teléfono
dash-conn-phone-e164 = Número de teléfono (E.164)
dash-conn-test-sms-hint = Envía el mensaje guardado con un código de ejemplo; no sirve para iniciar sesión.
dash-conn-test-sms-sent = SMS de prueba enviado a { $to }

## An SMS connection's providers: the own one, failover ones, country routes, WhatsApp

dash-conn-provider = Proveedor
dash-conn-provider-hint = Rellena los campos del proveedor elegido; los demás se conservan tal como están.
dash-conn-receipts-default = Predeterminado: activados si el emisor usa https
dash-conn-receipts-on = Activados
dash-conn-receipts-off = Desactivados
dash-conn-kind-twilio = Twilio
dash-conn-kind-twilio-verify = Twilio Verify (Twilio genera y comprueba el código)
dash-conn-kind-gateway = Pasarela SMS (contrato de pasarela personalizada de Auth0)
dash-conn-kind-vonage = Vonage
dash-conn-kind-messagebird = MessageBird
dash-conn-kind-log = Desarrollo: escribir los SMS en el registro del servidor
dash-conn-field-from = Remitente (número de teléfono o nombre de remitente)
dash-conn-field-connect-timeout = Tiempo de espera de conexión (ms)
dash-conn-field-timeout = Tiempo de espera de la solicitud (ms)
dash-conn-field-twilio-sid = Twilio Account SID
dash-conn-field-twilio-token = Twilio Auth Token
dash-conn-field-messaging-service = o Messaging Service SID
dash-conn-field-twilio-url = URL de la API de Twilio
dash-conn-field-twilio-url-hint = Cámbiala solo para una ubicación edge de Twilio (p. ej., https://api.dublin.ie1.twilio.com).
dash-conn-field-receipts = Confirmaciones de entrega
dash-conn-field-verify-sid = Verify Service SID
dash-conn-field-verify-sid-hint = Twilio Verify se autentica con el Twilio Account SID y el Auth Token anteriores.
dash-conn-field-verify-url = URL de la API de Twilio Verify
dash-conn-field-gateway-url = URL de la pasarela
dash-conn-field-gateway-sub = Sujeto del token Bearer (sub)
dash-conn-field-gateway-aud = Audiencia del token Bearer (aud)
dash-conn-field-gateway-secret = Secreto de firma del token Bearer
dash-conn-field-gateway-base64 = El secreto está codificado en base64
dash-conn-field-forward-info = Enviar la dirección IP y el navegador del usuario con cada SMS
dash-conn-field-vonage-key = Clave de API de Vonage
dash-conn-field-vonage-secret = Secreto de API de Vonage
dash-conn-field-vonage-url = URL de la API de Vonage
dash-conn-field-messagebird-key = Clave de acceso de MessageBird
dash-conn-field-messagebird-url = URL de la API de MessageBird
dash-conn-failover-add = Añadir un proveedor de respaldo
dash-conn-failover-legend = Proveedor de respaldo { $position }: { $name }
dash-conn-failover-name = Nombre (para el registro y las rutas)
dash-conn-failover-position = Posición
dash-conn-failover-position-hint = Los números más bajos se prueban primero.
dash-conn-failover-remove = Quitar este proveedor
dash-conn-route-countries = Países
dash-conn-route-countries-hint = Códigos de región ISO, p. ej., IN, LK.
dash-conn-route-providers = Proveedores
dash-conn-route-providers-hint = Nombres de los proveedores en el orden en que se prueban; el proveedor propio de la conexión se nombra por su tipo (p. ej., twilio).
dash-conn-route-remove = Quitar esta ruta
dash-conn-route-add = Añadir una ruta por país
dash-conn-route-legend = Ruta por país { $position }
dash-conn-whatsapp-from = Remitente de WhatsApp (E.164)
dash-conn-whatsapp-template = Plantilla aprobada (Content SID, HX…)
dash-conn-whatsapp-variable = Variable de la plantilla que contiene el código

## An email connection's page

dash-conn-email-title = Conexión de correo electrónico { $name }
dash-conn-email-from = Remitente
dash-conn-email-from-placeholder = el remitente predeterminado del proveedor
dash-conn-email-subject = Asunto
dash-conn-email-subject-placeholder = integrado, en el idioma del usuario
dash-conn-email-body = Cuerpo
dash-conn-email-body-html = Cuerpo (HTML con Liquid)
dash-conn-email-body-placeholder = vacío: las plantillas integradas, en el idioma del lector
dash-conn-email-body-hint = Usa { $code } para el código y { $link } para un enlace mágico; también { $app }, { $email }.
dash-conn-email-text-body = Cuerpo en texto sin formato
dash-conn-email-text-body-optional = Cuerpo en texto sin formato (opcional)
dash-conn-email-preview = Vista previa de un correo con código (versión guardada), código { $code }:
dash-conn-confirm-magic-link = Los enlaces mágicos abren una página de confirmación (los escáneres de correo no pueden agotarlos)
dash-conn-email-provider-link = Proveedor de correo electrónico (SMTP)

## The email provider's page

dash-conn-smtp-log = Desarrollo: escribir los correos en el registro del servidor
dash-conn-default-sender = Remitente predeterminado
dash-conn-smtp-host = Host SMTP
dash-conn-smtp-port = Puerto
dash-conn-smtp-security = Seguridad
dash-conn-smtp-starttls = STARTTLS (587), obligatorio
dash-conn-smtp-none = Ninguna: solo un relé en este host o red
dash-conn-smtp-user = Nombre de usuario
dash-conn-smtp-password = Contraseña
dash-conn-port-number = { $field } debe ser un número de puerto (de 1 a 65535)
dash-conn-test-email = Enviar un correo de prueba
dash-conn-test-email-to = Correo electrónico
dash-conn-test-email-sent = Correo de prueba enviado a { $to }
