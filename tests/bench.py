"""``make bench``: how our build and validation scale, as ratios against their floors.

* Build: a synthetic playbook of N entries built with our plugin, against the very same pages
  (rendered to disk first) built by plain Material without our plugin. Targets: within 1.3x at
  1,000 entries, and our 3,000-entry build within 3.3x of our 1,000-entry build (linear).
* Times are CPU seconds of the child process, best of several interleaved runs.
* Validation: ``cx-playbook validate`` on 3,000 entries against loading the same files with
  PyYAML alone. Target: within 2x.
* Weight: what every page downloads besides itself, per entry: the search index (each entry's
  own text once, so it grows linearly) and the manifest script that progress tracking reads.
"""

from __future__ import annotations

import random
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from cx_playbook.rendering import write_pages
from cx_playbook.validation import load_playbook

SIZES = (1000, 3000)
KINDS = ("principles", "tenets", "techniques", "case-studies")
TAGS = ["outside-in", "measurement", "culture", "process-design", "retention", "trust", "strategy", "digital"]
WORDS = "customer outcome moment truth journey team rule value work experience service promise".split()

SHARED_CONFIG = {
    "site_name": "Bench",
    "theme": {"name": "material", "font": False, "features": ["navigation.instant", "content.tooltips"]},
    "markdown_extensions": ["abbr", "admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}}],
    "nav": [{"Home": "index.md"}, *({kind: f"{kind}/index.md"} for kind in KINDS), {"Tags": "tags.md"}],
}


def prose(rng: random.Random, count: int) -> str:
    sentences = []
    while count > 0:
        length = rng.randint(8, 16)
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + ".")
        count -= length
    return " ".join(sentences)


def entry(kind: str, index: int, refs: list[str], rng: random.Random) -> dict:
    data = {
        "title": f"Entry {kind} {index}",
        "summary": " ".join(rng.choice(WORDS) for _ in range(20)).capitalize() + ".",
        # Real bodies link to other entries and emphasise words, which makes them rendered to be judged.
        "body": f"{prose(rng, 60)}\n\nSee [[{rng.choice(refs)}]] and **{rng.choice(WORDS)}**. {prose(rng, 50)}\n\n{prose(rng, 60)}\n",
        "tags": rng.sample(TAGS, 2),
        "related": rng.sample([ref for ref in refs if ref != f"{kind}/entry-{index}"], 3),
        "sources": ["a-source"],
    }
    principles = [r for r in refs if r.startswith(("principles/", "tenets/"))]
    if kind == "principles":
        data |= {"inside_out": "The organisation decides.", "outside_in": "The customer decides."}
    elif kind == "tenets":
        data |= {"number": index + 1, "statement": "Customers come first.", "practices": [prose(rng, 15) for _ in range(3)]}
    elif kind == "techniques":
        data |= {
            "purpose": "To help.", "participants": ["A facilitator", "The team"], "duration": "Two hours",
            "preparation": [prose(rng, 12)], "steps": [prose(rng, 15) for _ in range(4)] + [f"Read [[{rng.choice(refs)}]]."], "outputs": ["A map."],
            "example": prose(rng, 40), "pitfalls": ["Stopping early."], "applies": rng.sample(principles, 2),
        }
    else:
        data |= {"organisation": "Org", "industry": "Retail", "challenge": prose(rng, 30), "approach": prose(rng, 30), "outcome": prose(rng, 30), "lessons": ["One.", "Two."], "illustrates": rng.sample(principles, 1)}
    return data


def make_playbook(root: Path, size: int) -> None:
    rng = random.Random(size)
    per_kind = size // len(KINDS)
    refs = [f"{kind}/entry-{i}" for kind in KINDS for i in range(per_kind)]
    for kind in KINDS:
        (root / kind).mkdir(parents=True)
        for i in range(per_kind):
            (root / kind / f"entry-{i}.yaml").write_text(yaml.safe_dump(entry(kind, i, refs, rng), sort_keys=False), encoding="utf-8")
    glossary = [{"term": f"Term {i}", "abbr": f"AB{i}", "definition": "A term."} for i in range(20)]
    (root / "glossary.yaml").write_text(yaml.safe_dump(glossary), encoding="utf-8")
    sources = [{"id": "a-source", "title": "A source", "author": "An Author", "year": 2020}]
    (root / "sources.yaml").write_text(yaml.safe_dump(sources), encoding="utf-8")


def make_docs(docs: Path) -> None:
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Bench\n\nA synthetic playbook.\n")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n")


def cpu_seconds(command: list[str], cwd: Path) -> float:
    """CPU time (user + system) the command used: steadier than wall time on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def build_seconds(project: Path) -> float:
    return cpu_seconds([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(project / "site")], project)


def ours(workdir: Path, size: int) -> Path:
    project = workdir / f"ours-{size}"
    make_playbook(project / "playbook", size)
    make_docs(project / "docs")
    config = SHARED_CONFIG | {"plugins": ["search", "tags", "cx-playbook"]}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return project


def plain(workdir: Path, size: int, playbook_dir: Path) -> Path:
    project = workdir / f"plain-{size}"
    make_docs(project / "docs")
    write_pages(load_playbook(playbook_dir), project / "docs")
    config = SHARED_CONFIG | {"plugins": ["search", "tags"]}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return project


def weights(project: Path) -> tuple[int, int]:
    """Bytes of the built site's search index and of the manifest at its script's head (0 where
    there is none)."""
    site = project / "site"
    script = site / "assets/cx/cx.js"
    manifest = len(script.read_bytes().split(b"\n", 1)[0]) if script.is_file() else 0
    return (site / "search/search_index.json").stat().st_size, manifest


def seconds(command: list[str], cwd: Path, repeat: int = 5) -> float:
    return min(cpu_seconds(command, cwd) for _ in range(repeat))


FLOOR = """
import sys, pathlib, yaml
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
"""


def main(repeat: int = 2) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        builds, indexes = {}, {}
        for size in SIZES:
            project = ours(workdir, size)
            baseline = plain(workdir, size, project / "playbook")
            # Interleaved and best-of: a shared 2-core machine is noisy, and noise only adds time.
            runs = [(build_seconds(project), build_seconds(baseline)) for _ in range(repeat)]
            builds[size] = (min(r[0] for r in runs), min(r[1] for r in runs))
            ours_s, plain_s = builds[size]
            print(f"{size:>5} entries: ours {ours_s:6.2f}s, plain Material {plain_s:6.2f}s, ratio {ours_s / plain_s:.2f}x (target <= 1.30x)")
            (index, manifest), (plain_index, _) = weights(project), weights(baseline)
            indexes[size] = index
            print(
                f"       search index {index / 1024:,.0f} KiB ({index / size / 1024:.2f} KiB an entry), plain Material {plain_index / 1024:,.0f} KiB;"
                f" manifest {manifest / 1024:,.0f} KiB ({manifest / size:.0f} bytes an entry)"
            )
        small, large = SIZES
        growth = builds[large][0] / builds[small][0]
        print(f"growth {small} -> {large} entries: ours {growth:.2f}x (target <= 3.30x), plain Material {builds[large][1] / builds[small][1]:.2f}x")
        print(f"search index growth {small} -> {large} entries: {indexes[large] / indexes[small]:.2f}x (linear: {large / small:.2f}x)")

        playbook = workdir / f"ours-{large}" / "playbook"
        validate = seconds([sys.executable, "-m", "cx_playbook.cli", "validate", str(playbook)], workdir)
        floor = seconds([sys.executable, "-c", FLOOR, str(playbook)], workdir)
        print(f"validate {large} entries: {validate:.2f}s, PyYAML alone {floor:.2f}s, ratio {validate / floor:.2f}x (target <= 2.00x)")
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
