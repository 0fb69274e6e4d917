"""CSV and TSV: "front, back" pairs as Quizlet and Anki export them, and the bank's own columns.

Reading:

* The delimiter (tab, comma, semicolon or ``|``) is detected, or taken from an
  Anki ``#separator:`` line; Anki's other header lines (``#html:``, ``#tags:``,
  ``#columns:``, ``#deck:``, ``#tags column:``, ``#deck column:``,
  ``#notetype column:``, ``#guid column:``) are honoured.
* A first row made of column names is a header; the names known are
  :data:`COLUMNS` (with Quizlet's and Anki's words for them: term, definition,
  question, answer, text, extra...). Without a header the columns are front,
  then back.
* A row without an ``id`` gets one made from its deck and front, so that
  importing the file again updates the same questions; rows that do not say
  their ``type`` are flashcards (clozes when the front holds ``{{c1::...}}``,
  choices when they have choices).
* Lists (``choices``, ``accept``, ``source``) separate their items with ``|``
  (``\\|`` for a bar inside an item); tags with spaces, as Anki writes them.
* Limits: :data:`MAX_BYTES` and :data:`MAX_ROWS`. Invalid UTF-8, a quote that
  never closes, and a row past the limit are reported at their line and column.

Writing gives a header row and every column the bank needs, so a written file
reads back as the same bank.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from quiz.bank import BankDeck, ParsedFile, ProblemList
from quiz.bank.reader import Node, byte_position, looks_binary
from quiz.bank.validate import ID_PATTERN
from quiz.interop.anki import key_for_guid, prepare_anki_html
from quiz.interop.base import Exported, Keys, Reading, content_key, deck_tree, slug, text_node, tree
from quiz.interop.cloze import anki_cloze_cards, has_anki_cloze
from quiz.richtext import from_html, plain

__all__ = ["COLUMNS", "MAX_BYTES", "MAX_ROWS", "read_csv", "write_csv"]

MAX_BYTES = 8 * 1024 * 1024
MAX_ROWS = 50_000
#: The columns the bank reads, in the order they are written.
COLUMNS = (
    "front",
    "back",
    "type",
    "kind",
    "choices",
    "accept",
    "explanation",
    "tolerance",
    "tags",
    "id",
    "fact",
    "source",
    "deck",
    "deck_title",
)
_ALIASES = {
    "front": ("front", "prompt", "question", "term", "text", "word", "q"),
    "back": ("back", "answer", "definition", "meaning", "a"),
    "explanation": ("explanation", "extra", "back_extra", "notes", "note", "feedback"),
    "tags": ("tags", "tag"),
    "id": ("id", "guid", "key"),
    "deck": ("deck", "category"),
    "deck_title": ("deck_title",),
    "type": ("type", "notetype", "note_type"),
}
_NAMES = {alias: column for column, aliases in _ALIASES.items() for alias in aliases}
_NAMES.update({column: column for column in COLUMNS})
_DELIMITERS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
_LIST_SPLIT = re.compile(r"(?<!\\)\|")


@dataclass(slots=True)
class _Meta:
    """Anki's header lines: ``#separator:tab``, ``#html:true``, ``#tags column:3``..."""

    delimiter: str | None = None
    html: bool = False
    tags: list[str] = field(default_factory=list)
    labels: list[str] | None = None
    deck: str | None = None
    columns: dict[str, int] = field(default_factory=dict)  # role -> 1-based column
    lines: int = 0


def _read_meta(lines: list[str]) -> _Meta:
    meta = _Meta()
    for index, line in enumerate(lines):
        stripped = line.rstrip("\r\n")
        if index == 0 and stripped.startswith("tags:"):
            meta.tags = stripped[5:].split()
        elif not stripped.startswith("#"):
            break
        else:
            key, colon, value = stripped[1:].partition(":")
            key, value = key.strip().lower(), value.strip()
            if colon:
                if key == "separator":
                    meta.delimiter = _DELIMITERS.get(value.lower(), value[:1] or None)
                elif key == "html":
                    meta.html = value.lower() == "true"
                elif key == "tags":
                    meta.tags = value.split()
                elif key == "columns":
                    meta.labels = [value]  # split once the delimiter is known
                elif key == "deck":
                    meta.deck = value or None
                elif key.endswith(" column") and value.isdigit():
                    meta.columns[key.removesuffix(" column")] = int(value)
        meta.lines = index + 1
    return meta


def _decode(name: str, data: bytes, problems: ProblemList) -> str | None:
    if len(data) > MAX_BYTES:
        problems.error(name, 1, 1, f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}: split it into decks")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            problems.error(name, 1, 1, "the file starts as UTF-16 but is not valid UTF-16")
            return None
    if looks_binary(data):
        problems.error(name, 1, 1, "this looks like a binary file, not CSV or TSV text")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        problems.error(
            name, line, column, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8 and try again"
        )
        return None


def _sniff(lines: list[str]) -> str:
    first = next((line for line in lines if line.strip()), "")
    if "\t" in first:
        return "\t"
    sample = "".join(lines[:50])[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;|").delimiter
    except csv.Error:
        return ","


def _field_starts(record: str, delimiter: str) -> list[int]:
    """Offsets where each field of a raw record starts (quotes taken into account)."""
    if '"' not in record:
        starts, offset = [0], 0
        for cell in record.split(delimiter)[:-1]:
            offset += len(cell) + 1
            starts.append(offset)
        return starts
    starts = [0]
    quoted = False
    field_start = True
    for index, char in enumerate(record):
        if quoted:
            if char == '"':
                quoted = False  # a doubled quote re-opens at once
        elif char == '"' and (field_start or record[index - 1] == '"'):
            quoted = True
        elif char == delimiter:
            starts.append(index + 1)
            field_start = True
            continue
        field_start = False
    return starts


@dataclass(slots=True)
class _Row:
    cells: list[str]
    line: int
    positions: list[tuple[int, int]]

    def at(self, index: int) -> tuple[int, int]:
        return self.positions[index] if index < len(self.positions) else (self.line, 1)


def _rows(name: str, lines: list[str], first_line: int, delimiter: str, problems: ProblemList) -> Iterator[_Row]:
    """Each non-empty record with the line and column of each of its cells."""
    consumed = 0

    def feed() -> Iterator[str]:
        nonlocal consumed
        for line in lines:
            consumed += 1
            yield line

    reader = csv.reader(feed(), delimiter=delimiter, strict=True)
    start = 0
    while True:
        start = consumed
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = first_line + start
            record = lines[start] if start < len(lines) else ""
            if "end of data" in str(exc):
                quote = _open_quote(record, delimiter)
                problems.error(
                    name,
                    line,
                    quote + 1,
                    'this quoted field is never closed: add the closing " (or double the " inside the text)',
                )
            else:
                where = first_line + consumed - 1
                text = lines[consumed - 1] if consumed else ""
                problems.error(name, where, _bad_quote(text, delimiter) + 1, f"mismatched quotes: {exc}")
            return
        if not any(cell.strip() for cell in cells):
            continue
        record = "".join(lines[start:consumed])
        offsets = _field_starts(record, delimiter)
        positions = []
        for offset in offsets[: len(cells)]:
            before = record[:offset]
            row_line = first_line + start + before.count("\n")
            positions.append((row_line, offset - (before.rfind("\n") + 1) + 1))
        yield _Row(cells, first_line + start, positions)


def _open_quote(record: str, delimiter: str) -> int:
    """The column of the quote that opens an unclosed field in ``record``."""
    quoted, opened = False, 0
    for index, char in enumerate(record):
        if char == '"':
            if not quoted and (index == 0 or record[index - 1] in (delimiter, " ")):
                quoted, opened = True, index
            elif quoted:
                quoted = False
    return opened


def _bad_quote(line: str, delimiter: str) -> int:
    """The column just after a closing quote followed by something other than the delimiter."""
    match = re.search(f'"(?=[^"{re.escape(delimiter)}\\r\\n])', line[1:])
    return match.start() + 2 if match else 0


def _row_past_limit(lines: list[str], delimiter: str) -> int | None:
    """The line where the row past :data:`MAX_ROWS` starts, counted at C speed before anything is built."""
    reader = csv.reader(lines, delimiter=delimiter)
    count, previous, limit = 0, 0, MAX_ROWS
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if count == 0 and _header(cells) is not None:
                    limit += 1
                count += 1
                if count > limit:
                    return previous + 1
            previous = reader.line_num
    except csv.Error:
        return None  # the full reading reports it where it is
    return None


def _header(cells: list[str]) -> list[str | None] | None:
    """Column roles when ``cells`` is a header row, else None."""
    names = [re.sub(r"[\s-]+", "_", cell.strip().casefold()) for cell in cells]
    roles = [_NAMES.get(n) for n in names]
    known = [r for r in roles if r]
    if not known or ("front" not in known and "back" not in known):
        return None
    if any(role is None and name for role, name in zip(roles, names, strict=True)) and len(known) < 2:
        return None
    return roles


def _split_list(text: str) -> list[str]:
    return [item.replace("\\|", "|").strip() for item in _LIST_SPLIT.split(text) if item.strip()]


def _sources(text: str) -> list[dict[str, str]]:
    found = []
    for item in _split_list(text):
        document, _, paragraph = item.rpartition("#")
        found.append(
            {"document": document.strip(), "paragraph": paragraph.strip()}
            if document
            else {"document": item, "paragraph": ""}
        )
    return found


def read_csv(name: str, data: bytes, *, deck_key: str | None = None, deck_title: str | None = None) -> Reading:
    """Read a CSV or TSV file of questions.

    Args:
        name: The file's name, for messages and for the deck's default id and title.
        data: Its bytes.
        deck_key: The deck's id, when rows do not name a deck (default: from the file name).
        deck_title: The deck's title (default: from the file name).

    Returns:
        The decks as trees for the bank's checks, and what could not be read.
    """
    problems = ProblemList()
    text = _decode(name, data, problems)
    stem = re.sub(r"\.(csv|tsv|txt|tab)$", "", name.replace("\\", "/").rsplit("/", 1)[-1], flags=re.I)
    if text is None:
        return Reading(ParsedFile(name, [], expects_sources=False), problems=problems)
    lines = io.StringIO(text, newline="").readlines()
    meta = _read_meta(lines)
    body = lines[meta.lines :]
    delimiter = meta.delimiter or _sniff(body)
    if len(body) > MAX_ROWS and (too_many := _row_past_limit(body, delimiter)) is not None:
        problems.error(
            name, meta.lines + too_many, 1, f"more than {MAX_ROWS:,} rows; split the file into smaller decks"
        )
        return Reading(ParsedFile(name, [], expects_sources=False), problems=problems)
    roles: list[str | None] | None = None
    if meta.labels is not None:
        roles = [
            _NAMES.get(re.sub(r"[\s-]+", "_", label.strip().casefold()))
            for label in next(csv.reader(meta.labels, delimiter=delimiter))
        ]
    default_title = deck_title or meta.deck or stem
    default_key = deck_key or slug(meta.deck or stem)
    decks: dict[str, tuple[str, list[Node]]] = {}
    used_ids = Keys()
    count = 0
    for row in _rows(name, body, meta.lines + 1, delimiter, problems):
        if roles is None:
            header = _header(row.cells)
            if header is not None:
                roles = header
                _ignored_columns(name, row, roles, problems)
                continue
            roles = _positional_roles(len(row.cells), meta)
            if len(row.cells) > 2 and not meta.columns:
                problems.warning(
                    name,
                    row.line,
                    1,
                    f"{len(row.cells)} columns and no header row: column 1 is read as the front, "
                    "column 2 as the back, and the rest is left out (name the columns in a first row to keep them)",
                )
        count += 1
        if count > MAX_ROWS:
            problems.error(name, row.line, 1, f"more than {MAX_ROWS:,} rows; split the file into smaller decks")
            return Reading(ParsedFile(name, [], expects_sources=False), problems=problems)
        values: dict[str, tuple[str, tuple[int, int]]] = {}
        for index, role in enumerate(roles):
            if role is not None and index < len(row.cells) and row.cells[index].strip():
                values[role] = (row.cells[index].strip(), row.at(index))
        if "deck" in values and "deck_title" in values:  # this app's own files: the deck's id and title
            title = values["deck_title"][0]
            key = values["deck"][0] if ID_PATTERN.match(values["deck"][0]) else slug(values["deck"][0])
        elif "deck" in values:  # a deck's name, as Anki writes it ("Baltics::Lithuania")
            title, key = values["deck"][0], slug(values["deck"][0])
        else:
            title, key = default_title, default_key
        decks.setdefault(key, (title, []))[1].extend(_questions(name, row, values, key, meta, used_ids, problems))
    if roles is None and not problems.errors:
        problems.error(name, 1, 1, "the file holds no rows")
    documents = [deck_tree(key, title, questions) for key, (title, questions) in decks.items()]
    return Reading(ParsedFile(name, documents, expects_sources=False), problems=problems)


def _positional_roles(width: int, meta: _Meta) -> list[str | None]:
    roles: list[str | None] = [None] * max(width, max(meta.columns.values(), default=0))
    for role, column in meta.columns.items():
        if 0 < column <= len(roles):
            roles[column - 1] = {"guid": "id", "notetype": "type"}.get(role, role if role in COLUMNS else None)
    free = [i for i, role in enumerate(roles) if role is None and i + 1 not in meta.columns.values()]
    for index, role in zip(free, ("front", "back", "explanation") if meta.columns else ("front", "back"), strict=False):
        roles[index] = role
    return roles


def _ignored_columns(name: str, row: _Row, roles: list[str | None], problems: ProblemList) -> None:
    for index, role in enumerate(roles):
        if role is None and row.cells[index].strip():
            line, column = row.at(index)
            problems.warning(name, line, column, f"column '{row.cells[index].strip()}' is not a bank field; left out")


def _questions(
    name: str,
    row: _Row,
    values: dict[str, tuple[str, tuple[int, int]]],
    deck_key: str,
    meta: _Meta,
    used_ids: Keys,
    problems: ProblemList,
) -> list[Node]:
    """The question (or, for an Anki cloze with several numbers, questions) of one row."""

    def node(role: str, convert: bool = True) -> Node | None:
        if role not in values:
            return None
        value, (line, column) = values[role]
        if convert and meta.html:
            converted = from_html(prepare_anki_html(value))
            for dropped in converted.dropped:
                problems.warning(name, line, column, f"{dropped}: left out")
            value = converted.text
        return text_node(value, line, column)

    front = values.get("front", ("", (row.line, 1)))[0]
    qtype = values.get("type", ("", (0, 0)))[0].strip()
    anki_type = qtype.casefold()
    if "image occlusion" in anki_type:
        problems.warning(name, row.line, 1, "image occlusion is not supported; skipped")
        return []
    reverse = False
    if "reverse" in anki_type:  # Anki's "Basic (and reversed card)" and "(optional reversed card)"
        flag = values.pop("explanation", None) if "optional" in anki_type else None
        reverse = "optional" not in anki_type or bool(flag and flag[0].strip())
    fields: dict[str, object] = {}
    if anki_type.startswith("cloze") or (not qtype and has_anki_cloze(front)):
        qtype = "cloze"
    elif "type" in anki_type and "answer" in anki_type:  # Anki's "Basic (type in the answer)"
        qtype = "short"
    elif anki_type.startswith("basic") or not qtype:
        qtype = "choice" if "choices" in values else "flashcard"
    for role in ("kind", "explanation", "tolerance", "fact"):
        fields[role] = node(role, convert=role == "explanation")
    for role in ("choices", "accept"):
        if role in values:
            text, (line, column) = values[role]
            fields[role] = tree(_split_list(text), line, column)
    if "source" in values:
        text, (line, column) = values["source"]
        fields["source"] = tree(_sources(text), line, column)
    tags = meta.tags + (values["tags"][0].split() if "tags" in values else [])
    if tags:
        fields["tags"] = tree(tags, *values.get("tags", ("", (row.line, 1)))[1])
    base = _row_id(values, deck_key, front, used_ids)
    key_at = values.get("id", ("", (row.line, 1)))[1]
    type_at = values.get("type", ("", (row.line, 1)))[1]
    if qtype == "cloze" and has_anki_cloze(front):
        line, column = values["front"][1]
        cards, _, dropped = anki_cloze_cards(prepare_anki_html(front) if meta.html else front, is_html=meta.html)
        if "back" in values and fields.get("explanation") is None:
            fields["explanation"] = node("back")  # Anki's "Back Extra"
        for lost in dropped:
            problems.warning(name, line, column, f"{lost}: left out")
        questions = []
        for index, card in enumerate(cards):
            key = base if index == 0 else f"{base}.{card.number}"
            if len(cards) > 1:
                fields["fact"] = fields.get("fact") or text_node(base, *key_at)
            for hint in card.hints:
                problems.warning(name, line, column, f"cloze hint {hint!r} is not supported; left out")
            questions.append(
                tree(
                    {
                        "id": text_node(key, *key_at),
                        "type": text_node("cloze", *type_at),
                        "prompt": text_node(card.prompt, line, column),
                    }
                    | fields,
                    row.line,
                    1,
                )
            )
        return questions
    question = {"id": text_node(base, *key_at), "type": text_node(qtype, *type_at), "prompt": node("front")}
    if qtype != "cloze":
        question["answer"] = node("back")
    elif "back" in values and "explanation" not in values:
        question["explanation"] = node("back")  # Anki's "Back Extra"
    if question["prompt"] is None:
        question["prompt"] = text_node("", row.line, 1)
    if qtype != "cloze" and question["answer"] is None:
        question["answer"] = text_node("", *values.get("front", ("", (row.line, 1)))[1])
    if reverse and qtype == "flashcard":  # the second card asks the other way round, as Anki does
        reverse_fields = dict(fields, fact=fields.get("fact") or text_node(base, *key_at))
        backwards = question | {
            "id": text_node(f"{base}.2", *key_at),
            "prompt": question["answer"],
            "answer": question["prompt"],
        }
        return [tree(question | reverse_fields, row.line, 1), tree(backwards | reverse_fields, row.line, 1)]
    return [tree(question | fields, row.line, 1)]


def _row_id(values: dict[str, tuple[str, tuple[int, int]]], deck_key: str, front: str, used: Keys) -> str:
    """The row's id: its own, one made from an Anki guid, or one made from its deck and front."""
    if "id" in values:
        given = values["id"][0]
        return used.add(given if ID_PATTERN.match(given) else key_for_guid(given))
    return used.unique(content_key(deck_key, plain(front)))


# --- writing --------------------------------------------------------------------


def _join_list(items: Sequence[str]) -> str:
    return " | ".join(item.replace("|", "\\|") for item in items)


def write_csv(decks: Sequence[BankDeck], *, delimiter: str = ",") -> Exported:
    """Write decks as CSV (or TSV with ``delimiter="\\t"``) with a header row.

    Every field the bank has gets a column, so the file reads back as the same
    bank; columns that no question uses are left out. Cells keep the bank's
    own text (Markdown and math as written). The file starts with a UTF-8 byte
    order mark, which spreadsheet programs need to read it as UTF-8.
    """
    notes: list[str] = []
    rows: list[dict[str, str]] = []
    for deck in decks:
        for q in deck.questions:
            tags = []
            for tag in q.tags:
                if re.search(r"\s", tag):
                    notes.append(
                        f"question {q.key}: tag {tag!r} written as {'_'.join(tag.split())!r} (spaces separate tags)"
                    )
                tags.append("_".join(tag.split()))
            rows.append(
                {
                    "front": q.prompt,
                    "back": "" if q.type == "cloze" else q.answer,
                    "type": q.type,
                    "kind": "" if q.kind == "other" else q.kind,
                    "choices": _join_list(q.choices),
                    "accept": _join_list(q.accept),
                    "explanation": q.explanation,
                    "tolerance": q.tolerance or "",
                    "tags": " ".join(tags),
                    "id": q.key,
                    "fact": q.fact or "",
                    "source": _join_list([f"{s.document}#{s.paragraph}" for s in q.sources]),
                    "deck": deck.key,
                    "deck_title": deck.title,
                }
            )
    used = [c for c in COLUMNS if c in ("front", "back", "type", "id", "deck", "deck_title") or any(r[c] for r in rows)]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(used)
    for row in rows:
        writer.writerow([row[c] for c in used])
    return Exported(("\ufeff" + out.getvalue()).encode("utf-8"), notes)
