"""Fixtures for the web tests: a real uvicorn server in a thread, and a real headless Chromium.

web_url serves tests/web/fixture (a small graph shaped like the real one, with a
hostile label); real_web_url serves the repository's graph (skipped while it is
empty). browser is Selenium driving the system Chromium (Debian packages
chromium and chromium-driver); nothing is downloaded.
"""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed: pip install -e '.[web]'")
pytest.importorskip("uvicorn", reason="the web extra is not installed: pip install -e '.[web]'")

import ssvkg  # noqa: E402
from ssvkg.project import Project  # noqa: E402
from ssvkg.web.limits import Limits  # noqa: E402
from ssvkg.web.server import bind, make_server, url_of  # noqa: E402

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixture"
REPO = HERE.parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must never download a driver or a browser


def open_engine(root: Path, name: str = "rdflib"):
    """The graph at root, unloaded, as `ssvkg serve` hands it to the app: the app's worker
    pools load the store (parsed in memory: no on-disk cache in tests)."""
    return ssvkg.open(root, name, cache_dir="off")


class BackgroundServer:
    """The real app on a real socket (127.0.0.1, a free port), served by uvicorn in a thread."""

    def __init__(self, engine, limits: Limits = Limits()):
        self.sock = bind("127.0.0.1", 0)
        self.url = url_of(self.sock)
        self.server = make_server(engine, self.sock, limits)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       name="ssvkg-test-server", daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)

    def stop(self):
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture(scope="session")
def site_url():
    """The fixture graph served with the default engine, as `ssvkg serve` would."""
    from ssvkg.store.registry import DEFAULT_ENGINE

    server = BackgroundServer(open_engine(FIXTURE, DEFAULT_ENGINE))
    yield server.url.rstrip("/")
    server.stop()


@pytest.fixture(scope="session", params=[pytest.param(p, marks=pytest.mark.xdist_group(f"web-{p}"))
                                         for p in ("rdflib", "oxigraph", "endpoint")])
def web_url(request, site_url):
    """The fixture graph served over each engine; "endpoint" is a second server whose
    engine is the remote-store engine pointed at the first server's /sparql. Under
    pytest-xdist each engine's tests form one group: its server starts on one worker only."""
    if request.param == "endpoint":
        from ssvkg.remote.engine import EndpointEngine

        engine = ssvkg.open(FIXTURE, EndpointEngine.connect(Project(FIXTURE), site_url + "/sparql", None,
                                                            timeout=30))
    else:
        engine = open_engine(FIXTURE, request.param)
    server = BackgroundServer(engine)
    yield server.url.rstrip("/")
    server.stop()


@pytest.fixture(scope="session")
def strict_url():
    """A server with tiny limits: 0.5 s per query, 3 rows, 2 KiB bodies (rdflib: its queries can be stopped)."""
    server = BackgroundServer(open_engine(FIXTURE), Limits(timeout=0.5, max_rows=3, max_body=2048,
                                                           max_query=1024))
    yield server.url.rstrip("/")
    server.stop()


@pytest.fixture(scope="session")
def real_web_url():
    from ssvkg.store.registry import DEFAULT_ENGINE

    server = BackgroundServer(open_engine(REPO, DEFAULT_ENGINE))
    yield server.url.rstrip("/")
    server.stop()


def _chromium_missing() -> str | None:
    for path, pkg in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(path).exists():
            return f"{path} is missing: apt-get install chromium chromium-driver (or bash scripts/install-test-deps.sh)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is missing: pip install -e '.[test]'"
    return None


@pytest.fixture(scope="session")
def browser():
    missing = _chromium_missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests, but {missing}")
        pytest.skip(missing)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="ssvkg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1280,1000",
                "--lang=en-US"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def screenshot(browser):
    """screenshot(name): the whole page as build/screenshots/NAME.png (a CI artefact)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        # Chrome's own full-page capture (DevTools protocol): no window resizing or scrolling.
        size = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 8000), "scale": 1}
        shot = browser.execute_cdp_cmd("Page.captureScreenshot",
                                       {"format": "png", "captureBeyondViewport": True, "clip": clip})
        path = SCREENSHOTS / f"{name}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    return take
