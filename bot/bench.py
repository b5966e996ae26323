"""`python -m bot bench`: answer time over many distinct questions against a reference timed in the same
run, start-up time, peak memory; `python -m bot bench --broadcast N`: the pace of broadcasts by 1, 2 and
4 worker processes against a fake Bot API with Telegram's limits, and their CPU time per message.

Absolute times differ threefold between machines, so the answer time is also given as a ratio to a
reference measured on the same questions in the same run: rapidfuzz's `extractOne` over the first 200
example phrasings, the work a plain FAQ bot does per question. Figures are printed beside their targets,
never asserted: a timed test would flake on a busy machine.
"""
from __future__ import annotations

import gc
import itertools
import os
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

    engine = Engine.load(settings.data_dir, settings.knowledge_dir, settings.cache_dir)
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


def run_broadcast_benchmark(settings: Settings, messages: int, latency: float, database: str | None) -> None:
    """Broadcast posts through 1, 2 and 4 worker processes (`publish --worker`) sharing one database, against
    the fake Bot API served on loopback, which refuses anything over Telegram's limits; at the free limit and
    at the paid-broadcast limit, print the combined rate as a fraction of the allowed one and the workers'
    CPU time per message. The free limit's runs send a tenth as many messages (they take 30 a second)."""
    import signal
    import tempfile
    from pathlib import Path

    from bot.fake_telegram import TOKEN, FakeBotAPI
    from bot.storage import Storage, masked
    from bot.telegram.broadcast import Limits

    free, paid = Limits(), Limits(per_second=settings.broadcast_paid_per_second, paid=True)
    with tempfile.TemporaryDirectory() as folder:
        url = database or f"sqlite:///{folder}/bench.db"
        print(f"broadcast:          1, 2 and 4 workers (python -m bot publish --worker) sharing {masked(url)}; "
              f"a fake Bot API on loopback, {latency * 1000:.0f} ms per request, refusing what Telegram would")
        for limits in (free, paid):
            count = messages if limits.paid else max(2, messages // 10)
            for workers in (1, 2, 4):
                api = FakeBotAPI(per_second=free.per_second, per_chat_per_minute=free.per_chat_per_minute,
                                 paid_per_second=paid.per_second, latency=latency)
                server, base_url = api.serve()
                env = Settings.for_child(database_url=url, telegram_bot_token=TOKEN, telegram_base_url=base_url,
                                         broadcast_paid=str(limits.paid).lower(), log_level="WARNING")
                storage = Storage.open(url)
                said = [Path(folder) / f"worker-{n}.txt" for n in range(workers)]
                running = [subprocess.Popen([sys.executable, "-m", "bot", "publish", "--worker"], env=env,
                                            stdout=path.open("w")) for path in said]
                try:
                    while not all(path.stat().st_size for path in said):  # each has said it is waiting for posts
                        time.sleep(0.1)
                    cpu = sum(_cpu_seconds(worker.pid) for worker in running)  # their start-up is not counted
                    chats = [n if n % 4 else -n for n in range(1, count + 1)]  # a quarter groups and channels
                    storage.create_post("updates", "<b>bench</b>", chats, None)
                    while storage.unfinished_posts():
                        time.sleep(0.2)
                    cpu = sum(_cpu_seconds(worker.pid) for worker in running) - cpu
                finally:
                    for worker in running:
                        worker.send_signal(signal.SIGTERM)
                    for worker in running:
                        worker.wait()
                    server.shutdown()
                    storage.close()
                sent = [call.at for call in api.calls if call.method == "sendMessage"]
                rate = (len(sent) - 1) / (sent[-1] - sent[0]) if len(sent) > 1 else 0.0  # n sends, n-1 intervals
                allowed = limits.per_second
                print(f"{'paid' if limits.paid else 'free'} limit, {workers} worker{'s' if workers > 1 else ' '}: "
                      f"{rate:7.1f} messages/s of {allowed:g} allowed ({100 * rate / allowed:5.1f}%); "
                      f"{len(sent):,} sent, {api.refusals} refused; CPU {1000 * cpu / max(len(sent), 1):.2f} ms "
                      "a message")


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system) a process has used so far, from Linux's /proc."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115 - read at once
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
