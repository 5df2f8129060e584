"""The reviewer's site stylesheet: one CSS file, no web fonts, readable on a laptop and on paper.

Verdict colours pair each verdict with its name in text, so colour is never the only signal.
The notebooks' code highlighting comes from Pygments, which nbconvert already uses.
"""

from __future__ import annotations

from pygments.formatters import HtmlFormatter

#: Background and text colour of each verdict's badge (text contrast above 7:1 on each).
VERDICT_COLOURS = {
    "reproduced": ("#d8f0dd", "#0b4a1c"),
    "reproduced-with-caveat": ("#e3efc9", "#33470b"),
    "differs": ("#fbd9d3", "#7a1607"),
    "misattributed": ("#eadcf5", "#4a1670"),
    "unverified": ("#fdecc8", "#5c3b00"),
    "not-checkable": ("#e6e6e6", "#333333"),
}

BASE_CSS = """
:root { --ink: #1b1b1b; --muted: #595959; --rule: #d0d0d0; --accent: #1d4f91; --paper: #fff; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body {
  margin: 0; color: var(--ink); background: var(--paper); line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
header.site { background: #14324f; color: #fff; padding: 0.6rem 1.5rem; }
header.site a { color: #fff; text-decoration: none; margin-right: 1.1rem; }
header.site a.brand { font-weight: 700; margin-right: 2rem; }
header.site a[aria-current="page"] { text-decoration: underline; text-underline-offset: 4px; }
main { max-width: 78rem; margin: 0 auto; padding: 1.2rem 1.5rem 3rem; }
footer.site { max-width: 78rem; margin: 0 auto; padding: 1rem 1.5rem 2rem; color: var(--muted);
  font-size: 0.85rem; border-top: 1px solid var(--rule); }
h1 { font-size: 1.7rem; margin: 0.4rem 0 0.8rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; }
a { color: var(--accent); }
p.lead { font-size: 1.05rem; max-width: 60rem; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0 1.2rem; font-size: 0.9rem; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.35rem 0.5rem; text-align: left;
  vertical-align: top; }
thead th { background: #eef2f7; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.audit { table-layout: fixed; }
col.col-claim { width: 5%; } col.col-subject { width: 15%; } col.col-fn { width: 4%; }
col.col-printed { width: 10%; } col.col-recomputed { width: 9%; } col.col-verdict { width: 16%; }
col.col-source { width: 12%; } col.col-evidence { width: 29%; }
table.audit td.evidence, table.audit td.source { overflow-wrap: anywhere; }
table.audit td.evidence { font-size: 0.82rem; color: #333; }
table.audit td.num, table.audit .verdict { white-space: normal; }
table.counts { width: auto; }
.verdict { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 0.3rem;
  border: 1px solid rgba(0, 0, 0, 0.25); font-weight: 600; font-size: 0.82rem;
  white-space: nowrap; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 0.85rem; }
.muted { color: var(--muted); }
ul.pages li { margin: 0.3rem 0; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.provenance dt { font-weight: 600; }
dl.provenance dd { margin: 0; }
figure.chart { margin: 1.5rem 0 2.5rem; }
figure.chart img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { color: var(--muted); font-size: 0.9rem; }
.notebook .input_area { background: #f6f8fa; border: 1px solid var(--rule); border-radius: 4px;
  padding: 0.2rem 0.6rem; margin: 0.6rem 0; overflow-x: auto; }
.notebook .output_area pre, .notebook .output_text pre { background: none; margin: 0.3rem 0;
  overflow-x: auto; }
.notebook .output_png img { max-width: 100%; height: auto; }
.notebook table { width: auto; }
.notebook .anchor-link { margin-left: 0.3rem; text-decoration: none; color: var(--rule); }
.notebook .output_stderr { background: #fdecc8; }
@media print {
  header.site, nav.toc, .notebook .anchor-link { display: none; }
  body { font-size: 10pt; }
  main, footer.site { max-width: none; padding: 0; }
  a { color: inherit; }
  td.source a[href^="http"]::after { content: " <" attr(href) ">"; font-size: 0.75em;
    overflow-wrap: anywhere; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tr, figure, .cell { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .verdict { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def stylesheet() -> str:
    """The whole ``site.css``: base rules, one rule per verdict, then code highlighting."""
    verdict_rules = "\n".join(
        f".verdict-{name} {{ background: {background}; color: {text}; }}"
        for name, (background, text) in VERDICT_COLOURS.items()
    )
    highlight = HtmlFormatter(style="default").get_style_defs(".highlight")
    return BASE_CSS.lstrip() + "\n" + verdict_rules + "\n" + highlight + "\n"
