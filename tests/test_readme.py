"""The README's review example runs as written, and the values in its comments are what
the code returns."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.S)


def _literal(comment: str):
    try:
        return True, ast.literal_eval(comment.split(" — ")[0].strip())
    except (ValueError, SyntaxError):
        return False, None


def _run(block: str) -> int:
    """Run the block line by line; an expression whose comment (on its line or the next)
    is a Python literal must equal it. Returns how many values were compared."""
    scope: dict = {}
    checked = 0
    last = None
    for line in block.splitlines():
        if line.lstrip().startswith("# "):
            ok, expected = _literal(line.lstrip()[2:])
            if ok and last is not None:
                assert last == expected, line
                checked += 1
            continue
        code, _, comment = line.partition("  # ")
        if not code.strip():
            continue
        try:
            compiled = compile(code, "README", "eval")
        except SyntaxError:
            exec(compile(code, "README", "exec"), scope)
            last = None
            continue
        last = eval(compiled, scope)
        ok, expected = _literal(comment) if comment else (False, None)
        if ok:
            assert last == expected, line
            checked += 1
    return checked


def test_review_example(tmp_path, monkeypatch):
    for name in ("examples", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    block = next(b for b in _blocks() if "build_opinion" in b)
    assert _run(block) >= 5
    assert (tmp_path / "审查意见.docx").stat().st_size > 0


def test_store_example(tmp_path, monkeypatch):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    block = next(b for b in _blocks() if "Store(" in b)
    assert _run(block) >= 6
    assert (tmp_path / "corpus.db").is_file()


def test_web_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    block = next(b for b in _blocks() if "create_app(" in b)
    assert _run(block) >= 2
    assert (tmp_path / "corpus.db").is_file()
