"""`python -m analysis`: the Örebro staircase in Markdown (the issue's acceptance command), JSON,
the rank table, and plain messages for bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def orebro_md(full_store_path) -> list[str]:
    env = {**os.environ, "TRAPPAN_DB": str(full_store_path)}
    cmd = [sys.executable, "-m", "analysis", "staircase", "--municipality", "1880", "--kpi", "N15419"]
    cmd += ["--year", "2019", "--gender", "T", "--format", "md"]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


@pytest.mark.parametrize(
    "line",
    [
        "# Analystrappan: Örebro – Elever i åk 9 som uppnått betygskriterierna i alla ämnen, kommunala skolor, andel (%)",
        "- Värde 2019: **69,6 %**",
        "- Sedan 2018: +4,0 procentenheter (från 65,6 %), +6,1 %",
        "- **Utveckling 2016–2019: försämras (−1,5 procentenheter mot medel 2016–2018)** "
        "(stabil inom ±1,4 procentenheter)",
        "- Trend (minsta kvadrat, 5 år): −0,7 procentenheter per år",
        "| 2019 | 69,6 | 72,0 | 67,3 | 73,4 | 73,6 |",
        "- Kvinnor 72,0 %, män 67,3 %: skillnad K − M +4,7 procentenheter (män/pojkar har sämre värde)",
        "Plats **177 av 290** kommuner (mellersta 50 %, percentil 39).",
        "| Liknande kommuner grundskola (2024) ◀ | 7 | 73,6 | 71,4 | 66,6 | 81,2 | 6 av 8 |",
        "| Örebro läns kommuner | 12 | 64,2 | 64,1 | 51,0 | 71,0 | 3 av 12 |",
        "| Riket | 1 | 73,4 | – | – | – | – |",
        "- Mål: inget mål att bedöma mot (sätt mål eller en regel för området på sidan Data)",
        "**Vit – uppgift saknas eller inte kan bedömas** (inget mål att bedöma mot)",
        "- Jämförelse, inte mål: 69,6 % mot medel för Liknande kommuner grundskola (2024) 73,6 % "
        "(−4,0 procentenheter).",
    ],
)
def test_orebro_markdown_key_lines(orebro_md, line):
    assert line in orebro_md


def test_orebro_markdown_narrative(orebro_md):
    text = "\n".join(orebro_md)
    assert "i Örebro var 69,6 % år 2019, 4,0 procentenheter högre än 2018 (65,6 %)" in text
    assert "hamnar Örebro på plats 177 av 290 (mellersta 50 %)" in text
    assert "Liknande kommuner grundskola (2024): 73,6 % i snitt, Örebro plats 6 av 8" in text


def test_staircase_json(full_store_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAPPAN_DB", str(full_store_path))
    args = ["staircase", "--municipality", "1880", "--kpi", "N15419", "--year", "2019", "--format", "json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    lik = next(p for p in data["peers"] if p["key"] == "liknande")
    assert (data["rank"]["rank"], data["gender_gap"]["worse"], round(lik["mean"], 1)) == (177, "M", 73.6)
    assert {"municipality_id": "1880", "title": "Örebro", "year": 2019, "gender": "K", "value": 72.0} in data["series"]
    assert (data["target"], data["assessment"]["status"], data["assessment"]["basis"]) == (None, "white", "no_target")


def test_staircase_json_in_english_words_the_reasons_in_english(full_store_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAPPAN_DB", str(full_store_path))
    args = ["staircase", "--municipality", "1880", "--kpi", "N15419", "--year", "2019", "--format", "json"]
    assert main([*args, "--lang", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    texts = [r["text"] for r in data["assessment"]["reasons"]]
    assert texts[0] == "No target to assess against – set an own target or a rule for the area on the Data page."
    assert "Alla kommuner" not in json.dumps(data, ensure_ascii=False)
    assert next(p for p in data["peers"] if p["key"] == "alla")["label"] == "All municipalities"


def test_rank_csv(full_store_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAPPAN_DB", str(full_store_path))
    assert main(["rank", "--kpi", "N15419", "--year", "2019", "--gender", "T", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    orebro = next(r for r in rows if r["municipality_id"] == "1880")
    assert (len(rows), rows[0]["title"], orebro["rank"], orebro["quartile"]) == (290, "Älvsbyn", "177", "yellow")


def test_rank_json_k(full_store_path, monkeypatch, capsys):
    # girls 2019: Örebro 72.0; 193 municipalities above → rank 194 of 287 (4·194 = 776 ≤ 861 → yellow)
    monkeypatch.setenv("TRAPPAN_DB", str(full_store_path))
    assert main(["rank", "--kpi", "N15419", "--year", "2019", "--gender", "k", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    orebro = next(r for r in rows if r["municipality_id"] == "1880")
    assert (orebro["rank"], orebro["n"], orebro["quartile"]) == (194, 287, "yellow")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["staircase", "--municipality", "9999", "--kpi", "N15419", "--year", "2019"], "Kommunkoden 9999 finns inte."),
        (["staircase", "--municipality", "1880", "--kpi", "X0", "--year", "2019"], "Nyckeltalet X0 finns inte"),
        (["rank", "--kpi", "X0", "--year", "2019"], "Nyckeltalet X0 finns inte"),
    ],
)
def test_bad_input_plain_message(full_store_path, monkeypatch, capsys, args, message):
    monkeypatch.setenv("TRAPPAN_DB", str(full_store_path))
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
