## The dashboard: applications.

## The list of applications and creating one

dash-app-title = التطبيقات
dash-app-name = الاسم
dash-app-client-id = معرّف العميل
dash-app-type = النوع
dash-app-col-callbacks = عناوين الاستدعاء
dash-app-kind-public = عام (أصلي أو أحادي الصفحة)
dash-app-kind-m2m = من جهاز إلى جهاز
dash-app-kind-confidential = سرّي (على الخادم)
dash-app-create-title = إنشاء تطبيق
dash-app-type-native = أصلي (iOS وAndroid): عام، بلا سرّ
dash-app-type-spa = تطبيق ويب أحادي الصفحة: عام، بلا سرّ
dash-app-type-regular-web = تطبيق ويب على الخادم: سرّي، مع سرّ
dash-app-type-m2m = من جهاز إلى جهاز: بيانات اعتماد العميل فقط
dash-app-create = إنشاء
dash-app-name-required = الاسم مطلوب
dash-app-created = أُنشئ التطبيق

## An application's page

dash-app-public-no-secret = عام: بلا سرّ
dash-app-client-secret = سرّ العميل
dash-app-secret-shown = { $secret }، يُعرض الآن فقط: انسخه إلى خادم تطبيقك.
dash-app-callbacks = عناوين الاستدعاء المسموح بها
dash-app-callbacks-hint = عنوان واحد في كل سطر. يجب أن يطابق redirect_uri أحدها تمامًا.
dash-app-logout-urls = عناوين تسجيل الخروج المسموح بها
dash-app-grant-types = أنواع المنح
dash-app-grant-passwordless = رمز بلا كلمة مرور (/oauth/token)
dash-app-grant-refresh-token = رمز التحديث المميز
dash-app-grant-authorization-code = رمز التفويض (تسجيل الدخول المستضاف، الروابط السحرية)
dash-app-grant-implicit = ضمني (الرموز المميزة في جزء عنوان URL)
dash-app-grant-jwt-bearer = مفتاح جهاز Touch ID (jwt-bearer)
dash-app-grant-webauthn = مفتاح مرور (webauthn)
dash-app-grant-legacy-ro = واجهة /oauth/ro القديمة
dash-app-grant-legacy-ro-jwt-bearer = واجهة /oauth/ro القديمة مع مفتاح جهاز
dash-app-grant-client-credentials = بيانات اعتماد العميل (من جهاز إلى جهاز)
dash-app-logo = عنوان URL للشعار
dash-app-logo-https = عنوان URL للشعار (https)
dash-app-primary-color = لون الأزرار
dash-app-id-tokens = رموز الهوية المميزة
dash-app-signing-alg = خوارزمية التوقيع
dash-app-alg-default = (الافتراضية في Auth0)
dash-app-refresh-tokens = رموز التحديث المميزة
dash-app-rotation = التدوير
dash-app-non-rotating = بلا تدوير
dash-app-rotating = مع التدوير: كل استخدام يعيد رمزًا جديدًا، وإعادة الاستخدام تُلغي العائلة كلها
dash-app-expiration = انتهاء الصلاحية
dash-app-non-expiring = لا تنتهي صلاحيته
dash-app-expiring = تنتهي صلاحيته
dash-app-lifetime = مدة الصلاحية
dash-app-lifetime-seconds = مدة الصلاحية (بالثواني)
dash-app-idle-lifetime = مدة الصلاحية عند الخمول
dash-app-idle-lifetime-seconds = مدة الصلاحية عند الخمول (بالثواني)
dash-app-leeway = مهلة إعادة الاستخدام
dash-app-leeway-seconds = مهلة إعادة الاستخدام (بالثواني)
dash-app-native-apps = التطبيقات الأصلية
dash-app-native-hint = للروابط العامة وروابط التطبيقات (الروابط السحرية التي تفتح التطبيق) ولمفاتيح المرور داخل التطبيق: يُدرج Latchkey هذه التطبيقات في { $aasa } و{ $assetlinks }.
dash-app-ios-team-id = معرّف الفريق (Team ID) في iOS
dash-app-ios-bundle = معرّف الحزمة في iOS
dash-app-android-package = اسم حزمة Android
dash-app-android-fingerprints = بصمات شهادة التوقيع في Android
dash-app-android-fingerprints-sha256 = بصمات SHA-256 لشهادة التوقيع في Android
dash-app-fingerprints-hint = بصمة واحدة في كل سطر، بالشكل { $format } (32 زوجًا).
dash-app-browser-apps = تطبيقات المتصفح
dash-app-origins-hint = يتكوّن المصدر من مخطط ومضيف ومنفذ، بلا مسار: { $example }، أو { $wildcard } لمستوى واحد من النطاقات الفرعية. مصادر عناوين الاستدعاء مسموح بها دون إدراجها.
dash-app-web-origins = مصادر الويب المسموح بها
dash-app-allowed-origins = المصادر المسموح بها (CORS)
dash-app-one-per-line = مصدر واحد في كل سطر.
dash-app-cross-origin-auth = المصادقة عبر المصادر
dash-app-cross-origin-loc = عنوان URL البديل للتحقق عبر المصادر
dash-app-save = حفظ
dash-app-rotate-hint = يُنشئ التدوير سرًّا جديدًا، ويتوقف السرّ القديم عن العمل فورًا.
dash-app-rotate = تدوير السرّ
dash-app-delete-warning = يؤدي الحذف إلى إزالة التطبيق مع رموز التحديث المميزة ومفاتيح الأجهزة الخاصة به.
dash-app-confirm-label = اسم التطبيق
dash-app-delete-hint = اكتب { $name } لحذف التطبيق.
dash-app-delete = حذف التطبيق

## Refusals and notices

dash-app-whole-seconds = يجب أن تكون قيمة «{ $field }» عددًا صحيحًا من الثواني
dash-app-alg-unknown = { $value } ليست RS256 أو PS256 أو ES256 أو EdDSA
dash-app-confirm-mismatch = اسم التطبيق غير مطابق: اكتب { $name } لحذف التطبيق
dash-app-saved = تم الحفظ
dash-app-no-secret = التطبيق العام ليس له سرّ
dash-app-secret-rotated = أُنشئ سرّ جديد، ولم يعد السرّ القديم يعمل
dash-app-deleted = حُذف التطبيق
