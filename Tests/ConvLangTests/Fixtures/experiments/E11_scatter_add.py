# E11 (article 002): the d2l scatter-add transposed convolution (the loop is built in).
import torch
X = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
K = torch.tensor([[0.0, 1.0], [2.0, 3.0]])
print(scatter_add(X, K))
