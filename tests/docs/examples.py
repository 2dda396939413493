"""The API examples of the documentation, read from docs/**/*.md and run.

A marked example is an HTML comment right before a fenced shell block:

    <!-- example status=200,201 save=ENG:id -->
    ```sh
    curl -H "$JORDAN" $API/engagements/$COBALT_ENG/
    curl -H "$JORDAN" -X POST ...
    ```

- `status`: the expected status of each `curl` in the block, in order (one per command).
- `save=NAME:path` (optional, repeatable): after each command whose JSON answer has that
  dotted path, `$NAME` holds its value for the rest of the page.

A block holds `curl` commands (the options below), `export` lines and comments; anything
else, an unknown option or an unknown `$VARIABLE` is an error, so an example the test cannot
run is never silently skipped. `> file` keeps a command's answer and `--data @file` sends it.
`-F name=value` sends a multipart form (as curl does); `-F name=@file` uploads a file and
`-F "name=<file"` sends its text as the field's value, where the file is one a command above
kept with `> file`, or else a file of that name beside the page in docs/ (a sample the reader
can download from the site).
"""

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

DOCS = Path(__file__).resolve().parents[2] / "docs"
SERVER = "http://127.0.0.1:8000"

_MARKER = re.compile(r"^<!--\s*example\b(?P<attrs>[^>]*?)-->\s*$")
_FENCE = re.compile(r"^(?P<fence>```+|~~~+)\s*(?P<lang>[\w-]*)")
_SHELL = {"sh", "bash", "shell", "console"}
_VARIABLE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


class ExampleError(Exception):
    """An example the test cannot read or run: the docs must be fixed."""


@dataclass
class Command:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    data: str | None = None
    output: str | None = None  # `> file`
    form: list[tuple[str, str]] = field(default_factory=list)  # `-F name=value`


@dataclass
class Example:
    path: Path
    line: int  # of the marker, 1-based
    statuses: list[int]
    saves: list[tuple[str, str]]
    commands: list[str]  # shell commands, continuation lines joined

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(DOCS.parent)}:{self.line}"


def doc_files() -> list[Path]:
    return sorted(
        p for p in DOCS.rglob("*.md") if not any(part.startswith("_") for part in p.parts)
    )


def _attributes(text: str, where: str) -> tuple[list[int], list[tuple[str, str]]]:
    statuses: list[int] = []
    saves: list[tuple[str, str]] = []
    for word in text.split():
        key, _, value = word.partition("=")
        if key == "status" and value:
            try:
                statuses = [int(s) for s in value.split(",")]
            except ValueError as exc:
                raise ExampleError(f"{where}: status={value} is not a list of numbers") from exc
        elif key == "save" and ":" in value:
            name, _, path = value.partition(":")
            saves.append((name, path))
        else:
            raise ExampleError(f"{where}: unknown attribute {word!r} (status=, save=NAME:path)")
    if not statuses:
        raise ExampleError(f"{where}: an example needs status=<code>[,<code>...]")
    return statuses, saves


def shell_commands(block: str) -> list[str]:
    """Split a shell block into commands: a newline ends one unless it is inside quotes or
    after a backslash; `#` starts a comment at the start of a word outside quotes."""
    commands, current, quote, i = [], [], "", 0
    while i < len(block):
        ch = block[i]
        if quote:
            current.append(ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            current.append(ch)
        elif ch == "\\" and block[i + 1 : i + 2] == "\n":
            current.append(" ")
            i += 1
        elif ch == "#" and (not current or current[-1].isspace()):
            while i < len(block) and block[i] != "\n":
                i += 1
            continue
        elif ch == "\n":
            commands.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    commands.append("".join(current))
    return [c.strip() for c in commands if c.strip()]


def _blocks(lines: list[str]):
    """Each fenced block outside other blocks: (index of its opening line, its language, its
    lines, the last non-blank line before it). A marker shown inside a block (as on the page
    that documents the format) is text, not an example."""
    previous, i = "", 0
    while i < len(lines):
        fence = _FENCE.match(lines[i].strip())
        if fence:
            end = i + 1
            while end < len(lines) and not lines[end].strip().startswith(fence.group("fence")):
                end += 1
            yield i, fence.group("lang"), lines[i + 1 : end], previous
            previous, i = "", end + 1
            continue
        if lines[i].strip():
            previous = lines[i].strip()
        i += 1


def examples_in(path: Path) -> list[Example]:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    markers = [n for n, line in enumerate(lines) if _MARKER.match(line.strip())]
    blocks = {start: (lang, body, previous) for start, lang, body, previous in _blocks(lines)}
    inside = {
        n for start, (_, body, _) in blocks.items() for n in range(start, start + len(body) + 2)
    }
    for number in markers:
        if number in inside:
            continue
        where = f"{path.relative_to(DOCS.parent)}:{number + 1}"
        statuses, saves = _attributes(_MARKER.match(lines[number].strip()).group("attrs"), where)
        start = number + 1
        while start < len(lines) and not lines[start].strip():
            start += 1
        if start not in blocks or blocks[start][0] not in _SHELL:
            raise ExampleError(f"{where}: the marker must be followed by a ```sh block")
        commands = shell_commands("\n".join(blocks[start][1]))
        curls = [c for c in commands if c.startswith("curl ")]
        if len(curls) != len(statuses):
            raise ExampleError(
                f"{where}: {len(curls)} curl command(s) but {len(statuses)} status(es)"
            )
        found.append(Example(path, number + 1, statuses, saves, commands))
    return found


def unmarked_curls(path: Path) -> list[str]:
    """Shell blocks that call the API with curl but carry no example marker."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        f"{path.relative_to(DOCS.parent)}:{start + 1}"
        for start, lang, body, previous in _blocks(lines)
        if lang in _SHELL
        and any(line.strip().startswith("curl ") for line in body)
        and not _MARKER.match(previous)
    ]


def expand(word: str, variables: dict[str, str], where: str) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        if name not in variables:
            raise ExampleError(f"{where}: ${name} is not one of the examples' variables")
        return str(variables[name])

    return _VARIABLE.sub(value, word)


_IGNORED = {"-s", "--silent", "-S", "--show-error", "-i", "--include", "-f", "--fail", "-v"}
_IGNORED_WITH_VALUE = {"-o", "--output", "-D", "--dump-header"}


def parse_curl(command: str, variables: dict[str, str], where: str) -> Command:
    words = [expand(w, variables, where) for w in shlex.split(command)]
    assert words[0] == "curl"
    method, url, headers, data, output, form = None, None, {}, [], None, []
    rest = iter(words[1:])
    for word in rest:
        if word in ("-X", "--request"):
            method = next(rest)
        elif word in ("-H", "--header"):
            name, _, value = next(rest).partition(":")
            headers[name.strip()] = value.strip()
        elif word in ("-d", "--data", "--data-raw", "--data-binary"):
            data.append(next(rest))
        elif word in ("-F", "--form"):
            name, equals, value = next(rest).partition("=")
            if not equals:
                raise ExampleError(f"{where}: -F takes name=value (got {name})")
            form.append((name, value))
        elif word == ">":
            output = next(rest)
        elif word in _IGNORED:
            continue
        elif word in _IGNORED_WITH_VALUE:
            next(rest)
        elif word.startswith("-"):
            raise ExampleError(f"{where}: curl option {word} is not supported by the test")
        elif url is None:
            url = word
        else:
            raise ExampleError(f"{where}: two URLs in one curl command ({url}, {word})")
    if url is None or not url.startswith(SERVER + "/"):
        raise ExampleError(f"{where}: the URL must start with $API or {SERVER}/ (got {url})")
    if data and form:
        raise ExampleError(f"{where}: curl cannot send both -d and -F")
    body = "&".join(data) if data else None
    return Command(
        method=(method or ("POST" if body is not None or form else "GET")).upper(),
        url=url[len(SERVER) :],
        headers=headers,
        data=body,
        output=output,
        form=form,
    )


def dig(document, path: str):
    """`id`, `results.0.id`: the value at a dotted path of a JSON answer, or None."""
    for part in path.split("."):
        if isinstance(document, list) and part.isdigit() and int(part) < len(document):
            document = document[int(part)]
        elif isinstance(document, dict) and part in document:
            document = document[part]
        else:
            return None
    return document


def _file(name: str, files: dict[str, bytes], example: Example) -> bytes:
    """A file a command above wrote with `> file`, or a sample beside the page."""
    if name in files:
        return files[name]
    beside = example.path.parent / name
    if beside.resolve().parent == example.path.parent.resolve() and beside.is_file():
        return beside.read_bytes()
    raise ExampleError(
        f"{example.where}: {name} was not written by a command above, nor is it beside the page"
    )


def _multipart(form: list[tuple[str, str]], files: dict[str, bytes], example: Example) -> dict:
    fields: dict = {}
    for name, value in form:
        if value.startswith("@"):
            fields[name] = SimpleUploadedFile(value[1:], _file(value[1:], files, example))
        elif value.startswith("<"):
            fields[name] = _file(value[1:], files, example).decode()
        else:
            fields[name] = value
    return fields


def run(example: Example, client, variables: dict[str, str]) -> list[str]:
    """Run an example's commands in order with a Django test client; the problems found
    (a wrong status), each with where it is in the docs."""
    problems = []
    files: dict[str, bytes] = {}
    statuses = iter(example.statuses)
    for text in example.commands:
        if text.startswith("export ") or text.startswith("#"):
            continue
        if not text.startswith("curl "):
            raise ExampleError(f"{example.where}: only curl and export lines can run: {text}")
        command = parse_curl(text, variables, example.where)
        body = command.data
        content_type = command.headers.pop("Content-Type", None)
        if body is not None and body.startswith("@"):
            name = body[1:]
            if name not in files:
                raise ExampleError(f"{example.where}: {name} was not written by a command above")
            body = files[name].decode()
        if body is not None and content_type is None:
            content_type = "application/x-www-form-urlencoded"
        if command.form:
            body = encode_multipart(BOUNDARY, _multipart(command.form, files, example))
            content_type = MULTIPART_CONTENT
        response = client.generic(
            command.method,
            command.url,
            data=body if isinstance(body, bytes) else (body or "").encode(),
            content_type=content_type or "application/octet-stream",
            headers=command.headers,
        )
        expected = next(statuses)
        if response.status_code != expected:
            problems.append(
                f"{example.where}: {command.method} {command.url} answered "
                f"{response.status_code}, the docs say {expected}: {response.content[:300]!r}"
            )
        if command.output:
            files[command.output] = response.content
        # $ETAG is the last ETag the API answered, as a script keeps it for its next If-Match.
        if response.get("ETag"):
            variables["ETAG"] = response["ETag"]
        if example.saves and response.get("Content-Type", "").startswith("application/json"):
            document = response.json()
            for name, path in example.saves:
                value = dig(document, path)
                if value is not None:
                    variables[name] = value
    return problems
