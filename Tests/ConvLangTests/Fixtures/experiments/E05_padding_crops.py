# E5 (article 000): padding beyond k - 1 in a transposed convolution crops.
import torch
import torch.nn as nn
torch.manual_seed(0)
inputs = torch.ones(1, 1, 3, 3)
transposed_conv = nn.ConvTranspose2d(in_channels=1, out_channels=1, kernel_size=1, padding=1, bias=False)
print(transposed_conv.state_dict())
outputs = transposed_conv(inputs)
print(outputs)
print(outputs.size(), torch.equal(outputs.view(1), transposed_conv.weight.data.view(1)))
