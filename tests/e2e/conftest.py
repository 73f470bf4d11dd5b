"""Fixtures of the browser tests: a live server on a free loopback port and Debian's Chromium.

They run only when ``CENTRIC_TEST_BROWSER`` is set (``.ci/run`` sets it); once selected, a
missing Chromium fails them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from unittest.mock import patch

import pytest
import uvicorn
from argon2 import PasswordHasher
from playwright.sync_api import Browser, Page, sync_playwright
from support_browser import ARGS, CHROMIUM, free_port, seed

from centric.access import passwords
from centric.config import load_settings
from centric.runtime import init_workspace, open_runtime
from centric.web import create_app


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing() -> Iterator[None]:
    # The tests check behaviour, not resistance to cracking: a cheap argon2id keeps them fast.
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    with patch.object(passwords, "_hasher", lambda: cheap):
        yield


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server on a seeded workspace; yields its base URL."""
    folder = tmp_path_factory.mktemp("e2e") / "ws"
    with open_runtime(init_workspace(folder)) as runtime:
        seed(runtime)
    port = free_port()
    config = uvicorn.Config(
        create_app(load_settings(folder), background=False),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    live = uvicorn.Server(config)
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not live.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    live.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium; fails when it is not installed."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Browser tests were selected but {CHROMIUM} is missing: "
            "apt-get install -y chromium chromium-driver"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context and page, failing the test on any page error or CSP violation."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}") if message.type == "error" else None
        ),
    )
    opened.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
    yield opened
    context.close()
    assert problems == []
