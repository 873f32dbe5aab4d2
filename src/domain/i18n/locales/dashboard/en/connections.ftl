## The dashboard: connections.

## The connections list

dash-conn-list-title = Connections
dash-conn-list-heading = Connections › Passwordless
dash-conn-col-connection = Connection
dash-conn-col-type = Type
dash-conn-col-sends = Sends
dash-conn-strategy-sms = SMS
dash-conn-strategy-email = Email
dash-conn-sends-from = { $provider }, from { $from }
dash-conn-sends-log = Development: texts go to the server log
dash-conn-sends-gateway = SMS gateway at { $url }
dash-conn-sends-verify = Twilio Verify, service { $sid }
dash-conn-sends-custom = Custom template
dash-conn-sends-built-in = Built-in templates
dash-conn-new-label = New connection
dash-conn-new-type = Type
dash-conn-create = Create
dash-conn-created = Connection created
dash-conn-deleted = Connection { $name } deleted, with its users
dash-conn-email-provider = Email provider
dash-conn-email-provider-log = Development: email goes to the server log
dash-conn-set-up-smtp = Set up SMTP
dash-conn-keys-heading = Device keys and passkeys
dash-conn-device-keys = Touch ID (device keys):
dash-conn-state-on = on
dash-conn-state-off = off
dash-conn-state-end = .
dash-conn-device-keys-about = Apps register a device's key and sign in with it, where the application allows the { $grant } grant (see Applications).
dash-conn-device-keys-switch-on = Switch Touch ID on
dash-conn-device-keys-switch-off = Switch Touch ID off
dash-conn-device-keys-on = Touch ID is on
dash-conn-device-keys-off = Touch ID is off
dash-conn-passkeys = Passkeys:
dash-conn-passkeys-about = Users can add a passkey after a code login and then sign in with it alone, on the hosted login and through the native API.
dash-conn-passkeys-switch-on = Switch passkeys on
dash-conn-passkeys-switch-off = Switch passkeys off
dash-conn-passkeys-on = Passkeys are on
dash-conn-passkeys-off = Passkeys are off
dash-conn-passkeys-need-host = Passkeys need a host name in the issuer (an IP address cannot be a relying party id); use { $host } for development.

## What an SMS and an email connection's pages share

dash-conn-code-length = Code length
dash-conn-code-lifetime = Code lifetime
dash-conn-code-lifetime-seconds = Code lifetime (seconds)
dash-conn-disable-signup = Disable sign-ups (only existing users may log in)
dash-conn-save = Save
dash-conn-saved = Saved
dash-conn-whole-number = { $field } must be a whole number
dash-conn-preview-failed = (the template does not render: { $error })
dash-conn-not-sent = Not sent: { $reason }
dash-conn-secret-saved = •••••••• saved; leave empty to keep
dash-conn-secret-unset = not set
dash-conn-delete-heading = Delete
dash-conn-delete-about = Deleting the connection deletes its users too, with their keys, passkeys and tokens.
dash-conn-confirm-label = Connection's name
dash-conn-confirm-hint = Type { $name } to delete the connection.
dash-conn-confirm-mismatch = Connection's name does not match: type { $name } to delete the connection
dash-conn-delete = Delete the connection

## An SMS connection's page

dash-conn-sms-title = SMS connection { $name }
dash-conn-failover-heading = Failover providers
dash-conn-failover-hint = Tried in order after the provider above, only when it cannot have sent the text. Leave the last entry empty to add none.
dash-conn-routes-heading = Country routes
dash-conn-routes-hint = Numbers of these countries go through these providers only, in this order.
dash-conn-whatsapp = WhatsApp (through the Twilio account above; leave empty for none)
dash-conn-message-heading = Message
dash-conn-syntax = Template syntax
dash-conn-syntax-macros = Text with @@macros@@
dash-conn-message = Message
dash-conn-sms-macros-hint = @@password@@ is the code; @@application.name@@ the app's name. In Liquid: { $code }, { $app }.
dash-conn-preview-with-code = Preview with the code { $code }:
dash-conn-test-sms = Send a test SMS
dash-conn-phone = Phone number
dash-conn-phone-e164 = Phone number (E.164)
dash-conn-test-sms-hint = Sends the saved message with a sample code; it cannot be used to sign in.
dash-conn-test-sms-sent = Test text sent to { $to }

## An SMS connection's providers: the own one, failover ones, country routes, WhatsApp

dash-conn-provider = Provider
dash-conn-provider-hint = Fill in the fields of the chosen provider; the others are kept as they are.
dash-conn-receipts-default = Default: on when the issuer is https
dash-conn-receipts-on = On
dash-conn-receipts-off = Off
dash-conn-kind-twilio = Twilio
dash-conn-kind-twilio-verify = Twilio Verify (Twilio makes and checks the code)
dash-conn-kind-gateway = SMS gateway (Auth0's custom gateway contract)
dash-conn-kind-vonage = Vonage
dash-conn-kind-messagebird = MessageBird
dash-conn-kind-log = Development: write texts to the server log
dash-conn-field-from = From (phone number or sender name)
dash-conn-field-connect-timeout = Connect timeout (ms)
dash-conn-field-timeout = Request timeout (ms)
dash-conn-field-twilio-sid = Twilio Account SID
dash-conn-field-twilio-token = Twilio Auth Token
dash-conn-field-messaging-service = or Messaging Service SID
dash-conn-field-twilio-url = Twilio API URL
dash-conn-field-twilio-url-hint = Change it only for a Twilio edge location (e.g. https://api.dublin.ie1.twilio.com).
dash-conn-field-receipts = Delivery receipts
dash-conn-field-verify-sid = Verify Service SID
dash-conn-field-verify-sid-hint = Twilio Verify signs in with the Twilio Account SID and Auth Token above.
dash-conn-field-verify-url = Twilio Verify API URL
dash-conn-field-gateway-url = Gateway URL
dash-conn-field-gateway-sub = Bearer token subject (sub)
dash-conn-field-gateway-aud = Bearer token audience (aud)
dash-conn-field-gateway-secret = Bearer token signing secret
dash-conn-field-gateway-base64 = The secret is base64-encoded
dash-conn-field-forward-info = Send the user's IP address and browser with each text
dash-conn-field-vonage-key = Vonage API key
dash-conn-field-vonage-secret = Vonage API secret
dash-conn-field-vonage-url = Vonage API URL
dash-conn-field-messagebird-key = MessageBird access key
dash-conn-field-messagebird-url = MessageBird API URL
dash-conn-failover-add = Add a failover provider
dash-conn-failover-legend = Failover provider { $position }: { $name }
dash-conn-failover-name = Name (for the log and the routes)
dash-conn-failover-position = Position
dash-conn-failover-position-hint = Lower numbers are tried first.
dash-conn-failover-remove = Remove this provider
dash-conn-route-countries = Countries
dash-conn-route-countries-hint = ISO region codes, e.g. IN, LK.
dash-conn-route-providers = Providers
dash-conn-route-providers-hint = Provider names in the order they are tried; the connection's own provider is named by its kind (e.g. twilio).
dash-conn-route-remove = Remove this route
dash-conn-route-add = Add a country route
dash-conn-route-legend = Country route { $position }
dash-conn-whatsapp-from = WhatsApp sender (E.164)
dash-conn-whatsapp-template = Approved template (Content SID, HX…)
dash-conn-whatsapp-variable = Template variable that holds the code

## An email connection's page

dash-conn-email-title = Email connection { $name }
dash-conn-email-from = From
dash-conn-email-from-placeholder = the provider's default sender
dash-conn-email-subject = Subject
dash-conn-email-subject-placeholder = built-in, in the user's language
dash-conn-email-body = Body
dash-conn-email-body-html = Body (HTML with Liquid)
dash-conn-email-body-placeholder = empty: the built-in templates, in the reader's language
dash-conn-email-body-hint = Use { $code } for the code and { $link } for a magic link; also { $app }, { $email }.
dash-conn-email-text-body = Plain-text body
dash-conn-email-text-body-optional = Plain-text body (optional)
dash-conn-email-preview = Preview of a code email (saved version), code { $code }:
dash-conn-confirm-magic-link = Magic links open a confirm page (mail scanners cannot use them up)
dash-conn-email-provider-link = Email provider (SMTP)

## The email provider's page

dash-conn-smtp-log = Development: write email to the server log
dash-conn-default-sender = Default sender
dash-conn-smtp-host = SMTP host
dash-conn-smtp-port = Port
dash-conn-smtp-security = Security
dash-conn-smtp-starttls = STARTTLS (587), required
dash-conn-smtp-none = None: a relay on this host or network only
dash-conn-smtp-user = User name
dash-conn-smtp-password = Password
dash-conn-port-number = { $field } must be a port number (1 to 65535)
dash-conn-test-email = Send a test email
dash-conn-test-email-to = Email address
dash-conn-test-email-sent = Test email sent to { $to }
