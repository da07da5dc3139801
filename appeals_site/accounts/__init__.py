"""Staff accounts: the two-step login to the admin (password, then a second factor), the
second factors themselves (an authenticator app, backup codes) and the lockout page.

Every staff login needs a verified second factor (django-otp): the admin site refuses a session
that has only a password (`admin_site.StaffAdminSite`), and so does the API's session
authentication. Failed passwords are counted by django-axes, which locks the account and the
address they come from (settings: "Security: staff accounts").
"""
