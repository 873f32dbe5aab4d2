# العربية

## The login page

sign-in-to = تسجيل الدخول إلى { $app }
country-label = البلد
country-search = ابحث عن بلد أو رمز اتصال
phone-label = رقم الهاتف
phone-hint = سنرسل إليك رمزًا في رسالة نصية.
email-label = البريد الإلكتروني
send-code = أرسل لي رمزًا في رسالة نصية
email-code = أرسل لي رمزًا بالبريد الإلكتروني
email-link = أرسل لي رابطًا بالبريد الإلكتروني
or = أو
passkey-signin = تسجيل الدخول بمفتاح مرور

## The code page

code-heading = أدخل الرمز
sent-by-sms = أرسلنا رمزًا في رسالة نصية إلى { $recipient }
sent-by-email = أرسلنا رمزًا بالبريد الإلكتروني إلى { $recipient }
code-label = رمز التحقق
verify = متابعة
resend = أرسل رمزًا جديدًا
resend-wait = رمز جديد بعد { $seconds } ث
use-another = استخدم رقم هاتف أو بريدًا إلكترونيًا آخر

## What went wrong on the login pages

wrong-code = هذا الرمز غير صحيح. تحقق من الرسالة وحاول مرة أخرى.
wrong-code-tries-left = هذا الرمز غير صحيح. { $tries ->
    [one] بقيت لك محاولة واحدة، وبعدها ستحتاج إلى رمز جديد.
    [two] بقيت لك محاولتان.
    [few] بقيت لك { $tries } محاولات.
   *[other] بقيت لك { $tries } محاولة.
}
wrong-code-last = هذا الرمز غير صحيح، وكانت هذه المحاولة الأخيرة. اطلب رمزًا جديدًا.
expired-code = انتهت صلاحية هذا الرمز. اطلب رمزًا جديدًا.
too-many-tries = محاولات خاطئة كثيرة جدًا. اطلب رمزًا جديدًا.
code-not-checked = تعذّر التحقق من الرمز الآن، ولم تُحتسب هذه المحاولة. يُرجى المحاولة مرة أخرى.
rate-limited = محاولات كثيرة جدًا. انتظر { $seconds ->
    [zero] لحظة
    [one] ثانية واحدة
    [two] ثانيتين
    [few] { $seconds } ثوانٍ
    [many] { $seconds } ثانية
   *[other] { $seconds } ثانية
} ثم حاول مرة أخرى.
retry-in = يمكنك المحاولة مرة أخرى بعد { $seconds } ث.
retry-now = يمكنك المحاولة مرة أخرى الآن.
invalid-phone = لا يبدو هذا رقم هاتف. تحقق من البلد والرقم.
invalid-email = لا يبدو هذا عنوان بريد إلكتروني.
blocked = هذا الحساب محظور.
signup-disabled = هذا التطبيق لا يقبل حسابات جديدة.
not-sent = تعذّر إرسال الرسالة. حاول مرة أخرى لاحقًا.
start-again-title = يُرجى البدء من جديد
start-again = انتهت صلاحية هذه الصفحة أو لم تُفتح هنا. ارجع إلى التطبيق وسجّل الدخول مرة أخرى.
went-wrong-title = حدث خطأ ما
went-wrong = حاول مرة أخرى بعد لحظات.
request-invalid-title = طلب تسجيل الدخول هذا غير صالح
request-invalid = أخطأ التطبيق الذي أرسلك إلى هنا في طلب تسجيل الدخول. ارجع إلى التطبيق وحاول مرة أخرى؛ وإن تكرّر ذلك، فأخبر مطوّري التطبيق بما هو مكتوب أدناه.
error-detail = لمطوّر التطبيق:
logout-refused-title = تعذّر الرجوع إلى التطبيق
logout-refused = طلب التطبيق إرسالك إلى عنوان لم يسجّله، لذا لم يتغيّر شيء: ما زلت مسجّل الدخول.
sign-in-expired = انتهت صلاحية تسجيل الدخول هذا. ارجع إلى التطبيق وسجّل الدخول مرة أخرى.

## Notices

link-sent-title = تحقق من بريدك الإلكتروني
link-sent = أرسلنا رابط تسجيل الدخول إلى { $email }. افتحه على أي جهاز؛ يعمل مرة واحدة ولبضع دقائق.
logged-out-title = لقد سجّلت الخروج
logged-out = يمكنك إغلاق هذه الصفحة.

## Passkeys

passkey-offer-title = سجّل الدخول أسرع في المرة القادمة
passkey-offer = أضف مفتاح مرور: في المرة القادمة سجّل الدخول ببصمتك أو وجهك أو قفل الشاشة بدلًا من الرمز.
passkey-add = أضف مفتاح مرور
not-now = ليس الآن، متابعة

## The magic link pages

continue-as = المتابعة باسم { $email }
link-continue = متابعة
scanner-note = تمنع هذه الخطوة الإضافية برامج فحص أمان البريد من استخدام رابط تسجيل الدخول قبلك.
link-used-title = انتهت صلاحية هذا الرابط أو استُخدم من قبل
code-used-title = انتهت صلاحية هذا الرمز أو استُخدم من قبل
link-used = تعمل روابط تسجيل الدخول مرة واحدة ولبضع دقائق فقط. يمكننا إرسال رابط جديد إليك.
send-new-link = أرسل لي رابطًا جديدًا
reopen-title = يُرجى فتح الرابط مرة أخرى
reopen = انتهت صلاحية هذه الصفحة أو لم تُفتح من رابط تسجيل الدخول. افتح الرابط من بريدك الإلكتروني مرة أخرى.
blocked-title = هذا الحساب محظور
blocked-help = تواصل مع فريق دعم التطبيق.
signup-closed-title = التسجيل مغلق
too-many-title = محاولات كثيرة جدًا
too-many-link = انتظر { $minutes ->
    [zero] لحظة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
} ثم اطلب رابطًا جديدًا من التطبيق.
resent-title = تحقق من بريدك الإلكتروني
resent = أرسلنا إليك رابط تسجيل دخول جديدًا. يعمل مرة واحدة ولبضع دقائق.
wait-title = يُرجى الانتظار قليلًا
wait-link = أُرسل رابط قبل قليل. تحقق من بريدك الإلكتروني أو حاول مرة أخرى بعد { $seconds ->
    [zero] لحظة
    [one] ثانية واحدة
    [two] ثانيتين
    [few] { $seconds } ثوانٍ
    [many] { $seconds } ثانية
   *[other] { $seconds } ثانية
}.
open-app = افتح { $app }
open-on-phone = يفتح هذا الرابط التطبيق. افتحه على الهاتف المثبّت عليه التطبيق.
enter-code-in-app = إذا لم يُفتح التطبيق، فأدخل هذا الرمز فيه:
link-invalid-title = هذا الرابط غير صالح
link-no-connection = لا يحدد الرابط أي اتصال.
link-no-email = لا يحدد الرابط أي عنوان بريد إلكتروني.
link-no-phone = لا يحدد الرابط أي رقم هاتف.
link-unknown-connection = يحدد الرابط اتصالًا لا يعرفه هذا الخادم.
link-no-code = لا يحمل الرابط أي رمز تحقق.
link-unknown-app = يحدد الرابط تطبيقًا لا يعرفه هذا الخادم.
form-unreadable = تعذّرت قراءة النموذج.
form-no-app = لا يحدد النموذج أي تطبيق.
link-not-sent-title = لم يُرسَل أي رابط
link-request-refused = لم يعد طلب تسجيل الدخول هذا مقبولًا. ارجع إلى التطبيق وسجّل الدخول مرة أخرى.
not-found-title = الصفحة غير موجودة
not-found = لا توجد صفحة هنا.

## Passing the answer on to the app (form_post, the cross-origin fallback)

form-post-signed-in-title = لقد سجّلت الدخول
form-post-signed-in = تابع إلى { $app }.
form-post-returning-title = العودة إلى { $app }
form-post-returning = تابع إلى { $app }، وسيخبرك بما حدث.
co-verify-title = جارٍ تسجيل دخولك
co-verify-wait = لحظة واحدة: يتحقق { $app } من تسجيل الدخول هذا.
co-verify-needs-script = تحتاج هذه الخطوة إلى JavaScript. فعّله، ثم عُد إلى { $app } وسجّل الدخول مرة أخرى.
co-verify-frame = تأكيد تسجيل الدخول

## The built-in email

email-code-subject = رمز التحقق الخاص بك لـ { $app }
email-code-heading = رمز التحقق الخاص بك
email-code-intro = أدخل هذا الرمز لتسجيل الدخول إلى { $app }:
email-code-text = رمز التحقق الخاص بك لـ { $app } هو:
email-code-expires = تنتهي صلاحية هذا الرمز بعد { $minutes ->
    [zero] لحظة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
}.
email-code-ignore = إذا لم تطلب هذا الرمز، يمكنك تجاهل هذه الرسالة بأمان.
email-link-subject = تسجيل الدخول إلى { $app }
email-link-intro = استخدم الزر أدناه لتسجيل الدخول باسم { $email }.
email-link-text = سجّل الدخول إلى { $app } باسم { $email } بفتح هذا الرابط:
email-link-button = تسجيل الدخول
email-link-expires = يعمل هذا الرابط مرة واحدة وتنتهي صلاحيته بعد { $minutes ->
    [zero] لحظة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $minutes } دقائق
    [many] { $minutes } دقيقة
   *[other] { $minutes } دقيقة
}.
email-link-any-device = يمكنك فتحه على أي جهاز.
email-link-on-phone = افتحه على الهاتف المثبّت عليه تطبيق { $app }.
email-link-or-code = أو أدخل هذا الرمز:
email-link-copy = إذا لم يعمل الزر، فانسخ هذا الرابط في متصفحك:
email-link-ignore = إذا لم تطلب تسجيل الدخول، يمكنك تجاهل هذه الرسالة بأمان.
email-footer = أرسل { $app } هذه الرسالة لأن شخصًا ما طلب تسجيل الدخول بهذا العنوان ({ $email }).

## The built-in text message

sms-code = رمز التحقق الخاص بك هو: { $code }
