"""Understanding: countries, slots, intents, thresholds and follow-ups."""
from __future__ import annotations

from math import inf
from pathlib import Path

import pytest

from bot.engine import Engine, Reading
from bot.engine.knowledge import Knowledge
from bot.engine.parse import AMOUNT, Range
from bot.engine.text import fold
from bot.engine.understand import FALLBACK, Slots
from bot.errors import DataError
from tests.conftest import PROJECT


@pytest.mark.parametrize(("text", "codes"), [
    ("Belarus", ("BY",)), ("Belgium", ("BE",)), ("South Korea", ("KR",)), ("South Africa", ("ZA",)),
    ("Niger", ("NE",)), ("Nigeria", ("NG",)), ("India", ("IN",)), ("Indonesia", ("ID",)),
    ("Iran", ("IR",)), ("Iraq", ("IQ",)), ("Austria", ("AT",)), ("Australia", ("AU",)),
    ("Guinea", ("GN",)), ("Guinea-Bissau", ("GW",)), ("Papua New Guinea", ("PG",)),
    ("Dominica", ("DM",)), ("Dominican Republic", ("DO",)), ("Slovakia", ("SK",)), ("Slovenia", ("SI",)),
    ("PRC", ("CN",)), ("Holland", ("NL",)), ("Ivory Coast", ("CI",)), ("Cote d'Ivoire", ("CI",)),
    ("Côte d’Ivoire", ("CI",)), ("Macedonia", ("MK",)), ("Trinidad", ("TT",)), ("Brunei", ("BN",)),
    ("HK", ("HK",)), ("the US", ("US",)), ("UK", ("GB",)), ("Türkiye", ("TR",)), ("Turkey", ("TR",)),
    ("polnad", ("PL",)), ("mozambik", ("MZ",)), ("surinam", ("SR",)), ("belgum", ("BE",)),
    ("columbia", ("CO",)), ("burkina fasso", ("BF",)), ("Poland and Spain", ("PL", "ES")),
    ("폴란드", ("PL",)), ("스페인으로", ("ES",)), ("Польша", ("PL",)), ("в Испанию", ("ES",)),
    ("Россия сколько покупает у КНДР?", ("RU",)),  # a capital that opens a message, on a frequent name
    ("доля Китая в торговле", ("CN",)), ("с Китаем", ("CN",)),  # Китай: кита, Китая: кит (not Кито, Quito)
    # "того" is also "of that": in lower case Togo only where the name alone fits
    ("того 3е место да?", ("TG",)), ("сколько кндр импортирует из того", ("TG",)),
    ("польша и того вместе", ("PL", "TG")), ("экспорт в польшу, того и бенин", ("PL", "TG", "BJ")),
    ("Того же года экспорт", ()), ("кроме того экспорт вырос?", ()), ("после того как граница открылась", ()),
])
def test_countries(engine: Engine, text: str, codes: tuple[str, ...]) -> None:
    assert engine.understanding.read(text).slots.countries == codes


@pytest.mark.parametrize("text", ["North Korea", "DPRK", "N. Korea", "the north korean economy", "NK", "Korea"])
def test_the_subject_is_never_a_partner(engine: Engine, text: str) -> None:
    assert engine.understanding.read(text).slots.countries == ()


@pytest.mark.parametrize("text", ["tell us about trade", "what does the brief say", "share", "trade", "exports",
                                  "growth", "restaurant", "population"])
def test_ordinary_words_are_not_countries(engine: Engine, text: str) -> None:
    assert engine.understanding.read(text).slots.countries == ()


def test_russian_typed_in_latin_letters_is_told_by_no_english_word(engine: Engine) -> None:
    # a word of translit_words turns a whole message into Cyrillic: none may be an ordinary English word ("chem")
    english = set((PROJECT / "knowledge" / "words" / "en.txt").read_text(encoding="utf-8").split())
    assert not {fold(w) for w in engine.knowledge.vocabulary.translit_words} & english
    assert engine.answer("what is the chem exports").reading.language == "en"


@pytest.mark.parametrize(("text", "slots"), [
    ("total trade in 2023", Slots(years=(2023,), flows=("total",))),
    ("imports last year", Slots(latest=True, flows=("imports",))),
    ("what did they sell in 2021", Slots(years=(2021,), flows=("exports",), asks=frozenset({"back"}), thing=True)),
    ("top 5 partners", Slots(n=5)),
    ("top five partners", Slots(n=5)),
    ("all partners", Slots(n=999)),
    ("smallest partners", Slots(ascending=True)),
    ("trade in 2019 and 2023", Slots(years=(2019, 2023), flows=("total",))),
    ("imports and trade", Slots(flows=("imports", "total"))),  # both asked; "total imports" is one (below)
    ("total imports", Slots(flows=("imports",))),
])
def test_slots(engine: Engine, text: str, slots: Slots) -> None:
    assert engine.understanding.read(text).slots == slots


@pytest.mark.parametrize(("text", "threshold"), [
    ("partners that bought more than $1mn", Range(1e6, inf)),
    ("partners above $1.5M", Range(1.5e6, inf)),
    ("US$500,000 or more", Range(5e5, inf, inclusive=True)),  # "or more", "at least": the amount itself too
    ("under 500 000 dollars", Range(0, 5e5)),
    ("over 2 billion dollars", Range(2e9, inf)),
    ("100만 달러 이상", Range(1e6, inf, inclusive=True)),
    ("больше чем на 1 млн долларов", Range(1e6, inf)),
    ("partners between $500,000 and $1mn", Range(5e5, 1e6, inclusive=True)),
    ("between 1 and 5 million dollars", Range(1e6, 5e6, inclusive=True)),
    ("от 500 тыс. до 1 млн долларов", Range(5e5, 1e6, inclusive=True)),
    ("50만 달러에서 100만 달러 사이", Range(5e5, 1e6, inclusive=True)),
    ("trade before 2023", None),  # a number with no scale or currency is no amount
    ("trade from 2019 to 2021", None),
    ("exports of $140mn in 2023", None),  # an amount with no bound
    ("who is above India", None),
    ("partners with at least 1% of exports", Range(1.0, inf, inclusive=True, share=True)),  # a share, in percent
    ("доля менее 0,5%", Range(0.0, 0.5, share=True)),
    ("38% от уровня 2019 года", None),  # "от" bounds only the amount after it: after a figure it is "of"
])
def test_amounts_with_a_bound(engine: Engine, text: str, threshold: Range | None) -> None:
    slots = engine.understanding.read(text).slots
    assert slots.threshold == threshold
    assert "US" not in slots.countries


@pytest.mark.parametrize("text", ["100만 달러 이상 사는 나라", "1% 이상", "colombia랑 50만 달러 이상"])
def test_a_korean_bound_stays_one_amount(engine: Engine, text: str) -> None:
    # a Latin name is split from its particle (colombia랑), but the amount's placeholder is no name to split
    assert AMOUNT in engine.understanding.parser.parse(text).words


def test_low_scores_fall_back_with_suggestions(engine: Engine) -> None:
    answer = engine.answer("asdf qwerty zxcv")
    assert answer.intent == FALLBACK
    assert "not sure" in answer.plain


def test_close_readings_offer_choices(engine: Engine) -> None:
    reading = engine.understanding.read("covid")  # recovery since covid, or the covid border closure?
    answer = engine.answer("covid")
    assert reading.alternatives
    assert answer.intent == reading.intent
    assert len(answer.choices) == len(reading.alternatives)
    for choice in answer.choices:
        assert len(choice.data.encode()) <= 64
        assert engine.answer_choice(choice.data) is not None


@pytest.mark.parametrize(("text", "offered"), [("how much was sold to surname?", "Suriname"),
                                               ("톡고 수출 얼마야?", "토고")])
def test_a_word_near_a_name_where_a_partner_is_named_offers_that_partner(engine: Engine, text: str,
                                                                            offered: str) -> None:
    answer = engine.answer(text)
    assert any(offered in choice.label for choice in answer.choices), [choice.label for choice in answer.choices]


def test_choice_round_trip(engine: Engine) -> None:
    reading = Reading("partner", 1.0, Slots(countries=("PL",)))
    answer = engine.answer_choice(reading.encode())
    assert answer is not None and "$9.7mn" in answer.plain


@pytest.mark.parametrize("data", ["", "nonsense", "partner|PL", "nosuch|PL||||||en", "growth||x||||||en",
                                  "ranking||||||999999999999999999999|A|en" * 3])
def test_stale_or_forged_choices_are_refused(engine: Engine, data: str) -> None:
    assert engine.answer_choice(data) is None


@pytest.mark.parametrize(("first", "then", "want"), [
    ("What share goes to Togo?", "what about Benin?", "$768,000"),
    ("What share goes to Togo?", "and Poland?", "$9.7mn"),
    ("total trade in 2023", "and in 2021?", "$710mn"),
    ("how much did trade grow in 2023", "what about exports?", "+72%"),
    ("imports in 2023", "and exports?", "$140mn"),
    ("Poland vs Spain", "and Togo?", "$6.6mn"),
    ("Togo", "what about 2019?", "no figures for Togo in 2019"),  # the partner kept, the year said missing,
    ("Togo", "what about 2019?", "$5.42bn"),  # and what the brief has for that year
    ("How much did trade grow in 2023?", "and in 2021?", "$710mn"),
    ("trade in 2021", "and the year before?", "2020"),
    ("Togo", "and its rank?", "3rd"),  # a follow-up of words alone, read with what the question before named
    ("South Africa", "do they buy from north korea?", "$416,000"),  # what they buy: North Korea's exports
    ("how many ballistic missiles did north korea send?", "like 40, 50?", "dozens"),  # guesses of the claim's number
    ("exports to Poland and their share?", "Thank you. The same two data points for Spain, please.", "$2.8mn"),
    ("экспорт в Польшу", "а те же данные по Испании?", "2,8 млн"),  # the question before, of what is named
    ("i have a nephew in south africa.", "do they buy anything from north korea", "$416,000"),
    ("Суринам — это сколько?", "а доля?", "1%"),
    ("экспорт в Испанию", "а доля у неё?", "0.7%"),
    ("how many shells went to russia", "who said that?", "Ukrainska Pravda"),  # who made the claim before
    ("Сколько снарядов КНДР отправила в Россию?", "и когда это сообщили?", "15 ноября"),
    ("Poland share", "how many times smaller than China?", "$348.3mn"),  # the partner before, compared
    ("Какая доля Индии в экспорте КНДР?", "а какое у неё место в списке?", "9-е"),  # reads well alone: not India's
    ("exports to Togo", "and what is its rank in the table?", "3rd"),
    ("토고 수출", "그 나라는 몇 위야?", "3위"),
    ("товарооборот в 2023", "А в девятнадцатом?", "5,42 млрд"),  # a year in words
    ("Сколько снарядов КНДР отправила в Россию?", "а кто это посчитал?", "Украинская правда"),  # past a stopword
    ("экспорт кндр 2023", "а импорт во сколько раз больше?", "в 14.1 раза"),  # the year's two flows compared
    ("exports in 2023", "and how many times bigger were imports?", "14.1 times"),
    ("2023년 수출", "수입은 몇 배야?", "14.1배"),
    ("общий товарооборот в 2023?", "а годом раньше, в 2022-м, какой был товарооборот?", "928 млн"),  # 2022 itself
    ("trade in 2023", "and the year before 2023?", "$928mn"),  # the year before the one named
    ("trade in 2021 vs 2023", "and the year before 2023?", "about $928mn"),  # a change's year, as 2023 implies it
    ("import growth 2023", "and with exports added?", "add up to $2.11bn"),  # values added, not rates
    ("북한 2023년 수입 규모랑 증가율 알려줘", "수출이랑 합치면?", "21억 1,000만 달러"),
    ("Poland vs Belgium", "how many times bigger is Poland", "20.6 times as much"),  # the two, though one is named
    ("Польша и Испания", "во сколько раз Польша больше?", "в 3.5 раза"),
    ("partner table total", "and without China?", "$38.3mn"),  # the rest of the table, not of all trade
    ("сумма по таблице партнеров", "а без Китая?", "38,3 млн"),
    ("how many shells went to russia", "has that slowed down?", "fell by more than half"),  # the claims of change
    ("сколько снарядов КНДР отправила в Россию", "а сейчас меньше стало?", "сократился более чем вдвое"),
    ("북한이 러시아에 포탄 몇 발 보냈대?", "그거 출처 어디야?", "우크라이나 군 정보총국"),  # who made the claim
    ("Togo share", "in money?", "$6.6mn"),  # the figure again, in money
    ("Какова доля Того в экспорте?", "а в деньгах?", "6,6 млн"),
    ("What was North Korea's total trade in 2020?", "ok what about the year after", "$710mn"),  # 2020 + 1
    ("2020년 무역 규모", "그 다음 해는?", "7억 1,000만 달러"),
    ("товарооборот в 2020", "а годом позже?", "710 млн"),
    ("What does Russia supply North Korea with?", "how much is that worth in dollars?", "puts no value"),  # goods'
    ("북한 주요 수출품", "금액으로는?", "품목별 금액이나 비중이 없습니다"),  # value, which the brief lacks, said first
    ("2023년 무역 총액은?", "그중 수입만 보면요?", "19억 7,000만 달러"),  # 보면요 (if one looks at) asks nothing
    ("how many shells went to russia", "where does that figure come from?", "more than 6.5mn artillery shells"),
    ("china % of nk trade", "exports only", "89.8% of all its exports"),  # that share, of exports
    ("а какой был товарооборот в 2019?", "а сейчас это сколько % от того", "38.2%"),  # "от того": of that, not Togo
    ("who is the second biggest export partner?", "how much smaller is it than the biggest one?", "35.9 times"),
    ("Asian partners", "and without China?", "Asia other than China: 6 partners"),  # the region less China
    ("median export value among Asian partners", "and without China?", "6 partners in Asia other than China"),
    ("how many shells went to russia", "is that confirmed?", "the exact sums are unconfirmed"),  # of the claim
    ("сколько снарядов отправили", "это подтверждено?", "точные суммы не подтверждены"),
    ("How many shells?", "for use in what?", "war against Ukraine"),  # what for: the purpose the claim gives
    ("Latin American partners", "What's their total, and what share of exports is that?", "together $7.1mn, 1.8%"),
    ("African partners", "what share of exports is that?", "3% of North Korea's exports"),  # the region's, not goods'
    ("Сколько КНДР экспортировала в Польшу?", "А какая это доля от всего экспорта?", "2.5% всего экспорта"),
    ("exports to poland", "what share of all exports is that?", "2.5% of all its exports"),  # all: no count
    ("top 5 partners", "what's next?", "ranked 6th to 10th"),  # as many rows again, after those shown
    ("топ 5 партнёров по экспорту", "а дальше?", "с 6 по 10 место"),
    ("북한이 러시아에 포탄 몇 발 보냈대?", "그거 누가 한 말임?", "우크라이나 군 정보총국"),  # who said it
    ("Что сделал Лавров?", "И что этот пакт предусматривает?", "обязательство коллективной военной помощи"),
    ("/compare2019", "so how big is the gap in dollars?", "$3.36bn, or 61.8%, less"),  # the gap to 2019
    ("/compare2019", "how much would trade have to grow to get back there?", "would have to grow 163.1%"),
    ("Какие страны Латинской Америки и Карибов покупают у КНДР?", "а сколько всего?", "вместе 7,1 млн"),
    ("/top 5", "and who was top back in 2019?", "no figures for the partners in 2019"),  # "back in": no recovery
    ("imports in 2023", "vs 2019?", "The brief has no imports for 2019"),  # the flow kept, said not compared
    ("экспорт в 2023", "а по сравнению с 2019?", "В обзоре нет данных (экспорт) за 2019 год"),
    ("когда Лавров был в КНДР?", "а зачем?", "подтвердить"),  # why, of the claim before: the reason first
    ("우크라이나 쪽 얘기론 포탄 몇발 보냈다는거임", "그거 어디서 보도한거?", "우크라인스카"),  # 보도한거: reported
    ("by how much did exports grow in 2023", "why?", "driven largely by imports from China"),  # why, of a figure
    ("2023년 수입 증가율", "왜?", "중국으로부터의 수입이 이끌었다"),
    ("23년 북한 무역 규모", "전년대비 얼마나 늘었어?", "+122%"),  # against the year before: 2023's rate
    ("exports to poland", "and its growth since 2022?", "no growth rates by country"),  # its: Poland's
    ("가장 큰 수출 상대국", "세 번째는?", "토고"),  # 세 번째 with a particle is still one word, a place
])
def test_follow_ups_continue_the_previous_question(engine: Engine, first: str, then: str, want: str) -> None:
    context = engine.answer(first).reading
    assert want in engine.answer(then, context).plain


@pytest.mark.parametrize(("chat", "want"), [
    (("сколько КНДР продаёт в Польшу?", "а Того?", "а вместе у них сколько процентов?"), "4.2%"),  # the two in turn
    (("폴란드 수출", "그럼 토고는?", "둘이 합치면?"), "1,630만"),
    (("북한 수출 2위는?", "3위는?", "둘이 합치면?", "퍼센트로는?"), "북한 수출의 4.2%"),  # the two again, in percent
    (("кто второй по экспорту", "а сколько у неё?"), "9,7 млн"),  # the country the answer found
    (("кто второй по экспорту", "а сколько у неё?", "во сколько раз меньше чем у Китая?"), "348,3 млн"),
    (("trade in 2019?", "and in 2021?", "how many times did it fall?"), "-86.9%"),  # the two years in turn
    (("Poland", "and Togo?", "what was trade in 2023?"), "$2.06bn"),  # a new question: nothing carried
    (("скок уходит в мозамбик", "а Барбадос?", "сложи эти две страны"), "Вместе: 1,652 млн"),
    (("а какой был оборот в 2022 году?", "а экспорт в том году?"), "81,4 млн"),  # "that year": the year before
    (("북마케도니아", "그 바로 위 순위 나라는?"), "홍콩"),  # one side, of the country before
    (("India", "and who is just above?"), "Trinidad"),
    (("netherlands", "is that more than brunei?"), "$206,000"),  # compared with the partner before
    (("네덜란드", "브루나이보다 많아?"), "20만 6,000"),
    (("what is the share of Togo please", "and benin?", "which of the two buys more"), "$768,000"),
    (("who buys the most from north korea besides china?", "ok and who's after them"), "Togo (3rd)"),
    (("товарооборот в 2021", "а во сколько раз выросла к 23-му?"), "2.9 раза"),  # the year before and the one named
    (("whats polands share", "and the one right after it?"), "Togo (3rd)"),  # a neighbour, however "one" reads
    (("togo", "what rank is that"), "3rd"),  # "rank" is no word of the sources, which "what ... is that" reads as
    (("togo", "what are your sources?"), "released on January 25, 2026"),  # but sources are sources
    (("what rank is india among nk's export partners", "who's right above and below it"), "Mozambique"),
    (("토고", "위아래는?"), "폴란드"),
    (("인도 수출",), "9위"),
    (("top 4 partners", "and the next three?"), "7. Burkina Faso"),  # the places after those listed
    (("who is 4th?", "and the next two?"), "6. Spain"),  # after a place asked
    (("how many shells did North Korea send?", "and in 2024?"), "no figure for 2024"),  # that question, that year
    (("상위 3개국", "그 다음 2개국은?"), "수리남"),
    (("Испания", "а место у неё какое?"), "6-е место"),  # out of scope alone, of the country before surely
    (("how many shells has North Korea shipped to Russia?", "and in 2025?"), "stockpiles"),  # that year's claims
    (("Сколько снарядов КНДР поставила России?", "а что изменилось в 2025 году?"), "запасы"),
    (("인도 바로 위 나라는?",), "트리니다드"),  # Korean: the country before the word
    (("Poland or Spain: who buys more?", "by how much?"), "$6.9mn more"),  # the two compared, their difference
    (("imports in 2023?", "and exports?", "which grew faster?"), "imports +124%"),  # the year's growth
    (("China's share of North Korea's trade", "and the rest?"), "Russia, Vietnam and India"),  # the rest of it
    (("what is the weather in Pyongyang", "ok, and Colombia?"), "$312,000"),  # out of scope is not continued
    (("who is the third largest buyer?", "who comes next?", "what's its share?"), "1%"),  # next: Suriname's
    (("the smallest partner?", "and the next one?"), "Brunei"),  # next, smallest first: the one above
    (("Togo's exports?", "and its neighbour Benin?", "together?"), "$7.4mn"),  # a neighbour on the map, then both
    (("2023년 북한 무역 총액은?", "2021년에는?"), "7억 1,000만"),  # a year with the particle 에는
    (("2023년 북한 무역 총액은?", "2021년에는요?"), "7억 1,000만"),  # ... and the polite 요 after it
    (("북한 무역에서 중국 비중은?", "나머지는 어느 나라들이야?"), "러시아"),  # the rest of China's share
    (("when did freight trains to China resume?", "and why did Lavrov visit?"), "security pact"),  # a topic of its own
    (("was 2019 trade $5.42bn?", "and 2023 as a share of that?"), "38.2%"),  # the level stated against 2019
    (("2023 imports and their growth", "what does that mean for 2022 imports?"), "$879mn"),  # a year's figure
    (("exports to Spain", "and to Benin?", "compare them"), "$2.8mn"),  # the two asked in turn, side by side
    (("imports in 2023?", "and exports?", "what's the difference?"), "deficit of $1.83bn"),  # two flows in turn
    (("экспорт в Польшу", "а в Того?", "насколько больше у Польши?"), "3,1 млн"),  # the one named of the two
    (("which country in Africa buys most?", "and the smallest?", "difference between them?"), "$6.2mn more"),
    (("largest european partner", "and in asia?", "both together?"), "$358mn"),  # Poland and China, as found
    (("how much does NK export to Poland?", "is that a lot?", "who's just behind them?"), "Togo (3rd)"),  # in scale
    (("сколько КНДР экспортирует в Того?", "это много?"), "3-е место"),
    (("Which Russian minister visited North Korea?", "what was he there for?"), "security pact"),  # not "hey there"
    (("Which country is North Korea's second-biggest export market?", "how much did they take?"), "$9.7mn"),
    (("Who buys the most from North Korea after China?", "how much?"), "Poland bought $9.7mn"),  # the one found
    (("togo exports in dollars", "in percent?"), "1.7%"),  # the figure again, which gives both
    (("total trade in 2023", "and how much bigger than the year before?"), "+122%"),  # the year's growth
    (("아프리카 나라들 중에 북한이 수출하는데 다 알려줘", "그거 다 더하면?"), "1,190만 달러"),  # the region's sum
    (("top 3 partners", "add them up"), "Together they took"),
    (("which partners are at $2.8mn?", "add them up"), "Together they took $5.6mn"),  # the partners found
    (("중국이 북한 교역에서 차지하는 비중", "수출만 따지면?"), "89.8%"),  # China's share of exports, after trade's
    (("China's share of North Korea's total trade?", "and of exports only?"), "89.8%"),
    (("who says North Korea sent 6.5 million shells?", "who was the original source of that figure?"),
     "military intelligence"),  # whose claim, not the sources of the trade figures
    (("how much did nk import in 2023", "and the yr before?"), "$879mn"),  # "yr"
    (("total trade in 2023", "why'd it jump so much?"), "driven largely by imports from China"),  # "why'd"
    (("China's share of North Korean exports?", "and of total trade?"), "96.7%"),  # that country's, of that flow
    (("what was trade worth back in 2019", "so how much lower is 2023 than that in dollars"), "-$3.36bn"),
    (("Mongolia export value", "how much more is that than hong kong"), "$88,000"),  # the one before and this
    (("China's share of North Korea's total trade?", "how much is that in dollars?"), "$1.99bn"),
    (("Has North Korea's trade got back to pre-Covid levels?", "who said that?"), "released on January 25, 2026"),
    (("Is South Africa among North Korea's customers?", "If so how much do they buy?"), "$416,000"),  # its purchases
    (("which country is third in the table?", "and how much does it buy?"), "$6.6mn"),  # "it": the one found
    (("top 3 partners excluding China", "how much is that all together?"), "$20.4mn"),  # the ones listed, summed
    (("total trade in 2021?", "how far did it drop from 2019?"), "-86.9%"),  # from that year to the one before
    (("Poland", "who else buys?"), "other than Poland"),  # the partners but the one asked about
    (("exports to indiana", "sorry, typo - india"), "$1.2mn"),  # a correction: the question before, put right
    (("what is North Korea accused of sending Russia?", "and north korea's stance?"), "absurd fabrications"),
    (("latin american partners", "which of them is the biggest?"), "Suriname is North Korea's largest"),
    (("가장 작은 수출 상대국은?", "얼마였어요?"), "19만 4,000 달러"),  # "how much was it": the one found
    (("exports to mongolia", "and to hong kong?", "which is larger?"), "$88,000"),  # the two asked in turn
    (("which african country buys the most?", "and benin?", "the two together?"), "$7.4mn"),  # and the one found
    (("trade in 2019?", "and in 2021?", "by how much did it drop?"), "-86.9%"),  # between the two years
    (("who is just ahead of togo?", "and just behind?"), "Just below Togo"),  # the other side of the same one
    (("total trade in 2023?", "who put out those numbers, and when?"), "released on January 25, 2026"),
    (("who buys the most from north korea?", "how much money does the coal bring in?"), "no values"),  # no partner's
    (("북한이 러시아에 뭘 보냈다는 거야?", "북한 입장은?"), "날조"),  # its stance: what Pyongyang said
    (("экспорт в Замбию", "опечатка, в Гамбию"), "503 тыс."),
    (("what share of trade is China's?", "who else then"), "Russia, Vietnam and India"),  # the rest of that trade
    (("европейские партнеры КНДР", "сколько они закупили вместе?"), "$9.7mn + $2.8mn"),  # what they bought
    (("how low did trade sink in 2021 against 2023?", "how many times bigger was 2023 than that?"), "2.9 times"),
    (("gambia", "as a % of exports?"), "0.1% of all its exports"),  # the partner's share, not the exports total
    (("gambia", "as a percentage?"), "0.1% of all its exports"),
    (("북한 수출 대상국 3위가 어디예요?", "2위는요?"), "폴란드"),  # a place with the polite 요 glued on
    (("when did freight trains to China restart?", "and by sea and air?"), "air and sea routes"),  # the routes
    (("how much does NK earn from arms sales to Russia?", "how much exactly?"), "no exact figure"),  # the claims'
    (("what did the white house say about missiles?", "how many exactly?"), "dozens of ballistic missiles"),
    (("export growth 2023?", "vs imports?"), "Imports grew faster"),  # the other flow, beside it
    (("how much did north korea's exports rise in 2023", "how does that compare with imports"), "$1.97bn"),
    (("tonga exports?", "sorry, Togo not Tonga", "and benin", "add them up"), "Together they took $7.4mn"),
    (("indonesia exports", "and Spain?", "same number? add them"), "Together they took $5.6mn"),
    (("폴란드 수출 얼마야", "거기 몇퍼"), "2.5%"),  # 퍼, as phones write percent: its share
    (("Indonesia?", "and India?", "what's the difference between them in dollars?"), "$1.6mn"),  # the two in turn
    (("а Индонезия?", "а Индия?", "а разница между ними?"), "1,6 млн"),
    (("did Lavrov go to pyongyang?", "date of the visit?"), "no exact date"),  # of the claim before
    (("is unofficial trade growing?", "when was the article published"), "January 27, 2026"),  # of the article
    (("Togo vs Benin", "ok and in percent?"), "Togo: $6.6mn (1.7% of exports"),  # "ok" goes on to ask
    (("List the top 5 export partners", "and the third one?", "what share is that?"), "1.7% of all its exports"),
    (("/top 5", "sum of those five?", "and without china?"), "Together they took $23.2mn"),  # those rows but China
    (("trade in 2021", "how many times bigger is 2023?", "what about 2020?"), "does not state total trade for 2020"),
    (("кто второй по экспорту", "а сколько у неё?", "во сколько раз меньше чем у Китая?"), "больше, чем Польша"),
    (("торговля в 2019", "как она изменилась к 2021?"), "изменение -4,71 млрд"),  # to the year named, from 2019
    (("who is second", "how many times smaller is it than china?"), "(35.9 times as much)"),  # the one found
    (("2021년 무역", "2023년까지 얼마나 늘었어?"), "2021년 7억 1,000만 달러($710mn)에서"),
    (("imports in 2023", "yoy?"), "+124%"),  # "yoy": year on year, the growth
    (("exports in 2023", "and mainly what stuff?"), "mineral products"),  # the goods
    (("북한 포탄 러시아에 얼마나 보냈어", "2025년엔 줄었나?"), "절반 넘게 줄었다"),  # that year's claims
    (("trade in 2021", "and in 2019?", "what percent of that is it now?"), "only 38.2% of its 2019 level"),
    (("exports in 2023", "and imports?", "which one is larger?"), "imports were 14.1 times its exports"),
    (("how many shells did North Korea send?", "what was the name of the intelligence officer?"),
     "The brief names no one for this"),  # a detail of the claim before, which the brief does not give
    (("what did the White House say?", "кто именно там это заявил?"), "Имен в обзоре нет"),
    (("what did analysts say about the arms trade?", "are they named anywhere?"), "The brief names no one"),
    (("when did freight trains to China restart?", "through which crossing?"), "On borders and logistics"),
    (("США в чём обвиняют КНДР?", "а что это нарушает?"), "Совета Безопасности ООН"),  # more of the claim
    (("partners in Southern Europe", "how many is that?"), "Southern Europe: 2 partners"),  # the region's count
    (("exports to Africa", "which countries are those?"), "Africa: 7 partners"),  # and its partners
    (("partners ranked 3 to 6", "which countries are those?"), "ranked 3rd to 6th"),  # those of a ranking too
    (("togo's share", "and what does togo sell to them?"), "no imports by country"),  # Togo sells: its imports
    (("how much are the arms deals worth?", "а какие именно аналитики?"), "Имен в обзоре нет"),  # which, a person
    (("china's share of all trade", "and the rest, china aside?"), "the rest, 3.3%"),  # of all trade still
    (("spain share", "how much exactly?"), "Spain bought $2.8mn"),  # the figure again, not total trade
    (("exports to spain", "and the rank of it in the table?"), "it ranks 6th"),  # "of it": the country before
    (("which partner is number 2?", "and number 3?", "together?"), "Together they took $16.3mn"),  # both found
    (("Бенин?", "а Гамбия?", "разница?"), "Бенин: 768 тыс. долл."),  # the two asked in turn
    (("когда Лавров приезжал в КНДР?", "что за пакт такой?"), "о безопасности между КНДР и Россией"),  # the pact
    (("Poland share", "exports only?"), "Poland bought $9.7mn"),  # "only" a flow: of the partner still
    (("imports in 2023", "where's that from"), "The trade figures are from KOTRA"),  # that figure's source
    (("exports to spain", "and to poland?", "who is third?", "add these three up"),
     "Together they took $19.1mn"),  # the last three asked of or found
    (("Испания?", "а Польша?", "кто на третьем месте?", "сложи эти три страны"), "19,1 млн"),
    (("Poland?", "Spain?", "Togo?", "top 3 together?"), "top 3 export partners"),  # a count of its own: no "those"
    (("EU members by size, largest first", "now add up their export values"),
     "Together they took $13.2mn"),  # the partners listed, their exports
    (("Spain?", "Togo?", "combined?", "what share of the exports is that?"), "Together they took $9.4mn, 2.4%"),
    (("import growth in 2023?", "in dollars?"), "about $1.09bn more than in 2022"),  # the rate's dollars
    (("2021년부터 2023년까지 무역은 몇 % 늘었어?", "달러로는 얼마나 늘었지?"),
     "13억 5,000만 달러"),  # that change, in dollars
    (("top 3", "where did that come from?"), "The trade figures are from KOTRA"),  # a list's source
    (("top 3 Latin American buyers", "who's 2nd?"), "Trinidad and Tobago"),  # second of that region
    (("крупнейший покупатель в Латинской Америке и Карибском бассейне?", "а на втором месте?"),
     "Тринидад и Тобаго"),  # one region, named in Russian
    (("how far did trade fall from 2019 to 2021?", "and how much has it grown by 2023?"), "+190.1%"),  # 2021 to 2023
    (("Togo?", "Suriname?", "without China, who is the largest?", "add those three up"),
     "Together they took $20.4mn"),  # China left out is not in play
    (("top 4 buyers", "their combined share?"), "Together they took $368.7mn, 95%"),  # the rows listed, added up
    (("top 4 buyers", "and combined, leaving China out?"), "Together they took $20.4mn"),  # those rows but China
    (("top 5", "together, as a share?", "in dollars?", "now take China out"), "Together they took $23.2mn"),
    (("What does the table say for Benin?", "how does that compare with Gambia?"), "Benin took $265,000 more"),
    (("exports in 2023", "and 4 years earlier?"), "does not state exports for 2019"),  # the year moved back by 4
    (("trade in 2019", "what about two years on?"), "$710mn in 2021"),
    (("partner table total", "why is that more than the exports?"), "The brief does not say why"),
    (("4위는?", "3위랑 4위 금액 차이?"), "토고는 수리남보다"),  # the places it names, not the one found before
    (("What share of 2023's total trade were imports?", "and exports?"), "Exports made up 6.8%"),  # that share
    (("spain %", "and in $?"), "Spain bought $2.8mn"),  # a dollar sign alone: in dollars
    (("Poland share of exports", "so what is everybody else's share of exports combined?"),
     "other than Poland took 97.5%"),  # the rest of the table, added up
    (("when were the borders sealed?", "how many times bigger was 2023 than 2021?"), "2.9 times"),  # no claim's
    (("/compare2019", "and exports in 2023?"), "exports came to $140mn in 2023"),  # that flow that year
    (("how many artillery shells has North Korea sent?", "what's the difference between 2024 and 2025?"),
     "fell by more than half"),  # years of the claims, not of trade
    (("partner table total", "why did exports grow?"), "+72%"),  # another figure's why, not the table's
    (("/compare2019", "and imports in 2023?"), "The brief has no imports for 2019"),  # said first, then the figure
    (("which country buys the most?", "how many times as much as the number 3?"), "52.8 times"),  # the one found
    (("how many shells did Pyongyang supply to Moscow?", "was that rising or falling last year?"),
     "fell by more than half"),  # the shipments, not trade
    (("who is the top buyer?", "what share of trade does it account for?"), "96.7%"),  # the one found
    (("how many missiles has North Korea delivered to Russia?", "when was that said?"),
     "What the brief says:\n• the White House (January 25)"),  # the claim quoted first, alone
    (("얼마나 많은 탄도미사일을 러시아에 넘겼어?", "누가 그랬어?"), "브리프의 내용:\n• 백악관"),
    (("imports in 2023?", "does it account for unofficial trade?"), "no estimate was given"),  # no share asked
    (("how many artillery rounds went to Russia?", "by how much has that changed?"), "fell by more than half"),
    (("Spain's share of exports?", "how many times smaller than number 1?"), "124.4 times as much"),  # asked of
    (("how many times bigger is Poland than Spain?", "and versus Benin?"), "12.6 times as much"),  # the second replaced
    (("Togo and Spain together?", "and if I add India?"), "Together they took $10.6mn"),  # the three added up
    (("Spain's share?", "how many times bigger is number one than number two?"),
     "China took $338.6mn more than Poland"),  # the two places named
    (("Togo?", "how much of NK's exports does it account for?"), "Togo bought $6.6mn"),  # no share word, still it
    (("Spain?", "how far behind Poland is it?"), "Poland took $6.9mn more than Spain"),  # the gap, not a neighbour
    (("Индонезия?", "а насколько отстает от Польши?"), "на 6,9 млн долл."),  # of the two, in Russian
    # the value of the goods named before, which the brief lacks; not total trade
    (("what are north korea's main imports?", "how much?"), "The brief gives no values or shares by product"),
    (("북한 주요 수출품은?", "얼마나?"), "브리프에는 품목별 금액이나 비중이 없습니다"),
])
def test_a_conversation_asks_of_what_it_named_before(engine: Engine, chat: tuple[str, ...], want: str) -> None:
    context = None
    for message in chat:
        answer = engine.answer(message, context)
        context = answer.reading
    assert want in answer.plain


def test_a_year_the_brief_lacks_asked_after_a_change_gets_no_other_year(engine: Engine) -> None:
    # "2021 vs 2023" - "what about 2020?": 2020 is missing, and 2023's total, carried over, answers nothing asked
    context = engine.answer("trade in 2021").reading
    context = engine.answer("how many times bigger is 2023?", context).reading
    assert "$2.06bn" not in engine.answer("what about 2020?", context).plain


def test_a_new_question_is_not_taken_as_a_follow_up(engine: Engine) -> None:
    context = engine.answer("What share goes to Togo?").reading
    assert engine.answer("total trade in 2019", context).intent == "volume"
    assert engine.answer("lol ok", context).intent == "fallback"  # no word of a question: not about Togo


def test_broken_knowledge_is_reported(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "knowledge"
    shutil.copytree(PROJECT / "knowledge", folder)
    path = folder / "intents.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("slots: {country: required, flow: optional}",
                                                             "slots: {kountry: required}", 1), encoding="utf-8")
    with pytest.raises(DataError, match="unknown slot"):
        Knowledge.load(folder)
    path.write_text("intents: [unclosed", encoding="utf-8")
    with pytest.raises(DataError, match=r"intents.yaml line \d+: not valid YAML"):
        Knowledge.load(folder)


def test_broken_template_is_reported(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "knowledge"
    shutil.copytree(PROJECT / "knowledge", folder)
    path = folder / "answers.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"{country} is not among', '"{country is not among', 1),
                    encoding="utf-8")
    with pytest.raises(DataError, match="en.partner_missing"):
        Knowledge.load(folder)


def test_a_language_pack_may_not_invent_placeholders(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "knowledge"
    shutil.copytree(PROJECT / "knowledge", folder)
    path = folder / "languages" / "ru.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("({flow}): **{value}**", "({flow}): **{valeu}**", 1),
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"ru.volume: placeholder\(s\) valeu not in English"):
        Knowledge.load(folder)


@pytest.mark.parametrize(("question", "language"), [("Poland share", "en"), ("폴란드 비중", "ko"),
                                                    ("доля Польши", "ru")])
def test_the_answer_comes_in_the_language_of_the_question(engine: Engine, question: str, language: str) -> None:
    answer = engine.answer(question)
    assert answer.reading.language == language
    greeting = {"en": "bought", "ko": "북한 수출", "ru": "экспорта"}[language]
    assert greeting in answer.plain and "$9.7mn" in answer.plain


@pytest.mark.parametrize(("text", "intents"), [
    ("total trade in 2023? and China's share?", ("volume", "partner")),  # China's row gives both its shares
    ("What is the total? In 2023?", ("volume",)),  # one question in two goes
    ("Good morning! I'm a teacher. How much did North Korea trade in 2023?", ("volume",)),
    ("U.S. and Poland. Compare them", ("compare",)),  # no sentence ends at "U.S."
    ("Has KOTRA published 2024 totals yet? What's the number?", ("fallback",)),  # the second refers back: whole
    ("exports to Poland and total trade in 2023", ("partner", "volume")),  # two questions joined by "and"
    ("what's China's share and who is second", ("partner", "ranking")),
    ("Poland and Spain exports", ("compare",)),  # one question of two countries
    ("trinidad and tobago share", ("partner",)),  # "and" inside a name
    ("between Togo and Spain", ("compare",)),
    ("imports and exports in 2023", ("volume",)),  # one question of two flows
    # numbered questions, each one asked, past a greeting and a line about who asks
    ("Добрый день. Я журналист. Подскажите: 1) товарооборот КНДР в 2023 году, 2) на сколько он вырос, "
     "3) кто источник данных?", ("volume", "growth", "sources")),
    ("what was total trade in 2023, how much did it grow and what is China's share?", ("volume", "growth", "partner")),
    ("Poland, Spain and Togo exports", ("compare",)),  # a comma between names lists them
    ("2023년 수출은 늘었는데 수입은?", ("growth",)),  # 는데 ends a clause, read whole when it is surer
])
def test_a_message_is_read_in_the_sentences_that_ask(engine: Engine, text: str, intents: tuple[str, ...]) -> None:
    assert tuple(r.intent for r in engine.understanding.read_all(text)) == intents


def test_a_reply_in_two_parts_quotes_a_statement_once(engine: Engine) -> None:
    """Both parts of "the share, and who said it" find the KOTRA official's words: they are quoted once."""
    reply = engine.answer("How big is China's share of the DPRK's trade, and who said it relies on a single country?")
    assert "96.7%" in reply.plain
    assert reply.plain.count("extremely dependent on a single country") == 1


def test_a_follow_up_naming_two_places_compares_no_partner_found_before(engine: Engine) -> None:
    """"who is in third place?" (Togo) - "what's the gap between the first and the second?": those two, not Togo."""
    context = engine.answer("who is in third place?").reading
    assert "Togo" not in engine.answer("what's the gap between the first and the second?", context).plain
