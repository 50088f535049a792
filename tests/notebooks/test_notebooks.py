"""The notebooks under notebooks/: each one executes on the installed ConvLab kernel with
nbclient, every experiment of the articles (E1-E18) gives the output its script under
Tests/ConvLangTests/Fixtures/experiments gives, pictures reach the notebook as SVG, and
the committed notebooks hold the outputs a fresh run produces."""
import copy
import functools
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPERIMENTS = ROOT / "Tests" / "ConvLangTests" / "Fixtures" / "experiments"
EXPERIMENT_IDS = [f"E{n}" for n in range(1, 19)]


@functools.cache
def executed(path):
    """The notebook at `path`, executed afresh on the ConvLab kernel (cells tagged
    `raises-exception` may fail; any other error fails the run)."""
    notebook = nbformat.read(path, as_version=4)
    fresh = copy.deepcopy(notebook)
    NotebookClient(fresh, kernel_name="convlab", timeout=120).execute()
    return fresh


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def tags(cell):
    return cell.metadata.get("tags", [])


def expected_output(experiment):
    (script,) = EXPERIMENTS.glob(f"E{int(experiment[1:]):02d}_*.py")
    return script.with_suffix(".out").read_text(), script.with_suffix(".err").read_text()


def test_there_is_a_tour_one_notebook_per_article_the_models_and_the_gradients():
    names = [path.name for path in NOTEBOOKS]
    assert names[0] == "00-tour.ipynb"
    assert [name[:3] for name in names] == ["00-", "01-", "02-", "03-", "04-", "05-", "06-", "07-"]
    assert names[-2:] == ["06-models-and-shapes.ipynb", "07-transposed-conv-is-a-gradient.ipynb"]
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert notebook.metadata.kernelspec.name == "convlab"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_without_errors(path):
    notebook = executed(path)
    for cell in code_cells(notebook):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        stderr = [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
        assert not stderr, (cell.source, stderr)
        if "raises-exception" in tags(cell):
            assert len(errors) == 1, cell.source
        else:
            assert not errors, (cell.source, errors)


@pytest.mark.parametrize("experiment", EXPERIMENT_IDS)
def test_experiment_gives_the_articles_result(experiment):
    """Every experiment is in some notebook, and in each notebook that has it, the tagged
    cells print exactly what the experiment's script prints (shapes, exact values, and
    seeded random values, which are PyTorch's bit for bit), or fail with its error."""
    out, err = expected_output(experiment)
    found = 0
    for path in NOTEBOOKS:
        cells = [cell for cell in code_cells(executed(path)) if experiment in tags(cell)]
        if not cells:
            continue
        found += 1
        printed = "".join(o.text for cell in cells for o in cell.outputs
                          if o.output_type == "stream" and o.name == "stdout")
        assert printed == out, path.name
        errors = [o for cell in cells for o in cell.outputs if o.output_type == "error"]
        if err:
            assert [f"{e.ename}: {e.evalue}" for e in errors] == [err.splitlines()[0]], path.name
            # The traceback carries the caret under the failing call, as in a console.
            assert "^~~~" in "\n".join(errors[0].traceback)
        else:
            assert not errors
    assert found, f"no notebook has a cell tagged {experiment}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_pictures_are_svg(path):
    """diagram and animate cells carry image/svg+xml beside their text; explain of a
    1-D or 2-D operation also displays the diagram."""
    pictures = 0
    for cell in code_cells(executed(path)):
        if not re.match(r"(diagram|animate|explain)\(", cell.source):
            continue
        pictures += 1
        bundles = [o.data for o in cell.outputs if o.output_type in ("display_data", "execute_result")]
        svgs = [b["image/svg+xml"] for b in bundles if "image/svg+xml" in b]
        assert svgs, cell.source
        assert all(svg.lstrip().startswith("<svg") and "<title" in svg for svg in svgs)
        assert all("text/plain" in b for b in bundles)
        if cell.source.startswith("animate("):
            assert "<animateTransform" in svgs[0]
    assert pictures > 0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_holds_a_fresh_runs_outputs(path):
    """Notebooks are committed executed (`make notebooks`), so they read well on a code
    host; their stored text equals what a fresh run prints now."""
    committed = code_cells(nbformat.read(path, as_version=4))
    fresh = code_cells(executed(path))
    assert [c.source for c in committed] == [c.source for c in fresh]
    for stored, now in zip(committed, fresh):
        assert stored.execution_count is not None, stored.source
        assert texts(stored) == texts(now), stored.source


def texts(cell):
    """A cell's outputs as text: streams, text/plain of results and displays, errors."""
    parts = []
    for o in cell.outputs:
        if o.output_type == "stream":
            parts.append((o.name, o.text))
        elif o.output_type == "error":
            parts.append((o.ename, o.evalue))
        else:
            parts.append((o.output_type, o.data.get("text/plain"), sorted(o.data)))
    return parts


# Notebooks whose every cell but ConvLab's own commands runs under CPython and PyTorch
# too: `scripts/generate_notebook_fixtures.py` records what PyTorch prints for them.
PYTORCH_NOTEBOOKS = {"06-models-and-shapes": 6, "07-transposed-conv-is-a-gradient": 12}
CONVLAB_ONLY = ("explain(", "diagram(")


@pytest.mark.parametrize("name", PYTORCH_NOTEBOOKS)
def test_notebook_prints_what_pytorch_prints(name):
    """The cells of 06-models-and-shapes (classes, shape walks, parameter counts) and of
    07-transposed-conv-is-a-gradient (gradients against transposed convolutions and
    convolutions, d2l's kernel learned by gradient descent, the checkerboard) give, on
    ConvLab, what the same cells give under CPython and PyTorch (every cell but the
    `explain` and `diagram` ones, which are ConvLab's own), as
    `scripts/generate_notebook_fixtures.py` recorded them."""
    import json

    expected = json.loads((ROOT / "tests" / "notebooks" / "fixtures" / f"{name}.json").read_text())
    cells = [c for c in code_cells(executed(ROOT / "notebooks" / f"{name}.ipynb"))
             if not any(command in c.source for command in CONVLAB_ONLY)]
    assert [c.source for c in cells] == [e["source"] for e in expected["cells"]], "regenerate the fixture"
    for cell, want in zip(cells, expected["cells"]):
        printed = "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")
        results = [o.data["text/plain"] for o in cell.outputs if o.output_type == "execute_result"]
        assert printed == want["stdout"], cell.source
        assert results == ([] if want["value"] is None else [want["value"]]), cell.source
    assert len(cells) >= PYTORCH_NOTEBOOKS[name]


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if "explore(" in p.read_text()], ids=lambda p: p.name)
def test_explore_cells_are_saved_with_their_widget_state(path):
    """`explore` cells show a widget view with the text picture as fallback, and the
    committed notebook carries the widgets' state (saved by nbclient), so a viewer or an
    HTML export shows the last picture: every displayed model is there, with its sliders
    and the panel's SVG."""
    notebook = nbformat.read(path, as_version=4)
    state = notebook.metadata["widgets"][WIDGET_STATE]
    assert (state["version_major"], state["version_minor"]) == (2, 0)
    models = state["state"]
    cells = [c for c in code_cells(notebook) if c.source.startswith("explore(")]
    assert cells
    for cell in cells:
        (view,) = [o.data for o in cell.outputs if o.output_type == "display_data" and WIDGET_VIEW in o.data]
        assert "the sliders need a notebook" in view["text/plain"]
        box = models[view[WIDGET_VIEW]["model_id"]]
        assert box["model_name"] == "VBoxModel"
        shown = reachable(models, view[WIDGET_VIEW]["model_id"])
        names = [models[m]["model_name"] for m in shown]
        assert "PlayModel" in names and names.count("IntSliderModel") >= 6
        panels = [models[m]["state"]["value"] for m in shown if models[m]["model_name"] == "HTMLModel"]
        assert len(panels) == 1 and "<svg" in panels[0] and "torch.Size(" in panels[0]


def reachable(models, model_id):
    """The models a view shows: the box and, through its children, everything inside."""
    seen, stack = [], [model_id]
    while stack:
        current = stack.pop()
        if current in seen or current not in models:
            continue
        seen.append(current)
        for child in models[current]["state"].get("children", []):
            stack.append(child.removeprefix("IPY_MODEL_"))
    return seen
