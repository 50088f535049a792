# The decoder half of a U-Net, written the way PyTorch U-Net implementations write it
# (milesial/Pytorch-UNet's `Up` block): each step doubles the size with a transposed
# convolution, pads it to its skip connection's size when the encoder's size was odd,
# concatenates the two and convolves twice.
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class DoubleConv(nn.Module):
    """(convolution => [BN] => ReLU) * 2"""

    def __init__(self, in_channels, out_channels, mid_channels=None):
        super().__init__()
        if not mid_channels:
            mid_channels = out_channels
        self.double_conv = nn.Sequential(
            nn.Conv2d(in_channels, mid_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(mid_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid_channels, out_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True)
        )

    def forward(self, x):
        return self.double_conv(x)


class Up(nn.Module):
    """Upscaling then double conv"""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.up = nn.ConvTranspose2d(in_channels, in_channels // 2, kernel_size=2, stride=2)
        self.conv = DoubleConv(in_channels, out_channels)

    def forward(self, x1, x2):
        x1 = self.up(x1)
        # input is CHW
        diffY = x2.size()[2] - x1.size()[2]
        diffX = x2.size()[3] - x1.size()[3]

        x1 = F.pad(x1, [diffX // 2, diffX - diffX // 2,
                        diffY // 2, diffY - diffY // 2])
        x = torch.cat([x2, x1], dim=1)
        return self.conv(x)


class Decoder(nn.Module):
    def __init__(self, channels=(64, 32, 16, 8), n_classes=2):
        super().__init__()
        self.up1 = Up(channels[0], channels[1])
        self.up2 = Up(channels[1], channels[2])
        self.up3 = Up(channels[2], channels[3])
        self.outc = nn.Conv2d(channels[3], n_classes, kernel_size=1)

    def forward(self, x, skips):
        for up, skip in zip([self.up1, self.up2, self.up3], reversed(skips)):
            x = up(x, skip)
            print(f'{type(up).__name__} -> {tuple(x.shape)}')
        return self.outc(x)


decoder = Decoder()
print(decoder)
print('parameters:', sum(p.numel() for p in decoder.parameters()))
print([name for name, _ in decoder.named_children()])

# The encoder's outputs for a 1x1x50x50 image: 50 -> 25 -> 12 -> 6 (the bottleneck).
skips = [torch.rand(1, 8, 50, 50), torch.rand(1, 16, 25, 25), torch.rand(1, 32, 12, 12)]
bottleneck = torch.rand(1, 64, 6, 6)
decoder.eval()
with torch.no_grad():
    logits = decoder(bottleneck, skips)
print(logits.shape)

# The transposed layers alone: 2x2 kernels with stride 2 double the size exactly, so
# the 12 -> 25 step needs one row and column of padding.
for name, module in decoder.named_modules():
    if isinstance(module, nn.ConvTranspose2d):
        print(name, module)
x = bottleneck
for up, skip in zip([decoder.up1, decoder.up2, decoder.up3], reversed(skips)):
    grown = up.up(x)
    print(tuple(x.shape[-2:]), '->', tuple(grown.shape[-2:]), 'skip', tuple(skip.shape[-2:]))
    with torch.no_grad():
        x = up(x, skip)
print(logits[0, :, 0, :3])
