import pytest
from django.core.exceptions import ValidationError

from associations.validators import luhn_valid, normalize_organisation_number


@pytest.mark.parametrize(
    "number",
    [
        ("802400-1235", "802400-1235"),
        ("556036-0793", "556036-0793"),
        ("2120000142", "212000-0142"),
        ("202100 2114", "202100-2114"),
    ],
)
def test_valid_numbers_are_accepted_and_written_with_a_hyphen(number):
    given, expected = number
    assert normalize_organisation_number(given) == expected


def test_luhn_check_matches_known_examples():
    assert luhn_valid("5560360793")
    assert luhn_valid("2120000142")
    assert not luhn_valid("5560360794")


def test_a_wrong_check_digit_is_refused_with_a_swedish_message():
    with pytest.raises(ValidationError) as excinfo:
        normalize_organisation_number("556036-0794")
    assert excinfo.value.code == "checksum"
    assert "kontrollsiffran" in excinfo.value.messages[0]


@pytest.mark.parametrize("number", ["", "55603607", "556036-07931", "55603A-0793", "5560-360793", "abcdefghij"])
def test_anything_but_ten_digits_is_refused(number):
    with pytest.raises(ValidationError) as excinfo:
        normalize_organisation_number(number)
    assert excinfo.value.code == "format"
    assert "tio siffror" in excinfo.value.messages[0]


def test_surrounding_spaces_are_forgiven():
    assert normalize_organisation_number(" 556036-0793 ") == "556036-0793"
