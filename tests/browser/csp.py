"""Watching Playwright pages for Content-Security-Policy violations.

Every page of a watched browser context reports its `securitypolicyviolation` events (a listener
added before any page script runs, reporting through a binding that survives navigation) and its
console messages saying "Refused to …" (how Chromium logs a blocked script, style, frame or image).
The root `conftest.py` watches the context of every browser test and fails it at teardown if
anything was refused, so a journey that works only because the policy is missing cannot pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page

BINDING = "__ansinhCspViolation"
LISTENER = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  window.{BINDING}([event.violatedDirective, event.blockedURI || "inline", event.sourceFile || "",
                    String(event.lineNumber || 0)].join(" "));
}});
"""
# Runs one task after everything queued before it: violation events and console messages of the
# page's last load have been delivered by then (an ordering, not a timed wait).
FLUSH = "() => new Promise((resolve) => setTimeout(resolve, 0))"


def is_refusal(text: str) -> bool:
    return text.startswith("Refused to") or "Content Security Policy" in text


@dataclass
class CspWatch:
    problems: list[str] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        context.expose_binding(BINDING, self._on_violation)
        context.add_init_script(LISTENER)
        for page in context.pages:
            self._watch(page)
        context.on("page", self._watch)

    def _watch(self, page: Page) -> None:
        self.pages.append(page)
        page.on("console", self._on_console)

    def _on_violation(self, source: Any, description: str) -> None:
        page = source.get("page") if isinstance(source, dict) else None
        where = page.url if page is not None else "?"
        self.problems.append(f"securitypolicyviolation on {where}: {description}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if is_refusal(message.text):
            self.problems.append(f"console on {message.page.url if message.page else '?'}: {message.text}")

    def flush(self) -> None:
        for page in self.pages:
            if page.is_closed():
                continue
            try:
                page.evaluate(FLUSH)
            except Error:  # the page was navigating or closing: what it reported is already in
                continue

    def assert_clean(self) -> None:
        self.flush()
        if self.problems:
            pytest.fail("Content-Security-Policy refused something:\n" + "\n".join(self.problems), pytrace=False)
