from datetime import date

import pytest

from civette.working_days import (
    add_working_days,
    easter_sunday,
    is_working_day,
    public_holidays,
    working_days_before,
    working_days_between,
)


@pytest.mark.parametrize("year, easter", [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)),
                                          (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28))])
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_eleven_public_holidays_including_the_movable_ones():
    holidays = public_holidays(2025)
    assert len(holidays) == 11
    # Lundi de Pâques, Ascension, Lundi de Pentecôte 2025.
    assert {date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)} <= holidays
    assert {date(2025, 7, 14), date(2025, 11, 11), date(2025, 12, 25)} <= holidays


def test_weekends_and_holidays_are_not_working_days():
    assert is_working_day(date(2024, 10, 31))  # a Thursday
    assert not is_working_day(date(2024, 11, 1))  # Toussaint, a Friday
    assert not is_working_day(date(2024, 11, 2))  # Saturday


def test_five_working_days_after_a_shipment_skip_weekend_and_holiday():
    # Shipped Thursday 31 Oct 2024: Fri 1 Nov is a holiday, then Mon 4 .. Fri 8 Nov.
    assert add_working_days(date(2024, 10, 31), 5) == date(2024, 11, 8)


def test_working_days_between_counts_days_after_the_start():
    assert working_days_between(date(2024, 10, 31), date(2024, 11, 8)) == 5
    assert working_days_between(date(2024, 11, 8), date(2024, 11, 8)) == 0


def test_working_days_before_is_the_inverse_of_after():
    assert working_days_before(date(2024, 11, 8), 5) == date(2024, 10, 31)
