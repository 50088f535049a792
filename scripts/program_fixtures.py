"""Runs one fixture program under real PyTorch/NumPy and records what it did: the one
place where the fixture generators (`generate_view_fixtures.py`,
`generate_numpy_fixtures.py`, `generate_ops_fixtures.py`) execute a program."""
import contextlib
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


def write_fixture(output, programs, metadata, before_each=None):
    """Runs every `(id, source)` of `programs` with `run_program` (after `before_each()`,
    if given) and writes `{**metadata, "cases": [...]}` to `output` as the Swift
    `ProgramFixture` reads it; exits if an id repeats. Returns the cases written."""
    import json
    import sys

    ids = [case_id for case_id, _ in programs]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        sys.exit(f"duplicate case ids: {repeated}")
    cases = []
    for case_id, source in programs:
        if before_each is not None:
            before_each()
        stdout, error, _, _, _ = run_program(source, f"<{case_id}>")
        cases.append({"id": case_id, "source": source, "stdout": stdout, "error": error})
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({**metadata, "cases": cases}, indent=1, ensure_ascii=False) + "\n")
    return cases
