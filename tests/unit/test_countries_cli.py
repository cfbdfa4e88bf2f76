"""The list command: `python -m analysis.countries [FILE]` (and `make resolve FILE=...`).

Expected rows are written by hand (ISO 3166-1 codes, English short names of countries.csv).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis import paths  # noqa: E402
from analysis.countries import main  # noqa: E402

HEADER = "name\tiso3\trule\tstatus\tdetail"


def run_module(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}  # output must be UTF-8 whatever the terminal says
    return subprocess.run([sys.executable, "-m", "analysis.countries", *args], cwd=ROOT, input=stdin,
                          capture_output=True, env=env, timeout=120)


@pytest.fixture
def names_file(tmp_path):
    def write(content: bytes, name: str = "names.txt") -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write


def test_a_file_with_bom_comments_blank_lines_and_crlf(names_file, capsys):
    path = names_file("\ufeff# Turquesa-style list\r\nEstados Unidos\r\n\r\n  República Dominicana  \r\n"
                      "# done\r\nBermudas (Reino Unido)\r\nKorea (Rep.)\r\nBHS\r\n".encode())
    assert main([str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        HEADER,
        "Estados Unidos\tUSA\ttranslation:es\tok\tUnited States",
        "República Dominicana\tDOM\ttranslation:es\tok\tDominican Republic",
        "Bermudas (Reino Unido)\tBMU\tterritory-form\tok\tBermuda; territory of United Kingdom (GBR)",
        "Korea (Rep.)\tKOR\tqualifier-form\tok\tSouth Korea",
        "BHS\tBHS\tcode\tok\tBahamas",
    ]
    assert err == ""


def test_unresolved_names_give_one_line_each_and_exit_1(names_file, capsys):
    path = names_file("Niger\nCongo\nAtlantis\nBermuda (France)\nNigéria\n".encode())
    assert main([str(path)]) == 1
    out, err = capsys.readouterr()
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows[0] == HEADER.split("\t")
    assert [(r[0], r[1], r[2], r[3]) for r in rows[1:]] == [
        ("Niger", "NER", "iso-name", "ok"),
        ("Congo", "", "", "ambiguous"),
        ("Atlantis", "", "", "unknown"),
        ("Bermuda (France)", "", "", "mismatch"),
        ("Nigéria", "NGA", "iso-name", "ok"),
    ]
    assert rows[2][4] == "candidates: COD (Democratic Republic of the Congo); COG (Republic of the Congo)"
    assert rows[3][4].startswith("suggestions: ")
    assert "BMU" in rows[4][4] and "FRA" in rows[4][4]
    lines = err.splitlines()
    assert len(lines) == 4  # one per failing name, then a count
    assert lines[0].startswith(f"{path}:2: 'Congo' is ambiguous")
    assert lines[1].startswith(f"{path}:3: unknown country name 'Atlantis'")
    assert lines[2].startswith(f"{path}:4: 'Bermuda (France)'")
    assert lines[3] == "3 of 5 name(s) did not resolve"


def test_language_option(names_file, capsys):
    path = names_file("Estados Unidos\nÉtats-Unis\n".encode())
    assert main([str(path), "--language", "fr"]) == 1
    out, _ = capsys.readouterr()
    assert [line.split("\t")[:4] for line in out.splitlines()[1:]] == [
        ["Estados Unidos", "", "", "unknown"],
        ["États-Unis", "USA", "translation:fr", "ok"],
    ]


def test_participants_rows(names_file, capsys):
    path = names_file("Kenya\nKorea, Rep.\nCuraçao (Netherlands)\n".encode())
    assert main([str(path), "--participants", "liberterra-iv-2026", "https://example.org/a,b"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines() == [
        'liberterra-iv-2026,1,Kenya,KEN,"https://example.org/a,b",false,false,',
        'liberterra-iv-2026,2,"Korea, Rep.",KOR,"https://example.org/a,b",false,false,',
        "liberterra-iv-2026,3,Curaçao (Netherlands),CUW,\"https://example.org/a,b\",false,false,",
    ]
    # Every column of participants.csv, in its order (the header of the real file).
    header = (paths.DATA_DIR / "participants.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert len(header) == 8 and all(len(next(csv.reader([line]))) == len(header) for line in out.splitlines())


def test_participants_rows_are_not_printed_when_a_name_fails(names_file, capsys):
    path = names_file(b"Kenya\nCongo\n")
    assert main([str(path), "--participants", "x-2026", "https://example.org"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "'Congo' is ambiguous" in err
    assert "no rows printed; for each name above: a real name the resolver does not know gets a row" in err
    assert "is_resolver_exception true and the reason in notes" in err


def test_standard_input_and_utf8_output():
    result = run_module(stdin="Côte d’Ivoire\nPaíses Bajos\n".encode())
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8").splitlines() == [
        HEADER,
        "Côte d’Ivoire\tCIV\talias\tok\tCôte d'Ivoire",
        "Países Bajos\tNLD\ttranslation:es\tok\tNetherlands",
    ]
    assert result.stderr == b""  # in particular no runpy warning about analysis.countries


@pytest.mark.parametrize(
    "content,expected",
    [
        (b"Kenya\nCura\xe7ao\n", "is not UTF-8 text: byte 0xe7 on line 2"),
        (None, "cannot read"),
    ],
)
def test_unreadable_input_is_one_line_and_exit_2(tmp_path, content, expected):
    path = tmp_path / "names.txt"
    if content is not None:
        path.write_bytes(content)
    result = run_module(str(path))
    assert result.returncode == 2
    assert result.stdout == b""
    err = result.stderr.decode()
    assert len(err.splitlines()) == 1 and expected in err and str(path) in err
    assert "Traceback" not in err


def test_a_directory_is_not_a_file(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"error: cannot read {tmp_path}")


def test_help_says_how_to_paste_and_bad_options_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "data/participants.csv" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        main(["--language", "de"])
    assert info.value.code == 2


def test_known_names_lists_the_index(capsys):
    assert main(["--known-names"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "key\tiso3\trule\tlanguage\tlabel"
    assert "republica democratica del congo\tCOD\ttranslation:es\tes\tCongo, República Democrática del" in lines
    assert "holanda\tNLD\talias\t\tHolanda" in lines


def test_make_help_lists_resolve():
    result = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert any(line.split()[0].endswith("resolve") for line in result.stdout.splitlines() if "resolve" in line)
