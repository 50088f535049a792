# E17 (article 004): padding=(k-1)/2 and output_padding=stride-1 give H_out = H_in * stride.
import torch
import torch.nn as nn
up = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)
print(up(torch.rand(1, 1, 5, 5)).shape)
