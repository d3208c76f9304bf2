"""libyaml's syntax errors in a person's words: what is wrong, and what to write instead.

libyaml reports a syntax error in English parser terms ("did not find expected '-' indicator");
an analyst reading Vietnamese gets the same fault said plainly, with the fix. A problem not in
the table keeps libyaml's words, quoted, after a Vietnamese lead.
"""

from __future__ import annotations

#: libyaml's problem → (Vietnamese, English) in a person's words
_WORDS: dict[str, tuple[str, str]] = {
    "did not find expected ',' or ']'": (
        "danh sách trong ngoặc vuông chưa đóng: thiếu dấu ',' hoặc ']'",
        "a list in square brackets is not closed: expected ',' or ']'",
    ),
    "did not find expected ',' or '}'": (
        "bảng trong ngoặc nhọn chưa đóng: thiếu dấu ',' hoặc '}'",
        "a mapping in braces is not closed: expected ',' or '}'",
    ),
    "mapping values are not allowed in this context": (
        "dấu ':' không được đứng ở đây: một giá trị có dấu hai chấm phải đặt trong dấu nháy, hoặc dòng này thụt lề sai",
        "a ':' is not allowed here: quote a value that holds a colon, or fix this line's indentation",
    ),
    "did not find expected '-' indicator": (
        "thiếu dấu '-': mỗi mục của danh sách bắt đầu bằng '- ' và thụt lề như các mục khác",
        "expected '-': each item of a list starts with '- ' and is indented like the others",
    ),
    "did not find expected key": (
        "thiếu khóa: dòng này thụt lề không khớp với các khóa cùng cấp",
        "expected a key: this line's indentation does not match the keys at its level",
    ),
    "found unexpected end of stream": (
        "tệp hết khi dấu nháy chưa đóng: hãy đóng dấu nháy của giá trị",
        "the file ends inside quotes: close the value's quotes",
    ),
    "found character that cannot start any token": (
        "có ký tự không thể mở đầu một giá trị (như @ hay `): hãy đặt giá trị trong dấu nháy",
        "a character that cannot start a value (such as @ or `): put the value in quotes",
    ),
    "did not find expected node content": (
        "thiếu giá trị: sau dấu '-' hay ':' cần một giá trị",
        "a value is missing: a '-' or ':' needs a value after it",
    ),
    "could not find expected ':'": (
        "thiếu dấu ':' sau khóa (viết 'khóa: giá trị')",
        "expected ':' after a key (write 'key: value')",
    ),
    "found undefined alias": (
        "bí danh (*tên) chưa được định nghĩa bằng &tên ở phía trên",
        "an alias (*name) that no &name above defines",
    ),
    "found unknown escape character": (
        "ký tự thoát không hợp lệ trong chuỗi nháy kép: dùng dấu nháy đơn, hoặc viết \\\\ cho dấu \\",
        "an unknown escape in a double-quoted string: use single quotes, or write \\\\ for \\",
    ),
}


def say(problem: str) -> tuple[str, str]:
    """(Vietnamese, English) for one of libyaml's problems."""
    for words, (vi, en) in _WORDS.items():
        if problem.startswith(words):
            return f"YAML không hợp lệ: {vi}", f"invalid YAML: {en}"
    if problem.startswith("expected <block end>"):
        return (
            "YAML không hợp lệ: thụt lề không khớp: một dòng thụt vào khác các dòng cùng cấp",
            f"invalid YAML: the indentation does not match ({problem})",
        )
    return f"YAML không hợp lệ (theo bộ đọc YAML: `{problem}`)", f"invalid YAML: {problem}"
