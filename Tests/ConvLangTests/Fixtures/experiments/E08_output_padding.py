# E8 (article 000): 7x7 and 8x8 both convolve to 3x3; output_padding picks 8 on the way back.
import torch
import torch.nn as nn
inputs = torch.rand(1, 1, 7, 7)
print(nn.Conv2d(in_channels=1, out_channels=1, kernel_size=3, padding=0, stride=2)(inputs).size())
inputs = torch.rand(1, 1, 8, 8)
print(nn.Conv2d(in_channels=1, out_channels=1, kernel_size=3, padding=0, stride=2)(inputs).size())
inputs = torch.rand(1, 1, 3, 3)
print(nn.ConvTranspose2d(in_channels=1, out_channels=1, kernel_size=3, padding=0, stride=2)(inputs).size())
print(nn.ConvTranspose2d(in_channels=1, out_channels=1, kernel_size=3, padding=0, stride=2, output_padding=1)(inputs).size())
