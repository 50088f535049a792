#!/usr/bin/env python3
"""Writes Tests/ConvLangTests/Fixtures/builtins/conv_arguments.json from PyTorch.

Each case calls one of F.conv1d ... F.conv_transpose3d with arguments of the wrong
type, number or name, as a user mistypes them: PyTorch's argument parser answers a
function with two signatures (conv1d-3d: int padding or str padding) with "received an
invalid combination of arguments" and both signatures, and one with a single signature
(conv_transpose1d-3d) with the argument at fault; an int list is checked on its first
element only, so a later element fails as "failed to unpack the object at pos N". The
Swift test ConvArgumentFixtureTests runs every case in a fresh ConvLang session and
expects the same error, to the character.

    /work/torch-venv/bin/python scripts/generate_conv_argument_fixtures.py
"""

import pathlib

from program_fixtures import write_torch_fixture

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/ConvLangTests/Fixtures/builtins/conv_arguments.json"

SETUP = {
    1: "x = torch.ones(1, 1, 5)\nw = torch.ones(1, 1, 2)",
    2: "x = torch.ones(1, 1, 5, 5)\nw = torch.ones(1, 1, 2, 2)",
    3: "x = torch.ones(1, 1, 4, 4, 4)\nw = torch.ones(1, 1, 2, 2, 2)",
}

CALLS = [
    # conv2d: two signatures, so any argument it cannot take is an invalid combination.
    (2, "F.conv2d(x, w, stride='a')"),
    (2, "F.conv2d(x, w, stride=1.5)"),
    (2, "F.conv2d(x, w, stride=True)"),
    (2, "F.conv2d(x, w, stride=None)"),
    (2, "F.conv2d(x, w, groups=True)"),
    (2, "F.conv2d(x, w, groups=1.0)"),
    (2, "F.conv2d(x, w, groups='1')"),
    (2, "F.conv2d(x, w, bias=3)"),
    (2, "F.conv2d(x, w, 3)"),
    (2, "F.conv2d(x, 3)"),
    (2, "F.conv2d(3, w)"),
    (2, "F.conv2d(x, [w])"),
    (2, "F.conv2d(x)"),
    (2, "F.conv2d()"),
    (2, "F.conv2d(x, w, foo=1)"),
    (2, "F.conv2d(x, w, stride=1, foo=1)"),
    (2, "F.conv2d(x, w, padding=1.5)"),
    (2, "F.conv2d(x, w, padding=(1.0, 1))"),
    (2, "F.conv2d(x, w, padding=[1.0])"),
    (2, "F.conv2d(x, w, padding=None)"),
    (2, "F.conv2d(x, w, dilation='a')"),
    (2, "F.conv2d(x, w, stride='a', padding=1.5)"),
    (2, "F.conv2d(input=x, weight=w, stride='a')"),
    (2, "F.conv2d(x, weight=w, stride='a')"),
    (2, "F.conv2d(x, w, None, 1, stride=1)"),
    (2, "F.conv2d(x, w, None, 1, 0, 1, 1, 5)"),
    (2, "F.conv2d(x, w, None, 'a', 0, 1, 1)"),
    (2, "F.conv2d(x, w, None, 1, 0, 1, 1.0)"),
    (2, "F.conv2d(x, w, None, (1, 1), 'same', 1, 1.5)"),
    (2, "F.conv2d(x, w, None, [1, 1], 0, (1,), True)"),
    (2, "F.conv2d(x, w, None, 1, 0, 1, groups=1.5)"),
    (2, "F.conv2d(x, w, None, 1, 0, dilation=1, groups=1.5)"),
    (2, "F.conv2d(x, 3, None, 1, 0, 1, 1)"),
    # An int list is checked on its first element; a later one fails in the conversion.
    (2, "F.conv2d(x, w, stride=(1, 'a'))"),
    (2, "F.conv2d(x, w, stride=(1, 2.0))"),
    (2, "F.conv2d(x, w, padding=[1, None])"),
    (2, "F.conv2d(x, w, stride=(1, True))"),
    (2, "F.conv2d(x, w, stride=(True, 1))"),
    (2, "F.conv2d(x, w, dilation=(torch.tensor(1), 'a'))"),
    (2, "F.conv2d(x, w, stride=[1, 1, 'a'])"),
    # What the signatures take.
    (2, "print(F.conv2d(x, w, stride=torch.tensor(2)).shape)"),
    (2, "print(F.conv2d(x, w, None, (1, 1), 'same', 1, 1).shape)"),
    (2, "print(F.conv2d(x, w, stride=(torch.tensor(1), 2)).shape)"),
    (2, "F.conv2d(x, w, padding='bad')"),
    (1, "F.conv1d(x, w, None, 1, 0, 1, 'a')"),
    (1, "F.conv1d(x, w, stride=(1, 'a'))"),
    (1, "F.conv1d(x, w, groups=None)"),
    (3, "F.conv3d(x, 'w')"),
    (3, "F.conv3d(x, w, stride=None)"),
    (3, "F.conv3d(x, w, None, 1, 0, 1, 1, 1)"),
    # conv_transpose2d: one signature, so the argument at fault is named.
    (2, "F.conv_transpose2d(x, w, stride='a')"),
    (2, "F.conv_transpose2d(x, w, stride=True)"),
    (2, "F.conv_transpose2d(x, w, stride=[1.0, 1])"),
    (2, "F.conv_transpose2d(x, w, stride=(1, 'a'))"),
    (2, "F.conv_transpose2d(x, w, stride=(1, 2.0))"),
    (2, "F.conv_transpose2d(x, w, output_padding=(0, None))"),
    (2, "F.conv_transpose2d(x, w, groups=True)"),
    (2, "F.conv_transpose2d(x, w, groups=1.0)"),
    (2, "F.conv_transpose2d(x, w, dilation=None)"),
    (2, "F.conv_transpose2d(x, w, 3)"),
    (2, "F.conv_transpose2d(x, 3)"),
    (2, "F.conv_transpose2d(x, w, foo=1)"),
    (2, "F.conv_transpose2d(x, w, None, 1, 0, 0, 1, 1, 5)"),
    (2, "F.conv_transpose2d(x)"),
    (2, "F.conv_transpose2d(x, w, padding='same')"),
    (1, "F.conv_transpose1d(x, w, stride=(2, 'a'))"),
    (3, "F.conv_transpose3d(x, w, groups=False)"),
    # Types are named as PyTorch's C types name themselves (`tp_name`).
    (2, "F.conv2d(x, x.shape)"),
    (2, "F.conv2d(x, torch.float32)"),
    (2, "F.conv2d(x, w, None, 1, 0, (x.shape, 1), torch.float32)"),
]


def program(rank, call):
    return f"import torch\nimport torch.nn.functional as F\n{SETUP[rank]}\n{call}"


CASES = [(f"conv_arguments_{i:02d}", program(rank, call)) for i, (rank, call) in enumerate(CALLS)]


if __name__ == "__main__":
    write_torch_fixture(CASES, OUTPUT)
