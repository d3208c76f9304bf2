"""Lint of what a path holds: a file hiepy can read, of a kind it knows, where it would read it."""

from __future__ import annotations

from typing import Any

from hiepy_rules.errors import Code, Text

IO = Code(
    "io",
    "files",
    "error",
    (
        "Không mở được đường dẫn đã nêu: nó không có, không phải tệp, hoặc không đọc được.",
        "A path given cannot be opened: it does not exist, is not a file, or cannot be read.",
    ),
    {
        "missing": ("không có tệp hay thư mục này", "no such file or directory"),
        "not-file": ("không phải tệp thông thường", "not a regular file"),
        "no-yaml": ("không có tệp YAML (`*.yaml`, `*.yml`) ở đây", "no YAML files (*.yaml, *.yml) here"),
        "unreadable": ("không đọc được: {reason}", "cannot read: {reason}"),
        "not-test-file": (
            "không phải tệp kiểm thử gói: cần `<gói>/tests/*.yaml`",
            "not a pack test file: expected <pack>/tests/*.yaml",
        ),
        "no-pack": ("không có gói nào ở đây (thư mục gói có pack.yaml)", "no pack here (a pack folder has pack.yaml)"),
        "no-proposal": (
            "không có tệp đề án {name!r} (đường dẫn tính từ tệp kiểm thử này)",
            "no proposal file {name!r} (paths are relative to this test file)",
        ),
    },
)


KIND = Code(
    "kind",
    "files",
    "error",
    (
        "hiepy nhận biết tệp qua các khóa ở cấp đầu; tệp này không có khóa nào của các loại tệp hiepy đọc.",
        "hiepy tells a file's kind from its top-level keys; this file has none of the kinds hiepy reads.",
    ),
    {
        "": (
            "không phải tệp của hiepy: gặp {found}; cần một tệp quy định (ánh xạ có `provisions`), một tệp khai"
            " báo gói (`pack`), một tệp đăng ký (`sources` hoặc `authorities`), một đề án (`unit` và `titles`)"
            " hoặc một tệp kiểm thử gói (`tests`)",
            "not a hiepy file: found {found}; expected a rule file (a mapping with `provisions`), a pack manifest"
            " (`pack`), a registry (`sources` or `authorities`), a proposal (`unit` and `titles`) or a pack test"
            " file (`tests`)",
        )
    },
)


CONTEXT = Code(
    "context",
    "files",
    "warning",
    (
        "Tệp nằm ở chỗ hiepy không bao giờ đọc nó, nên chỉ kiểm tra được riêng tệp này.",
        "The file lies where hiepy never reads it, so it could be checked only on its own.",
    ),
    {
        "loose": (
            "hiepy không bao giờ nạp tệp này ({where}); đã bỏ qua các kiểm tra giữa các tệp",
            "hiepy never loads this file ({where}); checks across files were skipped",
        ),
        "tests": (
            "`hiepy test` chỉ đọc kiểm thử gói trong `<gói>/tests/`; chưa kiểm tra mã quy định",
            "hiepy test reads pack tests only from <pack>/tests/; provision ids were not checked",
        ),
    },
)


#: where each kind of file is read (the ``where`` of a ``CONTEXT`` "loose" message)
READ_FROM: dict[str, Text] = {
    "rules": (
        "tệp quy định chỉ được đọc từ thư mục gói (thư mục có pack.yaml)",
        "a rule file is read only from a pack folder (one with pack.yaml)",
    ),
    "pack": (
        "tệp khai báo gói chỉ được đọc khi tên là pack.yaml",
        "a pack manifest is read only from a file named pack.yaml",
    ),
    "registry": (
        "tệp đăng ký chỉ được đọc khi là sources.yaml hay authorities.yaml trong thư mục gốc bộ quy định",
        "a registry is read only as sources.yaml or authorities.yaml in a rules root",
    ),
}


REFERENCE = Code(
    "reference",
    "references",
    "error",
    (
        "Một mã được nêu mà không trỏ tới đâu (cán bộ, chức danh, quy định, đề án), hoặc bị dùng hai lần.",
        "An id is named that points nowhere (a cadre, a title, a provision, a proposal), or is used twice.",
    ),
    {
        "": ("{message}", "{message}"),  # the proposal's own wording (``references.reference_problems``)
        "provision": ("không có quy định {pid!r}", "unknown provision {pid!r}"),
        "proposal": (
            "không đọc được đề án {name!r} (xem các vấn đề của nó)",
            "the proposal {name!r} cannot be read (see its problems)",
        ),
    },
)


def found_text(data: Any) -> Text:
    """What a file holds, in words, for ``KIND``'s message."""
    if isinstance(data, dict):
        if not data:
            return "một ánh xạ rỗng", "an empty mapping"
        keys = ", ".join(repr(k) for k in list(data)[:5])
        return f"một ánh xạ có {keys}", f"a mapping with {keys}"
    words: dict[type, Text] = {
        list: ("một danh sách", "a list"),
        str: ("một chuỗi chữ", "text"),
        type(None): ("không có dữ liệu", "no data"),
    }
    name = type(data).__name__
    return words.get(type(data), (f"một giá trị {name}", f"a {name}"))
