"""`python -m dashboard.export deck …` end to end: the file a council secretary gets."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.export.deck import overflowing_boxes
from store import queries
from tests.export_samples import has_chromium

ROOT = Path(__file__).resolve().parents[1]
CAPTION = "Källa: Kolada (hämtad 2024-08-31), bearbetning: Trappan"
OREBRO_DECK = ("deck", "--municipality", "1880", "--area", "grundskola", "--year", "2019")


def _run(db: Path, *args: str, **env_extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TRAPPAN_DB": str(db), **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "dashboard.export", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def deck_files(full_store_path, tmp_path_factory):
    if not has_chromium():
        pytest.skip("ingen Chromium på den här maskinen")
    out = tmp_path_factory.mktemp("deck")
    done = _run(
        full_store_path,
        *OREBRO_DECK,
        "--out",
        str(out / "deck.pptx"),
        "--xlsx",
        str(out / "deck.xlsx"),
    )
    assert done.returncode == 0, done.stderr
    return (out / "deck.pptx").read_bytes(), (out / "deck.xlsx").read_bytes()


@pytest.fixture(scope="module")
def headline(full_store):
    return queries.area_kpis(full_store, "grundskola", headline_only=True)


def _texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]


def test_deck_has_title_kpi_and_method_slides(deck_files, headline):
    prs = Presentation(io.BytesIO(deck_files[0]))
    firsts = [_texts(s)[0] for s in prs.slides]
    titles = [" ".join(t.split()) for t in headline["title"]]
    assert firsts == ["Grundskola – Örebro", *titles, "Källor och metod"]


def test_each_kpi_slide_has_one_chart_the_caption_and_notes(deck_files, headline):
    prs = Presentation(io.BytesIO(deck_files[0]))
    kpi_slides = list(prs.slides)[1:-1]
    assert [sum(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in s.shapes) for s in kpi_slides] == [1] * len(headline)
    assert all(CAPTION in _texts(s) for s in kpi_slides)
    assert all(f"({k})" in s.notes_slide.notes_text_frame.text for s, k in zip(kpi_slides, headline["kpi_id"]))


def test_n15419_slide_shows_rank_177_of_290(deck_files):
    # 176 municipalities above Örebro's 69,6 in 2019 (hand-checked in the snapshot)
    slide = Presentation(io.BytesIO(deck_files[0])).slides[1]
    assert any("Rangordning: 177 av 290 (mellersta 50 %)" in t for t in _texts(slide))


def test_deck_text_fits_its_boxes(deck_files):
    assert overflowing_boxes(deck_files[0]) == []


def test_workbook_goes_with_the_deck(deck_files, headline):
    wb = load_workbook(io.BytesIO(deck_files[1]))
    assert wb.sheetnames == [f"{i} {k}" for i, k in enumerate(headline["kpi_id"], 1)] + ["Källor"]
    rows = {r[0]: r for r in wb["1 N15419"].iter_rows(min_row=6, values_only=True)}
    header = [c.value for c in wb["1 N15419"][5]]
    assert rows[2019][header.index("Örebro")] == 69.6  # snapshot: Örebro N15419 2019 T


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--municipality", "9999", "--area", "grundskola"],
            "Fel: Okänd kommun '9999': ange en kommunkod, t.ex. 1880 för Örebro.",
        ),
        (["--municipality", "1880", "--kpi", "N15419,NOPE1"], "Fel: Okända nyckeltal: NOPE1."),
        (
            ["--municipality", "9999", "--area", "grundskola", "--lang", "en"],
            "Error: Unknown municipality '9999': give a municipality code, e.g. 1880 for Örebro.",
        ),
        (["--municipality", "1880", "--kpi", "N15419,NOPE1", "--lang", "en"], "Error: Unknown KPIs: NOPE1."),
    ],
)
def test_bad_input_is_one_plain_line_and_writes_nothing(full_store_path, tmp_path, args, message):
    out = tmp_path / "deck.pptx"
    done = _run(full_store_path, "deck", "--year", "2019", "--out", str(out), *args)
    assert (done.returncode, done.stderr.strip(), out.exists()) == (2, message, False)


def test_wrong_file_suffix_is_refused(full_store_path, tmp_path):
    done = _run(
        full_store_path,
        *OREBRO_DECK,
        "--out",
        str(tmp_path / "deck.pdf"),
    )
    assert (done.returncode, "ska sluta på .pptx" in done.stderr) == (2, True)


def test_the_export_package_runs_without_streamlit():
    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'streamlit': raise ImportError('streamlit')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import dashboard.export.build, dashboard.export.cli\n"
    )
    done = subprocess.run([sys.executable, "-c", blocker], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_without_chromium_the_deck_command_says_so_in_swedish(full_store_path, tmp_path):
    out = tmp_path / "deck.pptx"
    done = _run(full_store_path, *OREBRO_DECK, "--out", str(out), BROWSER_PATH="/nonexistent/chromium")
    assert (done.returncode, "kräver webbläsaren Chromium" in done.stderr, out.exists()) == (2, True, False)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("command", "selection", "out_name", "years"),
    [
        # Örebro's values: grundskola's headline KPIs 1996–2022, N15419 1998–2022 (min/max year in the snapshot)
        ("deck", ["--area", "grundskola"], "x.pptx", "1996–2022"),
        ("excel", ["--area", "grundskola"], "x.xlsx", "1996–2022"),
        ("chart", ["--kpi", "N15419"], "x.png", "1998–2022"),
    ],
)
def test_a_year_without_values_exits_2_and_writes_nothing(
    full_store_path, tmp_path, command, selection, out_name, years
):
    out = tmp_path / out_name
    done = _run(full_store_path, command, "--municipality", "1880", "--year", "2030", *selection, "--out", str(out))
    message = (
        "Fel: Örebro har inga värden år 2030 (totalt) för de valda nyckeltalen, så det finns inget att "
        f"exportera. Välj ett år med värden: {years}."
    )
    assert (done.returncode, done.stderr.strip(), out.exists()) == (2, message, False)


def test_cost_slide_has_whole_kronor(deck_files):
    # N15008 (kr/elev), slide 16: Örebro 2019 111 601,558281 → 111 602; Riket 116 553,291673 → 116 553;
    # difference 111 601,56 − 116 553,29 = −4 951,73 → −4 952
    slide = Presentation(io.BytesIO(deck_files[0])).slides[15]
    texts = " ".join(_texts(slide)).replace("\u00a0", " ")
    assert "Värde 2019: 111 602 kr/elev" in texts
    assert "Riket: 116 553 kr/elev (skillnad −4 952)" in texts
