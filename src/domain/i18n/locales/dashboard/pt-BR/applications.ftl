## The dashboard: applications.

## The list of applications and creating one

dash-app-title = Aplicativos
dash-app-name = Nome
dash-app-client-id = ID do cliente
dash-app-type = Tipo
dash-app-col-callbacks = URLs de callback
dash-app-kind-public = Público (nativo ou de página única)
dash-app-kind-m2m = Máquina a máquina
dash-app-kind-confidential = Confidencial (no servidor)
dash-app-create-title = Criar um aplicativo
dash-app-type-native = Nativo (iOS, Android): público, sem segredo
dash-app-type-spa = Aplicativo web de página única: público, sem segredo
dash-app-type-regular-web = Aplicativo web no servidor: confidencial, com segredo
dash-app-type-m2m = Máquina a máquina: apenas credenciais do cliente
dash-app-create = Criar
dash-app-name-required = O nome é obrigatório
dash-app-created = Aplicativo criado

## An application's page

dash-app-public-no-secret = público: sem segredo
dash-app-client-secret = Segredo do cliente
dash-app-secret-shown = { $secret }, exibido só agora: copie-o para o servidor do seu aplicativo.
dash-app-callbacks = URLs de callback permitidas
dash-app-callbacks-hint = Uma por linha. Um redirect_uri deve ser exatamente igual a uma delas.
dash-app-logout-urls = URLs de logout permitidas
dash-app-grant-types = Tipos de concessão
dash-app-grant-passwordless = Código sem senha (/oauth/token)
dash-app-grant-refresh-token = Token de atualização
dash-app-grant-authorization-code = Código de autorização (login hospedado, links mágicos)
dash-app-grant-implicit = Implícito (tokens no fragmento da URL)
dash-app-grant-jwt-bearer = Chave de dispositivo do Touch ID (jwt-bearer)
dash-app-grant-webauthn = Chave de acesso (webauthn)
dash-app-grant-legacy-ro = /oauth/ro legado
dash-app-grant-legacy-ro-jwt-bearer = /oauth/ro legado com uma chave de dispositivo
dash-app-grant-client-credentials = Credenciais do cliente (máquina a máquina)
dash-app-logo = URL do logotipo
dash-app-logo-https = URL do logotipo (https)
dash-app-primary-color = Cor dos botões
dash-app-id-tokens = Tokens de ID
dash-app-signing-alg = Algoritmo de assinatura
dash-app-alg-default = (padrão do Auth0)
dash-app-refresh-tokens = Tokens de atualização
dash-app-rotation = Rotação
dash-app-non-rotating = Sem rotação
dash-app-rotating = Com rotação: cada uso retorna um novo token; reutilizar revoga toda a família
dash-app-expiration = Expiração
dash-app-non-expiring = Sem expiração
dash-app-expiring = Com expiração
dash-app-lifetime = Duração
dash-app-lifetime-seconds = Duração (segundos)
dash-app-idle-lifetime = Duração de inatividade
dash-app-idle-lifetime-seconds = Duração de inatividade (segundos)
dash-app-leeway = Tolerância de reutilização
dash-app-leeway-seconds = Tolerância de reutilização (segundos)
dash-app-native-apps = Aplicativos nativos
dash-app-native-hint = Para universal links e app links (links mágicos que abrem o aplicativo) e para chaves de acesso no aplicativo: o Latchkey lista esses aplicativos em { $aasa } e { $assetlinks }.
dash-app-ios-team-id = Team ID do iOS
dash-app-ios-bundle = Identificador de bundle do iOS
dash-app-android-package = Nome do pacote Android
dash-app-android-fingerprints = Impressões digitais do certificado de assinatura Android
dash-app-android-fingerprints-sha256 = Impressões digitais SHA-256 do certificado de assinatura Android
dash-app-fingerprints-hint = Uma por linha, { $format } (32 pares).
dash-app-browser-apps = Aplicativos de navegador
dash-app-origins-hint = Uma origem é um esquema, um host e uma porta, sem caminho: { $example }, ou { $wildcard } para um nível de subdomínio. As origens das URLs de callback são permitidas sem precisar listá-las.
dash-app-web-origins = Origens web permitidas
dash-app-allowed-origins = Origens permitidas (CORS)
dash-app-one-per-line = Uma por linha.
dash-app-cross-origin-auth = Autenticação entre origens
dash-app-cross-origin-loc = URL alternativa para a verificação entre origens
dash-app-save = Salvar
dash-app-rotate-hint = A rotação cria um novo segredo; o antigo para de funcionar na hora.
dash-app-rotate = Rotacionar o segredo
dash-app-delete-warning = A exclusão remove o aplicativo com seus tokens de atualização e chaves de dispositivo.
dash-app-confirm-label = Nome do aplicativo
dash-app-delete-hint = Digite { $name } para excluir o aplicativo.
dash-app-delete = Excluir o aplicativo

## Refusals and notices

dash-app-whole-seconds = { $field } deve ser um número inteiro de segundos
dash-app-alg-unknown = { $value } não é RS256, PS256, ES256 nem EdDSA
dash-app-confirm-mismatch = O nome do aplicativo não confere: digite { $name } para excluir o aplicativo
dash-app-saved = Salvo
dash-app-no-secret = Um aplicativo público não tem segredo
dash-app-secret-rotated = Novo segredo criado; o antigo não funciona mais
dash-app-deleted = Aplicativo excluído
