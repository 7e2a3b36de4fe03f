"""The demo's 2027 holiday arrangement: SAMPLE data, so that a public notice or a deadline
reaching 2027 can be counted in the demo. The seed document has no 2027 notice, and
``chinese_calendar`` 1.11.0 ends with 2026; the real notice must replace it."""

from __future__ import annotations

import datetime

from gaoxin.core.models import HolidayArrangement

from . import services
from .services import AdjustedWorkday, Holiday

YEAR = 2027
D = datetime.date

NOTE = (
    "示例数据：由演示程序按现行放假办法推算生成，不是国务院办公厅的通知。"
    "正式使用前必须按国务院办公厅关于2027年部分节假日安排的通知逐项替换（编辑并保存后示例标记即去除）。"
)

HOLIDAYS = [
    Holiday("元旦", D(2027, 1, 1), D(2027, 1, 3)),
    Holiday("春节", D(2027, 2, 5), D(2027, 2, 13)),
    Holiday("清明节", D(2027, 4, 3), D(2027, 4, 5)),
    Holiday("劳动节", D(2027, 5, 1), D(2027, 5, 5)),
    Holiday("端午节", D(2027, 6, 9), D(2027, 6, 9)),
    Holiday("中秋节", D(2027, 9, 15), D(2027, 9, 15)),
    Holiday("国庆节", D(2027, 10, 1), D(2027, 10, 7)),
]
ADJUSTED = [
    AdjustedWorkday(D(2027, 2, 20), "春节"),
    AdjustedWorkday(D(2027, 4, 25), "劳动节"),
    AdjustedWorkday(D(2027, 5, 8), "劳动节"),
    AdjustedWorkday(D(2027, 9, 26), "国庆节"),
    AdjustedWorkday(D(2027, 10, 9), "国庆节"),
]


def load_holiday_demo() -> bool:
    """Enter the sample 2027 arrangement unless 2027 is already entered. True when created."""
    if HolidayArrangement.objects.filter(year=YEAR).exists():
        return False
    services.arrangement_create(
        actor=None,
        year=YEAR,
        document_number="国办发明电〔2026〕示例",
        notice_date=D(2026, 11, 1),
        holidays=HOLIDAYS,
        adjusted_workdays=ADJUSTED,
        note=NOTE,
        is_sample=True,
    )
    return True
