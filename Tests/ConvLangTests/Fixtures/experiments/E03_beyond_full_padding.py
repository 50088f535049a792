# E3 (article 000): padding=3 > k - 1 adds an outer ring of exact zeros.
import torch
import torch.nn as nn
torch.manual_seed(0)
inputs = torch.rand(1, 1, 2, 2)
outputs = nn.Conv2d(in_channels=1, out_channels=1, kernel_size=3, padding=3, bias=False)(inputs)
print(outputs.size())
print(outputs[0, 0, 0].abs().sum() == 0, outputs[0, 0, -1].abs().sum() == 0, outputs[0, 0, :, 0].abs().sum() == 0, outputs[0, 0, :, -1].abs().sum() == 0)
print(outputs)
