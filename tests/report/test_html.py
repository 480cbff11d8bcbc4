"""The HTML report: one self-contained file that loads nothing from anywhere."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from loadwatch.report import ReportData


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []
        self.declarations: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [f"{k}={v}" for k, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_no_external_reference(written: dict[str, Path]) -> None:
    page = _parse(written["html"])
    assert not [a for a in page.attributes if "http" in a.lower() or "//" in a]
    assert not [d for d in page.declarations if "http" in d.lower()]
    assert not {"script", "link", "iframe", "object", "embed", "img"} & set(page.tags)
    css = written["html"].read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css
    # 'http' may appear only inside text (a rule text, an athlete's name), never as markup
    raw = css.lower().count("http")
    assert raw == sum(t.lower().count("http") for t in page.text)


def test_charts_are_inline_svg_and_the_content_is_there(written: dict[str, Path],
                                                        data: ReportData) -> None:
    page = _parse(written["html"])
    assert page.tags.count("svg") == len(data.flagged)
    text = " ".join(" ".join(page.text).split())
    for athlete in data.flagged:
        assert athlete.athlete in text
        for reason in athlete.reasons:
            assert " ".join(reason.text.split()) in text
    assert "in line with recent training" in text
    assert "does not diagnose" in text
    assert data.iso_week in text
