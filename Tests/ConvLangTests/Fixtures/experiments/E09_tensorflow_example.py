# E9 (article 001): TensorFlow's conv2d_transpose example, in PyTorch's layout, and the same
# result as a plain convolution of x padded by 2 with the kernel rotated 180 degrees.
import torch
import torch.nn.functional as F
x = torch.tensor([[1., 2.], [4., 5.]]).reshape(1, 1, 2, 2)
kernel = torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]]).reshape(1, 1, 3, 3)
transpose_conv = F.conv_transpose2d(x, kernel)
print(transpose_conv.reshape(4, 4))
x2 = F.pad(x, (2, 2, 2, 2))
kernel2 = torch.flip(kernel, [2, 3])
conv = F.conv2d(x2, kernel2)
print(conv.reshape(4, 4))
print(torch.equal(conv, transpose_conv))
