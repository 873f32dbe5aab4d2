## The dashboard: overview.

dash-ov-title = Overview
# { $since } is a date, 12-01.
dash-ov-since = The last 14 days, since { $since } (UTC). Dashboard sign-ins are not counted.
dash-ov-tile-logins = Logins
dash-ov-tile-texts-sent = Texts sent
dash-ov-tile-converted = Texts that led to a login
dash-ov-tile-failed = Failed logins
dash-ov-tile-refused = Texts refused as pumping
dash-ov-logins-heading = Logins per day
dash-ov-logins-empty = No logins in these 14 days.
dash-ov-logins-chart = Logins per day by connection
dash-ov-logins-desc = Stacked columns, one a day; the table below has the numbers.
dash-ov-legend = Connections
dash-ov-logins-table = Logins per day as a table
dash-ov-col-day = Day
dash-ov-col-all = All
dash-ov-countries-heading = Texts by country
dash-ov-countries-hint = A country whose texts rarely lead to a login is the sign of SMS pumping; pumping protection closes it for the hour.
dash-ov-countries-empty = No texts in these 14 days.
dash-ov-countries-chart = Texts sent by country, with the share that led to a login
dash-ov-countries-desc = Horizontal bars, one a country; the table below has the numbers and the refusals.
dash-ov-countries-table = Texts by country as a table
dash-ov-col-country = Country
dash-ov-col-conversion = Conversion
dash-ov-col-refused = Refused by pumping protection
# After a country's bar: how many texts were sent there, and the share that led to a login
# ({ $conversion } is 25.0 %).
dash-ov-country-note = { $count } sent, { $conversion } converted
dash-ov-failures-heading = Failed logins by reason
dash-ov-failures-empty = No failed logins in these 14 days.
dash-ov-failures-desc = Horizontal bars, one a reason; the table below has the numbers.
dash-ov-failures-table = Failed logins as a table
dash-ov-col-reason = Reason
dash-ov-reason-wrong-code = Wrong code
dash-ov-reason-code-expired = Code expired or used
dash-ov-reason-too-many-attempts = Too many wrong codes
dash-ov-reason-user-blocked = User blocked
dash-ov-reason-signup-disabled = Sign-ups are off
dash-ov-reason-rate-limited = Too many requests
dash-ov-reason-invalid-request = Invalid request
dash-ov-reason-invalid-grant = Invalid grant
dash-ov-reason-access-denied = Access denied
dash-ov-reason-client-auth-failed = Client authentication failed
dash-ov-providers-heading = SMS providers
dash-ov-providers-hint = Errors are failed sends and texts the provider reported undelivered; time to delivery is from hand-over to the provider's delivered receipt.
dash-ov-providers-empty = No texts with receipts, and no failed sends, in these 14 days.
dash-ov-providers-chart = Errors by SMS provider
dash-ov-providers-desc = Horizontal bars, one a provider; the table below has the numbers and the times to delivery.
dash-ov-providers-table = SMS providers as a table
dash-ov-providers-caption = SMS providers' errors and times to delivery
# After a provider's bar: its failed sends and undelivered texts together.
dash-ov-provider-errors = { $count ->
    [one] { $count } error
   *[other] { $count } errors
}
dash-ov-col-provider = Provider
dash-ov-col-receipts = Texts with receipts
dash-ov-col-undelivered = Undelivered
dash-ov-col-delivered = Delivered
dash-ov-col-mean = Mean time to delivery
dash-ov-col-slowest = Slowest
dash-ov-col-failed-sends = Failed sends

## The dashboard: logs.

dash-logs-title = Logs
dash-logs-type = Type
dash-logs-all-types = All
dash-logs-user-id = User ID
dash-logs-from-utc = From (UTC)
dash-logs-to-utc = To (UTC)
# The time fields' names in an error message.
dash-logs-from = From
dash-logs-to = To
# { $field } is the field's name (dash-logs-from or dash-logs-to).
dash-logs-time-invalid = { $field } must be a date and time like 2026-11-29T14:05
dash-logs-follow = Follow new events
dash-logs-show = Show
dash-logs-total = { $count ->
    [one] { $count } matching entry, newest first, 50 a page.
   *[other] { $count } matching entries, newest first, 50 a page.
}
dash-logs-entries = Log entries
dash-logs-col-time = Time
dash-logs-col-description = Description
dash-logs-col-user = User
dash-logs-col-application = Application
dash-logs-col-connection = Connection
dash-logs-col-ip = IP
# The application column's name for the dashboard's own sign-ins.
dash-logs-dashboard-app = Dashboard
dash-logs-newer = Newer
dash-logs-older = Older

## The dashboard: users.

dash-users-title = Users
dash-users-search-label = Phone number or email address
dash-users-search-placeholder = +14155550100 or someone@example.com
dash-users-find = Find
dash-users-total = { $count ->
    [one] { $count } user
   *[other] { $count } users
}
# { $q } is what was searched for.
dash-users-total-matching = { $count ->
    [one] { $count } user matching { $q }
   *[other] { $count } users matching { $q }
}
dash-users-col-login = Login
dash-users-col-connection = Connection
dash-users-col-logins = Logins
dash-users-col-last-login = Last login
dash-users-col-status = Status
dash-users-blocked = blocked
# A last login that has not happened.
dash-users-never = never
# { $page } and { $pages } are numbers.
dash-users-page = Page { $page } of { $pages }
dash-users-previous = Previous
dash-users-next = Next
dash-users-profile = Profile
dash-users-user-id = User ID
dash-users-identity = Identity
dash-users-created = Created
# After the number of logins; { $when } is a time or dash-users-never.
dash-users-last = last { $when }
dash-users-refresh-tokens = Live refresh tokens
dash-users-devices = Devices (Touch ID keys)
dash-users-none = None.
dash-users-device-keys = Device keys
dash-users-col-device = Device
dash-users-col-application = Application
dash-users-col-key = Key
dash-users-col-added = Added
dash-users-passkeys = Passkeys
dash-users-col-name = Name
dash-users-col-last-used = Last used
dash-users-actions = Actions
dash-users-block = Block
dash-users-unblock = Unblock
dash-users-sign-out = Log out everywhere
dash-users-delete = Delete the user
dash-users-delete-intro = Deleting removes the user with their device keys, passkeys and refresh tokens.
dash-users-confirm-label = User's login
# { $login } is shown in bold.
dash-users-confirm-hint = Type { $login } to delete the user.
dash-users-confirm-mismatch = User's login does not match: type { $login } to delete the user
dash-users-log = This user's log
dash-users-blocked-notice = User blocked: their logins now fail
dash-users-unblocked-notice = User unblocked
dash-users-sessions-ended = { $count ->
    [one] { $count } session ended
   *[other] { $count } sessions ended
}
dash-users-tokens-revoked = { $count ->
    [one] { $count } refresh token revoked
   *[other] { $count } refresh tokens revoked
}
# { $sessions } is dash-users-sessions-ended, { $tokens } dash-users-tokens-revoked.
dash-users-signed-out = Signed out: { $sessions }, { $tokens }
dash-users-deleted = User deleted
