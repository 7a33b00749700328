"""Screenshots of a report.html's first screen at 1280 and 390 px in headless Chromium
(Debian's /usr/bin/chromium through playwright), with figures on how it reads: the page's
height, where the first flag starts, and whether anything overflows sideways.

    .venv/bin/factcheck run ../shared/benchmarks/bbc_news --out /tmp/bbc
    .venv/bin/python bench/report_screens.py /tmp/bbc/report.html --docs docs --name report-bbc

writes docs/report-bbc-1280.png and docs/report-bbc-390.png (the first screen of each) and
prints one line per width.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report", type=Path)
    ap.add_argument("--docs", type=Path, default=Path("docs"))
    ap.add_argument("--name", default="report-bbc")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    bad = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width, height, mobile in ((1280, 900, False), (390, 844, True)):
            context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile,
                                          has_touch=mobile, device_scale_factor=2 if mobile else 1)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.goto(args.report.resolve().as_uri())
            figures = page.evaluate("""() => {
                const first = document.querySelector('details.group');
                return {height: document.documentElement.scrollHeight,
                        scroll_width: document.documentElement.scrollWidth,
                        first_flag_y: first ? Math.round(first.getBoundingClientRect().top + scrollY) : null,
                        groups: document.querySelectorAll('details.group').length,
                        flags: document.querySelectorAll('section.flag').length,
                        filters: !document.getElementById('filters')?.hidden};
            }""")
            out = args.docs / f"{args.name}-{width}.png"
            page.screenshot(path=str(out))
            overflow = figures["scroll_width"] > width
            bad += overflow or bool(errors)
            print(f"{width} px: page {figures['height']} px high, first disagreement at y={figures['first_flag_y']}, "
                  f"{figures['groups']} disagreements holding {figures['flags']} flags, filters "
                  f"{'on' if figures['filters'] else 'off'}, sideways overflow {'YES' if overflow else 'none'} "
                  f"(scroll width {figures['scroll_width']}), script errors {len(errors)}; wrote {out}")
            context.close()
        browser.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
