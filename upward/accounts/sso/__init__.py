"""OpenID Connect sign-in with every check of the ID token, whatever the transport.

allauth's OpenID Connect provider skips the ID token's signature when the token came
straight from the token endpoint (the spec allows it over TLS) and sends no nonce.
Upward checks both: the provider below sends a fresh nonce with each sign-in, kept
in allauth's one-time state, and the adapter verifies the ID token's signature
against the provider's published keys, its issuer, audience and expiry, and that
its nonce is the one sent. Anything else is refused with allauth's error page.

Registered through SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"].
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import HttpRequest

NONCE_KEY = "upward_oidc_nonce"


class UpwardOIDCAdapter(OpenIDConnectOAuth2Adapter):  # type: ignore[misc]  # allauth is untyped
    state: dict[str, Any] | None = None  # set by the callback view from allauth's state

    def complete_login(self, request: HttpRequest, app: Any, token: Any, **kwargs: Any) -> Any:
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("The identity provider sent no ID token.")
        claims = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        sent = str((self.state or {}).get(NONCE_KEY) or "")
        if not sent or not hmac.compare_digest(sent, str(claims.get("nonce", ""))):
            raise OAuth2Error("The ID token's nonce is not the one sent.")
        data: dict[str, Any] = {"id_token": claims}
        if app.settings.get("fetch_userinfo", True):
            userinfo = self._fetch_user_info(token.token)
            if str(userinfo.get("sub")) != str(claims.get("sub")):
                raise OAuth2Error("The user info is about someone else than the ID token.")
            data["userinfo"] = userinfo
        return self.get_provider().sociallogin_from_response(request, data)


class UpwardOIDCProvider(OpenIDConnectProvider):  # type: ignore[misc]
    oauth2_adapter_class = UpwardOIDCAdapter
    package = "upward.accounts.sso"  # its urls.py serves allauth's two URL names

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> Any:
        nonce = secrets.token_urlsafe(24)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce
        kwargs[NONCE_KEY] = nonce  # stashed in allauth's one-time state
        return super().redirect(request, process, next_url, data, auth_params=auth_params, **kwargs)


provider_classes = [UpwardOIDCProvider]
