# E16 (article 004): H_out = (H_in-1)*stride - 2*padding + dilation*(k-1) + output_padding + 1,
# and the recipe (flip the kernel, insert s-1 zeros, pad by d*(k-1)-p, convolve with stride 1)
# equals conv_transpose2d, here with stride 3, padding 1, dilation 2, output_padding 1.
import torch
import torch.nn.functional as F
torch.manual_seed(0)
x = torch.rand(1, 1, 4, 4)
w = torch.rand(1, 1, 3, 3)
s, p, d, op, k = 3, 1, 2, 1, 3
h = (4 - 1) * s - 2 * p + d * (k - 1) + op + 1
print(h)
inserted = torch.zeros(1, 1, (4 - 1) * s + 1, (4 - 1) * s + 1)
inserted[:, :, ::s, ::s] = x
e = d * (k - 1) - p
padded = F.pad(inserted, (e, e + op, e, e + op))
recipe = F.conv2d(padded, torch.flip(w, [2, 3]), dilation=d)
direct = F.conv_transpose2d(x, w, stride=s, padding=p, output_padding=op, dilation=d)
print(recipe.shape, direct.shape)
print(torch.allclose(recipe, direct, atol=1e-6))
