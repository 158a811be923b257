"""Settings of the scale-out benchmark's servers: production settings, plus two changes.

- TLS is the load balancer's job in production and is not measured here: the
  servers are reached over plain HTTP on loopback, so the cookies cannot be
  marked Secure and nothing redirects to HTTPS.
- One extra page, /bench/ceiling/ (bench.scale_urls): the smallest signed-in
  Django page, whose throughput on the same servers is the ceiling the
  benchmark compares Upward's pages with.
"""

from upward.settings import *  # noqa: F403

ROOT_URLCONF = "bench.scale_urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
