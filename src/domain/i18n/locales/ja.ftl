# 日本語

## The login page

sign-in-to = { $app } にログイン
country-label = 国・地域
country-search = 国名または国番号で検索
phone-label = 電話番号
phone-hint = SMS でコードをお送りします。
email-label = メールアドレス
send-code = SMS でコードを受け取る
email-code = メールでコードを受け取る
email-link = メールでリンクを受け取る
or = または
passkey-signin = パスキーでログイン

## The code page

code-heading = コードを入力
sent-by-sms = { $recipient } に SMS でコードを送信しました
sent-by-email = { $recipient } にメールでコードを送信しました
code-label = 確認コード
verify = 続ける
resend = 新しいコードを送信
resend-wait = { $seconds } 秒後に再送信できます
use-another = 別の電話番号またはメールアドレスを使う

## What went wrong on the login pages

wrong-code = コードが正しくありません。メッセージを確認して、もう一度お試しください。
wrong-code-tries-left = コードが正しくありません。あと { $tries } 回入力できます。
wrong-code-last = コードが正しくありません。これが最後の入力でした。新しいコードを送信してください。
expired-code = このコードは有効期限が切れています。新しいコードを送信してください。
too-many-tries = 誤ったコードの入力が多すぎます。新しいコードを送信してください。
code-not-checked = 現在コードを確認できませんでした。この試行は数えられていません。もう一度お試しください。
rate-limited = 試行回数が多すぎます。{ $seconds } 秒待ってから、もう一度お試しください。
retry-in = { $seconds } 秒後にもう一度お試しいただけます。
retry-now = もう一度お試しいただけます。
invalid-phone = 電話番号の形式ではないようです。国・地域と番号を確認してください。
invalid-email = メールアドレスの形式ではないようです。
blocked = このアカウントはブロックされています。
signup-disabled = このアプリケーションは新しいアカウントを受け付けていません。
not-sent = メッセージを送信できませんでした。後でもう一度お試しください。
start-again-title = 最初からやり直してください
start-again = このページは有効期限が切れたか、ここで開かれたものではありません。アプリに戻って、もう一度ログインしてください。
went-wrong-title = 問題が発生しました
went-wrong = しばらくしてから、もう一度お試しください。
request-invalid-title = このログインリクエストは無効です
request-invalid = ここに移動させたアプリのログインリクエストに誤りがあります。アプリに戻ってもう一度お試しください。繰り返し起きる場合は、下に書かれている内容をアプリの開発元に伝えてください。
error-detail = アプリの開発者向け:
logout-refused-title = アプリに戻れません
logout-refused = アプリが登録していないアドレスへの移動を求めたため、何も変更していません。ログインしたままです。
sign-in-expired = このログインは有効期限が切れました。アプリに戻って、もう一度ログインしてください。

## Notices

link-sent-title = メールを確認してください
link-sent = { $email } にログインリンクを送信しました。どの端末でも開けます。リンクは 1 回だけ、数分間有効です。
logged-out-title = ログアウトしました
logged-out = このページは閉じてかまいません。

## Passkeys

passkey-offer-title = 次回はもっと速くログイン
passkey-offer = パスキーを追加すると、次回からはコードの代わりに指紋、顔、画面ロックでログインできます。
passkey-add = パスキーを追加
not-now = 今はしない、続ける

## The magic link pages

continue-as = { $email } として続ける
link-continue = 続ける
scanner-note = この手順は、メールのセキュリティスキャナーがあなたより先にログインリンクを使ってしまうのを防ぎます。
link-used-title = このリンクは有効期限が切れたか、すでに使用されています
code-used-title = このコードは有効期限が切れたか、すでに使用されています
link-used = ログインリンクは 1 回だけ、数分間のみ有効です。新しいリンクをお送りできます。
send-new-link = 新しいリンクを送信
reopen-title = リンクをもう一度開いてください
reopen = このページは有効期限が切れたか、ログインリンクから開かれていません。メールのリンクをもう一度開いてください。
blocked-title = このアカウントはブロックされています
blocked-help = アプリケーションのサポートチームにお問い合わせください。
signup-closed-title = 新規登録は受け付けていません
too-many-title = 試行回数が多すぎます
too-many-link = { $minutes } 分待ってから、アプリで新しいリンクをリクエストしてください。
resent-title = メールを確認してください
resent = 新しいログインリンクを送信しました。リンクは 1 回だけ、数分間有効です。
wait-title = しばらくお待ちください
wait-link = 少し前にリンクを送信しました。メールを確認するか、{ $seconds } 秒後にもう一度お試しください。
open-app = { $app } を開く
open-on-phone = このリンクはアプリを開きます。アプリがインストールされている電話で開いてください。
enter-code-in-app = アプリが開かない場合は、アプリにこのコードを入力してください:
link-invalid-title = このリンクは無効です
link-no-connection = リンクに接続が指定されていません。
link-no-email = リンクにメールアドレスが指定されていません。
link-no-phone = リンクに電話番号が指定されていません。
link-unknown-connection = リンクに指定された接続は、このサーバーにはありません。
link-no-code = リンクに確認コードが含まれていません。
link-unknown-app = リンクに指定されたアプリケーションは、このサーバーには登録されていません。
form-unreadable = フォームを読み取れませんでした。
form-no-app = フォームにアプリケーションが指定されていません。
link-not-sent-title = リンクは送信されませんでした
link-request-refused = このログイン要求は受け付けられなくなりました。アプリに戻って、もう一度ログインしてください。
not-found-title = ページが見つかりません
not-found = ここにページはありません。

## Passing the answer on to the app (form_post, the cross-origin fallback)

form-post-signed-in-title = サインインしました
form-post-signed-in = { $app } に進んでください。
form-post-returning-title = { $app } に戻ります
form-post-returning = { $app } に進むと、結果が表示されます。
co-verify-title = サインインしています
co-verify-wait = しばらくお待ちください。{ $app } がこのサインインを確認しています。
co-verify-needs-script = この手順には JavaScript が必要です。有効にしてから { $app } に戻り、もう一度サインインしてください。
co-verify-frame = サインインの確認

## The built-in email

email-code-subject = { $app } の確認コード
email-code-heading = 確認コード
email-code-intro = { $app } にログインするには、このコードを入力してください:
email-code-text = { $app } の確認コード:
email-code-expires = このコードの有効期限は { $minutes } 分です。
email-code-ignore = このコードをリクエストしていない場合は、このメールを無視してください。
email-link-subject = { $app } にログイン
email-link-intro = 下のボタンから { $email } としてログインしてください。
email-link-text = 次のリンクを開いて、{ $email } として { $app } にログインしてください:
email-link-button = ログイン
email-link-expires = このリンクは 1 回だけ使え、{ $minutes } 分で有効期限が切れます。
email-link-any-device = どの端末でも開けます。
email-link-on-phone = { $app } アプリがインストールされている電話で開いてください。
email-link-or-code = または、このコードを入力してください:
email-link-copy = ボタンが使えない場合は、このリンクをブラウザーにコピーしてください:
email-link-ignore = ログインをリクエストしていない場合は、このメールを無視してください。
email-footer = このメッセージは、誰かがこのアドレス ({ $email }) でのログインをリクエストしたため、{ $app } から送信されました。

## The built-in text message

sms-code = 確認コード: { $code }
