# 简体中文

## The login page

sign-in-to = 登录 { $app }
country-label = 国家/地区
country-search = 搜索国家/地区或区号
phone-label = 手机号码
phone-hint = 我们会通过短信向您发送验证码。
email-label = 电子邮件地址
send-code = 通过短信发送验证码
email-code = 通过电子邮件发送验证码
email-link = 通过电子邮件发送链接
or = 或
passkey-signin = 使用通行密钥登录

## The code page

code-heading = 输入验证码
sent-by-sms = 我们已通过短信向 { $recipient } 发送验证码
sent-by-email = 我们已通过电子邮件向 { $recipient } 发送验证码
code-label = 验证码
verify = 继续
resend = 重新发送验证码
resend-wait = { $seconds } 秒后可重新发送
use-another = 使用其他手机号码或电子邮件

## What went wrong on the login pages

wrong-code = 验证码不正确。请检查短信或邮件后重试。
wrong-code-tries-left = 验证码不正确。还可以再试 { $tries } 次。
wrong-code-last = 验证码不正确，这是最后一次尝试。请重新获取验证码。
expired-code = 此验证码已过期。请重新获取。
too-many-tries = 错误次数过多。请重新获取验证码。
code-not-checked = 暂时无法验证该验证码，本次尝试不计入次数。请重试。
rate-limited = 尝试次数过多。请等待 { $seconds } 秒后重试。
retry-in = { $seconds } 秒后可重试。
retry-now = 现在可以重试了。
invalid-phone = 这看起来不是有效的手机号码。请检查国家/地区和号码。
invalid-email = 这看起来不是有效的电子邮件地址。
blocked = 此账号已被封禁。
signup-disabled = 此应用不接受新账号注册。
not-sent = 消息发送失败。请稍后重试。
start-again-title = 请重新开始
start-again = 此页面已过期或并非在此打开。请返回应用重新登录。
went-wrong-title = 出了点问题
went-wrong = 请稍后重试。
request-invalid-title = 此登录请求无效
request-invalid = 将您带到这里的应用在登录请求中出了错。请返回应用重试；如果再次发生，请把下方的内容告诉应用的开发者。
error-detail = 供应用开发者参考：
logout-refused-title = 无法返回应用
logout-refused = 应用要求将您转到一个它未登记的地址，因此未做任何更改：您仍处于登录状态。
sign-in-expired = 此次登录已过期。请返回应用重新登录。

## Notices

link-sent-title = 请查收电子邮件
link-sent = 我们已向 { $email } 发送登录链接。可在任何设备上打开；链接仅可使用一次，几分钟内有效。
logged-out-title = 您已退出登录
logged-out = 您可以关闭此页面。

## Passkeys

passkey-offer-title = 下次登录更快捷
passkey-offer = 添加通行密钥：下次可使用指纹、面容或屏幕锁登录，无需验证码。
passkey-add = 添加通行密钥
not-now = 暂不添加，继续

## The magic link pages

continue-as = 以 { $email } 身份继续
link-continue = 继续
scanner-note = 这一步可防止邮件安全扫描程序抢先使用您的登录链接。
link-used-title = 此链接已过期或已被使用
code-used-title = 此验证码已过期或已被使用
link-used = 登录链接仅可使用一次，且只在几分钟内有效。我们可以为您发送新链接。
send-new-link = 发送新链接
reopen-title = 请重新打开链接
reopen = 此页面已过期，或并非通过您的登录链接打开。请重新打开邮件中的链接。
blocked-title = 此账号已被封禁
blocked-help = 请联系该应用的支持团队。
signup-closed-title = 注册已关闭
too-many-title = 尝试次数过多
too-many-link = 请等待 { $minutes } 分钟，然后在应用中获取新链接。
resent-title = 请查收电子邮件
resent = 我们已为您发送新的登录链接。链接仅可使用一次，几分钟内有效。
wait-title = 请稍候
wait-link = 刚刚已发送过链接。请查收电子邮件，或在 { $seconds } 秒后重试。
open-app = 打开 { $app }
open-on-phone = 此链接会打开应用。请在安装了该应用的手机上打开。
enter-code-in-app = 如果应用没有打开，请在应用中输入此验证码：
link-invalid-title = 此链接无效
link-no-connection = 链接中未指定连接。
link-no-email = 链接中未指定电子邮件地址。
link-no-phone = 链接中未指定电话号码。
link-unknown-connection = 链接指定的连接在此服务器上不存在。
link-no-code = 链接中没有验证码。
link-unknown-app = 链接指定的应用未在此服务器上注册。
form-unreadable = 无法读取表单。
form-no-app = 表单中未指定应用。
link-not-sent-title = 未发送链接
link-request-refused = 此登录请求已不再被接受。请返回应用重新登录。
not-found-title = 找不到页面
not-found = 此处没有页面。

## Passing the answer on to the app (form_post, the cross-origin fallback)

form-post-signed-in-title = 您已登录
form-post-signed-in = 继续前往 { $app }。
form-post-returning-title = 正在返回 { $app }
form-post-returning = 继续前往 { $app }，它会告诉您发生了什么。
co-verify-title = 正在为您登录
co-verify-wait = 请稍候：{ $app } 正在确认本次登录。
co-verify-needs-script = 此步骤需要 JavaScript。请启用后返回 { $app } 并重新登录。
co-verify-frame = 登录确认

## The built-in email

email-code-subject = 您的 { $app } 验证码
email-code-heading = 您的验证码
email-code-intro = 输入此验证码以登录 { $app }：
email-code-text = 您的 { $app } 验证码是：
email-code-expires = 此验证码将在 { $minutes } 分钟后过期。
email-code-ignore = 如果您没有请求此验证码，可以放心忽略这封邮件。
email-link-subject = 登录 { $app }
email-link-intro = 点击下方按钮，以 { $email } 身份登录。
email-link-text = 打开此链接，以 { $email } 身份登录 { $app }：
email-link-button = 登录
email-link-expires = 此链接仅可使用一次，将在 { $minutes } 分钟后过期。
email-link-any-device = 您可以在任何设备上打开它。
email-link-on-phone = 请在安装了 { $app } 应用的手机上打开。
email-link-or-code = 或输入此验证码：
email-link-copy = 如果按钮无法使用，请将此链接复制到浏览器中：
email-link-ignore = 如果您没有请求登录，可以放心忽略这封邮件。
email-footer = 此消息由 { $app } 发送，因为有人请求使用此地址（{ $email }）登录。

## The built-in text message

sms-code = 您的验证码是：{ $code }
