"""Exported lessons run in Jupyter: ``jupyter nbconvert --to notebook --execute`` on each gives the
outputs ``nnrepl export`` wrote (the lessons are seeded), and nbconvert highlights the cells."""

import json
import pathlib
import re
import shutil
import subprocess

import nbformat
import pytest

from conftest import ROOT

LESSONS = sorted((ROOT / "lessons").glob("[0-9]*.nn"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A folder with the lessons' data beside the notebooks, as beside the lessons."""
    place = tmp_path_factory.mktemp("notebooks")
    shutil.copytree(ROOT / "lessons" / "data", place / "data")
    return place


def export(nnrepl, lesson, folder):
    notebook = folder / (lesson.stem + ".ipynb")
    result = subprocess.run([nnrepl, "export", str(lesson), "--to", str(notebook)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return notebook


def outputs(cell):
    """A cell's outputs as what they show: runs of text (streams, and the text beside HTML), and
    SVG images. The export writes one text block where the kernel sends a stream per line and
    HTML for matrices; both show the same text."""
    shown, text = [], []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            text.append(output["text"])
        elif "image/svg+xml" in output.get("data", {}):
            if text:
                shown.append(("text", "".join(text).rstrip("\n")))
                text = []
            shown.append(("svg", output["data"]["image/svg+xml"]))
        elif output["output_type"] in ("display_data", "execute_result"):
            text.append(output["data"]["text/plain"].rstrip("\n") + "\n")
        else:
            shown.append((output["output_type"], json.dumps(output)))
    if text:
        shown.append(("text", "".join(text).rstrip("\n")))
    return [(kind, without_locations(value)) for kind, value in shown]


def without_locations(text):
    """A warning names the lesson's file and line in an export and the cell's in the kernel
    (``lessons/04-gradient-descent.nn:71:1:`` against ``In [7]:7:1:``): compare the rest."""
    text = re.sub(r"^(In \[[ \d]*\]|\S+):\d+:\d+: (warning|error):", r"\2:", text, flags=re.M)
    return re.sub(r"^  *\d* \| ", " | ", text, flags=re.M)


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.stem for lesson in LESSONS])
def test_exported_lesson_runs_with_the_same_outputs(nnrepl, lesson, folder):
    notebook = export(nnrepl, lesson, folder)
    executed = folder / (lesson.stem + ".run.ipynb")
    result = subprocess.run(
        ["jupyter", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600",
         str(notebook), "--output", executed.name],
        capture_output=True, text=True, timeout=900, cwd=folder,
    )
    assert result.returncode == 0, result.stderr
    exported, ran = nbformat.read(notebook, as_version=4), nbformat.read(executed, as_version=4)
    assert ran.metadata["language_info"] == exported.metadata["language_info"]
    codes = [(a, b) for a, b in zip(exported.cells, ran.cells) if a.cell_type == "code"]
    assert codes and len(exported.cells) == len(ran.cells)
    for number, (a, b) in enumerate(codes, start=1):
        assert outputs(b) == outputs(a), f"code cell {number}:\n{a.source}"


def test_notebook_metadata_is_what_the_kernel_answers(nnrepl, folder):
    notebook = nbformat.read(export(nnrepl, LESSONS[0], folder), as_version=4)
    served = subprocess.run(
        [nnrepl, "--serve"], input='{"id": "1", "type": "info"}\n', capture_output=True, text=True, timeout=60
    )
    info = json.loads(served.stdout.splitlines()[0])
    assert notebook.metadata["language_info"] == info["language_info"]
    assert notebook.metadata["kernelspec"] == {"display_name": "nnrepl", "language": "nnrepl", "name": "nnrepl"}


def test_nbconvert_highlights_cells_with_the_lexer(nnrepl, folder):
    notebook = export(nnrepl, LESSONS[0], folder)
    result = subprocess.run(
        ["jupyter", "nbconvert", "--to", "html", str(notebook), "--output", "highlighted"],
        capture_output=True, text=True, timeout=300, cwd=folder,
    )
    assert result.returncode == 0, result.stderr
    assert "No lexer found" not in result.stderr
    page = (folder / "highlighted.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="k">layer</span>', page)
