"""Runs one fixture program under real PyTorch/NumPy and records what it did: the one
place where the fixture generators (`generate_view_fixtures.py`,
`generate_numpy_fixtures.py`, `generate_ops_fixtures.py`) execute a program."""
import contextlib
import sys
import io
import warnings


def run_program(source, name, namespace=None):
    """Runs `source` (compiled as file `name`) in a fresh namespace, stdout captured.

    Returns (stdout, "Type: message" or None, the program's line that raised or None,
    the namespace afterwards, the warnings it raised)."""
    namespace = {} if namespace is None else namespace
    out = io.StringIO()
    error = None
    line = None
    code = compile(source, name, "exec")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with contextlib.redirect_stdout(out):
            try:
                exec(code, namespace)
            except Exception as e:  # noqa: BLE001 - the program's own exception is data here
                error = type(e).__name__ + ": " + str(e)
                tb = e.__traceback__
                while tb is not None:
                    if tb.tb_frame.f_code.co_filename == name:
                        line = tb.tb_lineno
                    tb = tb.tb_next
    return out.getvalue(), error, line, namespace, list(caught)


def exit_on_duplicate_ids(cases):
    """Stops the generator when two of its (id, source) cases share an id."""
    import sys

    ids = [case_id for case_id, _ in cases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        sys.exit(f"duplicate case ids: {sorted(duplicates)}")


def write_fixture(cases, output, metadata, run):
    """Runs every (id, source) of `cases` with `run` (source -> (stdout, error)) and
    writes them, after `metadata`, as the JSON fixture `output`; ids must be unique."""
    import json

    exit_on_duplicate_ids(cases)
    records = []
    for case_id, source in cases:
        stdout, error = run(source)
        records.append({"id": case_id, "source": source, "stdout": stdout, "error": error})
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({**metadata, "cases": records}, indent=1, ensure_ascii=False) + "\n")
    errors = sum(1 for c in records if c["error"])
    print(f"{len(records)} cases ({errors} ending in an error) -> {output}")
    return records


def write_torch_fixture(cases, output):
    """`write_fixture` under PyTorch: each case in a fresh namespace with print options
    reset around it, the fixture stamped with PyTorch's version."""
    import torch

    def run(source):
        torch.set_printoptions(profile="default")
        stdout, error, _, _, _ = run_program(source, "<case>", {"__name__": "__case__"})
        torch.set_printoptions(profile="default")
        return stdout, error

    write_fixture(cases, output, {"torch": torch.__version__}, run)
