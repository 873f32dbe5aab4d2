# English: the reference language. Every other file has exactly these messages.

## The login page

sign-in-to = Sign in to { $app }
country-label = Country
country-search = Search for a country or calling code
phone-label = Phone number
phone-hint = We will text you a code.
email-label = Email address
send-code = Text me a code
email-code = Email me a code
email-link = Email me a link
or = or
passkey-signin = Sign in with a passkey

## The code page

code-heading = Enter your code
sent-by-sms = We sent a code by text message to { $recipient }
sent-by-email = We sent a code by email to { $recipient }
code-label = Verification code
verify = Continue
resend = Send a new code
# { $seconds } is a countdown the page's script updates.
resend-wait = New code in { $seconds } s
use-another = Use another phone number or email

## What went wrong on the login pages

wrong-code = That code is not right. Check the message and try again.
wrong-code-tries-left = That code is not right. { $tries ->
    [one] You have one more try; after it you will need a new code.
   *[other] You have { $tries } more tries.
}
wrong-code-last = That code is not right, and that was the last try. Send yourself a new code.
expired-code = This code has expired. Send yourself a new one.
too-many-tries = Too many wrong tries. Send yourself a new code.
code-not-checked = The code could not be checked just now, and this try was not counted. Please try again.
rate-limited = Too many attempts. Please wait { $seconds ->
    [one] one second
   *[other] { $seconds } seconds
} and try again.
# { $seconds } counts down: the page's script updates it, as resend-wait's.
retry-in = You can try again in { $seconds } s.
retry-now = You can try again now.
invalid-phone = This does not look like a phone number. Check the country and the number.
invalid-email = This does not look like an email address.
blocked = This account is blocked.
signup-disabled = This application does not accept new accounts.
not-sent = We could not send the message. Please try again later.
start-again-title = Please start again
start-again = This page expired or was not opened here. Go back to the app and sign in again.
went-wrong-title = Something went wrong
went-wrong = Please try again in a moment.
request-invalid-title = This sign-in request is not valid
request-invalid = The app that sent you here made a mistake in its sign-in request. Go back to the app and try again; if it happens again, tell the app's makers what is written below.
# Before a developer's detail, which is shown in English as Auth0's are.
error-detail = For the app's developer:
logout-refused-title = Cannot return to the app
logout-refused = The app asked to send you to an address it has not registered, so nothing was changed: you are still signed in.
sign-in-expired = This sign-in expired. Go back to the app and sign in again.

## Notices

link-sent-title = Check your email
link-sent = We sent a sign-in link to { $email }. Open it on any device; it works once, for a few minutes.
logged-out-title = You are signed out
logged-out = You can close this page.

## Passkeys

passkey-offer-title = Sign in faster next time
passkey-offer = Add a passkey: next time, sign in with your fingerprint, face or screen lock instead of a code.
passkey-add = Add a passkey
not-now = Not now, continue

## The magic link pages

continue-as = Continue as { $email }
link-continue = Continue
scanner-note = This extra step stops email security scanners from using your sign-in link before you do.
link-used-title = This link has expired or was already used
code-used-title = This code has expired or was already used
link-used = Sign-in links work once and only for a few minutes. We can send you a new one.
send-new-link = Send me a new link
reopen-title = Please open the link again
reopen = This page expired or was not opened from your sign-in link. Open the link from your email again.
blocked-title = This account is blocked
blocked-help = Contact the application's support team.
signup-closed-title = Sign-up is closed
too-many-title = Too many attempts
too-many-link = Please wait { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}, then ask the app for a new link.
resent-title = Check your email
resent = We sent you a new sign-in link. It works once, for a few minutes.
wait-title = Please wait a moment
wait-link = A link was sent very recently. Check your email, or try again in { $seconds ->
    [one] one second
   *[other] { $seconds } seconds
}.
open-app = Open { $app }
open-on-phone = This link opens the app. Open it on the phone where the app is installed.
enter-code-in-app = If the app did not open, enter this code in the app:
link-invalid-title = This link is not valid
link-no-connection = The link names no connection.
link-no-email = The link names no email address.
link-no-phone = The link names no phone number.
link-unknown-connection = The link names a connection this server does not know.
link-no-code = The link carries no verification code.
link-unknown-app = The link names an application this server does not know.
form-unreadable = The form could not be read.
form-no-app = The form names no application.
link-not-sent-title = No link was sent
link-request-refused = This sign-in request is no longer accepted. Go back to the app and sign in again.
not-found-title = Page not found
not-found = There is no page here.

## Passing the answer on to the app (form_post, the cross-origin fallback)

form-post-signed-in-title = You are signed in
form-post-signed-in = Continue to { $app }.
form-post-returning-title = Returning to { $app }
form-post-returning = Continue to { $app }, which will tell you what happened.
co-verify-title = Signing you in
co-verify-wait = One moment: { $app } is confirming this sign-in.
co-verify-needs-script = This step needs JavaScript. Turn it on, then go back to { $app } and sign in again.
co-verify-frame = Sign-in confirmation

## The built-in email

email-code-subject = Your { $app } verification code
email-code-heading = Your verification code
email-code-intro = Enter this code to sign in to { $app }:
email-code-text = Your { $app } verification code is:
email-code-expires = This code expires in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
email-code-ignore = If you didn't ask for this code, you can safely ignore this email.
email-link-subject = Sign in to { $app }
email-link-intro = Use the button below to sign in as { $email }.
email-link-text = Sign in to { $app } as { $email } by opening this link:
email-link-button = Sign in
email-link-expires = This link works once and expires in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
email-link-any-device = You can open it on any device.
email-link-on-phone = Open it on the phone where the { $app } app is installed.
email-link-or-code = Or enter this code:
email-link-copy = If the button doesn't work, copy this link into your browser:
email-link-ignore = If you didn't ask to sign in, you can safely ignore this email.
email-footer = This message was sent by { $app } because someone asked to sign in with this address ({ $email }).

## The built-in text message

sms-code = Your verification code is: { $code }
