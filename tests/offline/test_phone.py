"""Swedish phone numbers: typed in the usual ways, stored one way, refused in words."""

import pytest
from django.core.exceptions import ValidationError

from offline.phone import national_format, normalise_swedish_phone


@pytest.mark.parametrize(
    "typed",
    ["070-123 45 67", "0701234567", "+46 70 123 45 67", "+46 (0)70-123 45 67", "0046701234567", "０７０１２３４５６７"],
)
def test_a_mobile_number_typed_any_usual_way_is_stored_the_same(typed):
    assert normalise_swedish_phone(typed) == "+46701234567"


def test_a_landline_with_a_four_digit_area_code_is_accepted():
    assert normalise_swedish_phone("0950-123 45") == "+4695012345"
    assert national_format("+4695012345") == "095012345"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("123 45", "riktnummer"),
        ("070-12", "inte ut som ett telefonnummer"),
        ("070-123 45 67 89 00", "inte ut som ett telefonnummer"),
        ("+47 912 34 567", "svenskt telefonnummer"),
        ("070-ABC DE FG", "inte ut som ett telefonnummer"),
        ("070²1234567", "inte ut som ett telefonnummer"),
    ],
)
def test_what_is_not_a_swedish_phone_number_is_refused_in_words(typed, says):
    with pytest.raises(ValidationError) as refusal:
        normalise_swedish_phone(typed)
    assert says in refusal.value.messages[0]
