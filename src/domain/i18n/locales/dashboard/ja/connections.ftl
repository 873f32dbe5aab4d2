## The dashboard: connections.

## The connections list

dash-conn-list-title = 接続
dash-conn-list-heading = 接続 › パスワードレス
dash-conn-col-connection = 接続
dash-conn-col-type = 種類
dash-conn-col-sends = 送信方法
dash-conn-strategy-sms = SMS
dash-conn-strategy-email = メール
dash-conn-sends-from = { $provider }、送信元 { $from }
dash-conn-sends-log = 開発用: SMS はサーバーログに出力されます
dash-conn-sends-gateway = SMS ゲートウェイ（{ $url }）
dash-conn-sends-verify = Twilio Verify、サービス { $sid }
dash-conn-sends-custom = カスタムテンプレート
dash-conn-sends-built-in = 組み込みテンプレート
dash-conn-new-label = 新しい接続
dash-conn-new-type = 種類
dash-conn-create = 作成
dash-conn-created = 接続を作成しました
dash-conn-deleted = 接続 { $name } をユーザーとともに削除しました
dash-conn-email-provider = メールプロバイダー
dash-conn-email-provider-log = 開発用: メールはサーバーログに出力されます
dash-conn-set-up-smtp = SMTP を設定
dash-conn-keys-heading = デバイスキーとパスキー
dash-conn-device-keys = Touch ID（デバイスキー）:
dash-conn-state-on = オン
dash-conn-state-off = オフ
dash-conn-state-end = 。
dash-conn-device-keys-about = アプリケーションが { $grant } グラントを許可している場合、アプリはデバイスのキーを登録し、そのキーでサインインします（「アプリケーション」を参照）。
dash-conn-device-keys-switch-on = Touch ID をオンにする
dash-conn-device-keys-switch-off = Touch ID をオフにする
dash-conn-device-keys-on = Touch ID はオンです
dash-conn-device-keys-off = Touch ID はオフです
dash-conn-passkeys = パスキー:
dash-conn-passkeys-about = ユーザーはコードでログインした後にパスキーを追加でき、以後はホスト型ログインでもネイティブ API でも、パスキーだけでサインインできます。
dash-conn-passkeys-switch-on = パスキーをオンにする
dash-conn-passkeys-switch-off = パスキーをオフにする
dash-conn-passkeys-on = パスキーはオンです
dash-conn-passkeys-off = パスキーはオフです
dash-conn-passkeys-need-host = パスキーには発行者（issuer）にホスト名が必要です（IP アドレスは Relying Party ID になれません）。開発には { $host } を使ってください。

## What an SMS and an email connection's pages share

dash-conn-code-length = コードの桁数
dash-conn-code-lifetime = コードの有効期間
dash-conn-code-lifetime-seconds = コードの有効期間（秒）
dash-conn-disable-signup = 新規登録を無効にする（既存のユーザーのみログイン可能）
dash-conn-save = 保存
dash-conn-saved = 保存しました
dash-conn-whole-number = { $field } には整数を入力してください
dash-conn-preview-failed = （テンプレートを表示できません: { $error }）
dash-conn-not-sent = 送信されませんでした: { $reason }
dash-conn-secret-saved = •••••••• 保存済み。変更しない場合は空のままにしてください
dash-conn-secret-unset = 未設定
dash-conn-delete-heading = 削除
dash-conn-delete-about = 接続を削除すると、そのユーザーも、キー、パスキー、トークンとともに削除されます。
dash-conn-confirm-label = 接続名
dash-conn-confirm-hint = 接続を削除するには { $name } と入力してください。
dash-conn-confirm-mismatch = 接続名が一致しません: 接続を削除するには { $name } と入力してください
dash-conn-delete = 接続を削除

## An SMS connection's page

dash-conn-sms-title = SMS 接続 { $name }
dash-conn-failover-heading = フェイルオーバー用プロバイダー
dash-conn-failover-hint = 上のプロバイダーが SMS を送信できなかった場合に限り、順番に試されます。追加しない場合は最後の項目を空のままにしてください。
dash-conn-routes-heading = 国別ルート
dash-conn-routes-hint = これらの国の番号は、これらのプロバイダーのみを、この順番で経由します。
dash-conn-whatsapp = WhatsApp（上の Twilio アカウント経由。使わない場合は空のまま）
dash-conn-message-heading = メッセージ
dash-conn-syntax = テンプレートの構文
dash-conn-syntax-macros = @@macros@@ を使ったテキスト
dash-conn-message = メッセージ
dash-conn-sms-macros-hint = @@password@@ はコード、@@application.name@@ はアプリ名です。Liquid では { $code }、{ $app } です。
dash-conn-preview-with-code = コード { $code } でのプレビュー:
dash-conn-test-sms = テスト SMS を送信
dash-conn-phone = 電話番号
dash-conn-phone-e164 = 電話番号（E.164）
dash-conn-test-sms-hint = 保存済みのメッセージをサンプルコードで送信します。このコードではサインインできません。
dash-conn-test-sms-sent = { $to } にテスト SMS を送信しました

## An SMS connection's providers: the own one, failover ones, country routes, WhatsApp

dash-conn-provider = プロバイダー
dash-conn-provider-hint = 選んだプロバイダーの項目を入力してください。それ以外の項目はそのまま保持されます。
dash-conn-receipts-default = デフォルト: 発行者が https ならオン
dash-conn-receipts-on = オン
dash-conn-receipts-off = オフ
dash-conn-kind-twilio = Twilio
dash-conn-kind-twilio-verify = Twilio Verify（Twilio がコードを生成・検証）
dash-conn-kind-gateway = SMS ゲートウェイ（Auth0 のカスタムゲートウェイ仕様）
dash-conn-kind-vonage = Vonage
dash-conn-kind-messagebird = MessageBird
dash-conn-kind-log = 開発用: SMS をサーバーログに出力
dash-conn-field-from = 送信元（電話番号または送信者名）
dash-conn-field-connect-timeout = 接続タイムアウト（ミリ秒）
dash-conn-field-timeout = リクエストタイムアウト（ミリ秒）
dash-conn-field-twilio-sid = Twilio Account SID
dash-conn-field-twilio-token = Twilio Auth Token
dash-conn-field-messaging-service = または Messaging Service SID
dash-conn-field-twilio-url = Twilio API の URL
dash-conn-field-twilio-url-hint = Twilio のエッジロケーションを使う場合にのみ変更してください（例: https://api.dublin.ie1.twilio.com）。
dash-conn-field-receipts = 配信レシート
dash-conn-field-verify-sid = Verify Service SID
dash-conn-field-verify-sid-hint = Twilio Verify は上の Twilio Account SID と Auth Token で認証します。
dash-conn-field-verify-url = Twilio Verify API の URL
dash-conn-field-gateway-url = ゲートウェイの URL
dash-conn-field-gateway-sub = Bearer トークンのサブジェクト（sub）
dash-conn-field-gateway-aud = Bearer トークンのオーディエンス（aud）
dash-conn-field-gateway-secret = Bearer トークンの署名シークレット
dash-conn-field-gateway-base64 = シークレットは base64 でエンコードされている
dash-conn-field-forward-info = SMS ごとにユーザーの IP アドレスとブラウザーを送信する
dash-conn-field-vonage-key = Vonage API キー
dash-conn-field-vonage-secret = Vonage API シークレット
dash-conn-field-vonage-url = Vonage API の URL
dash-conn-field-messagebird-key = MessageBird アクセスキー
dash-conn-field-messagebird-url = MessageBird API の URL
dash-conn-failover-add = フェイルオーバー用プロバイダーを追加
dash-conn-failover-legend = フェイルオーバー用プロバイダー { $position }: { $name }
dash-conn-failover-name = 名前（ログとルートで使用）
dash-conn-failover-position = 順番
dash-conn-failover-position-hint = 小さい番号から順に試されます。
dash-conn-failover-remove = このプロバイダーを削除
dash-conn-route-countries = 国
dash-conn-route-countries-hint = ISO の地域コード（例: IN, LK）。
dash-conn-route-providers = プロバイダー
dash-conn-route-providers-hint = 試す順に並べたプロバイダー名。接続自身のプロバイダーは種類名で指定します（例: twilio）。
dash-conn-route-remove = このルートを削除
dash-conn-route-add = 国別ルートを追加
dash-conn-route-legend = 国別ルート { $position }
dash-conn-whatsapp-from = WhatsApp の送信元（E.164）
dash-conn-whatsapp-template = 承認済みテンプレート（Content SID、HX…）
dash-conn-whatsapp-variable = コードを入れるテンプレート変数

## An email connection's page

dash-conn-email-title = メール接続 { $name }
dash-conn-email-from = 差出人
dash-conn-email-from-placeholder = プロバイダーのデフォルトの差出人
dash-conn-email-subject = 件名
dash-conn-email-subject-placeholder = 組み込み（ユーザーの言語）
dash-conn-email-body = 本文
dash-conn-email-body-html = 本文（Liquid を使った HTML）
dash-conn-email-body-placeholder = 空欄: 組み込みのテンプレート（受信者の言語）
dash-conn-email-body-hint = コードには { $code }、マジックリンクには { $link } を使います。ほかに { $app }、{ $email } も使えます。
dash-conn-email-text-body = テキスト形式の本文
dash-conn-email-text-body-optional = テキスト形式の本文（任意）
dash-conn-email-preview = コードメールのプレビュー（保存済みの内容）、コード { $code }:
dash-conn-confirm-magic-link = マジックリンクで確認ページを開く（メールスキャナーに使い切られません）
dash-conn-email-provider-link = メールプロバイダー（SMTP）

## The email provider's page

dash-conn-smtp-log = 開発用: メールをサーバーログに出力
dash-conn-default-sender = デフォルトの差出人
dash-conn-smtp-host = SMTP ホスト
dash-conn-smtp-port = ポート
dash-conn-smtp-security = セキュリティ
dash-conn-smtp-starttls = STARTTLS（587）、必須
dash-conn-smtp-none = なし: このホストまたはネットワーク内のリレーのみ
dash-conn-smtp-user = ユーザー名
dash-conn-smtp-password = パスワード
dash-conn-port-number = { $field } には 1～65535 のポート番号を入力してください
dash-conn-test-email = テストメールを送信
dash-conn-test-email-to = メールアドレス
dash-conn-test-email-sent = { $to } にテストメールを送信しました
