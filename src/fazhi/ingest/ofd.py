"""OFD (GB/T 33190), China's fixed-layout format: a zip of XML files.

OFD.xml → DocBody/DocRoot → Document.xml → Pages/Page@BaseLoc → Content.xml,
whose TextObject/TextCode elements place text at coordinates. The reader emits
one line per visual line; the normaliser re-joins wrapped lines later.
"""

from __future__ import annotations

import io
import itertools
import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from fazhi.ingest.base import clean_text, fail
from fazhi.model import Extracted

_DEFAULT_SIZE = 3.5  # mm; OFD's default when a TextObject gives no Size


class _Corrupt(Exception):
    pass


@dataclass(slots=True)
class _Piece:
    y: float
    x: float
    end: float
    size: float
    text: str


def _local(el: Any) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _child(el: Any, name: str) -> Any:
    # Producers differ on namespaces (ofd: prefix, default namespace, none), so
    # elements are matched by local name only.
    for c in el:
        if _local(c) == name:
            return c
    return None


def _path(el: Any, *names: str) -> Any:
    for name in names:
        el = _child(el, name) if el is not None else None
    return el


def _floats(value: str | None) -> list[float]:
    try:
        return [float(v) for v in (value or "").split()]
    except ValueError:
        return []


def _deltas(value: str | None, limit: int = 100_000) -> list[float]:
    """Expand DeltaX/DeltaY: "g 3 4.2 5" means 4.2 three times, then 5. A repeat count
    beyond any text's length (`limit`) is cut, so a hostile file cannot fill memory."""
    tokens = (value or "").split()
    out: list[float] = []
    i = 0
    try:
        while i < len(tokens):
            if tokens[i] == "g" and i + 2 < len(tokens):
                out.extend([float(tokens[i + 2])] * min(int(tokens[i + 1]), limit - len(out)))
                i += 3
            else:
                out.append(float(tokens[i]))
                i += 1
            if len(out) >= limit:
                break
    except ValueError:
        return []
    return out


class _Package:
    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = {n.lower(): n for n in self.zip.namelist()}
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise _Corrupt("不是有效的 zip 包") from exc

    def xml(self, name: str) -> Any:
        from lxml import etree

        name = name.strip().lstrip("/")
        real = self.names.get(posixpath.normpath(name).lower())
        if real is None:
            raise _Corrupt(f"缺少 {name}")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            return etree.fromstring(self.zip.read(real), parser)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError) as exc:
            raise _Corrupt(f"{name} 无法解析") from exc

    def has(self, name: str) -> bool:
        return posixpath.normpath(name.lstrip("/")).lower() in self.names


def _resolve(base_dir: str, loc: str) -> str:
    loc = loc.strip()
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(base_dir, loc))


def _page_pieces(page: Any) -> list[_Piece]:
    pieces: list[_Piece] = []
    for obj in page.iter():
        if _local(obj) != "TextObject":
            continue
        box = _floats(obj.get("Boundary"))
        bx, by = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
        size = (_floats(obj.get("Size")) or [_DEFAULT_SIZE])[0]
        # Some producers draw text in a scaled space (CTM="0.3528 0 0 0.3528 0 0");
        # rotation and skew are rare in reports and only their scale is honoured.
        ctm = _floats(obj.get("CTM"))
        a, _, _, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        a, d = abs(a) or 1.0, abs(d) or 1.0
        x = y = 0.0
        for code in obj:
            if _local(code) != "TextCode":
                continue
            text = code.text or ""
            # X/Y may be omitted on a later TextCode: it continues where the last one ended.
            x = (_floats(code.get("X")) or [x])[0]
            y = (_floats(code.get("Y")) or [y])[0]
            deltas = _deltas(code.get("DeltaX"))[: max(len(text) - 1, 0)]
            width = sum(deltas) + size if deltas else len(text) * size
            if text.strip():
                left = bx + a * x + e
                pieces.append(_Piece(by + d * y + f, left, left + a * width, d * size, text))
            x += width
    return pieces


def _lines(pieces: list[_Piece]) -> list[str]:
    """Group pieces into visual lines by baseline, then read each line left to right."""
    rows: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.y, p.x)):
        if rows and abs(piece.y - rows[-1][0].y) <= max(0.5, 0.4 * piece.size):
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines = []
    for row in rows:
        row.sort(key=lambda p: p.x)
        parts = [row[0].text]
        for prev, cur in itertools.pairwise(row):
            # A wide gap is a tab stop or spaced-out text such as "签发人：  张三".
            parts.append(" " if cur.x - prev.end > 1.5 * cur.size else "")
            parts.append(cur.text)
        lines.append("".join(parts))
    return lines


def _read(data: bytes) -> tuple[list[list[str]], str | None]:
    pkg = _Package(data)
    root = pkg.xml("OFD.xml")
    body = _child(root, "DocBody")
    doc_root = _child(body, "DocRoot") if body is not None else None
    if doc_root is None or not (doc_root.text or "").strip():
        raise _Corrupt("OFD.xml 中没有 DocRoot")
    title_el = _path(body, "DocInfo", "Title")
    title = (title_el.text or "").strip() if title_el is not None else ""
    doc_path = _resolve("", doc_root.text)
    document = pkg.xml(doc_path)
    pages_el = _child(document, "Pages")
    if pages_el is None:
        raise _Corrupt("Document.xml 中没有 Pages")
    base = posixpath.dirname(doc_path)
    pages = []
    for page in pages_el:
        if _local(page) != "Page" or not page.get("BaseLoc"):
            continue
        loc = _resolve(base, page.get("BaseLoc"))
        if not pkg.has(loc) and pkg.has(posixpath.join(loc, "Content.xml")):
            loc = posixpath.join(loc, "Content.xml")
        pages.append(_lines(_page_pieces(pkg.xml(loc))))
    if not pages:
        raise _Corrupt("文档没有页面")
    return pages, title or None


def read_ofd(data: bytes, filename: str) -> Extracted:
    try:
        pages, title = _read(data)
    except _Corrupt as exc:
        raise fail("ofd.corrupt", filename, f"已损坏或不是有效的 OFD 文件（{exc}）") from exc
    text = clean_text("\n\n".join("\n".join(lines) for lines in pages)).strip("\n")
    if not re.sub(r"\s", "", text):
        raise fail("ofd.no_text", filename, "没有可提取的文字（可能是扫描件，需要先做 OCR）")
    return Extracted(text=text, format="ofd", title=title, pages=len(pages))
