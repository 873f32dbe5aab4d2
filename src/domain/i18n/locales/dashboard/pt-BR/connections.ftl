## The dashboard: connections.

## The connections list

dash-conn-list-title = Conexões
dash-conn-list-heading = Conexões › Sem senha
dash-conn-col-connection = Conexão
dash-conn-col-type = Tipo
dash-conn-col-sends = Envio
dash-conn-strategy-sms = SMS
dash-conn-strategy-email = E-mail
dash-conn-sends-from = { $provider }, de { $from }
dash-conn-sends-log = Desenvolvimento: os SMS vão para o log do servidor
dash-conn-sends-gateway = Gateway de SMS em { $url }
dash-conn-sends-verify = Twilio Verify, serviço { $sid }
dash-conn-sends-custom = Modelo personalizado
dash-conn-sends-built-in = Modelos integrados
dash-conn-new-label = Nova conexão
dash-conn-new-type = Tipo
dash-conn-create = Criar
dash-conn-created = Conexão criada
dash-conn-deleted = Conexão { $name } excluída, com seus usuários
dash-conn-email-provider = Provedor de e-mail
dash-conn-email-provider-log = Desenvolvimento: os e-mails vão para o log do servidor
dash-conn-set-up-smtp = Configurar SMTP
dash-conn-keys-heading = Chaves de dispositivo e chaves de acesso
dash-conn-device-keys = Touch ID (chaves de dispositivo):
dash-conn-state-on = ativado
dash-conn-state-off = desativado
dash-conn-state-end = .
dash-conn-device-keys-about = Os apps registram a chave de um dispositivo e entram com ela, quando o aplicativo permite a concessão { $grant } (veja Aplicativos).
dash-conn-device-keys-switch-on = Ativar o Touch ID
dash-conn-device-keys-switch-off = Desativar o Touch ID
dash-conn-device-keys-on = O Touch ID está ativado
dash-conn-device-keys-off = O Touch ID está desativado
dash-conn-passkeys = Chaves de acesso:
dash-conn-passkeys-about = Os usuários podem adicionar uma chave de acesso depois de entrar com um código e então entrar só com ela, no login hospedado e pela API nativa.
dash-conn-passkeys-switch-on = Ativar as chaves de acesso
dash-conn-passkeys-switch-off = Desativar as chaves de acesso
dash-conn-passkeys-on = As chaves de acesso estão ativadas
dash-conn-passkeys-off = As chaves de acesso estão desativadas
dash-conn-passkeys-need-host = As chaves de acesso precisam de um nome de host no emissor (um endereço IP não pode ser o id de uma parte confiável); use { $host } para desenvolvimento.

## What an SMS and an email connection's pages share

dash-conn-code-length = Tamanho do código
dash-conn-code-lifetime = Validade do código
dash-conn-code-lifetime-seconds = Validade do código (segundos)
dash-conn-disable-signup = Desativar cadastros (só usuários existentes podem entrar)
dash-conn-save = Salvar
dash-conn-saved = Salvo
dash-conn-whole-number = { $field } deve ser um número inteiro
dash-conn-preview-failed = (não foi possível renderizar o modelo: { $error })
dash-conn-not-sent = Não enviado: { $reason }
dash-conn-secret-saved = •••••••• salvo; deixe em branco para manter
dash-conn-secret-unset = não definido
dash-conn-delete-heading = Excluir
dash-conn-delete-about = Excluir a conexão também exclui seus usuários, com suas chaves, chaves de acesso e tokens.
dash-conn-confirm-label = Nome da conexão
dash-conn-confirm-hint = Digite { $name } para excluir a conexão.
dash-conn-confirm-mismatch = O nome da conexão não confere: digite { $name } para excluir a conexão
dash-conn-delete = Excluir a conexão

## An SMS connection's page

dash-conn-sms-title = Conexão SMS { $name }
dash-conn-failover-heading = Provedores de contingência
dash-conn-failover-hint = Tentados em ordem depois do provedor acima, só quando ele não pode ter enviado o SMS. Deixe a última entrada em branco para não adicionar nenhum.
dash-conn-routes-heading = Rotas por país
dash-conn-routes-hint = Os números desses países passam só por esses provedores, nesta ordem.
dash-conn-whatsapp = WhatsApp (pela conta Twilio acima; deixe em branco para não usar)
dash-conn-message-heading = Mensagem
dash-conn-syntax = Sintaxe do modelo
dash-conn-syntax-macros = Texto com @@macros@@
dash-conn-message = Mensagem
dash-conn-sms-macros-hint = @@password@@ é o código; @@application.name@@, o nome do app. Em Liquid: { $code }, { $app }.
dash-conn-preview-with-code = Prévia com o código { $code }:
dash-conn-test-sms = Enviar um SMS de teste
dash-conn-phone = Número de telefone
dash-conn-phone-e164 = Número de telefone (E.164)
dash-conn-test-sms-hint = Envia a mensagem salva com um código de exemplo; ele não serve para entrar.
dash-conn-test-sms-sent = SMS de teste enviado para { $to }

## An SMS connection's providers: the own one, failover ones, country routes, WhatsApp

dash-conn-provider = Provedor
dash-conn-provider-hint = Preencha os campos do provedor escolhido; os outros são mantidos como estão.
dash-conn-receipts-default = Padrão: ativados quando o emissor usa https
dash-conn-receipts-on = Ativados
dash-conn-receipts-off = Desativados
dash-conn-kind-twilio = Twilio
dash-conn-kind-twilio-verify = Twilio Verify (a Twilio gera e confere o código)
dash-conn-kind-gateway = Gateway de SMS (contrato de gateway personalizado do Auth0)
dash-conn-kind-vonage = Vonage
dash-conn-kind-messagebird = MessageBird
dash-conn-kind-log = Desenvolvimento: gravar os SMS no log do servidor
dash-conn-field-from = Remetente (número de telefone ou nome do remetente)
dash-conn-field-connect-timeout = Tempo limite de conexão (ms)
dash-conn-field-timeout = Tempo limite da requisição (ms)
dash-conn-field-twilio-sid = Twilio Account SID
dash-conn-field-twilio-token = Twilio Auth Token
dash-conn-field-messaging-service = ou Messaging Service SID
dash-conn-field-twilio-url = URL da API da Twilio
dash-conn-field-twilio-url-hint = Altere apenas para um local de borda da Twilio (por exemplo, https://api.dublin.ie1.twilio.com).
dash-conn-field-receipts = Confirmações de entrega
dash-conn-field-verify-sid = Verify Service SID
dash-conn-field-verify-sid-hint = O Twilio Verify se autentica com o Twilio Account SID e o Auth Token acima.
dash-conn-field-verify-url = URL da API do Twilio Verify
dash-conn-field-gateway-url = URL do gateway
dash-conn-field-gateway-sub = Assunto do token Bearer (sub)
dash-conn-field-gateway-aud = Público do token Bearer (aud)
dash-conn-field-gateway-secret = Segredo de assinatura do token Bearer
dash-conn-field-gateway-base64 = O segredo está codificado em base64
dash-conn-field-forward-info = Enviar o endereço IP e o navegador do usuário com cada SMS
dash-conn-field-vonage-key = Chave de API da Vonage
dash-conn-field-vonage-secret = Segredo de API da Vonage
dash-conn-field-vonage-url = URL da API da Vonage
dash-conn-field-messagebird-key = Chave de acesso da MessageBird
dash-conn-field-messagebird-url = URL da API da MessageBird
dash-conn-failover-add = Adicionar um provedor de contingência
dash-conn-failover-legend = Provedor de contingência { $position }: { $name }
dash-conn-failover-name = Nome (para o log e as rotas)
dash-conn-failover-position = Posição
dash-conn-failover-position-hint = Os números menores são tentados primeiro.
dash-conn-failover-remove = Remover este provedor
dash-conn-route-countries = Países
dash-conn-route-countries-hint = Códigos de região ISO, por exemplo, IN, LK.
dash-conn-route-providers = Provedores
dash-conn-route-providers-hint = Nomes dos provedores na ordem em que são tentados; o provedor próprio da conexão é indicado pelo seu tipo (por exemplo, twilio).
dash-conn-route-remove = Remover esta rota
dash-conn-route-add = Adicionar uma rota por país
dash-conn-route-legend = Rota por país { $position }
dash-conn-whatsapp-from = Remetente do WhatsApp (E.164)
dash-conn-whatsapp-template = Modelo aprovado (Content SID, HX…)
dash-conn-whatsapp-variable = Variável do modelo que contém o código

## An email connection's page

dash-conn-email-title = Conexão de e-mail { $name }
dash-conn-email-from = Remetente
dash-conn-email-from-placeholder = o remetente padrão do provedor
dash-conn-email-subject = Assunto
dash-conn-email-subject-placeholder = integrado, no idioma do usuário
dash-conn-email-body = Corpo
dash-conn-email-body-html = Corpo (HTML com Liquid)
dash-conn-email-body-placeholder = vazio: os modelos integrados, no idioma de quem lê
dash-conn-email-body-hint = Use { $code } para o código e { $link } para um link mágico; também { $app }, { $email }.
dash-conn-email-text-body = Corpo em texto simples
dash-conn-email-text-body-optional = Corpo em texto simples (opcional)
dash-conn-email-preview = Prévia de um e-mail com código (versão salva), código { $code }:
dash-conn-confirm-magic-link = Os links mágicos abrem uma página de confirmação (scanners de e-mail não conseguem gastá-los)
dash-conn-email-provider-link = Provedor de e-mail (SMTP)

## The email provider's page

dash-conn-smtp-log = Desenvolvimento: gravar os e-mails no log do servidor
dash-conn-default-sender = Remetente padrão
dash-conn-smtp-host = Host SMTP
dash-conn-smtp-port = Porta
dash-conn-smtp-security = Segurança
dash-conn-smtp-starttls = STARTTLS (587), obrigatório
dash-conn-smtp-none = Nenhuma: só um relay neste host ou rede
dash-conn-smtp-user = Nome de usuário
dash-conn-smtp-password = Senha
dash-conn-port-number = { $field } deve ser um número de porta (de 1 a 65535)
dash-conn-test-email = Enviar um e-mail de teste
dash-conn-test-email-to = Endereço de e-mail
dash-conn-test-email-sent = E-mail de teste enviado para { $to }
