# Português (Brasil)

## The login page

sign-in-to = Entrar em { $app }
country-label = País
country-search = Buscar um país ou código de discagem
phone-label = Número de telefone
phone-hint = Vamos enviar um código por SMS.
email-label = Endereço de e-mail
send-code = Receber um código por SMS
email-code = Receber um código por e-mail
email-link = Receber um link por e-mail
or = ou
passkey-signin = Entrar com uma chave de acesso

## The code page

code-heading = Digite seu código
sent-by-sms = Enviamos um código por SMS para { $recipient }
sent-by-email = Enviamos um código por e-mail para { $recipient }
code-label = Código de verificação
verify = Continuar
resend = Enviar um novo código
resend-wait = Novo código em { $seconds } s
use-another = Usar outro número de telefone ou e-mail

## What went wrong on the login pages

wrong-code = Esse código não está correto. Confira a mensagem e tente novamente.
wrong-code-tries-left = Esse código não está correto. { $tries ->
    [one] Você tem mais uma tentativa; depois dela, precisará de um novo código.
   *[other] Você tem mais { $tries } tentativas.
}
wrong-code-last = Esse código não está correto, e essa era a última tentativa. Peça um novo código.
expired-code = Este código expirou. Peça um novo.
too-many-tries = Muitas tentativas erradas. Peça um novo código.
code-not-checked = Não foi possível verificar o código agora, e esta tentativa não foi contada. Tente novamente.
rate-limited = Muitas tentativas. Aguarde { $seconds ->
    [one] um segundo
   *[other] { $seconds } segundos
} e tente novamente.
retry-in = Você poderá tentar de novo em { $seconds } s.
retry-now = Você já pode tentar de novo.
invalid-phone = Isso não parece um número de telefone. Confira o país e o número.
invalid-email = Isso não parece um endereço de e-mail.
blocked = Esta conta está bloqueada.
signup-disabled = Este aplicativo não aceita novas contas.
not-sent = Não foi possível enviar a mensagem. Tente novamente mais tarde.
start-again-title = Comece de novo
start-again = Esta página expirou ou não foi aberta aqui. Volte ao aplicativo e entre novamente.
went-wrong-title = Algo deu errado
went-wrong = Tente novamente em instantes.
request-invalid-title = Esta solicitação de login não é válida
request-invalid = O aplicativo que trouxe você até aqui cometeu um erro na solicitação de login. Volte ao aplicativo e tente novamente; se acontecer de novo, informe aos criadores do aplicativo o que está escrito abaixo.
error-detail = Para o desenvolvedor do aplicativo:
logout-refused-title = Não é possível voltar ao aplicativo
logout-refused = O aplicativo pediu para enviar você a um endereço que ele não registrou, então nada foi alterado: você continua conectado.
sign-in-expired = Este login expirou. Volte ao aplicativo e entre novamente.

## Notices

link-sent-title = Confira seu e-mail
link-sent = Enviamos um link de acesso para { $email }. Abra-o em qualquer dispositivo; ele funciona uma vez, por alguns minutos.
logged-out-title = Você saiu
logged-out = Você pode fechar esta página.

## Passkeys

passkey-offer-title = Entre mais rápido da próxima vez
passkey-offer = Adicione uma chave de acesso: da próxima vez, entre com sua digital, seu rosto ou o bloqueio de tela em vez de um código.
passkey-add = Adicionar uma chave de acesso
not-now = Agora não, continuar

## The magic link pages

continue-as = Continuar como { $email }
link-continue = Continuar
scanner-note = Esta etapa extra impede que verificadores de segurança de e-mail usem seu link de acesso antes de você.
link-used-title = Este link expirou ou já foi usado
code-used-title = Este código expirou ou já foi usado
link-used = Links de acesso funcionam uma vez e só por alguns minutos. Podemos enviar um novo.
send-new-link = Enviar um novo link
reopen-title = Abra o link novamente
reopen = Esta página expirou ou não foi aberta pelo seu link de acesso. Abra novamente o link do seu e-mail.
blocked-title = Esta conta está bloqueada
blocked-help = Entre em contato com o suporte do aplicativo.
signup-closed-title = O cadastro está fechado
too-many-title = Muitas tentativas
too-many-link = Aguarde { $minutes ->
    [one] um minuto
   *[other] { $minutes } minutos
} e peça um novo link no aplicativo.
resent-title = Confira seu e-mail
resent = Enviamos um novo link de acesso. Ele funciona uma vez, por alguns minutos.
wait-title = Aguarde um instante
wait-link = Um link acabou de ser enviado. Confira seu e-mail ou tente novamente em { $seconds ->
    [one] um segundo
   *[other] { $seconds } segundos
}.
open-app = Abrir { $app }
open-on-phone = Este link abre o aplicativo. Abra-o no celular em que o aplicativo está instalado.
enter-code-in-app = Se o aplicativo não abriu, digite este código nele:
link-invalid-title = Este link não é válido
link-no-connection = O link não indica nenhuma conexão.
link-no-email = O link não indica nenhum endereço de e-mail.
link-no-phone = O link não indica nenhum número de telefone.
link-unknown-connection = O link indica uma conexão que este servidor não conhece.
link-no-code = O link não traz nenhum código de verificação.
link-unknown-app = O link indica um aplicativo que este servidor não conhece.
form-unreadable = Não foi possível ler o formulário.
form-no-app = O formulário não indica nenhum aplicativo.
link-not-sent-title = Nenhum link foi enviado
link-request-refused = Esta solicitação de acesso não é mais aceita. Volte ao aplicativo e entre novamente.
not-found-title = Página não encontrada
not-found = Não há nenhuma página aqui.

## Passing the answer on to the app (form_post, the cross-origin fallback)

form-post-signed-in-title = Você entrou
form-post-signed-in = Continue para { $app }.
form-post-returning-title = Voltando para { $app }
form-post-returning = Continue para { $app }, que vai dizer o que aconteceu.
co-verify-title = Entrando
co-verify-wait = Um momento: { $app } está confirmando este acesso.
co-verify-needs-script = Esta etapa precisa de JavaScript. Ative-o, volte para { $app } e entre novamente.
co-verify-frame = Confirmação de acesso

## The built-in email

email-code-subject = Seu código de verificação do { $app }
email-code-heading = Seu código de verificação
email-code-intro = Digite este código para entrar em { $app }:
email-code-text = Seu código de verificação do { $app } é:
email-code-expires = Este código expira em { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}.
email-code-ignore = Se você não pediu este código, pode ignorar este e-mail.
email-link-subject = Entrar em { $app }
email-link-intro = Use o botão abaixo para entrar como { $email }.
email-link-text = Entre em { $app } como { $email } abrindo este link:
email-link-button = Entrar
email-link-expires = Este link funciona uma vez e expira em { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}.
email-link-any-device = Você pode abri-lo em qualquer dispositivo.
email-link-on-phone = Abra-o no celular em que o aplicativo { $app } está instalado.
email-link-or-code = Ou digite este código:
email-link-copy = Se o botão não funcionar, copie este link no seu navegador:
email-link-ignore = Se você não pediu para entrar, pode ignorar este e-mail.
email-footer = Esta mensagem foi enviada por { $app } porque alguém pediu para entrar com este endereço ({ $email }).

## The built-in text message

sms-code = Seu código de verificação é: { $code }
