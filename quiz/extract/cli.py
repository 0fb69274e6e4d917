"""The ``bank extract`` and ``bank evaluate`` commands.

``extract`` drafts a deck in YAML from documents; ``evaluate`` measures the
extractor on a corpus of documents with hand answer keys and labels. The app
registers both under its ``bank`` group.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from quiz.extract.corpus import CorpusError, Label, find_seeds_dir, load_corpus, write_labels
from quiz.extract.deck import draft_deck
from quiz.extract.evaluate import Targets, evaluate_document, format_table, shortfalls, summarize
from quiz.extract.questions import slug

__all__ = ["evaluate_command", "extract_command"]


@click.command("extract")
@click.argument("documents", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the deck here instead of to standard output.",
)
@click.option("--deck-id", default=None, help="Deck id (default: from the first document's name).")
@click.option("--title", default=None, help="Deck title (default: from the first document's name).")
def extract_command(documents: tuple[Path, ...], output: Path | None, deck_id: str | None, title: str | None) -> None:
    """Draft a question deck from plain-text DOCUMENTS (UTF-8)."""
    texts = []
    for path in documents:
        try:
            texts.append((path.name, path.read_text(encoding="utf-8-sig")))  # a BOM is not text
        except UnicodeDecodeError as error:
            raise click.ClickException(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
        except OSError as error:
            raise click.ClickException(f"{path}: cannot read ({error.strerror})") from error
    stem = documents[0].stem
    draft = draft_deck(texts, deck_id=deck_id or slug(stem, words=4), title=title or f"Draft from {stem}")
    text = draft.to_yaml()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
    click.echo(draft.summary(), err=True)


@click.command("evaluate")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--seeds-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of the seed documents (default: $QUIZ_SEEDS_DIR, else shared/seeds beside the checkout).",
)
@click.option("--check", is_flag=True, help="Exit with status 1 when a total falls short of the targets.")
@click.option(
    "--write-missing-labels",
    is_flag=True,
    help='Add a "label: ?" entry for every question without a label to the labels file beside its key.',
)
@click.option("--prune-stale-labels", is_flag=True, help="Drop labels of questions the extractor no longer writes.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every missed key item and every junk question.")
def evaluate_command(
    corpus: Path,
    seeds_dir: Path | None,
    check: bool,
    write_missing_labels: bool,
    prune_stale_labels: bool,
    verbose: bool,
) -> None:
    """Measure the extractor on a CORPUS folder of documents, answer keys and hand labels.

    Prints recall by kind (a key item counts when a question has it as its
    answer and cites its paragraph), the junk rate by the hand labels, the
    questions without a label, and the longest prompt, for each document, for
    each subfolder (the seeds) and in total.
    """
    try:
        cases = load_corpus(corpus, seeds_dir=find_seeds_dir(corpus, seeds_dir))
    except CorpusError as error:
        raise click.ClickException(str(error)) from error
    if not cases:
        raise click.ClickException(f"{corpus}: no answer keys (*.key.yaml) found")
    results = []
    for case in cases:
        result = evaluate_document(case.name, case.document.name, case.text(), case.items, case.labels)
        results.append(result)
        if write_missing_labels or prune_stale_labels:
            missing = [
                Label(q.prompt, q.answer, "?", paragraph=q.paragraphs[0] if q.paragraphs else None)
                for q in result.unlabelled
                if (q.prompt, q.answer) not in case.labels
            ]
            keep = {(q.prompt, q.answer) for q in result.questions} if prune_stale_labels else None
            if (missing and write_missing_labels) or (prune_stale_labels and result.stale):
                added = write_labels(case, missing if write_missing_labels else [], keep=keep)
                click.echo(f"{case.labels_path}: {added} label(s) to fill in", err=True)
    groups = sorted({c.group for c in cases})
    totals = [
        summarize(group or "corpus total", (r for r, c in zip(results, cases, strict=True) if c.group == group))
        for group in groups
    ]
    if len(totals) > 1:
        totals.append(summarize("all", results))
    click.echo(format_table([*results, *totals]))
    targets = Targets()
    for result in results:
        if verbose:
            for item in result.missed:
                click.echo(f"missed  {result.name} paragraph {item.paragraph}: {item.kind} {item.answer!r}")
            for question, label in result.junk:
                click.echo(f"junk    {result.name}: {question.prompt} -> {question.answer} ({label.reason})")
        for question in result.unlabelled:
            click.echo(f"no label {result.name}: {question.prompt} -> {question.answer}")
        for question in result.questions:
            if question.words > targets.max_words:
                click.echo(f"long    {result.name}: {question.words} words: {question.prompt}")
        if result.stale:
            click.echo(f"stale   {result.name}: {len(result.stale)} label(s) match no question now")
    problems = [p for total in totals[: len(groups)] for p in shortfalls(total, targets)]
    for problem in problems:
        click.echo(f"below target: {problem}", err=True)
    if check and problems:
        sys.exit(1)
