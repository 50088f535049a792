# E2 (article 000): full padding p = k - 1; every output value depends on the input.
import torch
import torch.nn as nn
torch.manual_seed(0)
inputs = torch.rand(1, 1, 2, 2)
outputs = nn.Conv2d(in_channels=1, out_channels=1, kernel_size=3, padding=2, bias=False)(inputs)
print(outputs.size())
print((outputs != 0).all())
