## The dashboard: applications.

## The list of applications and creating one

dash-app-title = 应用
dash-app-name = 名称
dash-app-client-id = 客户端 ID
dash-app-type = 类型
dash-app-col-callbacks = 回调
dash-app-kind-public = 公共（原生或单页）
dash-app-kind-m2m = 机器对机器
dash-app-kind-confidential = 机密（服务器端）
dash-app-create-title = 创建应用
dash-app-type-native = 原生（iOS、Android）：公共，无密钥
dash-app-type-spa = 单页 Web 应用：公共，无密钥
dash-app-type-regular-web = 服务器端 Web 应用：机密，有密钥
dash-app-type-m2m = 机器对机器：仅客户端凭据
dash-app-create = 创建
dash-app-name-required = 名称为必填项
dash-app-created = 应用已创建

## An application's page

dash-app-public-no-secret = 公共：无密钥
dash-app-client-secret = 客户端密钥
dash-app-secret-shown = { $secret }仅在此时显示：请将其复制到你的应用服务器上。
dash-app-callbacks = 允许的回调 URL
dash-app-callbacks-hint = 每行一个。redirect_uri 必须与其中之一完全一致。
dash-app-logout-urls = 允许的退出登录 URL
dash-app-grant-types = 授权类型
dash-app-grant-passwordless = 无密码验证码（/oauth/token）
dash-app-grant-refresh-token = 刷新令牌
dash-app-grant-authorization-code = 授权码（托管登录、魔法链接）
dash-app-grant-implicit = 隐式（令牌位于 URL 片段中）
dash-app-grant-jwt-bearer = Touch ID 设备密钥（jwt-bearer）
dash-app-grant-webauthn = 通行密钥（webauthn）
dash-app-grant-legacy-ro = 旧版 /oauth/ro
dash-app-grant-legacy-ro-jwt-bearer = 使用设备密钥的旧版 /oauth/ro
dash-app-grant-client-credentials = 客户端凭据（机器对机器）
dash-app-logo = 徽标 URL
dash-app-logo-https = 徽标 URL（https）
dash-app-primary-color = 按钮颜色
dash-app-id-tokens = ID 令牌
dash-app-signing-alg = 签名算法
dash-app-alg-default = （Auth0 默认）
dash-app-refresh-tokens = 刷新令牌
dash-app-rotation = 轮换
dash-app-non-rotating = 不轮换
dash-app-rotating = 轮换：每次使用都返回新令牌；重复使用会吊销整个令牌族
dash-app-expiration = 过期
dash-app-non-expiring = 不过期
dash-app-expiring = 会过期
dash-app-lifetime = 有效期
dash-app-lifetime-seconds = 有效期（秒）
dash-app-idle-lifetime = 闲置有效期
dash-app-idle-lifetime-seconds = 闲置有效期（秒）
dash-app-leeway = 重用宽限期
dash-app-leeway-seconds = 重用宽限期（秒）
dash-app-native-apps = 原生应用
dash-app-native-hint = 用于通用链接和应用链接（可打开应用的魔法链接）以及应用内的通行密钥：Latchkey 会将这些应用列在 { $aasa } 和 { $assetlinks } 中。
dash-app-ios-team-id = iOS Team ID
dash-app-ios-bundle = iOS Bundle ID
dash-app-android-package = Android 软件包名称
dash-app-android-fingerprints = Android 签名证书指纹
dash-app-android-fingerprints-sha256 = Android 签名证书 SHA-256 指纹
dash-app-fingerprints-hint = 每行一个，格式为 { $format }（32 组）。
dash-app-browser-apps = 浏览器应用
dash-app-origins-hint = 源由协议、主机和端口组成，不含路径：{ $example }，或用 { $wildcard } 表示一级子域名。回调地址的源无需列出即被允许。
dash-app-web-origins = 允许的 Web 源
dash-app-allowed-origins = 允许的源（CORS）
dash-app-one-per-line = 每行一个。
dash-app-cross-origin-auth = 跨源身份验证
dash-app-cross-origin-loc = 跨源验证备用 URL
dash-app-save = 保存
dash-app-rotate-hint = 轮换会生成新密钥，旧密钥立即失效。
dash-app-rotate = 轮换密钥
dash-app-delete-warning = 删除会移除该应用及其刷新令牌和设备密钥。
dash-app-confirm-label = 应用名称
dash-app-delete-hint = 输入 { $name } 以删除该应用。
dash-app-delete = 删除应用

## Refusals and notices

dash-app-whole-seconds = { $field }必须是整数秒
dash-app-alg-unknown = { $value } 不是 RS256、PS256、ES256 或 EdDSA
dash-app-confirm-mismatch = 应用名称不匹配：输入 { $name } 以删除该应用
dash-app-saved = 已保存
dash-app-no-secret = 公共应用没有密钥
dash-app-secret-rotated = 已生成新密钥，旧密钥已失效
dash-app-deleted = 应用已删除
