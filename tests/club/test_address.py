"""How the bot addresses a person: the pure rule (club/address.py)."""

from __future__ import annotations

from datetime import date

import pytest

from club.address import (
    RELATIVE,
    AddressStyle,
    address_for,
    fields,
    given_name,
    parse_style,
    you,
)

TODAY = date(2026, 11, 20)


def test_an_older_woman_is_ba():
    assert address_for(1941, "Nữ", TODAY) == "bà"


def test_an_older_man_is_ong():
    assert address_for(1944, "Nam", TODAY) == "ông"


def test_a_club_preferring_bac_says_bac_to_both():
    assert address_for(1941, "Nữ", TODAY, AddressStyle.BAC) == "bác"
    assert address_for(1944, "Nam", TODAY, "bac") == "bác"


def test_younger_members_are_chi_and_anh_whatever_the_club_prefers():
    for style in AddressStyle:
        assert address_for(1990, "Nữ", TODAY, style) == "chị"
        assert address_for(1996, "Nam", TODAY, style) == "anh"


def test_sixty_is_counted_by_calendar_year():
    assert address_for(1966, "Nữ", TODAY) == "bà"      # 60 this year
    assert address_for(1967, "Nữ", TODAY) == "chị"     # 59 this year
    assert address_for(1966, "Nam", date(2026, 1, 1)) == "ông"


def test_gender_as_the_roster_may_spell_it():
    assert address_for(1941, "nữ", TODAY) == "bà"
    assert address_for(1941, "NU", TODAY) == "bà"
    assert address_for(1941, " nam ", TODAY) == "ông"


def test_unknown_facts_fall_to_the_respectful_side():
    # No birth year: most members are older, so an elder's word.
    assert address_for(None, "Nữ", TODAY) == "bà"
    assert address_for(None, "Nam", TODAY) == "ông"
    assert address_for(None, "Nam", TODAY, AddressStyle.BAC) == "bác"
    # An elder of unknown gender: "bác" fits a man and a woman alike.
    assert address_for(1941, "", TODAY) == "bác"
    assert address_for(None, "", TODAY) == "bác"
    # A younger member of unknown gender.
    assert address_for(1990, "", TODAY) == "anh/chị"


def test_a_relative_reads_about_the_member_by_title_and_given_name():
    title = address_for(1936, "Nữ", TODAY)
    assert you(title, "Nguyễn Thị Minh Lan", named=True) == "bà Lan"
    assert you(title, "Nguyễn Thị Minh Lan") == "bà"
    assert given_name("  Lê   Văn Toàn ") == "Toàn"
    assert RELATIVE == "anh/chị"


def test_the_word_is_capitalised_at_a_sentence_start():
    assert fields("bà") == {"you": "bà", "You": "Bà"}
    assert fields("bà Lan")["You"] == "Bà Lan"
    assert fields("anh/chị")["You"] == "Anh/chị"
    assert "{You} đã dự.".format(**fields("ông")) == "Ông đã dự."


@pytest.mark.parametrize("typed, style", [
    ("bac", AddressStyle.BAC), ("Bác", AddressStyle.BAC), ("ong_ba", AddressStyle.ONG_BA),
    ("ong-ba", AddressStyle.ONG_BA), ("ông bà", AddressStyle.ONG_BA),
    ("Ông, bà", AddressStyle.ONG_BA), ("ông/bà", AddressStyle.ONG_BA),
])
def test_styles_as_an_operator_types_them(typed: str, style: AddressStyle):
    assert parse_style(typed) is style


def test_an_unknown_style_is_refused():
    with pytest.raises(ValueError):
        parse_style("bạn")
