"""The fast way to E.164 for plain digit strings gives exactly what the phonenumbers library gives."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syncctl.demo_data import generate
from syncctl.phone_numbers import _UNSURE, _plain_e164, library_e164, phone_e164

REGIONS = ["US", "CA", "GB", "JE", "DE", "FR", "ES", "IT", "NL", "IE", "SE", "PL", "PT", "AU", "AR", "BR", "MX", "IN"]


def _lookup_key(raw: str) -> str:
    """What the phone_lookup_key macro passes: digits and '+', the extension cut off."""
    head = raw.lower().split(" ext")[0].split("x")[0].split("#")[0]
    return "".join(character for character in head if character.isdigit() or character == "+")


def test_every_demo_phone_number_gets_the_library_result(tmp_path):
    generate(customers=3000, seed=11, out=tmp_path)
    import duckdb

    with duckdb.connect() as con:
        raw = con.execute(
            f"""
            select phone, 'US' from read_csv('{tmp_path}/sales/*.csv', all_varchar = true) where phone is not null
            union all
            select phone, coalesce(country, 'US') from read_json('{tmp_path}/service/*.jsonl') where phone is not null
            union all
            select phone, 'US' from read_parquet('{tmp_path}/marketing/*.parquet') where phone is not null
            """
        ).fetchall()
    keys = {(_lookup_key(phone), region if len(region) == 2 else "US") for phone, region in raw}
    keys = {(key, region) for key, region in keys if len(key) >= 2}
    assert len(keys) > 3000
    fast_path_taken = sum(_plain_e164(key, region) is not _UNSURE for key, region in keys if "+" not in key[1:])
    assert fast_path_taken > 0.9 * len(keys)
    assert [phone_e164(key, region) for key, region in keys] == [library_e164(key, region) for key, region in keys]


def test_example_numbers_of_every_region_and_type_and_their_typos_get_the_library_result():
    rng = random.Random(3)
    checked = 0
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for number_type in range(12):
            example = phonenumbers.example_number_for_type(region, number_type)
            if example is None:
                continue
            e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            national = "".join(c for c in phonenumbers.format_number(example, 2) if c.isdigit())
            forms = [e164, e164[1:], national, "00" + e164[1:], "011" + e164[1:]]
            forms += [_typo(rng, form) for form in forms]
            for form in forms:
                for assumed in (region, "US", None):
                    assert phone_e164(form, assumed) == library_e164(form, assumed), (form, assumed)
                    checked += 1
    assert checked > 20000


def _typo(rng: random.Random, number: str) -> str:
    digits = list(number)
    position = rng.randrange(1 if number.startswith("+") else 0, len(digits))
    digits[position] = rng.choice("0123456789")
    return "".join(digits)


@settings(max_examples=3000, deadline=None)
@given(
    digits=st.text("0123456789", min_size=2, max_size=17),
    prefix=st.sampled_from(["", "+", "00", "011", "0", "1", "+44", "+1", "+49"]),
    region=st.sampled_from([*REGIONS, None]),
)
def test_any_digit_string_gets_the_library_result(digits, prefix, region):
    number = prefix + digits
    assert phone_e164(number, region) == library_e164(number, region)


@pytest.mark.parametrize(
    ("number", "region", "expected"),
    [
        ("2125550147", "US", "+12125550147"),
        ("12125550147", "US", "+12125550147"),
        ("+12125550147", None, "+12125550147"),
        ("01112125550147", "US", "+12125550147"),
        ("02079460958", "GB", "+442079460958"),
        ("+4402079460958", "GB", "+442079460958"),
        ("00442079460958", "DE", "+442079460958"),
        ("0301234567", "DE", "+49301234567"),
        ("55501", "US", None),
    ],
)
def test_known_numbers(number, region, expected):
    assert phone_e164(number, region) == expected
