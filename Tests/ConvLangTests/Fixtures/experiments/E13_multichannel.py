# E13 (article 002): multi-channel: a conv and a transposed conv with the same parameters.
import torch
from torch import nn
X = torch.rand(size=(1, 10, 16, 16))
conv = nn.Conv2d(10, 20, kernel_size=5, padding=2, stride=3)
tconv = nn.ConvTranspose2d(20, 10, kernel_size=5, padding=2, stride=3)
print(conv(X).shape)
print(tconv(conv(X)).shape == X.shape)
