"""Walk the site as one signed-in person, following links, and keep what each page said.

The crawl visits at most `per_route` pages of each URL pattern (so a directory
of 400 people costs three person pages, not 400) and at most `limit` pages in
all. It only follows links (GET): a GET never writes, so crawling changes
nothing. Privacy and wording tests then read the pages it kept.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from typing import Any
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve

HREF = re.compile(r'href="(/[^"]*)"')
# Never followed: files the browser loads, the operator's admin, sign-out and allauth's pages.
SKIPPED = ("/static/", "/admin/", "/accounts/", "/favicon.ico")


@dataclass(frozen=True)
class Page:
    url: str
    status: int
    content_type: str
    body: str

    @property
    def text(self) -> str:
        """What a reader sees: tags, scripts and styles removed, entities decoded."""
        html = re.sub(r"<(script|style)\b.*?</\1>", " ", self.body, flags=re.S | re.I)
        return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _route(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return url
    return match.route or url


def crawl(
    client: Any, start: str | Iterable[str] = "/", *, limit: int = 250, per_route: int = 3
) -> list[Page]:
    """Pages reachable from `start` (one URL or several) by following links, as `client` sees."""
    starts = [start] if isinstance(start, str) else list(dict.fromkeys(start))
    queue, seen = deque(starts), set(starts)
    routes: Counter[str] = Counter()
    pages: list[Page] = []
    while queue and len(pages) < limit:
        url = queue.popleft()
        route = _route(url)
        if routes[route] >= per_route:
            continue
        routes[route] += 1
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        body = b"".join(response) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        pages.append(Page(url, response.status_code, content_type, text))
        if "html" not in content_type:
            continue
        for link in HREF.findall(text):
            link = urldefrag(unescape(link))[0]
            if link and link not in seen and not link.startswith(SKIPPED):
                seen.add(link)
                queue.append(link)
    return pages
