"""Names in pinyin order (拼音排序), not code-point order."""

from gaoxin.core.collation import pinyin_key


def test_chinese_names_sort_by_pinyin():
    names = ["乙科技有限公司", "丙智能有限公司", "北京理工大学郑州研究院", "a企业有限公司"]
    names.append("Zebra 公司")
    assert sorted(names) != sorted(names, key=pinyin_key)  # code points disagree
    assert sorted(names, key=pinyin_key) == [
        "a企业有限公司",  # a
        "北京理工大学郑州研究院",  # bei
        "丙智能有限公司",  # bing
        "乙科技有限公司",  # yi
        "Zebra 公司",  # zebra
    ]


def test_homophones_keep_a_stable_order():
    assert sorted(["郑州B", "郑州A", "正舟A"], key=pinyin_key) == ["正舟A", "郑州A", "郑州B"]
