"""Parameterised runs with papermill. papermill has no translator for a language named
`convlab`, so `--language python` writes the injected cell in Python, which ConvLang
reads. The fixture notebook's `parameters` cell says stride = 2, padding = 0; the run
injects stride 3 and padding 2, and the later cells use them: the output size is
experiment E6's, whose .out PyTorch printed for the same layer on a 32x32 input:
(32 - 1)*3 - 2*2 + 3 = 92."""
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "tests" / "notebooks" / "fixtures" / "parameters.ipynb"
E6 = ROOT / "Tests" / "ConvLangTests" / "Fixtures" / "experiments" / "E06_stride_inserts_zeros.out"


def papermill(output, *options):
    return subprocess.run(
        [sys.executable, "-m", "papermill", str(NOTEBOOK), str(output), "-k", "convlab", *options],
        capture_output=True, text=True, timeout=300,
    )


def stdout_of(cell):
    return "".join(output["text"] for output in cell.outputs if output["output_type"] == "stream" and output["name"] == "stdout")


def test_papermill_with_language_python_injects_parameters_the_later_cells_use(tmp_path):
    run = papermill(tmp_path / "out.ipynb", "--language", "python", "-p", "stride", "3", "-p", "padding", "2")
    assert run.returncode == 0, run.stderr[-3000:]
    notebook = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    tags = [cell.metadata.get("tags", []) for cell in cells]
    assert tags[:2] == [["parameters"], ["injected-parameters"]]
    assert "stride = 3\npadding = 2" in cells[1].source
    assert all(cell.metadata.papermill.status == "completed" for cell in cells)
    assert stdout_of(cells[2]) == "3 2\n"
    assert stdout_of(cells[3]) == E6.read_text() == "torch.Size([1, 1, 92, 92])\n"


def test_without_language_python_papermill_has_no_translator_for_convlab(tmp_path):
    run = papermill(tmp_path / "out.ipynb", "-p", "stride", "3")
    assert run.returncode != 0
    assert "No parameter translator functions specified for kernel 'convlab' or language 'convlab'" in run.stderr
