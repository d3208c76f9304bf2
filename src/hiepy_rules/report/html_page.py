"""The parts every HTML page of hiepy is made of: the page itself, escaping, the words and the styles.

The page needs nothing but itself: styles are inline, there are no scripts, fonts or images, and a
Content-Security-Policy forbids any request, so it opens offline and leaks nothing. The markup is
XHTML-compatible (well-formed XML) and every string from a proposal or a pack goes through ``e``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape

from hiepy_rules.report import Lang
from hiepy_rules.schema import labels
from hiepy_rules.version import __version__

WORDS = {
    "title": ("Báo cáo kiểm tra đề án quy hoạch cán bộ", "Cadre-planning proposal check report"),
    "batch": ("Báo cáo kiểm tra {n} đề án quy hoạch cán bộ", "Check report of {n} cadre-planning proposals"),
    "index": ("Danh mục đề án", "Index of proposals"),
    "unit": ("Đơn vị", "Unit"),
    "proposal": ("Đề án", "Proposal"),
    "file": ("Tệp", "File"),
    "as_of": ("Quy định có hiệu lực ngày", "Provisions in force on"),
    "packs": ("Gói quy định", "Rule packs"),
    "summary": ("Tổng hợp", "Summary"),
    "kind": ("Loại", "Kind"),
    "total": ("Tổng", "Total"),
    "verdict_fail": (
        "Không đạt: {n} phát hiện cần xử lý trước khi trình.",
        "Does not pass: {n} finding(s) to settle before submission.",
    ),
    "verdict_pass": (
        "Đạt: không có phát hiện nào khiến kết quả không đạt.",
        "Passes: no finding makes the check fail.",
    ),
    "whole": ("Toàn đề án", "Whole proposal"),
    "title_group": ("Chức danh", "Title"),
    "none": ("Không phát hiện vấn đề nào.", "No findings."),
    "apart": ("Phát hiện bị thay thế hoặc được miễn trừ", "Overridden and waived findings"),
    "apart_note": (
        "Các phát hiện dưới đây được nêu để đối chiếu, không tính vào kết quả.",
        "Shown for reference; they do not count towards the result.",
    ),
    "where": ("Vị trí", "Where"),
    "why": ("Vì sao áp dụng", "Why it applies"),
    "values": ("Giá trị được so sánh", "Values compared"),
    "readings": ("Tỷ lệ theo từng cách tính", "The share under each reading"),
    "fix": ("Cách sửa", "Fix"),
    "cite": ("Căn cứ", "Provision"),
    "issued": ("ngày ban hành", "issued"),
    "version": ("Phiên bản áp dụng", "Version applied"),
    "replaced": ("sau đó thay bằng", "later replaced by"),
    "interp": ("Cách hiểu của hiepy (diễn giải, không phải lời văn bản)", "hiepy's reading (an interpretation)"),
    "original": ("Nguyên văn tiếng Việt", "Vietnamese original"),
    "source_at": ("Nguồn", "Source"),
    "sides": ("Mỗi bên cho phép", "What each side allows"),
    "precedence": ("Ưu tiên áp dụng", "Precedence"),
    "prevails": ("{a} được ưu tiên; {b} bị thay thế", "{a} prevails; {b} is overridden"),
    "settle": ("Cấp phải quyết định", "Who must settle it"),
    "nobody": ("chưa xác định được cấp quyết định", "no settling authority determined"),
    "overridden_by": ("Bị thay thế bởi", "Overridden by"),
    "waived": ("Được miễn trừ theo", "Waived by"),
    "valid_until": ("hiệu lực đến", "valid until"),
    "missing": ("Thiếu dữ kiện", "Missing facts"),
    "unread": ("Không đọc được", "Could not be read"),
    "footer": (
        "Lập bằng hiepy {v}. Dấu vết SHA-256 của các đề án và gói quy định đã dùng:",
        "Made with hiepy {v}. SHA-256 digest of the proposals and rule packs used:",
    ),
    "footer_results": (
        "Lập bằng hiepy {v}. Dấu vết SHA-256 của kết quả kiểm tra:",
        "Made with hiepy {v}. SHA-256 digest of the check results:",
    ),
    "made": ("Lập bằng hiepy {v}.", "Made with hiepy {v}."),
    "file_digest": ("SHA-256 của tệp đề án", "SHA-256 of the proposal file"),
    "lint": ("Kết quả kiểm tra tệp quy định", "Rule file lint"),
    "clean": ("Không có vấn đề nào.", "No problems."),
}


COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pack_cols": (("Gói", "Phiên bản", "Cơ quan ban hành", "Hiệu lực"), ("Pack", "Version", "Issuer", "In force")),
    "value_cols": (("Dữ kiện", "Trong đề án", "Phép so", "Yêu cầu"), ("Fact", "In the proposal", "Test", "Required")),
    "reading_cols": (("Tính trên", "Tỷ lệ", "Đạt mức của quy định"), ("Over", "Share", "Meets the provision's bound")),
    "lint_cols": (("Tệp", "Dòng", "Cột", "Mức", "Vấn đề"), ("File", "Line", "Column", "Severity", "Problem")),
}


#: severity is never told by colour alone: a mark and a word go with it
MARK = {"error": "✗", "warning": "⚠", "info": "ℹ"}


_CSS = """
:root{color-scheme:light}
body{font-family:"Times New Roman",Times,"Noto Serif",serif;font-size:12pt;line-height:1.4;color:#111;
background:#fff;margin:0 auto;max-width:60em;padding:1.5em}
h1{font-size:18pt;margin:0 0 .4em}h2{font-size:15pt;border-bottom:2px solid #333;margin-top:1.6em}
h3{font-size:13pt;margin:1.2em 0 .4em}h4{font-size:12pt;margin:0 0 .3em}
table{border-collapse:collapse;width:100%;margin:.4em 0 .8em}
th,td{border:1px solid #888;padding:.2em .4em;text-align:left;vertical-align:top}
thead th{background:#eee}
code{font-family:"DejaVu Sans Mono",monospace;font-size:10pt;word-break:break-all}
.finding{border:1px solid #999;border-left-width:6px;padding:.5em .8em;margin:.6em 0;break-inside:avoid}
.sev-error{border-left-color:#b00020}.sev-warning{border-left-color:#b26a00}.sev-info{border-left-color:#1f5f99}
.badge{font-weight:bold;border:1px solid #333;padding:0 .3em;margin-right:.3em}
.sev-error .badge{background:#fde7ea}.sev-warning .badge{background:#fff3d6}.sev-info .badge{background:#e3eef9}
dl{margin:.3em 0}dt{font-weight:bold;margin-top:.3em}dd{margin:0 0 0 1.2em}
blockquote{margin:.3em 0 .3em 1em;padding-left:.6em;border-left:3px solid #bbb;font-style:italic}
.verdict{font-weight:bold;padding:.3em .5em;border:2px solid #333}
.verdict.fail{background:#fde7ea}.verdict.pass{background:#e6f4ea}
.apart .finding{border-style:dashed}
.meta th{width:14em}
footer{margin-top:2em;border-top:1px solid #333;font-size:9pt;color:#333}
@page{size:A4;margin:15mm 15mm 18mm}
@media print{body{max-width:none;padding:0;font-size:11pt}
thead{display:table-header-group}tr{break-inside:avoid}
.group{break-before:page}.proposal+.proposal{break-before:page}h2,h3,h4{break-after:avoid}
a{color:inherit;text-decoration:none}}
"""


_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'"


def e(text: object) -> str:
    """Every string from a proposal or a pack goes through here (quotes too: attributes are safe)."""
    return escape(str(text), quote=True)


def say(key: str, lang: Lang) -> str:
    return labels.pick(WORDS[key], lang)


def columns(key: str, lang: Lang) -> tuple[str, ...]:
    vi, en = COLUMNS[key]
    return vi if lang == "vi" else en


def day(iso: str | None, lang: Lang) -> str:
    if not iso:
        return "…"
    d = dt.date.fromisoformat(iso)
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def other_lang(lang: Lang) -> Lang:
    return "en" if lang == "vi" else "vi"


def thead(cells: Iterable[str]) -> str:
    return "<thead><tr>" + "".join(f'<th scope="col">{e(c)}</th>' for c in cells) + "</tr></thead>"


def severity_badge(severity: str, lang: Lang) -> str:
    word = labels.pick(labels.SEVERITIES[severity], lang)
    return f'<span class="badge">{MARK[severity]} {e(word.upper())}</span>'


def page(title: str, body: list[str], lang: Lang, footer: str) -> str:
    """The whole document around ``body``: XHTML-compatible, no request possible."""
    head = [
        "<!DOCTYPE html>",
        f'<html xmlns="http://www.w3.org/1999/xhtml" lang="{lang}" xml:lang="{lang}">',
        "<head>",
        '<meta charset="utf-8" />',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}" />',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />',
        f'<meta name="generator" content="hiepy {e(__version__)}" />',
        f"<title>{e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, f"<footer>{footer}</footer>", "</body>", "</html>"]) + "\n"
