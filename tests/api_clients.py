"""API clients for the personas: a partner with its key, staff with their own keys."""

from rest_framework.test import APIClient

from partners.services import api_key_create, partner_create


def partner_api_client(name: str = "Partner network") -> APIClient:
    _partner, raw = partner_create(name=name)
    return bearer_client(raw)


def staff_api_client(user) -> APIClient:
    _key, raw = api_key_create(user=user, name="tests")
    return bearer_client(raw)


def bearer_client(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client
