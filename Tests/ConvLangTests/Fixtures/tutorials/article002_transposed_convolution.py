# Article 002 of the sources ("从代码学习深度学习 - 转置卷积 PyTorch版"), its code as the
# article writes it. The stored copy of the article loses its line breaks inside code
# blocks and stops at `K = torch.tensor([`; the lines are restored as the article's
# comments place them, and the rest (the padding, stride and multi-channel sections,
# experiments E11-E13) follows the d2l chapter the article walks through.
import torch
from torch import nn


def transposed_convolution(input_tensor, kernel):
    """
    实现转置卷积(反卷积)操作

    参数:
    input_tensor: 输入张量,维度为 (input_height, input_width)
    kernel: 卷积核,维度为 (kernel_height, kernel_width)

    返回:
    output_tensor: 转置卷积结果,维度为 (input_height + kernel_height - 1, input_width + kernel_width - 1)
    """
    # 获取卷积核的高度和宽度,维度分别为 scalar
    kernel_height, kernel_width = kernel.shape

    # 初始化输出张量,维度为 (input_height + kernel_height - 1, input_width + kernel_width - 1)
    output_tensor = torch.zeros((input_tensor.shape[0] + kernel_height - 1, input_tensor.shape[1] + kernel_width - 1))

    # 对输入张量中的每个元素进行处理
    for i in range(input_tensor.shape[0]):  # 遍历输入张量的行
        for j in range(input_tensor.shape[1]):  # 遍历输入张量的列
            # 对于输入张量中的每个元素,将其与卷积核相乘,然后加到输出张量的对应区域
            # input_tensor[i, j] 是标量,维度为 ()
            # kernel 维度为 (kernel_height, kernel_width)
            # 输出区域 output_tensor[i:i+kernel_height, j:j+kernel_width] 维度为 (kernel_height, kernel_width)
            output_tensor[i:i + kernel_height, j:j + kernel_width] += input_tensor[i, j] * kernel

    return output_tensor


# 示例使用
# 创建输入张量X,维度为 (2, 2)
X = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
# 创建卷积核K,维度为 (2, 2)
K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
# (the stored article stops here; what follows is restored from the d2l chapter)
print(transposed_convolution(X, K))

X, K = X.reshape(1, 1, 2, 2), K.reshape(1, 1, 2, 2)
tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)
tconv.weight.data = K
print(tconv(X))

# 填充 (Padding)
tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, padding=1, bias=False)
tconv.weight.data = K
print(tconv(X))

# 步幅 (Stride)
tconv = nn.ConvTranspose2d(1, 1, kernel_size=2, stride=2, bias=False)
tconv.weight.data = K
print(tconv(X))

# 多通道
X = torch.rand(size=(1, 10, 16, 16))
conv = nn.Conv2d(10, 20, kernel_size=5, padding=2, stride=3)
tconv = nn.ConvTranspose2d(20, 10, kernel_size=5, padding=2, stride=3)
print(conv(X).shape)
print(tconv(conv(X)).shape == X.shape)
