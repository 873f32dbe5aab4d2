## The dashboard: overview.

dash-ov-title = Visão geral
dash-ov-since = Os últimos 14 dias, desde { $since } (UTC). Os logins no painel não são contados.
dash-ov-tile-logins = Logins
dash-ov-tile-texts-sent = SMS enviados
dash-ov-tile-converted = SMS que levaram a um login
dash-ov-tile-failed = Logins com falha
dash-ov-tile-refused = SMS recusados por bombeamento
dash-ov-logins-heading = Logins por dia
dash-ov-logins-empty = Nenhum login nestes 14 dias.
dash-ov-logins-chart = Logins por dia e por conexão
dash-ov-logins-desc = Colunas empilhadas, uma por dia; a tabela abaixo traz os números.
dash-ov-legend = Conexões
dash-ov-logins-table = Logins por dia em tabela
dash-ov-col-day = Dia
dash-ov-col-all = Total
dash-ov-countries-heading = SMS por país
dash-ov-countries-hint = Um país cujos SMS raramente levam a um login é sinal de bombeamento de SMS; a proteção contra bombeamento o bloqueia por uma hora.
dash-ov-countries-empty = Nenhum SMS nestes 14 dias.
dash-ov-countries-chart = SMS enviados por país, com a parcela que levou a um login
dash-ov-countries-desc = Barras horizontais, uma por país; a tabela abaixo traz os números e as recusas.
dash-ov-countries-table = SMS por país em tabela
dash-ov-col-country = País
dash-ov-col-conversion = Conversão
dash-ov-col-refused = Recusados pela proteção contra bombeamento
dash-ov-country-note = { $count ->
    [one] { $count } enviado, { $conversion } de conversão
   *[other] { $count } enviados, { $conversion } de conversão
}
dash-ov-failures-heading = Logins com falha por motivo
dash-ov-failures-empty = Nenhum login com falha nestes 14 dias.
dash-ov-failures-desc = Barras horizontais, uma por motivo; a tabela abaixo traz os números.
dash-ov-failures-table = Logins com falha em tabela
dash-ov-col-reason = Motivo
dash-ov-reason-wrong-code = Código errado
dash-ov-reason-code-expired = Código expirado ou já usado
dash-ov-reason-too-many-attempts = Códigos errados demais
dash-ov-reason-user-blocked = Usuário bloqueado
dash-ov-reason-signup-disabled = Cadastros desativados
dash-ov-reason-rate-limited = Solicitações demais
dash-ov-reason-invalid-request = Solicitação inválida
dash-ov-reason-invalid-grant = Concessão inválida
dash-ov-reason-access-denied = Acesso negado
dash-ov-reason-client-auth-failed = Falha na autenticação do cliente
dash-ov-providers-heading = Provedores de SMS
dash-ov-providers-hint = Erros são envios com falha e SMS que o provedor informou como não entregues; o tempo de entrega vai do repasse ao provedor até o recibo de entrega dele.
dash-ov-providers-empty = Nenhum SMS com recibo e nenhum envio com falha nestes 14 dias.
dash-ov-providers-chart = Erros por provedor de SMS
dash-ov-providers-desc = Barras horizontais, uma por provedor; a tabela abaixo traz os números e os tempos de entrega.
dash-ov-providers-table = Provedores de SMS em tabela
dash-ov-providers-caption = Erros e tempos de entrega dos provedores de SMS
dash-ov-provider-errors = { $count ->
    [one] { $count } erro
   *[other] { $count } erros
}
dash-ov-col-provider = Provedor
dash-ov-col-receipts = SMS com recibo
dash-ov-col-undelivered = Não entregues
dash-ov-col-delivered = Entregues
dash-ov-col-mean = Tempo médio de entrega
dash-ov-col-slowest = Mais lento
dash-ov-col-failed-sends = Envios com falha

## The dashboard: logs.

dash-logs-title = Logs
dash-logs-type = Tipo
dash-logs-all-types = Todos
dash-logs-user-id = ID do usuário
dash-logs-from-utc = De (UTC)
dash-logs-to-utc = Até (UTC)
dash-logs-from = De
dash-logs-to = Até
dash-logs-time-invalid = “{ $field }” deve ser uma data e hora como 2026-11-29T14:05
dash-logs-follow = Acompanhar novos eventos
dash-logs-show = Mostrar
dash-logs-total = { $count ->
    [one] { $count } entrada correspondente, das mais recentes para as mais antigas, 50 por página.
   *[other] { $count } entradas correspondentes, das mais recentes para as mais antigas, 50 por página.
}
dash-logs-entries = Entradas do log
dash-logs-col-time = Data
dash-logs-col-description = Descrição
dash-logs-col-user = Usuário
dash-logs-col-application = Aplicativo
dash-logs-col-connection = Conexão
dash-logs-col-ip = IP
dash-logs-dashboard-app = Painel
dash-logs-newer = Mais recentes
dash-logs-older = Mais antigas

## The dashboard: users.

dash-users-title = Usuários
dash-users-search-label = Número de telefone ou endereço de e-mail
dash-users-search-placeholder = +14155550100 ou alguem@example.com
dash-users-find = Buscar
dash-users-total = { $count ->
    [one] { $count } usuário
   *[other] { $count } usuários
}
dash-users-total-matching = { $count ->
    [one] { $count } usuário correspondente a { $q }
   *[other] { $count } usuários correspondentes a { $q }
}
dash-users-col-login = Login
dash-users-col-connection = Conexão
dash-users-col-logins = Logins
dash-users-col-last-login = Último login
dash-users-col-status = Status
dash-users-blocked = bloqueado
dash-users-never = nunca
dash-users-page = Página { $page } de { $pages }
dash-users-previous = Anterior
dash-users-next = Próxima
dash-users-profile = Perfil
dash-users-user-id = ID do usuário
dash-users-identity = Identidade
dash-users-created = Criado em
dash-users-last = último: { $when }
dash-users-refresh-tokens = Tokens de atualização ativos
dash-users-devices = Dispositivos (chaves do Touch ID)
dash-users-none = Nenhum.
dash-users-device-keys = Chaves de dispositivo
dash-users-col-device = Dispositivo
dash-users-col-application = Aplicativo
dash-users-col-key = Chave
dash-users-col-added = Adicionada em
dash-users-passkeys = Chaves de acesso
dash-users-col-name = Nome
dash-users-col-last-used = Último uso
dash-users-actions = Ações
dash-users-block = Bloquear
dash-users-unblock = Desbloquear
dash-users-sign-out = Desconectar de todos os dispositivos
dash-users-delete = Excluir o usuário
dash-users-delete-intro = A exclusão remove o usuário com suas chaves de dispositivo, chaves de acesso e tokens de atualização.
dash-users-confirm-label = Login do usuário
dash-users-confirm-hint = Digite { $login } para excluir o usuário.
dash-users-confirm-mismatch = O login do usuário não confere: digite { $login } para excluir o usuário
dash-users-log = Log deste usuário
dash-users-blocked-notice = Usuário bloqueado: os logins dele agora falham
dash-users-unblocked-notice = Usuário desbloqueado
dash-users-sessions-ended = { $count ->
    [one] { $count } sessão encerrada
   *[other] { $count } sessões encerradas
}
dash-users-tokens-revoked = { $count ->
    [one] { $count } token de atualização revogado
   *[other] { $count } tokens de atualização revogados
}
dash-users-signed-out = Desconectado: { $sessions }, { $tokens }
dash-users-deleted = Usuário excluído
