"""Text normalisation shared by questions, examples and names, so that all compare alike."""
from __future__ import annotations

import re
import string
import unicodedata

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_NOT_WORD = re.compile(r"[^\w\s.%]+")
_LONE_DOT = re.compile(r"(?<![0-9])\.|\.(?![0-9])")
_SPACES = re.compile(r"\s+")
# ASCII punctuation but the decimal point and the percent sign, as spaces: what _NOT_WORD does to ASCII text
_ASCII_PUNCTUATION = str.maketrans({c: " " for c in (*string.punctuation, *map(chr, range(32)), "\x7f")
                                    if c not in ".%" and not c.isspace()})
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
ARTICLES = frozenset({"the", "a", "an"})  # English articles, folded
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}(?!\d))")  # 1,79 and 6,5, as Russian writes them; not 845,000
_SHORT_I = "\ue000"  # й kept through the stripping of accents (a character of Unicode's private use area)
_YO = str.maketrans({"е": "[её]", "ё": "[её]"})
# Ukrainian and Belarusian letters as Russian writes their sounds: "Іспанію", "Індія" typed by a Ukrainian speaker
_UKRAINIAN = str.maketrans({"і": "и", "ґ": "г", "є": "е"})


def fold(text: str) -> str:
    """Lower-case `text`, drop accents and punctuation, keep decimals like 6.5 (and 6,5, as 6.5), collapse spaces."""
    if "," in text:
        text = _DECIMAL_COMMA.sub(".", text)
    if text.isascii():  # most text: nothing to normalise or to strip of accents, and no regular expression needed
        text = text.lower()
        if "'" in text or "`" in text:
            text = _POSSESSIVE.sub("", text.replace("`", "'")).replace("'", "")
        text = text.replace("&", " and ").translate(_ASCII_PUNCTUATION)
        if "." in text:
            text = _LONE_DOT.sub(" ", text)
        return " ".join(text.split())
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    text = _POSSESSIVE.sub("", text).replace("&", " and ").replace("_", " ")
    # Russian й is a letter of its own, not и with an accent: its endings (-ой, -ей, -ий) are what Snowball stems
    decomposed = unicodedata.normalize("NFKD", text.replace("й", _SHORT_I))
    text = unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
    text = text.replace(_SHORT_I, "й").translate(_UKRAINIAN)  # (ї is і once its diaeresis is gone)
    text = _NOT_WORD.sub(" ", text.replace("'", ""))
    text = _LONE_DOT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def script_language(text: str) -> str:
    """Guess the language of a question from its script: 'ko', 'ru' or 'en'."""
    if _HANGUL.search(text):
        return "ko"
    if _CYRILLIC.search(text):
        return "ru"
    return "en"


def alternatives(phrases: list[str]) -> str:
    """A pattern matching any of `phrases`, longest first, however spaced, with ё written either way."""
    listed = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(word).translate(_YO) for word in p.split()) for p in listed) or "(?!)"


def any_of(phrases: list[str]) -> re.Pattern[str]:
    """Any of `phrases` as whole words, in any case."""
    return re.compile(rf"(?<!\w)(?:{alternatives(phrases)})(?!\w)", re.IGNORECASE)


def plain_any(words: list[str]) -> re.Pattern[str]:
    """Any of `words` anywhere, lower-cased, to search a lower-cased text with: a quick test, about ten times
    faster than `any_of`, that a phrase needing one of them may be there at all."""
    return re.compile("|".join(sorted({re.escape(w.lower()) for w in words if w})) or "(?!)")
