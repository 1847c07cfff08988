"""The docs in the repo stay in step with the code: every feature ID the Python code cites is
defined in docs/features.md, the catalogue keeps its IDs and its counts, and the README links
the three documents."""

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ROOT / "docs" / "features.md"
DOCS = ("docs/architecture.md", "docs/features.md", "docs/decisions.md")

FEATURE_ID = re.compile(r"\b(?:PH|PV|CH|BL|API|PF|OP|AC|AN)-\d+\b")
#: A catalogue row: | ID | Feature | As built | Status | Main modules |
ROW = re.compile(r"^\|\s*(?P<id>[A-Z]+-\d+)\s*\|(?P<cells>.*)\|\s*$", re.MULTILINE)
STATUSES = ("built", "partial", "not built")
#: The catalogue's IDs: prefix → how many (PH-1 … PH-13, …).
CATALOGUE = {"PH": 13, "PV": 10, "CH": 14, "OP": 2, "AC": 4, "AN": 1, "BL": 5, "API": 8, "PF": 4}
SKIPPED_DIRS = {".venv", "venv", "node_modules", "vendor", "staticfiles", ".git"}


def _python_files():
    for path in ROOT.rglob("*.py"):
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def _rows() -> dict[str, list[str]]:
    rows = {}
    for match in ROW.finditer(FEATURES.read_text(encoding="utf-8")):
        rows.setdefault(match["id"], [c.strip() for c in match["cells"].split("|")])
    return rows


def test_every_feature_id_cited_in_the_code_is_defined_in_features_md():
    defined = set(_rows())
    undefined = {}
    for path in _python_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for feature_id in set(FEATURE_ID.findall(text)) - defined:
            undefined.setdefault(feature_id, []).append(str(path.relative_to(ROOT)))
    assert not undefined, f"Cited in the code but not defined in docs/features.md: {undefined}"


def test_features_md_defines_exactly_the_catalogue_ids_once():
    text = FEATURES.read_text(encoding="utf-8")
    counts = Counter(match["id"] for match in ROW.finditer(text))
    expected = {f"{prefix}-{n}" for prefix, last in CATALOGUE.items() for n in range(1, last + 1)}
    assert set(counts) == expected
    assert [i for i, n in counts.items() if n > 1] == []


def test_every_feature_has_a_status_and_the_summary_counts_match():
    rows = _rows()
    statuses = {feature_id: cells[2] for feature_id, cells in rows.items()}
    assert {s for s in statuses.values() if s not in STATUSES} == set()
    tally = Counter(statuses.values())
    summary = re.search(r"^\|\s*count\s*\|(.*)\|\s*$", FEATURES.read_text(), re.MULTILINE)
    assert summary, "docs/features.md lost its count row"
    stated = [int(cell) for cell in summary[1].split("|")]
    assert stated == [tally[s] for s in STATUSES]


def test_readme_links_the_three_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for doc in DOCS:
        assert f"]({doc})" in readme, f"README.md does not link {doc}"
        assert (ROOT / doc).is_file(), f"{doc} is linked but missing"
