"""Rate settings as DRF throttles read them, shared by the API and the public site."""


def throttle_rate(setting: str | None) -> str | None:
    """Return a rate setting ("600/minute") as DRF reads it, or None for no limit: "off" or
    "none" (an empty value in the environment gives the default: appeals_site.env)."""
    if not setting or setting.strip().lower() in {"off", "none"}:
        return None
    return setting
