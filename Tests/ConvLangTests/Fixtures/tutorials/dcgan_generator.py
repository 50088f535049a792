# The generator of PyTorch's DCGAN tutorial (beginner/dcgan_faces_tutorial), as the
# tutorial writes it, its custom weight initialisation, and a shape walk of one noise
# vector through it; 64x64 RGB images come out of 100-dimensional noise.
import torch
import torch.nn as nn

torch.manual_seed(999)

# Number of channels in the training images. For color images this is 3
nc = 3
# Size of z latent vector (i.e. size of generator input)
nz = 100
# Size of feature maps in generator
ngf = 64
# Number of GPUs available. Use 0 for CPU mode.
ngpu = 1


# custom weights initialization called on ``netG`` and ``netD``
def weights_init(m):
    classname = m.__class__.__name__
    if classname.find('Conv') != -1:
        nn.init.normal_(m.weight.data, 0.0, 0.02)
    elif classname.find('BatchNorm') != -1:
        nn.init.normal_(m.weight.data, 1.0, 0.02)
        nn.init.constant_(m.bias.data, 0)


# Generator Code

class Generator(nn.Module):
    def __init__(self, ngpu):
        super(Generator, self).__init__()
        self.ngpu = ngpu
        self.main = nn.Sequential(
            # input is Z, going into a convolution
            nn.ConvTranspose2d( nz, ngf * 8, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 8),
            nn.ReLU(True),
            # state size. ``(ngf*8) x 4 x 4``
            nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 4),
            nn.ReLU(True),
            # state size. ``(ngf*4) x 8 x 8``
            nn.ConvTranspose2d( ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2),
            nn.ReLU(True),
            # state size. ``(ngf*2) x 16 x 16``
            nn.ConvTranspose2d( ngf * 2, ngf, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf),
            nn.ReLU(True),
            # state size. ``(ngf) x 32 x 32``
            nn.ConvTranspose2d( ngf, nc, 4, 2, 1, bias=False),
            nn.Tanh()
            # state size. ``(nc) x 64 x 64``
        )

    def forward(self, input):
        return self.main(input)


# Create the generator
netG = Generator(ngpu)

# Apply the ``weights_init`` function to randomly initialize all weights
#  to ``mean=0``, ``stdev=0.02``.
netG.apply(weights_init)

# Print the model
print(netG)

print(f'parameters: {sum(p.numel() for p in netG.parameters()):,}')
for name, p in netG.named_parameters():
    print(f'{name:<16} {str(tuple(p.shape)):<20} {p.numel()}')

# One batch of two noise vectors, walked layer by layer (the batch statistics of
# BatchNorm need more than one value per channel).
fixed_noise = torch.randn(2, nz, 1, 1)
x = fixed_noise
with torch.no_grad():
    for i, layer in enumerate(netG.main):
        x = layer(x)
        print(f'{i:>2} {type(layer).__name__:<16} {tuple(x.shape)}')
    fake = netG(fixed_noise)
print(fake.shape)
print(fake.min() >= -1, fake.max() <= 1)
print(fake[0, 0, 0, :4])
