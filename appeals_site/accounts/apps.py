from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """django.contrib.admin, with the two-step staff login as its default site (Django's way
    to replace `admin.site`: every app's admin.py registers on it unchanged)."""

    default_site = "appeals_site.accounts.admin_site.StaffAdminSite"
