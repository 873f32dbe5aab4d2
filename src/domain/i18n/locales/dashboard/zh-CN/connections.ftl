## The dashboard: connections.

## The connections list

dash-conn-list-title = 连接
dash-conn-list-heading = 连接 › 无密码
dash-conn-col-connection = 连接
dash-conn-col-type = 类型
dash-conn-col-sends = 发送方式
dash-conn-strategy-sms = 短信
dash-conn-strategy-email = 邮件
dash-conn-sends-from = { $provider }，发件方 { $from }
dash-conn-sends-log = 开发用：短信写入服务器日志
dash-conn-sends-gateway = 短信网关：{ $url }
dash-conn-sends-verify = Twilio Verify，服务 { $sid }
dash-conn-sends-custom = 自定义模板
dash-conn-sends-built-in = 内置模板
dash-conn-new-label = 新连接
dash-conn-new-type = 类型
dash-conn-create = 创建
dash-conn-created = 连接已创建
dash-conn-deleted = 已删除连接 { $name } 及其用户
dash-conn-email-provider = 邮件服务商
dash-conn-email-provider-log = 开发用：邮件写入服务器日志
dash-conn-set-up-smtp = 设置 SMTP
dash-conn-keys-heading = 设备密钥和通行密钥
dash-conn-device-keys = Touch ID（设备密钥）：
dash-conn-state-on = 开启
dash-conn-state-off = 关闭
dash-conn-state-end = 。
dash-conn-device-keys-about = 在应用允许 { $grant } 授权类型的情况下，应用可注册设备的密钥并用它登录（参见“应用”）。
dash-conn-device-keys-switch-on = 开启 Touch ID
dash-conn-device-keys-switch-off = 关闭 Touch ID
dash-conn-device-keys-on = Touch ID 已开启
dash-conn-device-keys-off = Touch ID 已关闭
dash-conn-passkeys = 通行密钥：
dash-conn-passkeys-about = 用户通过验证码登录后可以添加通行密钥，之后仅凭它即可登录，适用于托管登录页和原生 API。
dash-conn-passkeys-switch-on = 开启通行密钥
dash-conn-passkeys-switch-off = 关闭通行密钥
dash-conn-passkeys-on = 通行密钥已开启
dash-conn-passkeys-off = 通行密钥已关闭
dash-conn-passkeys-need-host = 通行密钥要求签发者（issuer）中包含主机名（IP 地址不能作为依赖方 ID）；开发时请使用 { $host }。

## What an SMS and an email connection's pages share

dash-conn-code-length = 验证码位数
dash-conn-code-lifetime = 验证码有效期
dash-conn-code-lifetime-seconds = 验证码有效期（秒）
dash-conn-disable-signup = 禁止注册（仅现有用户可以登录）
dash-conn-save = 保存
dash-conn-saved = 已保存
dash-conn-whole-number = { $field }必须是整数
dash-conn-preview-failed = （模板无法渲染：{ $error }）
dash-conn-not-sent = 未发送：{ $reason }
dash-conn-secret-saved = •••••••• 已保存；留空则保持不变
dash-conn-secret-unset = 未设置
dash-conn-delete-heading = 删除
dash-conn-delete-about = 删除连接会同时删除其用户，以及他们的密钥、通行密钥和令牌。
dash-conn-confirm-label = 连接名称
dash-conn-confirm-hint = 输入 { $name } 以删除该连接。
dash-conn-confirm-mismatch = 连接名称不匹配：输入 { $name } 以删除该连接
dash-conn-delete = 删除连接

## An SMS connection's page

dash-conn-sms-title = 短信连接 { $name }
dash-conn-failover-heading = 备用服务商
dash-conn-failover-hint = 仅当上方的服务商未能发出短信时，才按顺序依次尝试。最后一项留空则不添加。
dash-conn-routes-heading = 国家/地区路由
dash-conn-routes-hint = 这些国家/地区的号码只通过这些服务商发送，并按此顺序尝试。
dash-conn-whatsapp = WhatsApp（通过上方的 Twilio 账户；留空则不使用）
dash-conn-message-heading = 消息
dash-conn-syntax = 模板语法
dash-conn-syntax-macros = 使用 @@macros@@ 的文本
dash-conn-message = 消息
dash-conn-sms-macros-hint = @@password@@ 是验证码；@@application.name@@ 是应用名称。在 Liquid 中：{ $code }、{ $app }。
dash-conn-preview-with-code = 使用验证码 { $code } 的预览：
dash-conn-test-sms = 发送测试短信
dash-conn-phone = 手机号码
dash-conn-phone-e164 = 手机号码（E.164）
dash-conn-test-sms-hint = 用示例验证码发送已保存的消息；该验证码不能用于登录。
dash-conn-test-sms-sent = 测试短信已发送至 { $to }

## An SMS connection's providers: the own one, failover ones, country routes, WhatsApp

dash-conn-provider = 服务商
dash-conn-provider-hint = 填写所选服务商的字段；其他字段保持不变。
dash-conn-receipts-default = 默认：签发者使用 https 时开启
dash-conn-receipts-on = 开启
dash-conn-receipts-off = 关闭
dash-conn-kind-twilio = Twilio
dash-conn-kind-twilio-verify = Twilio Verify（由 Twilio 生成并校验验证码）
dash-conn-kind-gateway = 短信网关（Auth0 的自定义网关约定）
dash-conn-kind-vonage = Vonage
dash-conn-kind-messagebird = MessageBird
dash-conn-kind-log = 开发用：将短信写入服务器日志
dash-conn-field-from = 发件方（手机号码或发件人名称）
dash-conn-field-connect-timeout = 连接超时（毫秒）
dash-conn-field-timeout = 请求超时（毫秒）
dash-conn-field-twilio-sid = Twilio Account SID
dash-conn-field-twilio-token = Twilio Auth Token
dash-conn-field-messaging-service = 或 Messaging Service SID
dash-conn-field-twilio-url = Twilio API 地址
dash-conn-field-twilio-url-hint = 仅在使用 Twilio 边缘节点时修改（例如 https://api.dublin.ie1.twilio.com）。
dash-conn-field-receipts = 送达回执
dash-conn-field-verify-sid = Verify Service SID
dash-conn-field-verify-sid-hint = Twilio Verify 使用上方的 Twilio Account SID 和 Auth Token 进行认证。
dash-conn-field-verify-url = Twilio Verify API 地址
dash-conn-field-gateway-url = 网关地址
dash-conn-field-gateway-sub = Bearer 令牌主体（sub）
dash-conn-field-gateway-aud = Bearer 令牌受众（aud）
dash-conn-field-gateway-secret = Bearer 令牌签名密钥
dash-conn-field-gateway-base64 = 密钥为 base64 编码
dash-conn-field-forward-info = 每条短信都附带用户的 IP 地址和浏览器信息
dash-conn-field-vonage-key = Vonage API Key
dash-conn-field-vonage-secret = Vonage API Secret
dash-conn-field-vonage-url = Vonage API 地址
dash-conn-field-messagebird-key = MessageBird 访问密钥
dash-conn-field-messagebird-url = MessageBird API 地址
dash-conn-failover-add = 添加备用服务商
dash-conn-failover-legend = 备用服务商 { $position }：{ $name }
dash-conn-failover-name = 名称（用于日志和路由）
dash-conn-failover-position = 顺序
dash-conn-failover-position-hint = 数字越小越先尝试。
dash-conn-failover-remove = 移除此服务商
dash-conn-route-countries = 国家/地区
dash-conn-route-countries-hint = ISO 地区代码，例如 IN, LK。
dash-conn-route-providers = 服务商
dash-conn-route-providers-hint = 按尝试顺序排列的服务商名称；连接自身的服务商以其类型命名（例如 twilio）。
dash-conn-route-remove = 移除此路由
dash-conn-route-add = 添加国家/地区路由
dash-conn-route-legend = 国家/地区路由 { $position }
dash-conn-whatsapp-from = WhatsApp 发件号码（E.164）
dash-conn-whatsapp-template = 已批准的模板（Content SID，HX…）
dash-conn-whatsapp-variable = 存放验证码的模板变量

## An email connection's page

dash-conn-email-title = 邮件连接 { $name }
dash-conn-email-from = 发件人
dash-conn-email-from-placeholder = 服务商的默认发件人
dash-conn-email-subject = 主题
dash-conn-email-subject-placeholder = 内置，使用用户的语言
dash-conn-email-body = 正文
dash-conn-email-body-html = 正文（使用 Liquid 的 HTML）
dash-conn-email-body-placeholder = 留空：使用内置模板（以读者的语言）
dash-conn-email-body-hint = 用 { $code } 表示验证码，用 { $link } 表示魔法链接；还可以使用 { $app }、{ $email }。
dash-conn-email-text-body = 纯文本正文
dash-conn-email-text-body-optional = 纯文本正文（可选）
dash-conn-email-preview = 验证码邮件预览（已保存的版本），验证码 { $code }：
dash-conn-confirm-magic-link = 魔法链接先打开确认页面（邮件扫描程序无法将其用掉）
dash-conn-email-provider-link = 邮件服务商（SMTP）

## The email provider's page

dash-conn-smtp-log = 开发用：将邮件写入服务器日志
dash-conn-default-sender = 默认发件人
dash-conn-smtp-host = SMTP 主机
dash-conn-smtp-port = 端口
dash-conn-smtp-security = 安全
dash-conn-smtp-starttls = STARTTLS（587），必需
dash-conn-smtp-none = 无：仅限本主机或本网络上的中继
dash-conn-smtp-user = 用户名
dash-conn-smtp-password = 密码
dash-conn-port-number = { $field }必须是端口号（1 到 65535）
dash-conn-test-email = 发送测试邮件
dash-conn-test-email-to = 邮箱地址
dash-conn-test-email-sent = 测试邮件已发送至 { $to }
