"""What each language needs beyond its templates: Korean particles chosen by the word before them, and
amounts written as the language writes them.

Korean templates write a particle both ways, "은(는)", "이(가)", "을(를)", "와(과)", "(으)로"; the
right one depends on whether the syllable before it ends in a consonant (batchim), which for a
figure or a Latin name means how it is read aloud ("9.7" ends in 칠, "$2.06bn" in 엔).
"""
from __future__ import annotations

import re

from bot.engine.figures import BRIEF_PRECISION, millions_decimals, money, shown

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # ㄹ as a final consonant: it takes 로, not 으로
# how a digit or a Latin letter ends when read aloud in Korean: (has a final consonant, that consonant is ㄹ)
_DIGITS = {"0": (True, False), "1": (True, True), "2": (False, False), "3": (True, False), "4": (False, False),
           "5": (False, False), "6": (True, False), "7": (True, True), "8": (True, True), "9": (False, False)}
_LETTERS = {"l": (True, True), "r": (True, True), "m": (True, False), "n": (True, False)}  # 엘, 알, 엠, 엔
_PAIRS = re.compile(r"은\(는\)|는\(은\)|이\(가\)|가\(이\)|을\(를\)|를\(을\)|와\(과\)|과\(와\)|\(으\)로|\(이\)")
_FORMS = {"은": ("은", "는"), "는": ("은", "는"), "이": ("이", "가"), "가": ("이", "가"), "을": ("을", "를"),
          "를": ("을", "를"), "와": ("과", "와"), "과": ("과", "와")}  # by either form: (after a consonant, a vowel)
_TAGS_AT_END = re.compile(r"(?:<[^<>]*>|\s)+$")
_ASIDE = re.compile(r"(?<=\S)\([^()]*\)$")  # a bracket glued to the word before it
_SKIPPED = re.compile(r"(?:<[^<>]*>|[\s)\]}'\"”’»*])+$")  # tags, closing brackets and quotes before a particle


def _ending(before: str) -> tuple[bool, bool]:
    """(ends in a consonant, that consonant is ㄹ) for the text just before a particle. A bracket after a word is
    not read aloud before the particle: 970만 달러($9.7mn)는 goes by 달러."""
    before = _ASIDE.sub("", _TAGS_AT_END.sub("", before))
    before = _SKIPPED.sub("", before)
    if not before:
        return False, False
    last = before[-1]
    if _HANGUL_FIRST <= ord(last) <= _HANGUL_LAST:
        final = (ord(last) - _HANGUL_FIRST) % 28
        return final != 0, final == _RIEUL
    if last.isdigit():
        return _DIGITS[last]
    return _LETTERS.get(last.lower(), (False, False))  # "%" is 퍼센트, most letters end in a vowel (에이, 비, 시)


def korean_particles(text: str) -> str:
    """Every "은(는)"-style pair in `text` resolved by the word before it: 중국은, 폴란드는, 2019년이, $9.7mn은."""
    out: list[str] = []
    position = 0
    for pair in _PAIRS.finditer(text):
        out.append(text[position:pair.start()])
        consonant, rieul = _ending("".join(out))
        written = pair.group()
        if written == "(으)로":
            out.append("로" if not consonant or rieul else "으로")
        elif written == "(이)":
            out.append("이" if consonant else "")
        else:
            after_consonant, after_vowel = _FORMS[written[0]]
            out.append(after_consonant if consonant else after_vowel)
        position = pair.end()
    out.append(text[position:])
    return "".join(out)


def amount(usd: float, lang: str, precise: float = BRIEF_PRECISION) -> str:
    """US dollars as the language writes them, the brief's own figure kept beside: $9.7mn,
    970만 달러($9.7mn), 9,7 млн долл. ($9.7mn); `precise`: see figures.money."""
    brief = money(usd, precise)
    if lang == "ko":
        return f"{_korean_amount(shown(usd, precise))}({brief})"
    if lang == "ru":
        return f"{_russian_amount(usd, precise)} ({brief})"
    return brief


def _korean_amount(usd: float) -> str:
    """970만 달러, 20억 6,000만 달러, 84만 5,000 달러, -33억 6,000만 달러: Korean counts in 만 (10^4) and 억 (10^8)."""
    if usd < 0:
        return "-" + _korean_amount(-usd)
    eok, rest = divmod(round(usd), 100_000_000)
    man, units = divmod(rest, 10_000)
    parts = [f"{eok:,}억" if eok else "", f"{man:,}만" if man else "", f"{units:,}" if units else ""]
    return " ".join(part for part in parts if part) + " 달러"


def _russian_amount(usd: float, precise: float = BRIEF_PRECISION) -> str:
    """9,7 млн долл., 2,06 млрд долл., 845 тыс. долл.: a comma for the decimal point, as Russian writes it."""
    for size, word, places in ((1e9, "млрд", 2), (1e6, "млн", millions_decimals(precise)), (1e3, "тыс.", 0)):
        if abs(usd) >= size:
            number = f"{usd / size:.{places}f}".rstrip("0").rstrip(".") if places else f"{usd / size:.0f}"
            return f"{number.replace('.', ',')} {word} долл."
    return f"{usd:.0f} долл."

