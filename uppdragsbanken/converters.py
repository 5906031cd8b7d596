"""The URL converter for row ids: `<id:pk>` matches 1 to 18 ASCII digits.

Django's `<int:…>` matches any number of digits, and a number larger than a 64-bit integer
reaches SQLite as an OverflowError (a 500) wherever it is compared with a foreign key. Eighteen
digits always fit; a longer "id" is simply a page that does not exist (404)."""


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
