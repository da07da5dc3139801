"""`{{ number|grouped }}`: a number that can be dialled, grouped as people dial it (the admin,
the public pages and letters show numbers so; authorities.contacts.number_grouped)."""

from django import template

from authorities.contacts import number_grouped

register = template.Library()


@register.filter
def grouped(value) -> str:
    return number_grouped(str(value or ""))
