"""Makes docs/notebook.png for the README: a short notebook executed on the installed
ConvLab kernel with nbclient, rendered to HTML with nbconvert, and photographed by
headless Chromium. Needs `pip install nbconvert` and Debian's chromium."""
import subprocess
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

CELLS = [
    "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F",
    "X = torch.tensor([[0.0, 1.0], [2.0, 3.0]])\nK = torch.tensor([[0.0, 1.0], [2.0, 3.0]])\nscatter_add(X, K)",
    "tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, stride=2, bias=False)\ntconv.weight.data = K.reshape(1, 1, 2, 2)\ntconv(X.reshape(1, 1, 2, 2))",
    "y = F.conv_transpose2d(X.reshape(1, 1, 2, 2), K.reshape(1, 1, 2, 2), strid=2)",
]

root = Path(__file__).resolve().parent.parent
notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
notebook.metadata["kernelspec"] = {"name": "convlab", "display_name": "ConvLab", "language": "convlab"}
NotebookClient(notebook, kernel_name="convlab", timeout=60, allow_errors=True).execute()
html, _ = HTMLExporter().from_notebook_node(notebook)
with tempfile.TemporaryDirectory() as folder:
    page = Path(folder) / "notebook.html"
    page.write_text(html)
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={root / 'docs' / 'notebook.png'}", "--window-size=900,600", page.as_uri()],
                   check=True, capture_output=True)
print(root / "docs" / "notebook.png")
