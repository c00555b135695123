"""Every bundled data file loads through its schema, and a broken one fails loudly."""

from __future__ import annotations

import pytest
import yaml

from fazhi import datafiles, pipeline
from fazhi.datafiles import DataFileError
from fazhi.structure import classify, contents, kinds

_CACHED = (kinds._cues, classify._rules, contents._rules)


@pytest.fixture(autouse=True)
def _fresh_caches():
    for cached in _CACHED:
        cached.cache_clear()
    yield
    for cached in _CACHED:
        cached.cache_clear()


def _serve(monkeypatch, name: str, text: str) -> None:
    """Make the analysers read `text` as data file `name`."""
    real = datafiles.load

    def load(n: str, schema: str):
        return datafiles.parse(n, text, schema) if n == name else real(n, schema)

    for module in (kinds, classify, contents):
        monkeypatch.setattr(module, "load", load)


def test_all_bundled_data_files_load():
    pipeline.preload()


def test_a_string_where_a_list_belongs_is_an_error(monkeypatch):
    bundled = datafiles.bundled_text("contents.yaml")
    broken = bundled.replace("  in: [shortcomings]\n", "  in: shortcomings\n", 1)
    assert broken != bundled
    _serve(monkeypatch, "contents.yaml", broken)
    with pytest.raises(DataFileError, match=r"causes\.in 应为字符串列表"):
        contents.is_plan_paragraph("", None)


def test_a_quoted_false_is_an_error_not_true(monkeypatch):
    broken = datafiles.bundled_text("genres.yaml").replace(
        "title_decides: true", "title_decides: 'false'", 1
    )
    _serve(monkeypatch, "genres.yaml", broken)
    with pytest.raises(DataFileError, match="title_decides 应为 true 或 false"):
        classify.classify(None, "", [])


def test_a_missing_kind_is_an_error(monkeypatch):
    data = yaml.safe_load(datafiles.bundled_text("sections.yaml"))
    del data["kinds"]["other"]
    _serve(monkeypatch, "sections.yaml", yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(DataFileError, match="kinds 应正好包含"):
        kinds.title_kind("")


def test_a_bad_regex_names_file_and_key(monkeypatch):
    broken = datafiles.bundled_text("sections.yaml").replace("- 下一步|", "- 下一步(|", 1)
    _serve(monkeypatch, "sections.yaml", broken)
    with pytest.raises(DataFileError, match=r"sections\.yaml 的 kinds\.next_year\.title"):
        kinds.title_kind("")


def test_yaml_syntax_error_names_the_file_and_line():
    with pytest.raises(DataFileError, match=r"broken\.yaml 第 \d+ 行YAML 语法错误"):
        datafiles.parse("broken.yaml", "schema: x\nkinds: [unclosed\n", "x")
