## The dashboard: overview.

dash-ov-title = Resumen
dash-ov-since = Los últimos 14 días, desde el { $since } (UTC). No se cuentan los inicios de sesión en el panel.
dash-ov-tile-logins = Inicios de sesión
dash-ov-tile-texts-sent = SMS enviados
dash-ov-tile-converted = SMS que llevaron a un inicio de sesión
dash-ov-tile-failed = Inicios de sesión fallidos
dash-ov-tile-refused = SMS rechazados por bombeo
dash-ov-logins-heading = Inicios de sesión por día
dash-ov-logins-empty = Ningún inicio de sesión en estos 14 días.
dash-ov-logins-chart = Inicios de sesión por día y por conexión
dash-ov-logins-desc = Columnas apiladas, una por día; la tabla de abajo tiene las cifras.
dash-ov-legend = Conexiones
dash-ov-logins-table = Inicios de sesión por día en una tabla
dash-ov-col-day = Día
dash-ov-col-all = Total
dash-ov-countries-heading = SMS por país
dash-ov-countries-hint = Un país cuyos SMS rara vez llevan a un inicio de sesión es señal de bombeo de SMS; la protección contra el bombeo lo bloquea durante una hora.
dash-ov-countries-empty = Ningún SMS en estos 14 días.
dash-ov-countries-chart = SMS enviados por país, con la proporción que llevó a un inicio de sesión
dash-ov-countries-desc = Barras horizontales, una por país; la tabla de abajo tiene las cifras y los rechazos.
dash-ov-countries-table = SMS por país en una tabla
dash-ov-col-country = País
dash-ov-col-conversion = Conversión
dash-ov-col-refused = Rechazados por la protección contra el bombeo
dash-ov-country-note = { $count ->
    [one] { $count } enviado, { $conversion } de conversión
   *[other] { $count } enviados, { $conversion } de conversión
}
dash-ov-failures-heading = Inicios de sesión fallidos por motivo
dash-ov-failures-empty = Ningún inicio de sesión fallido en estos 14 días.
dash-ov-failures-desc = Barras horizontales, una por motivo; la tabla de abajo tiene las cifras.
dash-ov-failures-table = Inicios de sesión fallidos en una tabla
dash-ov-col-reason = Motivo
dash-ov-reason-wrong-code = Código incorrecto
dash-ov-reason-code-expired = Código caducado o ya usado
dash-ov-reason-too-many-attempts = Demasiados códigos incorrectos
dash-ov-reason-user-blocked = Usuario bloqueado
dash-ov-reason-signup-disabled = Registros desactivados
dash-ov-reason-rate-limited = Demasiadas solicitudes
dash-ov-reason-invalid-request = Solicitud no válida
dash-ov-reason-invalid-grant = Concesión no válida
dash-ov-reason-access-denied = Acceso denegado
dash-ov-reason-client-auth-failed = Error de autenticación del cliente
dash-ov-providers-heading = Proveedores de SMS
dash-ov-providers-hint = Los errores son los envíos fallidos y los SMS que el proveedor notificó como no entregados; el tiempo de entrega va desde que el SMS pasa al proveedor hasta su confirmación de entrega.
dash-ov-providers-empty = Ningún SMS con confirmación de entrega ni ningún envío fallido en estos 14 días.
dash-ov-providers-chart = Errores por proveedor de SMS
dash-ov-providers-desc = Barras horizontales, una por proveedor; la tabla de abajo tiene las cifras y los tiempos de entrega.
dash-ov-providers-table = Proveedores de SMS en una tabla
dash-ov-providers-caption = Errores y tiempos de entrega de los proveedores de SMS
dash-ov-provider-errors = { $count ->
    [one] { $count } error
   *[other] { $count } errores
}
dash-ov-col-provider = Proveedor
dash-ov-col-receipts = SMS con confirmación
dash-ov-col-undelivered = No entregados
dash-ov-col-delivered = Entregados
dash-ov-col-mean = Tiempo medio de entrega
dash-ov-col-slowest = Más lento
dash-ov-col-failed-sends = Envíos fallidos

## The dashboard: logs.

dash-logs-title = Registros
dash-logs-type = Tipo
dash-logs-all-types = Todos
dash-logs-user-id = ID de usuario
dash-logs-from-utc = Desde (UTC)
dash-logs-to-utc = Hasta (UTC)
dash-logs-from = Desde
dash-logs-to = Hasta
dash-logs-time-invalid = «{ $field }» debe ser una fecha y hora como 2026-11-29T14:05
dash-logs-follow = Seguir los eventos nuevos
dash-logs-show = Mostrar
dash-logs-total = { $count ->
    [one] { $count } entrada coincidente, las más recientes primero, 50 por página.
   *[other] { $count } entradas coincidentes, las más recientes primero, 50 por página.
}
dash-logs-entries = Entradas del registro
dash-logs-col-time = Fecha
dash-logs-col-description = Descripción
dash-logs-col-user = Usuario
dash-logs-col-application = Aplicación
dash-logs-col-connection = Conexión
dash-logs-col-ip = IP
dash-logs-dashboard-app = Panel
dash-logs-newer = Más recientes
dash-logs-older = Más antiguas

## The dashboard: users.

dash-users-title = Usuarios
dash-users-search-label = Número de teléfono o correo electrónico
dash-users-search-placeholder = +14155550100 o alguien@example.com
dash-users-find = Buscar
dash-users-total = { $count ->
    [one] { $count } usuario
   *[other] { $count } usuarios
}
dash-users-total-matching = { $count ->
    [one] { $count } usuario que coincide con { $q }
   *[other] { $count } usuarios que coinciden con { $q }
}
dash-users-col-login = Identificador
dash-users-col-connection = Conexión
dash-users-col-logins = Inicios de sesión
dash-users-col-last-login = Último inicio de sesión
dash-users-col-status = Estado
dash-users-blocked = bloqueado
dash-users-never = nunca
dash-users-page = Página { $page } de { $pages }
dash-users-previous = Anterior
dash-users-next = Siguiente
dash-users-profile = Perfil
dash-users-user-id = ID de usuario
dash-users-identity = Identidad
dash-users-created = Creado
dash-users-last = último: { $when }
dash-users-refresh-tokens = Tokens de actualización activos
dash-users-devices = Dispositivos (llaves de Touch ID)
dash-users-none = Ninguno.
dash-users-device-keys = Llaves de dispositivo
dash-users-col-device = Dispositivo
dash-users-col-application = Aplicación
dash-users-col-key = Llave
dash-users-col-added = Añadida
dash-users-passkeys = Llaves de acceso
dash-users-col-name = Nombre
dash-users-col-last-used = Último uso
dash-users-actions = Acciones
dash-users-block = Bloquear
dash-users-unblock = Desbloquear
dash-users-sign-out = Cerrar sesión en todas partes
dash-users-delete = Eliminar el usuario
dash-users-delete-intro = Al eliminarlo se borran el usuario y sus llaves de dispositivo, llaves de acceso y tokens de actualización.
dash-users-confirm-label = Identificador del usuario
dash-users-confirm-hint = Escribe { $login } para eliminar el usuario.
dash-users-confirm-mismatch = El identificador del usuario no coincide: escribe { $login } para eliminar el usuario
dash-users-log = Registro de este usuario
dash-users-blocked-notice = Usuario bloqueado: sus inicios de sesión ahora fallan
dash-users-unblocked-notice = Usuario desbloqueado
dash-users-sessions-ended = { $count ->
    [one] { $count } sesión cerrada
   *[other] { $count } sesiones cerradas
}
dash-users-tokens-revoked = { $count ->
    [one] { $count } token de actualización revocado
   *[other] { $count } tokens de actualización revocados
}
dash-users-signed-out = Sesión cerrada: { $sessions }, { $tokens }
dash-users-deleted = Usuario eliminado
