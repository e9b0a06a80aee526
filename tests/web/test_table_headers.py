"""qingfeng.core.tables.find_header, shared by the places reader and the box register."""

from qingfeng.core.tables import find_header

HEADERS = {"number": ("编号", "举报箱编号"), "place": ("乡镇",), "note": ("备注", "note")}


def test_the_header_below_a_title_row_with_full_width_and_spaced_names():
    rows = [["慈利县举报箱台账"], [], ["序号", "举报箱 编号", "乡　镇", "NOTE"], ["1", "JBX-001", "广福桥镇", ""]]
    assert find_header(rows, HEADERS, ("number", "place")) == (2, {"number": 1, "place": 2, "note": 3})


def test_a_repeated_header_counts_at_its_first_place():
    assert find_header([["编号", "乡镇", "举报箱编号"]], HEADERS, ("number",)) == (0, {"number": 0, "place": 1})


def test_no_row_with_every_required_column_within_the_search_rows():
    assert find_header([["编号", "备注"]], HEADERS, ("number", "place")) is None
    late = [["x"]] * 10 + [["编号", "乡镇"]]
    assert find_header(late, HEADERS, ("number", "place")) is None
    assert find_header(late, HEADERS, ("number", "place"), search_rows=11) == (10, {"number": 0, "place": 1})
