"""Refuse webhook URLs that point inside the network Upward runs in (SSRF).

A URL whose host resolves to a private, loopback, link-local, reserved or
multicast address is refused unless UPWARD_WEBHOOKS_ALLOW_PRIVATE_URLS is on
(tests, and a company whose chat server sits on its own network). The check
runs when an endpoint is saved and again before every attempt, since DNS can
change in between.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from upward.core.errors import ApplicationError


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ApplicationError(f"url: the host {host} cannot be found.") from None
    return [ipaddress.ip_address(info[4][0]) for info in infos]


def _is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
    )


def check_webhook_url(url: str) -> None:
    """Raise ApplicationError naming the field when `url` may not receive webhooks."""
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ApplicationError("url: an http or https address, such as https://hooks.example.com/…")
    if parts.scheme == "http" and not settings.UPWARD_WEBHOOKS_ALLOW_HTTP:
        raise ApplicationError("url: use https; plain http is turned off on this server.")
    if parts.username or parts.password:
        raise ApplicationError("url: put no user name or password in the address.")
    if settings.UPWARD_WEBHOOKS_ALLOW_PRIVATE_URLS:
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    internal = [str(a) for a in _addresses(parts.hostname, port) if _is_internal(a)]
    if internal:
        raise ApplicationError(
            f"url: {parts.hostname} points inside the private network ({internal[0]}); "
            "webhooks go only to public addresses."
        )
