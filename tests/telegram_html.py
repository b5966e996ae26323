"""A checker for the HTML subset Telegram accepts with parse_mode=HTML."""
from __future__ import annotations

import re
from html.parser import HTMLParser

TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "tg-spoiler"}
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.errors.append(f"tag <{tag}> not allowed")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unbalanced </{tag}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible_text(markup: str) -> tuple[str, list[str]]:
    """The text a reader sees, and what Telegram would refuse in `markup`."""
    errors = [f"bare & at {m.start()}" for m in re.finditer("&", markup) if not _ENTITY.match(markup, m.start())]
    errors += [f"bare < at {m.start()}" for m in re.finditer("<", markup)
               if not re.match(r"</?[a-z][a-z-]*(\s[^<>]*)?>", markup[m.start():])]
    parser = _Parser()
    parser.feed(markup)
    parser.close()
    errors += parser.errors + [f"unclosed <{tag}>" for tag in parser.stack]
    return "".join(parser.text), errors
