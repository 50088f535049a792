# E6 (article 000): stride=3 inserts two zeros between inputs: 32 + 31*2 = 94, 94 - 3 + 1 = 92.
import torch
import torch.nn as nn
inputs = torch.ones(1, 1, 32, 32)
transposed_conv = nn.ConvTranspose2d(in_channels=1, out_channels=1, kernel_size=3, padding=2, stride=3, bias=False)
outputs = transposed_conv(inputs)
print(outputs.size())
