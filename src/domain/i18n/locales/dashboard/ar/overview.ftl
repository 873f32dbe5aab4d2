## The dashboard: overview.

dash-ov-title = نظرة عامة
dash-ov-since = آخر 14 يومًا، منذ { $since } (UTC). لا تُحتسب عمليات تسجيل الدخول إلى لوحة التحكم.
dash-ov-tile-logins = عمليات تسجيل الدخول
dash-ov-tile-texts-sent = الرسائل النصية المرسلة
dash-ov-tile-converted = رسائل أدت إلى تسجيل دخول
dash-ov-tile-failed = عمليات تسجيل الدخول الفاشلة
dash-ov-tile-refused = رسائل رُفضت بسبب الضخ
dash-ov-logins-heading = عمليات تسجيل الدخول يوميًا
dash-ov-logins-empty = لا توجد عمليات تسجيل دخول خلال هذه الأيام الـ14.
dash-ov-logins-chart = عمليات تسجيل الدخول يوميًا حسب الاتصال
dash-ov-logins-desc = أعمدة مكدسة، عمود لكل يوم؛ الجدول أدناه يعرض الأرقام.
dash-ov-legend = الاتصالات
dash-ov-logins-table = عمليات تسجيل الدخول يوميًا في جدول
dash-ov-col-day = اليوم
dash-ov-col-all = الإجمالي
dash-ov-countries-heading = الرسائل النصية حسب البلد
dash-ov-countries-hint = البلد الذي نادرًا ما تؤدي رسائله إلى تسجيل دخول علامة على ضخ الرسائل النصية؛ وتحظره الحماية من الضخ لمدة ساعة.
dash-ov-countries-empty = لا توجد رسائل نصية خلال هذه الأيام الـ14.
dash-ov-countries-chart = الرسائل المرسلة حسب البلد، مع نسبة ما أدى منها إلى تسجيل دخول
dash-ov-countries-desc = أشرطة أفقية، شريط لكل بلد؛ الجدول أدناه يعرض الأرقام وحالات الرفض.
dash-ov-countries-table = الرسائل النصية حسب البلد في جدول
dash-ov-col-country = البلد
dash-ov-col-conversion = معدل التحويل
dash-ov-col-refused = رفضتها الحماية من الضخ
dash-ov-country-note = التحويل: { $conversion }، المرسلة: { $count }
dash-ov-failures-heading = عمليات تسجيل الدخول الفاشلة حسب السبب
dash-ov-failures-empty = لا توجد عمليات تسجيل دخول فاشلة خلال هذه الأيام الـ14.
dash-ov-failures-desc = أشرطة أفقية، شريط لكل سبب؛ الجدول أدناه يعرض الأرقام.
dash-ov-failures-table = عمليات تسجيل الدخول الفاشلة في جدول
dash-ov-col-reason = السبب
dash-ov-reason-wrong-code = رمز خاطئ
dash-ov-reason-code-expired = رمز منتهي الصلاحية أو مستخدم
dash-ov-reason-too-many-attempts = رموز خاطئة كثيرة جدًا
dash-ov-reason-user-blocked = المستخدم محظور
dash-ov-reason-signup-disabled = التسجيل متوقف
dash-ov-reason-rate-limited = طلبات كثيرة جدًا
dash-ov-reason-invalid-request = طلب غير صالح
dash-ov-reason-invalid-grant = منحة غير صالحة
dash-ov-reason-access-denied = تم رفض الوصول
dash-ov-reason-client-auth-failed = فشلت مصادقة العميل
dash-ov-providers-heading = مزودو الرسائل النصية
dash-ov-providers-hint = الأخطاء هي عمليات الإرسال الفاشلة والرسائل التي أبلغ المزود بعدم تسليمها؛ ويُحسب وقت التسليم من تسليم الرسالة إلى المزود حتى وصول إيصال التسليم منه.
dash-ov-providers-empty = لا توجد رسائل بإيصالات ولا عمليات إرسال فاشلة خلال هذه الأيام الـ14.
dash-ov-providers-chart = الأخطاء حسب مزود الرسائل النصية
dash-ov-providers-desc = أشرطة أفقية، شريط لكل مزود؛ الجدول أدناه يعرض الأرقام وأوقات التسليم.
dash-ov-providers-table = مزودو الرسائل النصية في جدول
dash-ov-providers-caption = أخطاء مزودي الرسائل النصية وأوقات التسليم
dash-ov-provider-errors = الأخطاء: { $count }
dash-ov-col-provider = المزود
dash-ov-col-receipts = رسائل بإيصالات
dash-ov-col-undelivered = غير مُسلَّمة
dash-ov-col-delivered = مُسلَّمة
dash-ov-col-mean = متوسط وقت التسليم
dash-ov-col-slowest = الأبطأ
dash-ov-col-failed-sends = عمليات إرسال فاشلة

## The dashboard: logs.

dash-logs-title = السجلات
dash-logs-type = النوع
dash-logs-all-types = الكل
dash-logs-user-id = معرّف المستخدم
dash-logs-from-utc = من (UTC)
dash-logs-to-utc = إلى (UTC)
dash-logs-from = من
dash-logs-to = إلى
dash-logs-time-invalid = يجب أن يكون «{ $field }» تاريخًا ووقتًا مثل 2026-11-29T14:05
dash-logs-follow = متابعة الأحداث الجديدة
dash-logs-show = عرض
dash-logs-total = { $count ->
    [zero] لا توجد إدخالات مطابقة، الأحدث أولًا، 50 في كل صفحة.
    [one] إدخال واحد مطابق، الأحدث أولًا، 50 في كل صفحة.
    [two] إدخالان مطابقان، الأحدث أولًا، 50 في كل صفحة.
    [few] { $count } إدخالات مطابقة، الأحدث أولًا، 50 في كل صفحة.
    [many] { $count } إدخالًا مطابقًا، الأحدث أولًا، 50 في كل صفحة.
   *[other] { $count } إدخال مطابق، الأحدث أولًا، 50 في كل صفحة.
}
dash-logs-entries = إدخالات السجل
dash-logs-col-time = الوقت
dash-logs-col-description = الوصف
dash-logs-col-user = المستخدم
dash-logs-col-application = التطبيق
dash-logs-col-connection = الاتصال
dash-logs-col-ip = IP
dash-logs-dashboard-app = لوحة التحكم
dash-logs-newer = الأحدث
dash-logs-older = الأقدم

## The dashboard: users.

dash-users-title = المستخدمون
dash-users-search-label = رقم الهاتف أو البريد الإلكتروني
dash-users-search-placeholder = +14155550100 أو someone@example.com
dash-users-find = بحث
dash-users-total = { $count ->
    [zero] لا يوجد مستخدمون
    [one] مستخدم واحد
    [two] مستخدمان
    [few] { $count } مستخدمين
    [many] { $count } مستخدمًا
   *[other] { $count } مستخدم
}
dash-users-total-matching = { $count ->
    [zero] لا يوجد مستخدمون يطابقون { $q }
    [one] مستخدم واحد يطابق { $q }
    [two] مستخدمان يطابقان { $q }
    [few] { $count } مستخدمين يطابقون { $q }
    [many] { $count } مستخدمًا يطابقون { $q }
   *[other] { $count } مستخدم يطابقون { $q }
}
dash-users-col-login = معرّف الدخول
dash-users-col-connection = الاتصال
dash-users-col-logins = عمليات تسجيل الدخول
dash-users-col-last-login = آخر تسجيل دخول
dash-users-col-status = الحالة
dash-users-blocked = محظور
dash-users-never = أبدًا
dash-users-page = الصفحة { $page } من { $pages }
dash-users-previous = السابقة
dash-users-next = التالية
dash-users-profile = الملف الشخصي
dash-users-user-id = معرّف المستخدم
dash-users-identity = الهوية
dash-users-created = تاريخ الإنشاء
dash-users-last = الأخير: { $when }
dash-users-refresh-tokens = رموز التحديث السارية
dash-users-devices = الأجهزة (مفاتيح Touch ID)
dash-users-none = لا شيء.
dash-users-device-keys = مفاتيح الأجهزة
dash-users-col-device = الجهاز
dash-users-col-application = التطبيق
dash-users-col-key = المفتاح
dash-users-col-added = تاريخ الإضافة
dash-users-passkeys = مفاتيح المرور
dash-users-col-name = الاسم
dash-users-col-last-used = آخر استخدام
dash-users-actions = الإجراءات
dash-users-block = حظر
dash-users-unblock = إلغاء الحظر
dash-users-sign-out = تسجيل الخروج من كل مكان
dash-users-delete = حذف المستخدم
dash-users-delete-intro = يؤدي الحذف إلى إزالة المستخدم مع مفاتيح أجهزته ومفاتيح المرور ورموز التحديث الخاصة به.
dash-users-confirm-label = معرّف دخول المستخدم
dash-users-confirm-hint = اكتب { $login } لحذف المستخدم.
dash-users-confirm-mismatch = معرّف دخول المستخدم غير مطابق: اكتب { $login } لحذف المستخدم
dash-users-log = سجل هذا المستخدم
dash-users-blocked-notice = تم حظر المستخدم: ستفشل عمليات تسجيل دخوله من الآن
dash-users-unblocked-notice = تم إلغاء حظر المستخدم
dash-users-sessions-ended = { $count ->
    [zero] لم تُنهَ أي جلسة
    [one] أُنهيت جلسة واحدة
    [two] أُنهيت جلستان
    [few] أُنهيت { $count } جلسات
    [many] أُنهيت { $count } جلسة
   *[other] أُنهيت { $count } جلسة
}
dash-users-tokens-revoked = { $count ->
    [zero] لم يُلغَ أي رمز تحديث
    [one] أُلغي رمز تحديث واحد
    [two] أُلغي رمزا تحديث
    [few] أُلغيت { $count } رموز تحديث
    [many] أُلغي { $count } رمز تحديث
   *[other] أُلغي { $count } رمز تحديث
}
dash-users-signed-out = تم تسجيل الخروج: { $sessions }، { $tokens }
dash-users-deleted = تم حذف المستخدم
