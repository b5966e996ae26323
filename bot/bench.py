"""`python -m bot bench`: answer time over many distinct questions against a reference timed in the same
run, start-up time, peak memory; `python -m bot bench --broadcast N`: the pace of a broadcast against a
fake Bot API with Telegram's limits.

Absolute times differ threefold between machines, so the answer time is also given as a ratio to a
reference measured on the same questions in the same run: rapidfuzz's `extractOne` over the first 200
example phrasings, the work a plain FAQ bot does per question. Figures are printed beside their targets,
never asserted: a timed test would flake on a busy machine.
"""
from __future__ import annotations

import gc
import itertools
import random
import resource
import statistics
import subprocess
import sys
import time
from typing import TYPE_CHECKING

from bot.settings import PROJECT, Settings

if TYPE_CHECKING:
    from bot.engine import Engine

TEMPLATES = [
    "{country}", "{country} share", "how much does north korea export to {country}?", "exports to {country}",
    "what share goes to {country}", "rank of {country}", "{country} vs {other}", "compare {country} and {other}",
    "top {n} partners", "biggest export partner", "smallest partners", "total trade in {year}", "imports {year}",
    "exports in {year}", "how much did trade grow in {year}", "{flow} growth {year}", "trade compared to 2019",
    "china share of total trade", "what does north korea {verb}", "shells sent to russia", "ballistic missiles",
    "when did the border reopen", "unofficial trade", "sources?", "hello", "what's the weather in {country}",
    "recommend a restaurant", "{country} {flow} in {year}", "tell me about {country} and {other} please",
    "{region} partners", "exports to {region}", "trade balance {year}", "change from {year} to 2023",
]
REGIONS = ["African", "Asian", "European", "Caribbean", "South American", "Oceania", "East Asia", "Western Europe"]
PREFIXES = ["", "", "hey, ", "quick question: ", "pls ", "so ", "bot, ", "I wonder ", "tell me "]
SUFFIXES = ["", "", "?", "??", " please", " thanks", "!", " now", " again"]
FLOWS = ["imports", "exports", "total", "import", "export"]
WARM_UP = 50
VERBS = ["import", "export", "sell", "buy"]
REFERENCE_CHOICES = 200  # example phrasings a plain FAQ bot would match each question against
# the targets printed beside the figures
TARGET_RATIO = 0.25  # engine median at most a quarter of the reference's
TARGET_P99_US = 1000.0
TARGET_ASK_MS = 1000.0  # python -m bot ask "Poland", wall time
ASK_RUNS = 5  # launches timed, of which the median counts: one launch on a busy machine says little
TARGET_PEAK_MB = 150.0


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5 or rng.random() < 0.6:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:] if rng.random() < 0.5 else word[:i] + word[i + 1:]


def _launches(command: list[str], reference: list[str], runs: int = ASK_RUNS) -> tuple[list[float], list[float]]:
    """Wall times in ms of `runs` launches of `command` and of `reference`, taken in turns so that a busy moment
    of the machine falls on both."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for argv, out in zip((command, reference), times, strict=True):
            launched = time.perf_counter()
            subprocess.run(argv, cwd=PROJECT, check=True, capture_output=True)
            out.append((time.perf_counter() - launched) * 1000)
    return times


def questions(count: int, names: list[str], seed: int = 7) -> list[str]:
    """`count` mixed questions, mostly distinct, with typos in some country names."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        template = rng.choice(TEMPLATES)
        question = template.format(country=_typo(rng.choice(names), rng), other=rng.choice(names),
                                   n=rng.randint(1, 30), year=rng.randint(2015, 2025), flow=rng.choice(FLOWS),
                                   verb=rng.choice(VERBS), region=rng.choice(REGIONS))
        question = rng.choice(PREFIXES) + question + rng.choice(SUFFIXES)
        out.append(question.upper() if rng.random() < 0.05 else question)
    return out


def reference_choices(engine: Engine) -> list[str]:
    """The first 200 example phrasings in knowledge/, in the order the engine loads them."""
    phrases = (phrase for by_language in engine.knowledge.examples.values()
               for phrases in by_language.values() for phrase in phrases)
    return list(itertools.islice(phrases, REFERENCE_CHOICES))


def _against(met: bool, target: str) -> str:
    return f"target {target}: {'met' if met else 'MISSED'}"


def run_benchmark(settings: Settings, count: int) -> None:
    """Print the figures beside their targets."""
    from rapidfuzz import fuzz, process, utils

    started = time.perf_counter()
    from bot.engine import Engine

    engine = Engine.load(settings.data_dir, settings.knowledge_dir)
    engine.answer("Poland")
    in_process = time.perf_counter() - started
    gc.freeze()  # as python -m bot does after start-up
    index = engine.understanding.places
    names = sorted({index.name(code) for code, _ in index.display if len(code) == 2})
    asked = questions(count, names)
    choices = reference_choices(engine)

    def reference(question: str) -> None:
        # a plain FAQ bot: the nearest phrasing by WRatio, each string through rapidfuzz's default processor
        process.extractOne(question, choices, scorer=fuzz.WRatio, processor=utils.default_process)

    for question in questions(WARM_UP, names, seed=1):  # first calls into numpy and rapidfuzz; start-up is above
        engine.answer(question)
        reference(question)
    times: list[float] = []
    reference_times: list[float] = []
    for question in asked:
        # interleaved, question by question: whatever else loads the machine slows both alike
        t0 = time.perf_counter_ns()
        engine.answer(question)
        t1 = time.perf_counter_ns()
        reference(question)
        reference_times.append((time.perf_counter_ns() - t1) / 1000)
        times.append((t1 - t0) / 1000)
    times.sort()
    median, p99 = statistics.median(times), times[int(0.99 * (len(times) - 1))]
    reference_median = statistics.median(reference_times)
    ratio = median / reference_median
    cold, floor = _launches([sys.executable, "-m", "bot", "ask", "Poland"], [sys.executable, "-c", "import pandas"])
    cold_ms = statistics.median(cold)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"questions:          {len(asked)} ({len(set(asked))} distinct)")
    print(f"answer time:        median {median:.0f} us, p99 {p99:.0f} us, max {times[-1]:.0f} us; "
          f"{_against(p99 <= TARGET_P99_US, f'p99 <= {TARGET_P99_US:.0f} us')}")
    print(f"reference:          median {reference_median:.0f} us: rapidfuzz extractOne (WRatio, default_process) "
          f"over the first {len(choices)} example phrasings, same questions, same run")
    print(f"engine/reference:   {ratio:.2f} (engine median / reference median); "
          f"{_against(ratio <= TARGET_RATIO, f'<= {TARGET_RATIO:.2f}')}")
    print(f"start-up in process: {in_process * 1000:.0f} ms to the first answer")
    print(f"python -m bot ask \"Poland\": {cold_ms:.0f} ms wall time, median of {len(cold)} ({min(cold):.0f}-"
          f"{max(cold):.0f}); {_against(cold_ms <= TARGET_ASK_MS, f'<= {TARGET_ASK_MS:.0f} ms')}; "
          f"python -c \"import pandas\" alone {statistics.median(floor):.0f} ms, same run")
    print(f"peak memory:        {peak_mb:.0f} MB resident; "
          f"{_against(peak_mb <= TARGET_PEAK_MB, f'<= {TARGET_PEAK_MB:.0f} MB')}")


def run_broadcast_benchmark(settings: Settings, messages: int, latency: float) -> None:
    """Broadcast one post to `messages` chats through PTB against the fake Bot API, which refuses
    anything over Telegram's limits; print the rate reached and the CPU time per message."""
    import asyncio
    import tempfile
    from pathlib import Path

    from telegram import Bot
    from telegram.request import HTTPXRequest

    from bot.fake_telegram import TOKEN, FakeBotAPI
    from bot.storage import Storage
    from bot.telegram.broadcast import Broadcaster
    from bot.telegram.publishing import limits_of

    limits = limits_of(settings)
    api = FakeBotAPI(per_second=limits.per_second, per_chat_per_minute=limits.per_chat_per_minute, latency=latency)
    with tempfile.TemporaryDirectory() as folder:
        storage = Storage(Path(folder) / "bench.db")
        chats = [n if n % 4 else -n for n in range(1, messages + 1)]  # a quarter groups and channels
        for chat in chats:
            storage.subscribe(chat, "updates", "private" if chat > 0 else "group", "")
        post = storage.create_post("updates", "<b>bench</b>", chats, None)

        async def main() -> tuple[float, float, int]:
            request = HTTPXRequest(connection_pool_size=limits.workers + 8,
                                   httpx_kwargs={"transport": api.transport()})
            async with Bot(TOKEN, request=request) as bot:
                cpu, wall = time.process_time(), time.perf_counter()
                progress = await Broadcaster(bot, storage, limits).deliver(post, "<b>bench</b>")
                return time.perf_counter() - wall, time.process_time() - cpu, progress.sent

        wall, cpu, sent = asyncio.run(main())
        storage.close()
    rate = (sent - 1) / wall if wall else 0.0  # n sends span n-1 intervals
    print(f"messages:           {sent} sent to {messages} chats ({messages // 4} groups), {latency * 1000:.0f} ms "
          f"per request")
    allowed = limits.per_second
    print(f"rate:               {rate:.2f} messages/s of {allowed:g} allowed ({100 * rate / allowed:.1f}%)")
    print(f"flood refusals:     {api.refusals}")
    print(f"CPU time:           {1000 * cpu / max(sent, 1):.2f} ms per message")
