"""Opening hours: when advisors answer live, and when they are next there."""

from datetime import datetime, timezone

import pytest

from civette.helpdesk.opening_hours import InvalidOpeningHours, OpeningHours, describe_opening

HOURS = OpeningHours.parse("lun-ven 09:30-18:30; sam 10:00-17:00")


def paris(year, month, day, hour, minute=0) -> datetime:
    # November: Paris is UTC+1.
    return datetime(year, month, day, hour - 1, minute, tzinfo=timezone.utc)


@pytest.mark.parametrize("moment, is_open", [
    (paris(2026, 11, 26, 9, 29), False),   # Thursday, before opening
    (paris(2026, 11, 26, 9, 30), True),
    (paris(2026, 11, 26, 18, 29), True),
    (paris(2026, 11, 26, 18, 30), False),  # closing time
    (paris(2026, 11, 28, 16, 0), True),    # Saturday
    (paris(2026, 11, 28, 17, 30), False),
    (paris(2026, 11, 29, 12, 0), False),   # Sunday
    (paris(2026, 11, 11, 12, 0), False),   # Armistice: public holiday
])
def test_is_open(moment, is_open):
    assert HOURS.is_open(moment) is is_open


def test_next_opening_skips_sunday():
    opening = HOURS.next_opening(paris(2026, 11, 28, 18, 0))
    assert (opening.year, opening.month, opening.day, opening.hour, opening.minute) == (2026, 11, 30, 9, 30)


def test_next_opening_later_the_same_day():
    opening = HOURS.next_opening(paris(2026, 11, 26, 7, 0))
    assert (opening.day, opening.hour, opening.minute) == (26, 9, 30)


def test_next_opening_skips_a_public_holiday():
    opening = HOURS.next_opening(paris(2026, 12, 24, 19, 0))  # Christmas Day is closed
    assert (opening.month, opening.day, opening.hour) == (12, 26, 10)


@pytest.mark.parametrize("now, words", [
    (paris(2026, 11, 26, 7, 0), "dès 9 h 30"),                         # Thursday morning
    (datetime(2026, 11, 26, 23, 30, tzinfo=timezone.utc), "dès 9 h 30"),  # Friday 0:30 in Paris
    (paris(2026, 11, 26, 21, 0), "demain dès 9 h 30"),                 # Thursday evening
    (paris(2026, 11, 27, 19, 0), "demain dès 10 h"),                   # Friday evening: Saturday
    (paris(2026, 11, 28, 18, 0), "le lundi 30 novembre dès 9 h 30"),   # Saturday evening
    (paris(2026, 12, 31, 19, 0), "le samedi 2 janvier 2027 dès 10 h"),  # New Year's Day is closed
])
def test_the_next_opening_in_words(now, words):
    assert describe_opening(HOURS.next_opening(now), now) == words


def test_never_open():
    hours = OpeningHours.parse("")
    assert not hours.is_open(paris(2026, 11, 26, 12))
    assert hours.next_opening(paris(2026, 11, 26, 12)) is None


def test_all_day_every_day_holidays_included():
    hours = OpeningHours.parse("lun-dim 00:00-24:00", open_on_public_holidays=True)
    assert hours.is_open(paris(2026, 11, 29, 3))
    assert hours.is_open(paris(2026, 12, 25, 3))


@pytest.mark.parametrize("text", ["lundi 9-18", "lun-ven 18:00-09:00", "xyz 09:00-10:00", "lun 09:00-25:00"])
def test_unreadable_hours_are_rejected(text):
    with pytest.raises(InvalidOpeningHours):
        OpeningHours.parse(text)
