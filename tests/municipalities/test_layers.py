"""The status layer reaches networks only through model relations: no module of municipalities imports the
networks app, not inside a function, not under TYPE_CHECKING."""

import ast
from pathlib import Path

import municipalities

ROOT = Path(municipalities.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_module_of_the_status_layer_imports_networks():
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path) if m.split(".")[0] == "networks")
        for path in ROOT.rglob("*.py")
    }
    assert {path: found for path, found in offenders.items() if found} == {}
    assert len(offenders) > 20  # the scan did read the package
