# E15 (article 003): kernel 4, stride 2, padding 1 doubles height and width.
import torch
import torch.nn as nn
up = nn.ConvTranspose2d(16, 16, kernel_size=4, stride=2, padding=1)
print(up(torch.rand(1, 16, 16, 16)).shape)
