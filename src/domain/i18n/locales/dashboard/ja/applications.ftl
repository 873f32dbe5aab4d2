## The dashboard: applications.

## The list of applications and creating one

dash-app-title = アプリケーション
dash-app-name = 名前
dash-app-client-id = クライアント ID
dash-app-type = 種類
dash-app-col-callbacks = コールバック
dash-app-kind-public = パブリック（ネイティブまたはシングルページ）
dash-app-kind-m2m = マシンツーマシン
dash-app-kind-confidential = コンフィデンシャル（サーバーサイド）
dash-app-create-title = アプリケーションを作成
dash-app-type-native = ネイティブ（iOS、Android）：パブリック、シークレットなし
dash-app-type-spa = シングルページ Web アプリ：パブリック、シークレットなし
dash-app-type-regular-web = サーバーサイド Web アプリ：コンフィデンシャル、シークレットあり
dash-app-type-m2m = マシンツーマシン：クライアントクレデンシャルのみ
dash-app-create = 作成
dash-app-name-required = 名前は必須です
dash-app-created = アプリケーションを作成しました

## An application's page

dash-app-public-no-secret = パブリック：シークレットなし
dash-app-client-secret = クライアントシークレット
dash-app-secret-shown = { $secret }は今だけ表示されます。アプリのサーバーにコピーしてください。
dash-app-callbacks = 許可するコールバック URL
dash-app-callbacks-hint = 1 行に 1 つずつ入力します。redirect_uri はいずれかと完全に一致する必要があります。
dash-app-logout-urls = 許可するログアウト URL
dash-app-grant-types = グラントタイプ
dash-app-grant-passwordless = パスワードレスコード（/oauth/token）
dash-app-grant-refresh-token = リフレッシュトークン
dash-app-grant-authorization-code = 認可コード（ホスト型ログイン、マジックリンク）
dash-app-grant-implicit = インプリシット（URL フラグメントでトークンを返す）
dash-app-grant-jwt-bearer = Touch ID デバイスキー（jwt-bearer）
dash-app-grant-webauthn = パスキー（webauthn）
dash-app-grant-legacy-ro = 従来の /oauth/ro
dash-app-grant-legacy-ro-jwt-bearer = デバイスキーを使う従来の /oauth/ro
dash-app-grant-client-credentials = クライアントクレデンシャル（マシンツーマシン）
dash-app-logo = ロゴの URL
dash-app-logo-https = ロゴの URL（https）
dash-app-primary-color = ボタンの色
dash-app-id-tokens = ID トークン
dash-app-signing-alg = 署名アルゴリズム
dash-app-alg-default = （Auth0 のデフォルト）
dash-app-refresh-tokens = リフレッシュトークン
dash-app-rotation = ローテーション
dash-app-non-rotating = ローテーションしない
dash-app-rotating = ローテーションする：使うたびに新しいトークンを返し、再利用されるとファミリー全体を失効させます
dash-app-expiration = 有効期限
dash-app-non-expiring = 期限なし
dash-app-expiring = 期限あり
dash-app-lifetime = 有効期間
dash-app-lifetime-seconds = 有効期間（秒）
dash-app-idle-lifetime = アイドル有効期間
dash-app-idle-lifetime-seconds = アイドル有効期間（秒）
dash-app-leeway = 再利用の猶予
dash-app-leeway-seconds = 再利用の猶予（秒）
dash-app-native-apps = ネイティブアプリ
dash-app-native-hint = ユニバーサルリンクと App Links（アプリを開くマジックリンク）、およびアプリ内のパスキーに使います。Latchkey はこれらのアプリを { $aasa } と { $assetlinks } に掲載します。
dash-app-ios-team-id = iOS の Team ID
dash-app-ios-bundle = iOS のバンドル ID
dash-app-android-package = Android のパッケージ名
dash-app-android-fingerprints = Android 署名証明書のフィンガープリント
dash-app-android-fingerprints-sha256 = Android 署名証明書の SHA-256 フィンガープリント
dash-app-fingerprints-hint = 1 行に 1 つずつ、{ $format } の形式で入力します（32 組）。
dash-app-browser-apps = ブラウザアプリ
dash-app-origins-hint = オリジンはスキーム、ホスト、ポートで構成され、パスは含みません（例：{ $example }、サブドメイン 1 階層分なら { $wildcard }）。コールバックのオリジンは、ここに記載しなくても許可されます。
dash-app-web-origins = 許可する Web オリジン
dash-app-allowed-origins = 許可するオリジン（CORS）
dash-app-one-per-line = 1 行に 1 つずつ入力します。
dash-app-cross-origin-auth = クロスオリジン認証
dash-app-cross-origin-loc = クロスオリジン検証のフォールバック URL
dash-app-save = 保存
dash-app-rotate-hint = ローテーションすると新しいシークレットが作成され、古いシークレットはすぐに使えなくなります。
dash-app-rotate = シークレットをローテーション
dash-app-delete-warning = 削除すると、アプリケーションとそのリフレッシュトークン、デバイスキーが削除されます。
dash-app-confirm-label = アプリケーション名
dash-app-delete-hint = アプリケーションを削除するには { $name } と入力してください。
dash-app-delete = アプリケーションを削除

## Refusals and notices

dash-app-whole-seconds = { $field }には秒数を整数で入力してください
dash-app-alg-unknown = { $value } は RS256、PS256、ES256、EdDSA のいずれでもありません
dash-app-confirm-mismatch = アプリケーション名が一致しません。削除するには { $name } と入力してください
dash-app-saved = 保存しました
dash-app-no-secret = パブリックアプリケーションにはシークレットがありません
dash-app-secret-rotated = 新しいシークレットを作成しました。古いシークレットは使えなくなりました
dash-app-deleted = アプリケーションを削除しました
