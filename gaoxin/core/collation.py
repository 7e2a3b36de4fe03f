"""Ordering Chinese names the way a Chinese reader looks for them: by pinyin (拼音排序).

Code-point order (the database's default) puts 丙 before 乙 before 北; a list of enterprise
names is read in pinyin order (北京… before 丙… before 乙…). :func:`pinyin_key` is a sort key:
each character's pinyin without tones (``pypinyin``), Latin letters case-folded, then the name
itself to break ties (homophones) in a stable way.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import lazy_pinyin


@lru_cache(maxsize=65536)
def pinyin_key(name: str) -> tuple[tuple[str, ...], str]:
    return tuple(part.casefold() for part in lazy_pinyin(name)), name
