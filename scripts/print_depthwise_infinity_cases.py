#!/usr/bin/env python3
"""Prints the expected values of DepthwiseGradientTests.paddingTapsAreLeftOutAsOneDNNLeavesThem
from real PyTorch (2 threads, so the depthwise convolution runs on oneDNN): a 1x2x6x6 input
of ones, 2x1x3x3 weights of ones, padding 1, groups 2; (a) w[0,0,0,0] = inf: the first
channel of the output and of the input's gradient (gradient of ones); (b) grad_output
[0,0,0,0] = inf: the first channel's weight gradient and input gradient.

    /work/main/.venv/bin/python scripts/print_depthwise_infinity_cases.py
"""
import torch
import torch.nn.functional as F

torch.set_num_threads(2)


def run(infinite_weight):
    x = torch.ones(1, 2, 6, 6, requires_grad=True)
    w = torch.ones(2, 1, 3, 3)
    if infinite_weight:
        w[0, 0, 0, 0] = float("inf")
    w.requires_grad_()
    y = F.conv2d(x, w, padding=1, groups=2)
    g = torch.ones_like(y)
    if not infinite_weight:
        g[0, 0, 0, 0] = float("inf")
    y.backward(g)
    return y, x.grad, w.grad


def show(name, t):
    print(name, [float(v) for v in t.flatten().tolist()])


y, gx, _ = run(True)
show("a.output[0]", y[0, 0])
show("a.input_grad[0]", gx[0, 0])
_, gx, gw = run(False)
show("b.weight_grad[0]", gw[0, 0])
show("b.input_grad[0]", gx[0, 0])
