"""``make lighthouse``: what a learner's phone and desktop make of each page type, against plain Material.

Builds the real site with our plugin, and a comparable site with plain Material (the very same
hand-written and generated Markdown pages, without our plugin), serves each on a loopback port
and runs Lighthouse on the home page, an entry, a quiz, the progress page and the glossary, with
the mobile and the desktop preset. Each figure is the median of three runs. This is a benchmark,
not a test: a score depends on the machine, and ``make test`` does not need Lighthouse.

    python tests/lighthouse.py [--runs N] [--only ours|plain] [--pages home,entry,...] [--json FILE]

Lighthouse comes from npm into ``.cache/lighthouse`` (``make lighthouse`` installs it), and
drives the Chromium that ``CHROME_PATH`` names (``/usr/bin/chromium`` unless set).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from helpers import ROOT, StaticHost, serve

LIGHTHOUSE = ROOT / ".cache/lighthouse/node_modules/.bin/lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
PAGES = {
    "home": "",
    "entry": "techniques/moments-of-truth/",
    "quiz": "quizzes/outside-in-foundations/",
    "progress": "progress/",
    "glossary": "glossary/",
}
PRESETS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {  # Lighthouse audit id: how it is printed
    "cumulative-layout-shift": "CLS",
    "largest-contentful-paint": "LCP",
    "first-contentful-paint": "FCP",
    "total-blocking-time": "TBT",
    "total-byte-weight": "bytes",
}
LIGHTHOUSE_VERSION = "12.2.3"  # the last to run on Node 20; make lighthouse installs it
RUN_TIMEOUT = 180  # seconds: a run that takes longer has hung


# What a static host compresses: Netlify, Cloudflare Pages and GitHub Pages do it for every text
# file, nginx with `gzip on` and these types. Images, fonts and archives are left as they are.
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}


class CompressingHost(StaticHost):
    """The loopback host, sending text files gzipped to a browser that accepts it, as hosts do."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not (path.suffix in COMPRESSED and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@functools.lru_cache(maxsize=1024)
def _gzipped(path: Path, _version: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6)


def build(project: Path, site: Path, url: str, strict: bool) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)]
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([*command, *(["--strict"] if strict else [])], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode:
        sys.exit(f"building {project} failed:\n{result.stderr}")


def plain_project(workdir: Path, url: str) -> Path:
    """The same pages for plain Material: every page finished as our plugin finishes it, written
    by ``cx-playbook generate``, then built with the site's own configuration less our plugin,
    its stylesheet and scripts (Material's search and tags plugins as configured)."""
    project = workdir / "plain"
    subprocess.run(
        [sys.executable, "-m", "cx_playbook.cli", "generate", "--engine", "mkdocs", "--config", str(ROOT / "mkdocs.yml"), str(project)],
        check=True, capture_output=True, timeout=600, env={**os.environ, "SITE_URL": url},
    )
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    config["site_url"] = url
    config["docs_dir"] = str(project / "docs")
    config["plugins"] = [plugin for plugin in config["plugins"] if _name(plugin) in {"search", "tags"}]
    config.pop("extra_css", None)
    config.pop("extra_javascript", None)
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return project


def _name(plugin: str | dict) -> str:
    return plugin if isinstance(plugin, str) else next(iter(plugin))


class _Loader(yaml.SafeLoader):
    """mkdocs.yml, each !ENV tag read as its default."""


_Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])  # type: ignore[arg-type, return-value]


@contextmanager
def served(name: str, workdir: Path, compress: bool = True) -> Iterator[str]:
    """The site built for, and served from, a free loopback port."""
    site = workdir / f"site-{name}"
    site.mkdir()
    with serve(site, CompressingHost if compress else StaticHost) as url:
        if name == "ours":
            build(ROOT, site, url, strict=True)
        else:
            build(plain_project(workdir, url), site, url, strict=True)
        yield url


def lighthouse(url: str, preset: str) -> dict:
    command = [
        str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
        "--chrome-flags=--headless --no-sandbox", *(["--preset=desktop"] if preset == "desktop" else []),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT, env={**os.environ, "CHROME_PATH": CHROME})
    if result.returncode:
        raise RuntimeError(f"Lighthouse failed on {url} ({preset}):\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    figures = {category: round(report["categories"][category]["score"] * 100) for category in CATEGORIES}
    figures |= {name: report["audits"][audit]["numericValue"] for audit, name in METRICS.items()}
    return figures


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def measure(url: str, pages: list[str], runs: int) -> dict[str, dict[str, dict]]:
    results: dict[str, dict[str, dict]] = {}
    for page in pages:
        for preset in PRESETS:
            figures = median_of([lighthouse(url + PAGES[page], preset) for _ in range(runs)])
            results.setdefault(page, {})[preset] = figures
            print(f"  {page:<9} {preset:<8} {line(figures)}", flush=True)
    return results


def line(figures: dict) -> str:
    scores = " ".join(f"{figures[category]:>3.0f}" for category in CATEGORIES)
    return (
        f"{scores}  CLS {figures['CLS']:.3f}  LCP {figures['LCP'] / 1000:4.1f}s  FCP {figures['FCP'] / 1000:4.1f}s"
        f"  TBT {figures['TBT']:4.0f}ms  {figures['bytes'] / 1024:5.0f} KiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page and preset; the median is shown (default 3)")
    parser.add_argument("--only", choices=("ours", "plain"), help="measure one site only")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of {', '.join(PAGES)}")
    parser.add_argument("--json", type=Path, help="also write the medians to this file")
    parser.add_argument("--uncompressed", action="store_true", help="serve files as they are, not gzipped as static hosts send them")
    args = parser.parse_args()
    pages = args.pages.split(",")
    if unknown := set(pages) - set(PAGES):
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed in {LIGHTHOUSE.parent.parent.parent}: run make lighthouse")
    if not Path(CHROME).exists():
        sys.exit(f"no Chromium at {CHROME}: set CHROME_PATH")
    served_as = "uncompressed" if args.uncompressed else "gzipped as static hosts send them"
    print(f"Lighthouse {LIGHTHOUSE_VERSION}, median of {args.runs} runs, text files {served_as}:")
    print("performance, accessibility, best practices, SEO; then CLS, LCP, FCP, TBT and bytes transferred")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for name in ("ours", "plain"):
            if args.only and name != args.only:
                continue
            print("ours (cx-playbook)" if name == "ours" else "plain Material, same pages")
            with served(name, workdir, compress=not args.uncompressed) as url:
                results[name] = measure(url, pages, args.runs)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
