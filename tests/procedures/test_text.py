"""Accent folding: the base of Vietnamese search."""

import pytest

from procedures.text import fold, fold_terms


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐĂNG KÝ KẾT HÔN", "dang ky ket hon"),
        ("Chứng thực bản sao (từ bản chính)!", "chung thuc ban sao tu ban chinh"),
        ("Mã 1.001193.", "ma 1.001193"),
        ("  ", ""),
        ("Nghị định 123/2015/NĐ-CP", "nghi dinh 123 2015 nd cp"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_terms_are_distinct_and_bounded():
    assert fold_terms("khai sinh KHAI SINH") == ["khai", "sinh"]
    assert len(fold_terms(" ".join(f"w{i}" for i in range(40)))) == 12
