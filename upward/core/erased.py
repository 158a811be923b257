"""How an erased person reads everywhere (upward.privacy.erasure)."""

from __future__ import annotations

ERASED_NAME = "A former participant"
# An erased person's employee id and address start with this, then a random part.
ERASED_ID_PREFIX = "erased-"
# RFC 2606 reserves .invalid: no mail can ever be delivered there.
ERASED_EMAIL_DOMAIN = "erased.invalid"


def is_erased_address(address: str) -> bool:
    return address.strip().lower().endswith("@" + ERASED_EMAIL_DOMAIN)
