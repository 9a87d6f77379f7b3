"""The hosting guide's nginx configuration, taken from docs/hosting.md as a reader copies it and
run on a real nginx in front of the real site built for /cx/: the guide's promise holds."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import IN_CI, ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
GUIDE = ROOT / "docs" / "hosting.md"


def _guide_server_block() -> str:
    """The nginx block under the guide's "An nginx server" heading."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("### An nginx server"):]
    match = re.search(r"```nginx\n(.*?)```", section, re.S)
    assert match, "the hosting guide has no nginx configuration"
    return match.group(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def nginx_host(tmp_path_factory):
    if not Path(NGINX).exists():
        message = "nginx is not installed (make test installs Debian's nginx)"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    root = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/cx/"
    site = root / "srv" / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "SITE_URL": base, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stderr
    server = _guide_server_block().replace("/srv/cx-playbook/site", str(site))
    # The guide's TLS and host name are the reader's own; here the server listens on loopback.
    server = re.sub(r"listen 443 ssl;", f"listen 127.0.0.1:{port};", server)
    config = root / "nginx.conf"
    config.write_text(
        "daemon off;\nmaster_process off;\n"  # one process, as this user: the test's files are private
        f"pid {root}/nginx.pid;\nerror_log {root}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {root};\n"
        f"  proxy_temp_path {root};\n  fastcgi_temp_path {root};\n  uwsgi_temp_path {root};\n  scgi_temp_path {root};\n"
        f"{server}}}\n",
        encoding="utf-8",
    )
    check = subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(root)], capture_output=True, text=True, timeout=30)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(root)], stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield base, site
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_pages_are_served_under_the_sub_path_with_the_sites_own_policy(nginx_host):
    base, _ = nginx_host
    status, headers, html = _get(base + "techniques/breakpoints/")
    assert status == 200
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    header = headers["Content-Security-Policy"]
    # The same policy, except that the header names every page's inline scripts, not one page's.
    def others(policy: str) -> set[str]:
        return {directive for directive in policy.split("; ") if not directive.startswith("script-src")}

    assert others(header) == others(meta)
    assert set(re.findall(r"'sha256-[^']+'", meta)) <= set(re.findall(r"'sha256-[^']+'", header))
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_a_missing_page_gets_the_styled_404_under_the_sub_path(nginx_host):
    base, _ = nginx_host
    status, _, html = _get(base + "no/such/page/")
    assert status == 404
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets and all(href.startswith("/cx/assets/") for href in stylesheets)
    assert all(_get(f"{base[:-4]}{href}")[0] == 200 for href in stylesheets)


def test_materials_hashed_files_are_cached_and_the_index_is_not(nginx_host):
    base, site = nginx_host
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js")).name
    status, headers, _ = _get(base + f"assets/javascripts/{bundle}")
    assert status == 200 and headers["Cache-Control"] == "max-age=31536000"
    assert "Content-Security-Policy" in headers
    status, headers, _ = _get(base + "search/search_index.json")
    assert status == 200 and "Cache-Control" not in headers
    assert headers["Content-Type"] == "application/json"
