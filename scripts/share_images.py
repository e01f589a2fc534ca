"""Makes the share images (Open Graph, 1200 × 630 PNG), one per language, from site.yaml's title
and description, in the site's fonts and colours: static/img/share-<lang>.png.

Run it again after changing the title, the description or the fonts, and commit the PNGs:
    .venv/bin/python scripts/share_images.py
It needs Debian's Chromium and Playwright, as the browser tests do (./scripts/test sets them up).
"""
from __future__ import annotations

import base64
import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.errors import Diagnostics  # noqa: E402
from sitegen.load import config  # noqa: E402  (after the path is set)
from sitegen.typography import typography  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (the flags Chromium needs here)

FONTS = ROOT / "static" / "fonts"
OUT = ROOT / "static" / "img"
SIZE = {"width": 1200, "height": 630}

CARD = """<!doctype html><html lang="{lang}"><meta charset="utf-8"><style>
@font-face {{ font-family: Serif; font-weight: 700; src: url(data:font/woff2;base64,{serif}); }}
@font-face {{ font-family: Sans; font-weight: 100 900; src: url(data:font/woff2;base64,{sans}); }}
html, body {{ margin: 0; width: 1200px; height: 630px; }}
body {{ box-sizing: border-box; display: flex; flex-direction: column; justify-content: space-between;
  padding: 72px 88px 64px; background: #14213d; color: #f7f5ef; border-bottom: 18px solid #c8a24a; }}
.brand {{ display: flex; align-items: center; gap: 22px; font: 600 30px/1 Sans; letter-spacing: .12em;
  text-transform: uppercase; color: #c9cfdc; }}
.mark {{ width: 54px; height: 54px; box-sizing: border-box; border: 4px solid #c8a24a; border-radius: 5px;
  background: linear-gradient(135deg, #0000 46%, #c8a24a 0 54%, #0000 0), linear-gradient(45deg, #0000 46%, #f7f5ef 0 54%, #0000 0); }}
h1 {{ margin: 0; font: 700 92px/1.04 Serif; letter-spacing: -.02em; text-wrap: balance; }}
h1::before {{ content: ""; display: block; width: 96px; height: 8px; margin-bottom: 34px; background: #c8a24a; }}
p {{ margin: 0; font: 400 30px/1.4 Sans; color: #c9cfdc; max-width: 56ch; }}
</style><div class="brand"><span class="mark"></span>{languages}</div>
<div><h1>{title}</h1></div><p>{description}</p></html>"""


def main() -> int:
    diag = Diagnostics(ROOT)
    site = config.load(ROOT, diag)
    if site is None:
        print("site.yaml has problems: run python build.py check", file=sys.stderr)
        return 1
    fonts = {name: base64.b64encode((FONTS / file).read_bytes()).decode("ascii") for name, file in
             (("serif", "source-serif-4-latin-700-normal.woff2"), ("sans", "inter-latin-wght-normal.woff2"))}
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=SIZE)
        for lang in site.languages:
            page.set_content(CARD.format(
                lang=lang, **fonts, languages=" · ".join(site.language_names.values()),
                title=html.escape(typography(site.title[lang], lang)),
                description=html.escape(typography(site.description[lang], lang))))
            page.evaluate("document.fonts.ready")
            page.screenshot(path=str(OUT / f"share-{lang}.png"))
            print(f"wrote static/img/share-{lang}.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
