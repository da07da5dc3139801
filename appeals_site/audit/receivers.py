"""Logins, failed logins and logouts, from Django's auth signals (connected in apps.py).

A failed login records the username tried, never the password (Django's signal carries the
credentials with the password masked; only the username is read here)."""

from django.contrib.auth import get_user_model

from appeals_site.audit.services import Action, audit_record


def logged_in(sender, request, user, **kwargs) -> None:
    audit_record(action=Action.LOGIN, request=request, actor=user)


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str((credentials or {}).get(get_user_model().USERNAME_FIELD, ""))[:200]
    audit_record(
        action=Action.LOGIN_FAILED,
        request=request,
        actor=None,
        actor_label=username,
        detail={"username": username},
    )


def logged_out(sender, request, user, **kwargs) -> None:
    # `user` is None when the session had no logged-in user.
    if user is not None:
        audit_record(action=Action.LOGOUT, request=request, actor=user)
