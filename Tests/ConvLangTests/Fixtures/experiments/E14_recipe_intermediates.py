# E14 (article 003): the zero-insertion recipe by hand.
# conv 4x4 -> 2x2 (k=3, s=1, p=0); its transpose pads 2x2 by p' = k - p - 1 = 2 to 6x6.
import torch
import torch.nn.functional as F
x = torch.ones(1, 1, 2, 2)
padded = F.pad(x, (2, 2, 2, 2))
print(padded.shape)
print(F.conv2d(padded, torch.ones(1, 1, 3, 3)).shape)
# conv 5x5 -> 3x3 (k=3, s=2, p=1); its transpose inserts one zero between inputs (5x5),
# pads by k - p - 1 = 1 (7x7) and convolves with stride 1 (5x5).
y = torch.ones(1, 1, 3, 3)
inserted = torch.zeros(1, 1, 5, 5)
inserted[:, :, ::2, ::2] = y
print(inserted)
padded = F.pad(inserted, (1, 1, 1, 1))
print(padded.shape)
w = torch.arange(9).float().reshape(1, 1, 3, 3)
result = F.conv2d(padded, torch.flip(w, [2, 3]))
print(result.shape)
print(torch.equal(result, F.conv_transpose2d(y, w, stride=2, padding=1)))
