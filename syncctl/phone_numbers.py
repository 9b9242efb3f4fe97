"""Phone numbers to E.164 with the phonenumbers library, and a faster way for plain digit strings.

`phone_e164(raw, region)` is what `phonenumbers.parse` + `is_valid_number` + E.164 formatting give.
The library does it in about 75 microseconds a number, most of it generic work (text scanning, object
building, looking its patterns up again and again), which makes the first build of a large base spend
most of its cleansing time here. The phone cache model passes digits with an optional leading "+"
(see the phone_lookup_key macro); for those, `_plain_e164` follows the library's own steps on its own
metadata, with the patterns compiled once: the international or national prefix, the country calling
code, the national prefix, the length checks and the number-type patterns. Whatever it is not sure
of (an unknown calling code, a non-geographic code, a national prefix with a transform rule, a
too-short number after a prefix) goes to the library. tests/unit/test_phone_numbers.py checks both
agree on every demo number and on random digit strings for many countries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import phonenumbers
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata

_E164 = phonenumbers.PhoneNumberFormat.E164
_PLAIN = re.compile(r"\+?[0-9]{2,20}")
_MIN_LENGTH_FOR_NSN = 2
_MAX_LENGTH_FOR_NSN = 17
_MAX_LENGTH_COUNTRY_CODE = 3
_NON_GEOGRAPHIC = "001"
_UNSURE = object()  # _plain_e164 leaves the number to the library

# _test_number_length's results, as in phonenumbers.ValidationResult
_POSSIBLE, _LOCAL_ONLY, _TOO_SHORT, _TOO_LONG, _INVALID_LENGTH = range(5)


def phone_e164(raw: str | None, region: str | None) -> str | None:
    """The E.164 form of a phone number if it is a valid number, else None.

    `region` (ISO 3166-1 alpha-2) is the country assumed for numbers written in national format.
    """
    if not raw:
        return None
    if _PLAIN.fullmatch(raw):
        result = _plain_e164(raw, (region or "").upper() or None)
        if result is not _UNSURE:
            return result  # type: ignore[return-value]
    return library_e164(raw, region)


def library_e164(raw: str, region: str | None) -> str | None:
    """`phone_e164` by the phonenumbers library alone."""
    try:
        number = phonenumbers.parse(raw, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, _E164)


@dataclass(frozen=True)
class _Desc:
    """A number description (general, fixed line, mobile, ...): its pattern and possible lengths."""

    pattern: re.Pattern[str] | None
    lengths: frozenset[int]
    sorted_lengths: tuple[int, ...]
    local_only_lengths: frozenset[int]

    @classmethod
    def of(cls, desc: Any) -> _Desc | None:
        if desc is None:
            return None
        text = desc.national_number_pattern
        lengths = tuple(desc.possible_length or ())
        return cls(
            pattern=re.compile(text) if text else None,
            lengths=frozenset(lengths),
            sorted_lengths=lengths,
            local_only_lengths=frozenset(desc.possible_length_local_only or ()),
        )

    def matches(self, number: str) -> bool:
        """The library's _is_number_matching_desc: a possible length and the pattern."""
        if self.lengths and len(number) not in self.lengths:
            return False
        return self.pattern is not None and self.pattern.fullmatch(number) is not None

    def pattern_matches(self, number: str) -> bool:
        """The library's _match_national_number: the pattern alone."""
        return self.pattern is not None and self.pattern.fullmatch(number) is not None


@dataclass(frozen=True)
class _Region:
    """One region's metadata as the parsing steps below use it, patterns compiled."""

    code: str
    country_code: int
    international_prefix: re.Pattern[str] | None
    national_prefix: re.Pattern[str] | None
    has_transform_rule: bool
    leading_digits: re.Pattern[str] | None
    general: _Desc
    types: tuple[_Desc, ...]  # fixed line, mobile, premium rate, ... (see _TYPES)

    def length_result(self, number: str) -> int:
        """The library's _test_number_length for an unknown number type (the general description)."""
        desc = self.general
        length = len(number)
        if length in desc.local_only_lengths:
            return _LOCAL_ONLY
        lengths = desc.sorted_lengths
        if lengths[0] == length:
            return _POSSIBLE
        if lengths[0] > length:
            return _TOO_SHORT
        if lengths[-1] < length:
            return _TOO_LONG
        return _POSSIBLE if length in lengths[1:] else _INVALID_LENGTH

    def is_valid(self, national_number: str) -> bool:
        """The library's _number_type_helper(...) != UNKNOWN: the general description and any number type."""
        return self.general.matches(national_number) and any(desc.matches(national_number) for desc in self.types)


# The number types. The library tries them in the order premium rate, toll free, ..., fixed line, mobile to
# tell a number's type; a number is valid when it matches any of them, so the common ones come first here
# (a fifth less time per number on the bench's 506,717 numbers, the same results)
_TYPES = (
    "fixed_line",
    "mobile",
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)


@cache
def _region(code: str | None) -> _Region | None:
    metadata = PhoneMetadata.metadata_for_region(code, None) if code else None
    if metadata is None or metadata.general_desc is None or not metadata.general_desc.possible_length:
        return None
    types = tuple(desc for desc in (_Desc.of(getattr(metadata, name)) for name in _TYPES) if desc is not None)
    return _Region(
        code=code,
        country_code=metadata.country_code,
        international_prefix=re.compile(metadata.international_prefix) if metadata.international_prefix else None,
        national_prefix=re.compile(metadata.national_prefix_for_parsing)
        if metadata.national_prefix_for_parsing
        else None,
        has_transform_rule=bool(metadata.national_prefix_transform_rule),
        leading_digits=re.compile(metadata.leading_digits) if metadata.leading_digits else None,
        general=_Desc.of(metadata.general_desc),  # type: ignore[arg-type]
        types=types,
    )


def _extract_country_code(digits: str) -> tuple[int, str]:
    """The library's _extract_country_code: calling codes are prefix-free, 1 to 3 digits."""
    if not digits or digits[0] == "0":
        return 0, digits
    for length in range(1, min(len(digits), _MAX_LENGTH_COUNTRY_CODE) + 1):
        code = int(digits[:length])
        if code in COUNTRY_CODE_TO_REGION_CODE:
            return code, digits[length:]
    return 0, digits


def _strip_national_prefix(number: str, region: _Region) -> str | object:
    """The library's _maybe_strip_national_prefix_carrier_code, without transform rules (_UNSURE)."""
    if not number or region.national_prefix is None:
        return number
    match = region.national_prefix.match(number)
    if not match:
        return number
    if region.has_transform_rule:
        return _UNSURE
    stripped = number[match.end() :]
    if region.general.pattern_matches(number) and not region.general.pattern_matches(stripped):
        return number
    return stripped


def _plain_e164(number: str, region_code: str | None) -> str | object | None:
    """phonenumbers' parse, is_valid_number and E.164 for "+digits" or "digits", or _UNSURE."""
    region = _region(region_code)
    if number[0] == "+":
        country_code, national = _extract_country_code(number[1:])
        if country_code == 0 or len(number) - 1 <= _MIN_LENGTH_FOR_NSN:
            return _UNSURE
    else:
        if region is None:
            return _UNSURE
        country_code, national = 0, number
        idd = region.international_prefix.match(number) if region.international_prefix else None
        if idd and number[idd.end() : idd.end() + 1] != "0":  # a prefix followed by 0 is no prefix
            rest = number[idd.end() :]
            if len(rest) <= _MIN_LENGTH_FOR_NSN:
                return _UNSURE
            country_code, national = _extract_country_code(rest)
            if country_code == 0:
                return _UNSURE
        else:
            own_code = str(region.country_code)
            if number.startswith(own_code):
                potential = _strip_national_prefix(number[len(own_code) :], region)
                if potential is _UNSURE:
                    return _UNSURE
                if (
                    not region.general.pattern_matches(number) and region.general.pattern_matches(potential)  # type: ignore[arg-type]
                ) or region.length_result(number) == _TOO_LONG:
                    country_code, national = region.country_code, potential  # type: ignore[assignment]
    if country_code == 0:  # national format: the region's own metadata
        country_code, number_region = region.country_code, region  # type: ignore[union-attr]
        regions = COUNTRY_CODE_TO_REGION_CODE[country_code]
    else:  # a calling code: its main region's metadata, as the library does
        regions = COUNTRY_CODE_TO_REGION_CODE[country_code]
        if regions[0] == _NON_GEOGRAPHIC:
            return _UNSURE
        number_region = region if region is not None and region.code == regions[0] else _region(regions[0])
        if number_region is None:
            return _UNSURE
    if len(national) < _MIN_LENGTH_FOR_NSN:
        return None
    potential = _strip_national_prefix(national, number_region)
    if potential is _UNSURE:
        return _UNSURE
    if number_region.length_result(potential) not in (_TOO_SHORT, _LOCAL_ONLY, _INVALID_LENGTH):  # type: ignore[arg-type]
        national = potential  # type: ignore[assignment]
    if not _MIN_LENGTH_FOR_NSN <= len(national) <= _MAX_LENGTH_FOR_NSN:
        return None
    return f"+{country_code}{national}" if _is_valid(country_code, national, regions) else None


def _is_valid(country_code: int, national: str, regions: tuple[str, ...]) -> bool:
    """The library's is_valid_number for a parsed number (its national significant number is `national`)."""
    if len(regions) == 1:
        region = _region(regions[0])
        return region is not None and region.is_valid(national)
    for code in regions:
        region = _region(code)
        if region is None:
            continue
        if region.leading_digits is not None:
            if region.leading_digits.match(national):
                return region.is_valid(national)
        elif region.is_valid(national):
            return True
    return False
