# E10 (article 001): a 3x3 convolution of a 4x4 input is a 4x16 matrix C; the transposed
# convolution of a 2x2 input is C^T (16x4).
import torch
import torch.nn.functional as F
kernel = torch.tensor([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.]]).reshape(1, 1, 3, 3)
C = torch.zeros(4, 16)
C[0, 0:3] = kernel[0, 0, 0]; C[0, 4:7] = kernel[0, 0, 1]; C[0, 8:11] = kernel[0, 0, 2]
C[1, 1:4] = kernel[0, 0, 0]; C[1, 5:8] = kernel[0, 0, 1]; C[1, 9:12] = kernel[0, 0, 2]
C[2, 4:7] = kernel[0, 0, 0]; C[2, 8:11] = kernel[0, 0, 1]; C[2, 12:15] = kernel[0, 0, 2]
C[3, 5:8] = kernel[0, 0, 0]; C[3, 9:12] = kernel[0, 0, 1]; C[3, 13:16] = kernel[0, 0, 2]
x = torch.arange(16).float().reshape(1, 1, 4, 4)
y = C @ x.reshape(16)
print(y.reshape(2, 2))
print(torch.equal(y.reshape(1, 1, 2, 2), F.conv2d(x, kernel)))
z = torch.tensor([[1., 2.], [4., 5.]])
back = C.T @ z.reshape(4)
print(back.reshape(4, 4))
print(torch.equal(back.reshape(1, 1, 4, 4), F.conv_transpose2d(z.reshape(1, 1, 2, 2), kernel)))
