"""Amounts in words, accounting style (issue 7): every group after the first is read in full."""

import pytest

from ansinh.rules.formatting import amount_in_words, amount_in_words_sentence


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "không đồng"),
        (5, "năm đồng"),
        (10, "mười đồng"),
        (15, "mười lăm đồng"),
        (21, "hai mươi mốt đồng"),
        (105, "một trăm linh năm đồng"),
        (110, "một trăm mười đồng"),
        (115, "một trăm mười lăm đồng"),
        (360_000, "ba trăm sáu mươi nghìn đồng"),
        (1_000_000, "một triệu đồng"),
        (1_050_000, "một triệu không trăm năm mươi nghìn đồng"),
        (1_005_000, "một triệu không trăm linh năm nghìn đồng"),
        (1_000_015, "một triệu không trăm mười lăm đồng"),
        (1_250_000, "một triệu hai trăm năm mươi nghìn đồng"),
        (7_200_000, "bảy triệu hai trăm nghìn đồng"),
        (2_000_050_000, "hai tỷ không trăm năm mươi nghìn đồng"),
        (12_005_000_000, "mười hai tỷ không trăm linh năm triệu đồng"),
        (1_000_000_000_000, "một nghìn tỷ đồng"),
        (-540_000, "âm năm trăm bốn mươi nghìn đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_sentence_is_capitalised():
    assert amount_in_words_sentence(1_050_000) == "Một triệu không trăm năm mươi nghìn đồng"
