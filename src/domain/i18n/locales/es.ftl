# Español

## The login page

sign-in-to = Iniciar sesión en { $app }
country-label = País
country-search = Buscar un país o un prefijo
phone-label = Número de teléfono
phone-hint = Te enviaremos un código por SMS.
email-label = Correo electrónico
send-code = Enviarme un código por SMS
email-code = Enviarme un código por correo
email-link = Enviarme un enlace por correo
or = o
passkey-signin = Iniciar sesión con una llave de acceso

## The code page

code-heading = Introduce tu código
sent-by-sms = Hemos enviado un código por SMS al { $recipient }
sent-by-email = Hemos enviado un código por correo a { $recipient }
code-label = Código de verificación
verify = Continuar
resend = Enviar un código nuevo
resend-wait = Código nuevo en { $seconds } s
use-another = Usar otro número de teléfono o correo

## What went wrong on the login pages

wrong-code = Ese código no es correcto. Revisa el mensaje e inténtalo de nuevo.
wrong-code-tries-left = Ese código no es correcto. { $tries ->
    [one] Te queda un intento; después necesitarás un código nuevo.
   *[other] Te quedan { $tries } intentos.
}
wrong-code-last = Ese código no es correcto y era el último intento. Solicita un código nuevo.
expired-code = Este código ha caducado. Solicita uno nuevo.
too-many-tries = Demasiados intentos fallidos. Solicita un código nuevo.
code-not-checked = No se pudo comprobar el código en este momento y este intento no se ha contado. Inténtalo de nuevo.
rate-limited = Demasiados intentos. Espera { $seconds ->
    [one] un segundo
   *[other] { $seconds } segundos
} e inténtalo de nuevo.
retry-in = Podrás volver a intentarlo en { $seconds } s.
retry-now = Ya puedes volver a intentarlo.
invalid-phone = Esto no parece un número de teléfono. Revisa el país y el número.
invalid-email = Esto no parece una dirección de correo.
blocked = Esta cuenta está bloqueada.
signup-disabled = Esta aplicación no acepta cuentas nuevas.
not-sent = No hemos podido enviar el mensaje. Inténtalo más tarde.
start-again-title = Vuelve a empezar
start-again = Esta página ha caducado o no se abrió aquí. Vuelve a la aplicación e inicia sesión de nuevo.
went-wrong-title = Algo ha fallado
went-wrong = Inténtalo de nuevo dentro de un momento.
request-invalid-title = Esta solicitud de inicio de sesión no es válida
request-invalid = La aplicación que te trajo aquí cometió un error en su solicitud de inicio de sesión. Vuelve a la aplicación e inténtalo de nuevo; si vuelve a ocurrir, cuéntales a sus creadores lo que aparece abajo.
error-detail = Para el desarrollador de la aplicación:
logout-refused-title = No se puede volver a la aplicación
logout-refused = La aplicación pidió enviarte a una dirección que no tiene registrada, así que no se cambió nada: sigues con la sesión iniciada.
sign-in-expired = Este inicio de sesión ha caducado. Vuelve a la aplicación e inicia sesión de nuevo.

## Notices

link-sent-title = Revisa tu correo
link-sent = Hemos enviado un enlace de inicio de sesión a { $email }. Ábrelo en cualquier dispositivo; funciona una vez, durante unos minutos.
logged-out-title = Has cerrado sesión
logged-out = Puedes cerrar esta página.

## Passkeys

passkey-offer-title = Inicia sesión más rápido la próxima vez
passkey-offer = Añade una llave de acceso: la próxima vez, inicia sesión con tu huella, tu cara o el bloqueo de pantalla en lugar de un código.
passkey-add = Añadir una llave de acceso
not-now = Ahora no, continuar

## The magic link pages

continue-as = Continuar como { $email }
link-continue = Continuar
scanner-note = Este paso adicional impide que los analizadores de seguridad del correo usen tu enlace antes que tú.
link-used-title = Este enlace ha caducado o ya se ha usado
code-used-title = Este código ha caducado o ya se ha usado
link-used = Los enlaces de inicio de sesión funcionan una vez y solo durante unos minutos. Podemos enviarte uno nuevo.
send-new-link = Enviarme un enlace nuevo
reopen-title = Vuelve a abrir el enlace
reopen = Esta página ha caducado o no se abrió desde tu enlace de inicio de sesión. Vuelve a abrir el enlace de tu correo.
blocked-title = Esta cuenta está bloqueada
blocked-help = Ponte en contacto con el equipo de soporte de la aplicación.
signup-closed-title = El registro está cerrado
too-many-title = Demasiados intentos
too-many-link = Espera { $minutes ->
    [one] un minuto
   *[other] { $minutes } minutos
} y luego pide un enlace nuevo en la aplicación.
resent-title = Revisa tu correo
resent = Te hemos enviado un enlace nuevo. Funciona una vez, durante unos minutos.
wait-title = Espera un momento
wait-link = Se acaba de enviar un enlace. Revisa tu correo o inténtalo de nuevo en { $seconds ->
    [one] un segundo
   *[other] { $seconds } segundos
}.
open-app = Abrir { $app }
open-on-phone = Este enlace abre la aplicación. Ábrelo en el teléfono donde está instalada.
enter-code-in-app = Si la aplicación no se ha abierto, introduce este código en ella:
link-invalid-title = Este enlace no es válido
link-no-connection = El enlace no indica ninguna conexión.
link-no-email = El enlace no indica ninguna dirección de correo electrónico.
link-no-phone = El enlace no indica ningún número de teléfono.
link-unknown-connection = El enlace indica una conexión que este servidor no conoce.
link-no-code = El enlace no lleva ningún código de verificación.
link-unknown-app = El enlace indica una aplicación que este servidor no conoce.
form-unreadable = No se ha podido leer el formulario.
form-no-app = El formulario no indica ninguna aplicación.
link-not-sent-title = No se ha enviado ningún enlace
link-request-refused = Esta solicitud de inicio de sesión ya no se acepta. Vuelve a la aplicación e inicia sesión de nuevo.
not-found-title = Página no encontrada
not-found = Aquí no hay ninguna página.

## Passing the answer on to the app (form_post, the cross-origin fallback)

form-post-signed-in-title = Has iniciado sesión
form-post-signed-in = Continúa a { $app }.
form-post-returning-title = Volviendo a { $app }
form-post-returning = Continúa a { $app }, que te dirá qué ha pasado.
co-verify-title = Iniciando sesión
co-verify-wait = Un momento: { $app } está confirmando este inicio de sesión.
co-verify-needs-script = Este paso necesita JavaScript. Actívalo, vuelve a { $app } e inicia sesión de nuevo.
co-verify-frame = Confirmación del inicio de sesión

## The built-in email

email-code-subject = Tu código de verificación de { $app }
email-code-heading = Tu código de verificación
email-code-intro = Introduce este código para iniciar sesión en { $app }:
email-code-text = Tu código de verificación de { $app } es:
email-code-expires = Este código caduca en { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}.
email-code-ignore = Si no has pedido este código, puedes ignorar este correo.
email-link-subject = Iniciar sesión en { $app }
email-link-intro = Usa el botón de abajo para iniciar sesión como { $email }.
email-link-text = Inicia sesión en { $app } como { $email } abriendo este enlace:
email-link-button = Iniciar sesión
email-link-expires = Este enlace funciona una vez y caduca en { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}.
email-link-any-device = Puedes abrirlo en cualquier dispositivo.
email-link-on-phone = Ábrelo en el teléfono donde está instalada la aplicación { $app }.
email-link-or-code = O introduce este código:
email-link-copy = Si el botón no funciona, copia este enlace en tu navegador:
email-link-ignore = Si no has pedido iniciar sesión, puedes ignorar este correo.
email-footer = { $app } ha enviado este mensaje porque alguien pidió iniciar sesión con esta dirección ({ $email }).

## The built-in text message

sms-code = Tu código de verificación es: { $code }
