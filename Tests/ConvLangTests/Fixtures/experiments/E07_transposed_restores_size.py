# E7 (article 000): the conv maps 32 to 21; the transposed conv with the same parameters maps 21 back to 32.
import torch
import torch.nn as nn
inputs = torch.rand(1, 1, 32, 32)
outputs = nn.Conv2d(in_channels=1, out_channels=1, kernel_size=18, padding=3, stride=1)(inputs)
print(outputs.size())
inputs = torch.rand(1, 1, 21, 21)
outputs = nn.ConvTranspose2d(in_channels=1, out_channels=1, kernel_size=18, padding=3, stride=1)(inputs)
print(outputs.size())
