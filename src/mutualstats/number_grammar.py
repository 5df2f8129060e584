"""How a briefing prints a number: digits and their grouping, number words, scale words,
qualifier words and ratios.

Input: printed text. Output: regular-expression fragments and the values they stand for. The
scan of a briefing's text (:mod:`mutualstats.scan_text`) and the register's reader of a claim's
``value_as_printed`` (:mod:`mutualstats.sources.briefing`) both read numbers with these, so a
form one of them reads the other reads the same way.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

#: Numbers written as words. "one" alone is read too, so "one of many" must be excluded.
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip

#: The years in a decade ("the past decade" is ten years).
DECADE_YEARS = 10

_TENS = "|".join(word for word, number in NUMBER_WORDS.items() if 20 <= number <= 90)
_UNITS = "|".join(word for word, number in NUMBER_WORDS.items() if 1 <= number <= 9)
#: Tens and units written as one number ("twenty-six", "twenty six", a hyphen at a line's end).
_COMPOUND = rf"(?:{_TENS})(?:\s*-\s*|\s+)(?:{_UNITS})"
COMPOUND_WORD = re.compile(rf"\b{_COMPOUND}\b", re.IGNORECASE)
#: A number in words: a compound first, so "twenty-six" is one number, not two.
WORD = "|".join([_COMPOUND, *sorted(NUMBER_WORDS, key=len, reverse=True)])

#: Words that multiply the number before them, written out: they follow digits or number words
#: ("one hundred" is 100, "two hundred thousand" 200,000); "hundred" alone is a number word.
SCALE_WORDS = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9}
#: The scale word that may come before another: "hundred thousand" multiplies by both.
HUNDRED = "hundred"
#: Abbreviated scale words: they follow digits only ("110k", "1.5m", "£20bn", "1.5mn").
SCALE_ABBREVIATIONS = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}
#: Every scale word and its factor.
SCALES = {**SCALE_WORDS, **SCALE_ABBREVIATIONS}

#: Units of money by the scale word after "£" ("£20 billion" is 20 gbp_billion).
MONEY_UNITS = {
    "billion": "gbp_billion",
    "bn": "gbp_billion",
    "million": "gbp_million",
    "mn": "gbp_million",
    "m": "gbp_million",
}
#: What one of a money unit stands for: a value in gbp_billion is in billions.
UNIT_SCALES = {unit: SCALES[word] for word, unit in MONEY_UNITS.items()}
#: The units of an amount of pounds, at any scale (pounds alone are ``gbp``).
POUND_UNITS = ("gbp", *dict.fromkeys(MONEY_UNITS.values()))

#: Words printed just before a number, mapped to the register's qualifier vocabulary
#: (:data:`mutualstats.config.QUALIFIERS`).
QUALIFIER_WORDS = {
    "almost": "almost",
    "nearly": "almost",
    "just under": "almost",
    "over": "over",
    "more than": "over",
    "just over": "over",
    "around": "around",
    "approximately": "approximately",
    "about": "approximately",
    "roughly": "approximately",
    "circa": "approximately",
    "c.": "approximately",
    "ca.": "approximately",
    "approx.": "approximately",
}
#: Any of :data:`QUALIFIER_WORDS` as a regular expression (a space stands for any spaces).
QUALIFIER_PATTERN = "|".join(
    re.escape(word).replace(r"\ ", r"\s+")
    for word in sorted(QUALIFIER_WORDS, key=len, reverse=True)
)
#: Qualifier words that are abbreviations: the number may follow their full stop ("c.60").
ABBREVIATIONS = tuple(word for word in QUALIFIER_WORDS if word.endswith("."))
#: What parts a qualifier word from its number: spaces, or nothing after an abbreviation's stop.
QUALIFIER_GAP = r"(?:\s+|(?<=\.))"

#: Spaces that group a number's digits in threes ("110\u202f000" is 110,000): thin, narrow
#: no-break and no-break spaces, as typesetters and SI style print them. An ordinary space is not
#: one: in prose it parts two numbers ("chapter 3 100 staff", "in 2018 2,000"), and a number
#: grouped with it is read as two, each unregistered, so the scan still fails on it.
GROUP_SPACES = "\u2009\u202f\u00a0"
GROUP = f"[{GROUP_SPACES}]"
#: A number grouped in threes by such spaces: one to three digits, then groups of exactly three.
_GROUPED_NUMBER = re.compile(rf"(?<![\d,.]|{GROUP})\d{{1,3}}(?:{GROUP}\d{{3}})+(?!\d|{GROUP}\d)")
#: A number in digits: grouped in threes by commas, or by grouping spaces (one to three digits,
#: then groups of exactly three, not followed by another digit or group), or plain digits.
DIGITS = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    rf"|\d{{1,3}}(?:{GROUP}\d{{3}})+(?!\d|{GROUP}\d)(?:\.\d+)?"
    r"|\d+(?:\.\d+)?"
)
#: Minus signs ("-1.9%", "\u22121.9%").
MINUS_SIGNS = "-\u2212"

#: What links a ratio's part to its whole: "five in ten", "two out of five", "nine in every ten".
RATIO_LINK = r"\s+(?:out\s+of|in)\s+(?:every\s+|a\s+)?"


def scale_pattern(group: str, *, after_digits: bool = True) -> str:
    """A scale word after a number, captured as ``group``: any scale word after digits (a space
    or none before it: "110k", "1.5 million"), one written out after a number word ("two
    thousand"). It ends the word: "5 km" has none."""
    scales = SCALES if after_digits else SCALE_WORDS
    gap = r"\s*" if after_digits else r"\s+"
    larger = "|".join(word for word in SCALE_WORDS if SCALE_WORDS[word] > SCALE_WORDS[HUNDRED])
    words = "|".join(sorted(scales, key=len, reverse=True))
    return rf"(?:{gap}(?P<{group}>{HUNDRED}\s+(?:{larger})|{words})(?![a-z]))"


def word_value(word: str) -> int:
    """The number a number word stands for: "twenty-six" and "twenty six" are 26."""
    return sum(NUMBER_WORDS[part] for part in re.split(r"[\s-]+", word.strip().lower()) if part)


def digits_value(printed: str) -> float:
    """A number printed in digits, its digits grouped by commas or grouping spaces and with any
    minus sign: "110\u202f000" is 110000.0, "\u22124" is -4.0."""
    unsigned = printed.strip().lstrip(MINUS_SIGNS)
    number = float(re.sub(rf"[,{GROUP_SPACES}]", "", unsigned))
    return -number if unsigned != printed.strip() else number


def number_value(printed: str) -> float:
    """A number printed in digits or in words (:func:`digits_value`, :func:`word_value`)."""
    return (
        float(word_value(printed)) if re.search(r"[a-z]", printed, re.I) else digits_value(printed)
    )


def scale_factor(word: str | None) -> float:
    """What a scale word multiplies by ("hundred thousand": 100,000); 1 where none is printed."""
    return math.prod(SCALES[part] for part in word.lower().split()) if word else 1.0


def qualifier_code(words: str) -> str:
    """The register's qualifier for qualifier words as printed ("Just  under" is almost)."""
    return QUALIFIER_WORDS[re.sub(r"\s+", " ", words.strip().lower())]


def share_pct(part: float, whole: float) -> float:
    """The share, in %, a ratio stands for: "five in ten" is 50."""
    return 100 * part / whole


def one_in_n_pct(n: float) -> float:
    """The share "one in ``n``" stands for, in %: one in four is 25."""
    return share_pct(1, n)


@lru_cache(maxsize=4096)
def grouped_as_one(text: str) -> str:
    """``text`` with each number grouped in threes by thin or no-break spaces written with commas
    ("110\u202f000" is "110,000"); digits the scan reads as two numbers are left as they are."""
    return _GROUPED_NUMBER.sub(lambda number: re.sub(GROUP, ",", number.group()), text)
