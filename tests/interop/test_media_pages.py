"""Rich text and media as learners see them: rendered pages, the media route and zipped uploads."""

from __future__ import annotations

import io
import re
import textwrap
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from quiz.extensions import db
from quiz.models import DeckMedia, MediaFile, Role, Upload
from quiz.services.accounts.users import create_user
from tests.support import PASSWORD, Accounts, Studier, csrf_token, make_bank_dir

MAP = b"\x89PNG\r\n\x1a\n" + b"a map of the coast" * 10
OTHER_MAP = b"\x89PNG\r\n\x1a\n" + b"another map" * 10
RICH_BANK = textwrap.dedent(
    """\
    deck:
      id: test-deck
      title: Test deck
    questions:
      - id: port-choice
        type: choice
        kind: name
        prompt: "Which **port** is circled? ![A map of the coast with one port circled](media/map.png)"
        answer: "*Klaipeda*"
        choices: ["*Klaipeda*", "Riga", "Tallinn"]
        explanation: "It lies at $55.7^\\\\circ$ N, on the *Curonian Lagoon*."
    """
)


@pytest.fixture
def bank_dir(tmp_path: Path, template_db: Path) -> Path:
    folder = make_bank_dir(tmp_path / "bank", RICH_BANK)
    (folder / "media").mkdir()
    (folder / "media" / "map.png").write_bytes(MAP)
    return folder


@pytest.fixture
def learner(client):
    Accounts(client).register("ada")
    return client


def image_url(html: bytes) -> str:
    alt = b"A map of the coast with one port circled"
    match = re.search(rb'<img src="(/media/[0-9a-f]{64}/map\.png)" alt="' + alt + b'">', html)
    assert match, html.decode()[:3000]
    return match.group(1).decode()


def test_a_question_shows_its_markdown_image_and_math_and_the_plain_answer_is_right(learner):
    card = Studier(learner).card()
    assert card["prompt"].startswith("Which <strong>port</strong> is circled? <img src=")
    html = card["html"]
    assert b"<span><em>Klaipeda</em></span>" in html  # the choice as learners read it
    assert b'value="*Klaipeda*"' in html  # and as the form sends it back
    answered = learner.post(
        "/study/answer",
        data={"csrf_token": card["csrf"], "question": card["question"], "reps": card["reps"], "answer": "*Klaipeda*"},
        follow_redirects=True,
    )
    assert b"Correct." in answered.data
    assert b"Answer: <strong><em>Klaipeda</em></strong>" in answered.data
    assert b'<p class="explanation">It lies at <span class="math inline"><math' in answered.data
    assert b"<em>Curonian Lagoon</em>" in answered.data
    assert b"<script" not in answered.data.replace(b'<script src="/static/', b"")


def test_media_is_served_by_content_with_long_cache_headers_only_to_signed_in_users(learner, client):
    url = image_url(Studier(learner).card()["html"])
    served = learner.get(url)
    assert served.status_code == 200
    assert served.data == MAP
    assert served.mimetype == "image/png"
    assert served.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert learner.get(url, headers={"If-None-Match": served.headers["ETag"]}).status_code == 304
    # Another name for the same bytes, a digest no deck uses, and a bad digest are all unknown.
    assert learner.get(url.replace("map.png", "other.png")).status_code == 404
    assert learner.get("/media/" + "0" * 64 + "/map.png").status_code == 404
    assert learner.get("/media/" + "Z" * 64 + "/map.png").status_code == 404
    Accounts(learner).logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_a_changed_image_gets_a_new_address_and_is_stored_once(app, runner, bank_dir, query):
    (bank_dir / "media" / "map.png").write_bytes(OTHER_MAP)
    result = runner.invoke(args=["bank", "import", str(bank_dir)])
    assert result.exit_code == 0, result.output
    assert "images and sounds added, changed or dropped: 1" in result.output
    digests = query(lambda s: s.scalars(sa.select(DeckMedia.sha256)).all())
    assert len(digests) == 1
    assert query(lambda s: s.get(MediaFile, digests[0]).data) == OTHER_MAP
    again = runner.invoke(args=["bank", "import", str(bank_dir)])
    assert "unchanged 1" in again.output and "images" not in again.output


def test_an_old_plain_prompt_with_a_cloze_renders_as_before(client, runner, tmp_path):
    plain = tmp_path / "plain.yaml"
    plain.write_text(
        "deck: {id: test-deck, title: Test deck}\nquestions:\n"
        "  - {id: c, type: cloze, prompt: 'AT&T <b> was founded in {{1885}} by {{Vail}}.'}\n"
    )
    assert runner.invoke(args=["bank", "import", str(plain)]).exit_code == 0
    Accounts(client).register("bo")
    card = Studier(client).card()
    assert card["prompt"] == "AT&amp;T &lt;b&gt; was founded in _____ by _____."


# --- zipped bank uploads ----------------------------------------------------------


@pytest.fixture
def instructor(app, client):
    with app.app_context():
        create_user("teach", PASSWORD, role=Role.INSTRUCTOR)
        db.session.remove()
    Accounts(client).login("teach")
    return client


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def upload(client, name: str, data: bytes):
    token = csrf_token(client.get("/instructor/upload").data)
    return client.post(
        "/instructor/upload",
        data={"csrf_token": token, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_a_zipped_bank_uploads_with_its_media_and_applies(instructor, query):
    bank = RICH_BANK.replace("test-deck", "ports").replace("port-choice", "zipped-port")
    archive = zipped({"ports/deck.yaml": bank.encode(), "ports/media/map.png": OTHER_MAP})
    response = upload(instructor, "ports.zip", archive)
    assert response.status_code == 303, response.data.decode()[:3000]
    stored = query(lambda s: s.scalars(sa.select(Upload)).one())
    assert set(stored.media) == {"map.png"}
    preview = instructor.get(response.headers["Location"])
    # The instructor may look at the upload's image before applying it; a learner may not.
    url = f"/media/{stored.media['map.png']}/map.png"
    assert instructor.get(url).data == OTHER_MAP
    applied = instructor.post(response.headers["Location"] + "/apply", data={"csrf_token": csrf_token(preview.data)})
    assert applied.status_code == 303
    names = query(lambda s: s.execute(sa.select(DeckMedia.name, DeckMedia.sha256)).all())
    assert ("map.png", stored.media["map.png"]) in names


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"../deck.yaml": RICH_BANK.encode()}, "a file name outside the archive"),
        ({"/etc/deck.yaml": RICH_BANK.encode()}, "a file name outside the archive"),
        ({"deck.yaml": RICH_BANK.encode()}, "bank.zip/deck.yaml:8:41: error: media file &#39;map.png&#39; is missing"),
        ({"notes.pdf": b"%PDF"}, "the archive holds no bank file"),
        ({"deck.yaml": RICH_BANK.encode(), "media/map.png": b"\0" * 10_000_000}, "zip bomb"),
        ({"deck.yaml": RICH_BANK.encode(), "media/map.png": bytes(range(256)) * 70_000}, "the limit is 16 MB"),
    ],
)
def test_hostile_or_broken_zips_change_nothing(instructor, query, files, message):
    response = upload(instructor, "bank.zip", zipped(files))
    assert response.status_code == 200
    assert message in response.data.decode()
    assert query(lambda s: s.scalar(sa.select(sa.func.count()).select_from(Upload))) == 0


@pytest.mark.parametrize("fmt", ["csv", "apkg", "moodle-xml", "yaml"])
def test_exports_carry_the_deck_images_and_import_back_unchanged(runner, tmp_path, fmt):
    out = tmp_path / "out" / f"bank.{ {'moodle-xml': 'xml', 'apkg': 'apkg'}.get(fmt, fmt) }"
    out.parent.mkdir()
    result = runner.invoke(args=["bank", "export", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    if fmt in ("csv", "yaml"):  # formats without files of their own get a media/ folder beside them
        assert (out.parent / "media" / "map.png").read_bytes() == MAP
    again = runner.invoke(args=["bank", "import", str(out)])
    assert again.exit_code == 0, again.output
    assert "added 0, changed 0, retired 0, revived 0, unchanged 1" in again.output
    assert "images" not in again.output
