# E1 (article 000): padding='same' keeps the spatial size.
import torch
import torch.nn as nn
torch.manual_seed(0)
inputs = torch.rand(1, 3, 32, 32)
outputs = nn.Conv2d(in_channels=3, out_channels=3, kernel_size=5, padding='same')(inputs)
print(outputs.size())
