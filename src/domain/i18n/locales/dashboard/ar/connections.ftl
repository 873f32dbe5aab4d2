## The dashboard: connections.

## The connections list

dash-conn-list-title = الاتصالات
dash-conn-list-heading = الاتصالات › بلا كلمة مرور
dash-conn-col-connection = الاتصال
dash-conn-col-type = النوع
dash-conn-col-sends = طريقة الإرسال
dash-conn-strategy-sms = رسائل SMS
dash-conn-strategy-email = البريد الإلكتروني
dash-conn-sends-from = { $provider }، من { $from }
dash-conn-sends-log = للتطوير: تُكتب الرسائل النصية في سجل الخادم
dash-conn-sends-gateway = بوابة SMS على { $url }
dash-conn-sends-verify = Twilio Verify، الخدمة { $sid }
dash-conn-sends-custom = قالب مخصص
dash-conn-sends-built-in = القوالب المضمّنة
dash-conn-new-label = اتصال جديد
dash-conn-new-type = النوع
dash-conn-create = إنشاء
dash-conn-created = تم إنشاء الاتصال
dash-conn-deleted = تم حذف الاتصال { $name } مع مستخدميه
dash-conn-email-provider = مزوّد البريد الإلكتروني
dash-conn-email-provider-log = للتطوير: تُكتب رسائل البريد في سجل الخادم
dash-conn-set-up-smtp = إعداد SMTP
dash-conn-keys-heading = مفاتيح الأجهزة ومفاتيح المرور
dash-conn-device-keys = Touch ID (مفاتيح الأجهزة):
dash-conn-state-on = مفعّل
dash-conn-state-off = معطّل
dash-conn-state-end = .
dash-conn-device-keys-about = تسجّل التطبيقات مفتاح الجهاز وتسجّل الدخول به، حيث يسمح التطبيق بمنح { $grant } (راجع التطبيقات).
dash-conn-device-keys-switch-on = تفعيل Touch ID
dash-conn-device-keys-switch-off = تعطيل Touch ID
dash-conn-device-keys-on = تم تفعيل Touch ID
dash-conn-device-keys-off = تم تعطيل Touch ID
dash-conn-passkeys = مفاتيح المرور:
dash-conn-passkeys-about = يمكن للمستخدمين إضافة مفتاح مرور بعد تسجيل الدخول برمز، ثم تسجيل الدخول به وحده، في صفحة تسجيل الدخول المستضافة وعبر الواجهة البرمجية الأصلية.
dash-conn-passkeys-switch-on = تفعيل مفاتيح المرور
dash-conn-passkeys-switch-off = تعطيل مفاتيح المرور
dash-conn-passkeys-on = تم تفعيل مفاتيح المرور
dash-conn-passkeys-off = تم تعطيل مفاتيح المرور
dash-conn-passkeys-need-host = تحتاج مفاتيح المرور إلى اسم مضيف في المُصدِر (لا يمكن لعنوان IP أن يكون معرّف الطرف المعتمِد)؛ استخدم { $host } للتطوير.

## What an SMS and an email connection's pages share

dash-conn-code-length = طول الرمز
dash-conn-code-lifetime = مدة صلاحية الرمز
dash-conn-code-lifetime-seconds = مدة صلاحية الرمز (بالثواني)
dash-conn-disable-signup = تعطيل التسجيل (يمكن للمستخدمين الحاليين فقط تسجيل الدخول)
dash-conn-save = حفظ
dash-conn-saved = تم الحفظ
dash-conn-whole-number = يجب أن يكون { $field } عددًا صحيحًا
dash-conn-preview-failed = (تعذّر عرض القالب: { $error })
dash-conn-not-sent = لم يُرسَل: { $reason }
dash-conn-secret-saved = •••••••• محفوظ؛ اتركه فارغًا للإبقاء عليه
dash-conn-secret-unset = غير مُعيَّن
dash-conn-delete-heading = الحذف
dash-conn-delete-about = حذف الاتصال يحذف مستخدميه أيضًا، مع مفاتيحهم ومفاتيح المرور والرموز المميزة الخاصة بهم.
dash-conn-confirm-label = اسم الاتصال
dash-conn-confirm-hint = اكتب { $name } لحذف الاتصال.
dash-conn-confirm-mismatch = اسم الاتصال غير مطابق: اكتب { $name } لحذف الاتصال
dash-conn-delete = حذف الاتصال

## An SMS connection's page

dash-conn-sms-title = اتصال SMS { $name }
dash-conn-failover-heading = المزوّدون الاحتياطيون
dash-conn-failover-hint = تُجرَّب بالترتيب بعد المزوّد أعلاه، فقط عندما يتعذّر عليه إرسال الرسالة. اترك الإدخال الأخير فارغًا لعدم إضافة أي مزوّد.
dash-conn-routes-heading = المسارات حسب الدولة
dash-conn-routes-hint = تمر أرقام هذه الدول عبر هؤلاء المزوّدين فقط، بهذا الترتيب.
dash-conn-whatsapp = WhatsApp (عبر حساب Twilio أعلاه؛ اتركه فارغًا لعدم استخدامه)
dash-conn-message-heading = الرسالة
dash-conn-syntax = صيغة القالب
dash-conn-syntax-macros = نص مع @@macros@@
dash-conn-message = الرسالة
dash-conn-sms-macros-hint = @@password@@ هو الرمز؛ و@@application.name@@ اسم التطبيق. في Liquid: { $code }، { $app }.
dash-conn-preview-with-code = معاينة بالرمز { $code }:
dash-conn-test-sms = إرسال رسالة SMS تجريبية
dash-conn-phone = رقم الهاتف
dash-conn-phone-e164 = رقم الهاتف (E.164)
dash-conn-test-sms-hint = يرسل الرسالة المحفوظة برمز تجريبي؛ ولا يمكن استخدامه لتسجيل الدخول.
dash-conn-test-sms-sent = تم إرسال رسالة تجريبية إلى { $to }

## An SMS connection's providers: the own one, failover ones, country routes, WhatsApp

dash-conn-provider = المزوّد
dash-conn-provider-hint = املأ حقول المزوّد المختار؛ وتبقى الحقول الأخرى كما هي.
dash-conn-receipts-default = الافتراضي: مفعّلة عندما يستخدم المُصدِر https
dash-conn-receipts-on = مفعّلة
dash-conn-receipts-off = معطّلة
dash-conn-kind-twilio = Twilio
dash-conn-kind-twilio-verify = Twilio Verify (ينشئ Twilio الرمز ويتحقق منه)
dash-conn-kind-gateway = بوابة SMS (عقد البوابة المخصصة من Auth0)
dash-conn-kind-vonage = Vonage
dash-conn-kind-messagebird = MessageBird
dash-conn-kind-log = للتطوير: كتابة الرسائل النصية في سجل الخادم
dash-conn-field-from = المُرسِل (رقم هاتف أو اسم مُرسِل)
dash-conn-field-connect-timeout = مهلة الاتصال (مللي ثانية)
dash-conn-field-timeout = مهلة الطلب (مللي ثانية)
dash-conn-field-twilio-sid = Twilio Account SID
dash-conn-field-twilio-token = Twilio Auth Token
dash-conn-field-messaging-service = أو Messaging Service SID
dash-conn-field-twilio-url = عنوان URL لواجهة Twilio البرمجية
dash-conn-field-twilio-url-hint = غيّره فقط لموقع Twilio طرفي (مثل https://api.dublin.ie1.twilio.com).
dash-conn-field-receipts = إشعارات التسليم
dash-conn-field-verify-sid = Verify Service SID
dash-conn-field-verify-sid-hint = يصادق Twilio Verify باستخدام Twilio Account SID وAuth Token أعلاه.
dash-conn-field-verify-url = عنوان URL لواجهة Twilio Verify البرمجية
dash-conn-field-gateway-url = عنوان URL للبوابة
dash-conn-field-gateway-sub = موضوع رمز Bearer (sub)
dash-conn-field-gateway-aud = جمهور رمز Bearer (aud)
dash-conn-field-gateway-secret = سر توقيع رمز Bearer
dash-conn-field-gateway-base64 = السر مرمّز بـ base64
dash-conn-field-forward-info = إرسال عنوان IP الخاص بالمستخدم ومتصفحه مع كل رسالة
dash-conn-field-vonage-key = مفتاح واجهة Vonage البرمجية
dash-conn-field-vonage-secret = سر واجهة Vonage البرمجية
dash-conn-field-vonage-url = عنوان URL لواجهة Vonage البرمجية
dash-conn-field-messagebird-key = مفتاح وصول MessageBird
dash-conn-field-messagebird-url = عنوان URL لواجهة MessageBird البرمجية
dash-conn-failover-add = إضافة مزوّد احتياطي
dash-conn-failover-legend = المزوّد الاحتياطي { $position }: { $name }
dash-conn-failover-name = الاسم (للسجل والمسارات)
dash-conn-failover-position = الترتيب
dash-conn-failover-position-hint = تُجرَّب الأرقام الأصغر أولًا.
dash-conn-failover-remove = إزالة هذا المزوّد
dash-conn-route-countries = الدول
dash-conn-route-countries-hint = رموز المناطق وفق ISO، مثل IN, LK.
dash-conn-route-providers = المزوّدون
dash-conn-route-providers-hint = أسماء المزوّدين بترتيب تجربتهم؛ ويُسمّى مزوّد الاتصال نفسه باسم نوعه (مثل twilio).
dash-conn-route-remove = إزالة هذا المسار
dash-conn-route-add = إضافة مسار حسب الدولة
dash-conn-route-legend = المسار حسب الدولة { $position }
dash-conn-whatsapp-from = مُرسِل WhatsApp (E.164)
dash-conn-whatsapp-template = القالب المعتمد (Content SID، HX…)
dash-conn-whatsapp-variable = متغيّر القالب الذي يحمل الرمز

## An email connection's page

dash-conn-email-title = اتصال البريد الإلكتروني { $name }
dash-conn-email-from = المُرسِل
dash-conn-email-from-placeholder = المُرسِل الافتراضي لدى المزوّد
dash-conn-email-subject = الموضوع
dash-conn-email-subject-placeholder = مضمّن، بلغة المستخدم
dash-conn-email-body = النص
dash-conn-email-body-html = النص (HTML مع Liquid)
dash-conn-email-body-placeholder = فارغ: القوالب المضمّنة، بلغة القارئ
dash-conn-email-body-hint = استخدم { $code } للرمز و{ $link } للرابط السحري؛ وكذلك { $app } و{ $email }.
dash-conn-email-text-body = النص العادي
dash-conn-email-text-body-optional = النص العادي (اختياري)
dash-conn-email-preview = معاينة رسالة رمز (النسخة المحفوظة)، الرمز { $code }:
dash-conn-confirm-magic-link = تفتح الروابط السحرية صفحة تأكيد (لا تستطيع أدوات فحص البريد استهلاكها)
dash-conn-email-provider-link = مزوّد البريد الإلكتروني (SMTP)

## The email provider's page

dash-conn-smtp-log = للتطوير: كتابة رسائل البريد في سجل الخادم
dash-conn-default-sender = المُرسِل الافتراضي
dash-conn-smtp-host = مضيف SMTP
dash-conn-smtp-port = المنفذ
dash-conn-smtp-security = الأمان
dash-conn-smtp-starttls = STARTTLS (587)، إلزامي
dash-conn-smtp-none = بلا: مُرحِّل على هذا المضيف أو هذه الشبكة فقط
dash-conn-smtp-user = اسم المستخدم
dash-conn-smtp-password = كلمة المرور
dash-conn-port-number = يجب أن يكون { $field } رقم منفذ (من 1 إلى 65535)
dash-conn-test-email = إرسال رسالة بريد تجريبية
dash-conn-test-email-to = عنوان البريد الإلكتروني
dash-conn-test-email-sent = تم إرسال رسالة بريد تجريبية إلى { $to }
