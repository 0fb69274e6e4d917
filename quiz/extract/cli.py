"""The ``bank extract`` command: documents to a draft deck in YAML.

Registered by the app under its ``bank`` group as
``bank.add_command(extract_command, "extract")``.
"""

from __future__ import annotations

from pathlib import Path

import click

from quiz.extract.deck import draft_deck
from quiz.extract.questions import slug

__all__ = ["extract_command"]


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
