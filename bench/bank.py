"""Benchmark validating and importing a generated 10,000-question bank, and the other tools' formats.

Prints seconds for: validate alone, the first import (validate + apply into an
empty database), a no-op re-import, and a re-import where 10% of the prompts
and 1% of the answers changed. Targets: validate plus import under 3 s on one
core, a no-op re-import under 1 s.

Then applies the same bank as an instructor's upload (one YAML file), first
into an empty catalogue and then with the edits, as the apply button does (a
POST request), and prints how long the write transaction stayed open: on
SQLite that is the time ``BEGIN IMMEDIATE`` holds the write lock and every
learner's rating waits. Target: under 1 s.

Then the formats of other tools (``--formats``, on by default): a 10,000-row
CSV read, checked and imported (target under 2 s); an Anki package of 10,000
notes with 500 images, built with genanki, read, checked and imported (target
under 10 s); and for every format, the generated bank exported and imported
again, compared with the original for everything the format can hold. Each
figure is given with its ratio to validating the same bank as YAML in the
same run, which a loaded machine slows alike.

    .venv/bin/python bench/bank.py [--questions 10000] [--no-formats] [--only-formats]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from quiz import create_app
from quiz.bank import load_bank
from quiz.bank.model import BankDeck, BankQuestion, Source
from quiz.bank.writer import dump_decks
from quiz.database import begins_writing
from quiz.extensions import db
from quiz.interop import read, read_bank, read_file, write_bank
from quiz.models import Role, User, utcnow
from quiz.services.accounts.users import create_user
from quiz.services.bank.catalog import apply_import
from quiz.services.bank.uploads import apply_upload, start_bank_upload

KINDS = ("date", "money", "agreement", "number")


def generate(questions: int, decks: int = 10, *, edit: int = 0) -> list[BankDeck]:
    """Build decks of varied questions; ``edit`` changes every edit-th prompt (and 10x rarer answers)."""
    per_deck = questions // decks
    out = []
    for d in range(decks):
        items = []
        for i in range(per_deck):
            n = d * per_deck + i
            kind = KINDS[n % len(KINDS)]
            answer = {
                "date": f"March {n % 28 + 1}, {1900 + n % 120}",
                "money": f"${n % 900 + 1}.5 million",
                "agreement": f"Agreement number {n}",
                "number": f"{n * 7:,}",
            }[kind]
            if edit and n % (edit * 10) == 0:
                answer += " (revised)"
            prompt = f"Question {n}: what is the {kind} recorded for item {n} of deck {d}?"
            if edit and n % edit == 0:
                prompt += " (reworded)"
            common = dict(
                kind=kind,
                prompt=prompt,
                answer=answer,
                explanation=f"Item {n} explained.",
                sources=(Source(f"doc{d}.txt", i % 40 + 1),),
                tags=(f"deck{d}", kind),
                fact=f"f{n // 2}",
            )
            if n % 2:
                wrong = [f"{answer} (not {j})" for j in range(3)]
                items.append(BankQuestion(key=f"q{n}", type="choice", choices=(answer, *wrong), **common))
            else:
                items.append(BankQuestion(key=f"q{n}", type="short", accept=(answer.upper(),), **common))
        out.append(BankDeck(f"deck{d}", f"Deck {d}", tuple(items)))
    return out


def write(folder: Path, decks: list[BankDeck]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for deck in decks:
        (folder / f"{deck.key}.yaml").write_text(dump_decks([deck]))
    return folder


class Transactions:
    """Times every transaction on an engine, noting which took the write lock."""

    def __init__(self, engine: sa.Engine) -> None:
        self.open: tuple[float, bool] | None = None
        self.writes: list[float] = []
        sa.event.listen(engine, "begin", self._begin)
        sa.event.listen(engine, "commit", self._end)
        sa.event.listen(engine, "rollback", self._end)

    def _begin(self, _connection) -> None:
        self.open = (time.perf_counter(), begins_writing())

    def _end(self, _connection) -> None:
        if self.open is not None:
            started, writing = self.open
            if writing:
                self.writes.append(time.perf_counter() - started)
        self.open = None

    def longest_write(self) -> float:
        """The longest write transaction since the last call, in seconds."""
        longest, self.writes = max(self.writes, default=0.0), []
        return longest


def apply_as_upload(app, transactions: Transactions, label: str, decks: list[BankDeck]) -> None:
    """Upload ``decks`` as one file and apply it as the instructor's apply button does."""
    data = dump_decks(decks).encode()
    with app.app_context():
        user = db.session.scalar(sa.select(User.id).where(User.username == "bench"))
        if user is None:
            user = create_user("bench", "bench password", role=Role.INSTRUCTOR).id
        upload, problems = start_bank_upload(user, f"{label}.yaml", data)
        assert upload is not None, problems.errors[:3]
        upload_id = upload.id
        db.session.remove()
    transactions.longest_write()
    with app.test_request_context(f"/instructor/uploads/{upload_id}/apply", method="POST"):
        started = time.perf_counter()
        result = apply_upload(upload_id, now=utcnow())
        total = time.perf_counter() - started
        db.session.remove()
    print(
        f"{'apply upload, ' + label:<42} {total:6.2f} s; write transaction open "
        f"{transactions.longest_write():.3f} s (target under 1 s)  {result.summary()[:60]}"
    )


def timed(label: str, fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"{label:<42} {time.perf_counter() - started:6.2f} s")
    return result


#: What each format cannot hold, so that a round trip is compared on the rest.
SUFFIXES = {"yaml": "yaml", "csv": "csv", "tsv": "tsv", "apkg": "apkg", "gift": "gift", "moodle-xml": "xml"}


def anki_package(notes: int, images: int, folder: Path) -> bytes:
    """An .apkg built with genanki: ``notes`` Basic notes, ``images`` of them showing an image of their own."""
    import random

    import genanki

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    deck = genanki.Deck(2_000_000_001, "Bench::Anki")
    paths = []
    for n in range(notes):
        front = f"Question {n}: what is the value recorded for item {n}?"
        if n < images:
            path = folder / f"image-{n}.png"
            path.write_bytes(b"\x89PNG\r\n\x1a\n" + rng.randbytes(20_000))
            paths.append(str(path))
            front += f'<br><img src="{path.name}">'
        fields = [front, f"Answer <b>{n}</b>"]
        deck.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=fields, tags=[f"t{n % 7}"], guid=f"bench{n}"))
    out = folder / "bench.apkg"
    genanki.Package(deck, media_files=paths).write_to_file(str(out))
    return out.read_bytes()


def quizlet_csv(rows: int) -> bytes:
    """A 'front, back' CSV as Quizlet exports it, one row per card."""
    return "".join(f'"Term {n}, as written",Definition of term {n}\n' for n in range(rows)).encode()


def formats(app, root: Path, questions: int) -> None:
    decks = generate(questions)
    yaml = dump_decks(decks).encode()
    with app.app_context():
        started = time.perf_counter()
        read("bank.yaml", yaml)
        reference = time.perf_counter() - started
        print(f"{'reference: validate the same bank as YAML':<42} {reference:6.2f} s")

        data = quizlet_csv(questions)
        started = time.perf_counter()
        bank, _, problems = read_bank([read_file("cards.csv", data)])
        result = apply_import(bank, now=utcnow())
        took = time.perf_counter() - started
        assert not problems.errors, problems.errors[:3]
        print(
            f"{f'{questions:,}-row CSV: read, check, import':<42} {took:6.2f} s  (target under 2 s)  "
            f"{took / reference:.2f}x YAML  {result.summary()[:40]}"
        )

        package = anki_package(questions, 500, root / "anki")
        started = time.perf_counter()
        bank, media, problems = read_bank([read_file("bench.apkg", package)])
        result = apply_import(bank, now=utcnow())
        took = time.perf_counter() - started
        assert not problems.errors, problems.errors[:3]
        print(
            f"{f'.apkg, {questions:,} notes, {len(media)} images':<42} {took:6.2f} s  (target under 10 s)  "
            f"{took / reference:.2f}x YAML  {len(package) / 1e6:.1f} MB  {result.summary()[:40]}"
        )

    for fmt, suffix in SUFFIXES.items():
        started = time.perf_counter()
        exported = write_bank(decks, fmt)
        written = time.perf_counter() - started
        started = time.perf_counter()
        back = read(f"bank.{suffix}", exported.data)
        reread = time.perf_counter() - started
        assert not back.problems.errors, back.problems.errors[:3]
        same = back.decks == tuple(decks)
        print(
            f"{f'round trip {fmt}':<42} {written:6.2f} s out, {reread:5.2f} s in  "
            f"{'identical' if same else 'DIFFERENT'}  {len(exported.data) / 1e6:.1f} MB, {len(exported.notes)} notes"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--no-formats", dest="formats", action="store_false", help="Skip the other tools' formats.")
    parser.add_argument("--only-formats", action="store_true", help="Only the other tools' formats.")
    args = parser.parse_args(argv)
    if args.only_formats:
        with tempfile.TemporaryDirectory(prefix="quiz-bench-formats-") as tmp:
            root = Path(tmp)
            formats(_app(root), root, args.questions)
        return
    with tempfile.TemporaryDirectory(prefix="quiz-bench-bank-") as tmp:
        root = Path(tmp)
        files = write(root / "bank", generate(args.questions))
        edited = write(root / "edited", generate(args.questions, edit=10))
        size = sum(p.stat().st_size for p in files.iterdir())
        print(f"{args.questions:,} questions in {len(list(files.iterdir()))} files, {size / 1e6:.1f} MB of YAML")
        app = _app(root)
        with app.app_context():
            timed("validate", load_bank, [files])
            started = time.perf_counter()
            bank = load_bank([files])
            first = apply_import(bank, now=utcnow())
            total = time.perf_counter() - started
            print(f"{'validate + first import':<42} {total:6.2f} s  (target under 3 s)  {first.summary()}")
            started = time.perf_counter()
            again = apply_import(load_bank([files]), now=utcnow())
            print(
                f"{'validate + no-op re-import':<42} {time.perf_counter() - started:6.2f} s  (target under 1 s)  "
                f"{again.summary()[:60]}"
            )
            started = time.perf_counter()
            changed = apply_import(load_bank([edited]), now=utcnow())
            print(
                f"{'validate + re-import with edits':<42} {time.perf_counter() - started:6.2f} s  "
                f"changed {len(changed.changed):,}, reset {len(changed.reset):,}"
            )
        upload_app = create_app(
            {
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'uploads.sqlite3'}",
                "BANK_SYNC_ON_START": False,
            }
        )
        with upload_app.app_context():
            transactions = Transactions(db.engine)
        size = len(dump_decks(generate(args.questions)).encode())
        print(f"as one uploaded file of {size / 1e6:.1f} MB:")
        apply_as_upload(upload_app, transactions, "first", generate(args.questions))
        apply_as_upload(upload_app, transactions, "with edits", generate(args.questions, edit=10))
        if args.formats:
            with tempfile.TemporaryDirectory(prefix="quiz-bench-formats-") as other:
                formats(_app(Path(other)), Path(other), args.questions)


def _app(root: Path):
    return create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{root / 'quiz.sqlite3'}",
            "BANK_SYNC_ON_START": False,
        }
    )


if __name__ == "__main__":
    main()
