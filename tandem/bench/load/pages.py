"""Forms and links read out of Tandem's HTML, as a browser would submit and follow them.

The load test fills in the forms the pages really serve, so it sends what a person's browser
sends: the CSRF token, the hidden `base_version` a form was opened at (tandem/ui/locking.py),
the draft sequence, the boxes already checked. Standard library only: locust imports this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    attrs: dict[str, str]
    # (name, value) in document order, as the browser would send them without any change.
    fields: list[tuple[str, str]] = field(default_factory=list)
    # Every named control (checked or not), for `names()`, and the text boxes among them.
    controls: list[str] = field(default_factory=list)
    textareas: list[str] = field(default_factory=list)

    def value(self, name: str, default: str = "") -> str:
        return next((v for n, v in self.fields if n == name), default)

    def names(self) -> list[str]:
        return list(dict.fromkeys(self.controls))

    def data(self, **changes: str) -> list[tuple[str, str]]:
        """What submitting the form sends after typing `changes` into its boxes."""
        sent = [(n, changes.get(n, v)) for n, v in self.fields]
        present = {n for n, _ in sent}
        return sent + [(n, v) for n, v in changes.items() if n not in present]


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get"), attrs=a)
            self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
            return
        form = self._form
        if form is None or "name" not in a or "disabled" in a:
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            form.controls.append(name)
            if kind in {"submit", "button", "reset", "image", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            form.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            form.controls.append(name)
            form.textareas.append(name)
            self._textarea, self._text = name, []
        elif tag == "select":
            form.controls.append(name)
            self._select, self._options = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            # A browser drops the one newline that follows <textarea>.
            text = "".join(self._text).removeprefix("\r\n").removeprefix("\n")
            self._form.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            selected = [v for v, on in self._options if on] or [v for v, _ in self._options[:1]]
            self._form.fields.extend((self._select, v) for v in selected)
            self._select = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_posting_to(html: str, pattern: str) -> Form | None:
    """The first form whose action matches the regular expression `pattern`."""
    return next((f for f in forms_in(html) if re.search(pattern, f.action)), None)


def ids_linked(html: str, pattern: str) -> list[int]:
    """The numbers of the links matching `pattern` (one group), each once, in page order:
    `ids_linked(page, r"/coaching/(\\d+)/")` gives the engagements a page links to."""
    found = re.findall(r'href="' + pattern + r'"', html)
    return list(dict.fromkeys(int(n) for n in found))


def hidden_value(html: str, name: str) -> str | None:
    """The value of the input named `name` in an htmx fragment (an out-of-band swap)."""
    tag = re.search(r"<input[^>]*\bname=\"" + re.escape(name) + r"\"[^>]*>", html)
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0)) if tag else None
    return value.group(1) if value else None
