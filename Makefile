# Conveniences over the scripts; the README's two commands need no make.
.PHONY: setup test notebooks wheel

setup:
	bash scripts/setup.sh

test:
	bash scripts/test.sh

# Re-executes every notebook in place on the installed kernel (outputs committed).
notebooks: setup
	.venv/bin/python scripts/execute_notebooks.py

# dist/convlab_kernel-<version>-py3-none-manylinux_*.whl, for `pip install` (scripts/build_wheel.sh).
wheel:
	bash scripts/build_wheel.sh
