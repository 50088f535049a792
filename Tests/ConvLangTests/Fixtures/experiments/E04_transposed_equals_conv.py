# E4 (article 000): ConvTranspose2d(padding=2) with the conv's kernel flipped equals Conv2d(padding=0).
import torch
import torch.nn as nn
from collections import OrderedDict
import numpy as np
torch.manual_seed(0)
inputs = torch.rand(1, 1, 32, 32)
transposed_conv = nn.ConvTranspose2d(in_channels=1, out_channels=1, kernel_size=3, padding=2, bias=False)
conv = nn.Conv2d(in_channels=1, out_channels=1, kernel_size=3, padding=0, bias=False)
transposed_conv.load_state_dict(OrderedDict([('weight', torch.Tensor(np.array(conv.state_dict().get('weight'))[:, :, ::-1, ::-1].copy()))]))
transposed_conv_outputs = transposed_conv(inputs)
conv_outputs = conv(inputs)
print("transposed_conv_outputs.size", transposed_conv_outputs.size())
print("conv_outputs.size", conv_outputs.size())
print(((transposed_conv_outputs - conv_outputs) < 0.01).all())
print(torch.allclose(transposed_conv_outputs, conv_outputs, atol=1e-5))
