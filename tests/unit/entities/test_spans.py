"""Entity spans lose articles, titles and possessives; offsets move with them."""

import pytest

from workers.entities.spans import trim


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Census Bureau", ("Census Bureau", 104)),
        ("Ms Pugh", ("Pugh", 103)),
        ("President Xi Jinping", ("Xi Jinping", 110)),
        ("Addenbrooke 's", ("Addenbrooke", 100)),
        ("la Chine", ("Chine", 103)),
        ("l'OTAN", ("OTAN", 102)),
        ("The", ("The", 100)),  # nothing would be left: keep it
        ("Washington", ("Washington", 100)),
    ],
)
def test_trim(text, expected):
    assert trim(text, 100) == expected
