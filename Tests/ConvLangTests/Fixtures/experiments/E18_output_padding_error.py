# E18 (articles 000 and 004): output_padding must be smaller than stride or dilation.
import torch
import torch.nn as nn
up = nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, output_padding=2)
up(torch.rand(1, 1, 3, 3))
