"""The client's address: one answer for the throttles, django-axes, the audit log and the logs.

With no proxy configured (TRUSTED_PROXY_COUNT=0, the default) it is the address the connection
came from, REMOTE_ADDR, and every forwarding header (X-Forwarded-For, X-Real-IP, Forwarded) is
ignored: a client can write any of them. Behind proxies, X-Forwarded-For is read from the
right, where each proxy appends the address it received the request from, and only as far as
proxies we trust wrote it:

- the request must come from a trusted proxy (REMOTE_ADDR in TRUSTED_PROXIES), else the header
  is the client's own words and REMOTE_ADDR is the answer;
- each entry from the right is the address the hop to its right saw; it is believed while that
  hop is a trusted proxy, for at most TRUSTED_PROXY_COUNT hops. The first entry that is not a
  trusted proxy, or the one at that depth, is the client;
- an entry that is not an address (garbage, "unknown", an obfuscated name) stops the walk: the
  answer is the last trusted proxy's own address. A broken header puts its senders together
  behind the proxy's address, never under an address of their choosing. Too few entries stop it
  the same way, at the last address a trusted proxy reported.

Why not python-ipware or django-ipware (which django-axes uses): docs/security.md.
"""

import ipaddress
from collections.abc import Iterable, Mapping
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Where proxies usually stand when none are named: this machine, and private networks (a
# container network, a load balancer inside a private network).
DEFAULT_TRUSTED_PROXIES = (
    "127.0.0.0/8",
    "::1/128",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "fc00::/7",
)


def parse_networks(name: str, values: Iterable[str]) -> list[str]:
    """Return `values` (addresses or networks in CIDR notation) as networks in their canonical
    spelling; ImproperlyConfigured naming the setting `name` and the value when one is not."""
    networks = []
    for value in values:
        try:
            network = ipaddress.ip_network(value.strip(), strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {value!r} is not an IP address or a network such as 10.0.0.0/8 or "
                "fd00::/8."
            ) from None
        networks.append(str(_unmapped_network(network)))
    return networks


def _unmapped_network(network: Network) -> Network:
    """An IPv4 network written in IPv6 (::ffff:10.0.0.0/104) as the IPv4 network it is."""
    if isinstance(network, ipaddress.IPv6Network) and network.prefixlen >= 96:
        mapped = network.network_address.ipv4_mapped
        if mapped is not None:
            return ipaddress.IPv4Network((mapped, network.prefixlen - 96))
    return network


@lru_cache(maxsize=8)
def _compiled(networks: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(network, strict=False) for network in networks)


def parse_address(value: str | None) -> Address | None:
    """Return one hop as an address, or None when it is not one. Accepts what proxies write:
    `192.0.2.1`, `192.0.2.1:5000`, `2001:db8::1`, `[2001:db8::1]:443`; an IPv4 address
    written in IPv6 (::ffff:192.0.2.1, as a dual-stack socket gives it) is the IPv4 address."""
    text = (value or "").strip()
    if text.startswith("["):
        host, bracket, rest = text[1:].partition("]")
        if not bracket or (rest and not (rest[:1] == ":" and rest[1:].isdigit())):
            return None
        text = host
    elif text.count(":") == 1:
        host, _colon, port = text.partition(":")
        if not port.isdigit():
            return None
        text = host
    if "%" in text:  # a zone (fe80::1%eth0) names an interface of the proxy: not a client
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def resolve_client_address(
    *,
    remote_addr: str | None,
    forwarded_for: str | None,
    proxy_count: int,
    trusted_proxies: Iterable[str],
) -> str:
    """Return the client's address from the connection's address and the X-Forwarded-For
    header as received (see the module's docstring); "" when the connection's address is not
    an address at all."""
    remote = parse_address(remote_addr)
    if remote is None:
        return ""
    networks = _compiled(tuple(trusted_proxies))

    def trusted(address: Address) -> bool:
        return any(address in network for network in networks)

    if proxy_count < 1 or not trusted(remote):
        return str(remote)
    hops = [hop for hop in (forwarded_for or "").split(",") if hop.strip()]
    client = remote
    for _depth in range(proxy_count):
        if not hops:
            break
        hop = parse_address(hops.pop())
        if hop is None:
            break
        client = hop
        if not trusted(hop):
            break
    return str(client)


def client_address_from_meta(meta: Mapping[str, object]) -> str:
    """client_address() of a request's META or a WSGI environ (gunicorn's access log)."""
    remote_addr = meta.get("REMOTE_ADDR")
    forwarded_for = meta.get("HTTP_X_FORWARDED_FOR")
    return resolve_client_address(
        remote_addr=remote_addr if isinstance(remote_addr, str) else None,
        forwarded_for=forwarded_for if isinstance(forwarded_for, str) else None,
        proxy_count=settings.TRUSTED_PROXY_COUNT,
        trusted_proxies=settings.TRUSTED_PROXIES,
    )


def client_address(request: HttpRequest) -> str:
    """Return the address of the client that sent `request` (Django's or DRF's), as the
    settings TRUSTED_PROXY_COUNT and TRUSTED_PROXIES say to read it."""
    request = getattr(request, "_request", request)  # DRF's Request wraps Django's
    return client_address_from_meta(request.META)
