"""The house follows the data (docs/architecture.md): the import contracts in pyproject.toml
hold, and the dashboard reaches the package only through its faces."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Contracts: 4 kept, 0 broken." in done.stdout


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_the_dashboard_imports_only_the_app_and_the_curated_api() -> None:
    pages = sorted((ROOT / "dashboards").rglob("*.py"))
    assert pages, "no dashboard pages found"
    stray = {f"{page.relative_to(ROOT)}: {module}"
             for page in pages for module in _imported_modules(page)
             if module.startswith("loadwatch")
             and not (module == "loadwatch" or module.startswith("loadwatch.app"))}
    assert not stray, sorted(stray)
