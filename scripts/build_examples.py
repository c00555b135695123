"""Write the other input formats of each example report.

For every `examples/NN*.txt` (UTF-8, one paragraph per line) listed in
`examples/formats.yaml` (stem → list of kinds), write the converted files next
to it: docx, pdf, html, html-gbk, ofd, txt-gb18030 (see tests/support/formats.py).
Missing texts and a missing formats.yaml are not errors: there is nothing to do.

    python scripts/build_examples.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(ROOT / "tests"))  # tests/support holds the converters

from support import formats as fm  # noqa: E402

# Outputs such as 01_x.gb18030.txt have a dot in the stem, so they are never inputs.
SOURCE = re.compile(r"\d{2}[^.]*\.txt")


def main() -> int:
    spec_path = EXAMPLES / "formats.yaml"
    if not spec_path.exists():
        print("examples/formats.yaml 不存在，无事可做")
        return 0
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8")) or {}
    for src in sorted(EXAMPLES.glob("*.txt")):
        if not SOURCE.fullmatch(src.name) or src.stem not in spec:
            continue
        text = src.read_text(encoding="utf-8")
        for kind in spec[src.stem] or []:
            if kind not in fm.KINDS:
                print(f"{src.name}：未知格式 {kind}，跳过", file=sys.stderr)
                continue
            out = EXAMPLES / f"{src.stem}{fm.KINDS[kind]}"
            ok = fm.write_as(kind, text, out)
            print(out.relative_to(ROOT) if ok else f"{out.name}：需要 LibreOffice，跳过")
    return 0


if __name__ == "__main__":
    sys.exit(main())
