/// The gradcheck cases of ``GradcheckCoverageTests``: a Python expression per builtin
/// (run after ``setup``) that prints `True` when `torch.autograd.gradcheck` passes, and
/// the builtins that have no gradient, with the reason.
enum GradcheckCases {
    /// Float64 leaves that require grad, and `gc` for `torch.autograd.gradcheck`.
    static let setup = """
        torch.manual_seed(0)
        gc = torch.autograd.gradcheck
        def leaf(*shape):
            return torch.randn(*shape, dtype=torch.float64).requires_grad_()
        def f64(module):
            return module.to(torch.float64)
        a, b, row = leaf(3, 4), leaf(3, 4), leaf(4)
        pos = (torch.rand(3, 4, dtype=torch.float64) + 0.5).requires_grad_()
        m, v, bm, bm2 = leaf(4, 5), leaf(4), leaf(2, 3, 4), leaf(2, 4, 5)
        seq, img, vol = leaf(1, 2, 7), leaf(1, 2, 5, 5), leaf(1, 2, 4, 4, 4)
        def set_items(x, y):
            z = torch.zeros(3, 4, dtype=torch.float64)
            z[0] = x[1]
            z[1:, 2:] = y[1:, :2]
            z[[2, 1], 0] = x[0, :2]
            return z
        def add_in_place(x, y):
            z = x * 1
            z += y
            z[0] += y[1]
            return z
        """

    /// The operators (no builtins of their own) checked beside the builtins.
    static let operators: Set<String> = ["operator +", "operator -", "operator *", "operator /", "operator **", "operator @",
                                         "operator unary -", "operator []", "operator []=", "operator +=", "iteration"]

    static let cases: [String: String] = [
        // Operators.
        "operator +": "gc(lambda x, y, r: x + y + r + 1, (a, b, row))",
        "operator -": "gc(lambda x, y: x - y - 2 - (1 - x), (a, b))",
        "operator *": "gc(lambda x, y, r: x * y * r * 3, (a, b, row))",
        "operator /": "gc(lambda x, y: x / y / 2 + 2 / y, (a, pos))",
        "operator **": "gc(lambda x, y: x ** 2 + pos ** y + 2 ** y, (a, b))",
        "operator @": "gc(lambda x, y, z: (x @ y, bm @ bm2, y.t() @ z, z @ z), (a, m, v))",
        "operator unary -": "gc(lambda x: -x, (a,))",
        "operator []": "gc(lambda x: (x[0], x[:, 1:3], x[1, ::2], x[..., None], x[[0, 2]], x[x > 0]), (a,))",
        "operator []=": "gc(set_items, (a, b))",
        "operator +=": "gc(add_in_place, (a, b))",
        "iteration": "gc(lambda x: [r * i for i, r in enumerate(x)][2], (a,))",
        // torch.nn.functional.
        "F.avg_pool1d": "gc(lambda x: F.avg_pool1d(x, 2), (seq,))",
        "F.avg_pool2d": "gc(lambda x: F.avg_pool2d(x, 2, stride=1, padding=1), (img,))",
        "F.avg_pool3d": "gc(lambda x: F.avg_pool3d(x, 2), (vol,))",
        "F.batch_norm": "gc(lambda x, w, c: F.batch_norm(x, None, None, w, c, training=True), (img, leaf(2), leaf(2)))",
        "F.conv1d": "gc(lambda x, w, c: F.conv1d(x, w, c, stride=2, padding=1), (seq, leaf(3, 2, 3), leaf(3)))",
        "F.conv2d": "gc(lambda x, w, c: F.conv2d(x, w, c, stride=2, padding=1, groups=2), (img, leaf(4, 1, 3, 3), leaf(4)))",
        "F.conv3d": "gc(lambda x, w: F.conv3d(x, w, padding=1, dilation=2), (vol, leaf(2, 2, 2, 2, 2)))",
        "F.conv_transpose1d": "gc(lambda x, w, c: F.conv_transpose1d(x, w, c, stride=2, output_padding=1), (seq, leaf(2, 3, 3), leaf(3)))",
        "F.conv_transpose2d": "gc(lambda x, w: F.conv_transpose2d(x, w, stride=2, padding=1, output_padding=1), (img, leaf(2, 3, 3, 3)))",
        "F.conv_transpose3d": "gc(lambda x, w: F.conv_transpose3d(x, w, stride=2), (leaf(1, 2, 2, 2, 2), leaf(2, 1, 2, 2, 2)))",
        "F.dropout": "gc(lambda x: F.dropout(x, training=False), (a,))",
        "F.fold": "gc(lambda x: F.fold(x, (3, 3), 2), (leaf(1, 8, 4),))",
        "F.interpolate": "gc(lambda x: (F.interpolate(x, scale_factor=2, mode='bilinear'), F.interpolate(x, size=(7, 8))), (img,))",
        "F.leaky_relu": "gc(lambda x: F.leaky_relu(x, 0.1), (a,))",
        "F.linear": "gc(lambda x, w, c: (F.linear(x, w, c), F.linear(bm, w)), (a, leaf(5, 4), leaf(5)))",
        "F.max_pool1d": "gc(lambda x: F.max_pool1d(x, 2), (seq,))",
        "F.mse_loss": "gc(lambda x, y: (F.mse_loss(x, y), F.mse_loss(x, y, reduction='none'), F.mse_loss(x, row, reduction='sum')), (a, b))",
        "F.l1_loss": "gc(lambda x, y: (F.l1_loss(x, y), F.l1_loss(x, y, reduction='sum')), (a, b))",
        "F.max_pool2d": "gc(lambda x: F.max_pool2d(x, 2, stride=1), (img,))",
        "F.max_pool3d": "gc(lambda x: F.max_pool3d(x, 2), (vol,))",
        "F.pad": "gc(lambda x: [F.pad(x, (1, 2, 2, 1), mode=k) for k in ['constant', 'reflect', 'replicate', 'circular']], (img,))",
        "F.pixel_shuffle": "gc(lambda x: F.pixel_shuffle(x, 2), (leaf(1, 8, 2, 3),))",
        "F.pixel_unshuffle": "gc(lambda x: F.pixel_unshuffle(x, 2), (leaf(1, 2, 4, 6),))",
        "F.relu": "gc(F.relu, (a,))",
        "F.sigmoid": "gc(F.sigmoid, (a,))",
        "F.tanh": "gc(F.tanh, (a,))",
        "F.unfold": "gc(lambda x: F.unfold(x, 2, stride=1, padding=1), (img,))",
        // torch.
        "torch.abs": "gc(torch.abs, (a,))",
        "torch.add": "gc(lambda x, y: torch.add(x, y, alpha=2), (a, b))",
        "torch.amax": "gc(lambda x: torch.amax(x, 1), (a,))",
        "torch.amin": "gc(lambda x: torch.amin(x, (0, 1)), (a,))",
        "torch.as_strided": "gc(lambda x: torch.as_strided(x, (2, 2), (1, 2)), (a,))",
        "torch.bmm": "gc(torch.bmm, (bm, bm2))",
        "torch.cat": "gc(lambda x, y: torch.cat([x, y], 1), (a, b))",
        "torch.chunk": "gc(lambda x: torch.chunk(x, 2, 1), (a,))",
        "torch.clamp": "gc(lambda x, lo: (torch.clamp(x, -0.5, 0.5), torch.clamp(x, min=lo)), (a, b))",
        "torch.clip": "gc(lambda x: torch.clip(x, max=0.3), (a,))",
        "torch.clone": "gc(torch.clone, (a,))",
        "torch.diagonal": "gc(lambda x: torch.diagonal(x, 1), (a,))",
        "torch.div": "gc(torch.div, (a, pos))",
        "torch.exp": "gc(torch.exp, (a,))",
        "torch.flatten": "gc(lambda x: torch.flatten(x, 1), (bm,))",
        "torch.flip": "gc(lambda x: torch.flip(x, (0, 1)), (a,))",
        "torch.log": "gc(torch.log, (pos,))",
        "torch.masked_fill": "gc(lambda x: torch.masked_fill(x, x > 0, 0.5), (a,))",
        "torch.matmul": "gc(torch.matmul, (bm, m))",
        "torch.max": "gc(lambda x, y: (torch.max(x, 1).values, torch.max(x), torch.max(x, y)), (a, b))",
        "torch.maximum": "gc(torch.maximum, (a, b))",
        "torch.mean": "gc(lambda x: (torch.mean(x), torch.mean(x, 1, keepdim=True)), (a,))",
        "torch.min": "gc(lambda x: (torch.min(x, 0).values, torch.min(x)), (a,))",
        "torch.minimum": "gc(torch.minimum, (a, b))",
        "torch.mm": "gc(torch.mm, (a, m))",
        "torch.movedim": "gc(lambda x: torch.movedim(x, 0, 2), (bm,))",
        "torch.mul": "gc(torch.mul, (a, b))",
        "torch.narrow": "gc(lambda x: torch.narrow(x, 1, 1, 2), (a,))",
        "torch.permute": "gc(lambda x: torch.permute(x, (2, 0, 1)), (bm,))",
        "torch.pow": "gc(lambda x, y: (torch.pow(x, 3), torch.pow(x, y)), (pos, b))",
        "torch.relu": "gc(torch.relu, (a,))",
        "torch.remainder": "gc(lambda x: torch.remainder(x, 0.7), (a,))",
        "torch.reshape": "gc(lambda x: torch.reshape(x.t(), (12,)), (a,))",
        "torch.round": "gc(torch.round, (a,))",
        "torch.select": "gc(lambda x: torch.select(x, 1, 2), (a,))",
        "torch.sigmoid": "gc(torch.sigmoid, (a,))",
        "torch.sin": "gc(torch.sin, (a,))",
        "torch.cos": "gc(torch.cos, (a,))",
        "Tensor.sin": "gc(lambda x: x.sin().sin(), (a,))",
        "Tensor.cos": "gc(lambda x: x.cos() * x, (a,))",
        "torch.split": "gc(lambda x: torch.split(x, [1, 3], 1), (a,))",
        "torch.sqrt": "gc(torch.sqrt, (pos,))",
        "torch.squeeze": "gc(lambda x: torch.squeeze(x.view(3, 1, 4)), (a,))",
        "torch.stack": "gc(lambda x, y: torch.stack([x, y], 1), (a, b))",
        "torch.std": "gc(lambda x: (torch.std(x), torch.std(x, 1)), (a,))",
        "torch.sub": "gc(lambda x, y: torch.sub(x, y, alpha=3), (a, b))",
        "torch.sum": "gc(lambda x: (torch.sum(x), torch.sum(x, (0, 2))), (bm,))",
        "torch.t": "gc(torch.t, (a,))",
        "torch.tanh": "gc(torch.tanh, (a,))",
        "torch.transpose": "gc(lambda x: torch.transpose(x, 0, 2), (bm,))",
        "torch.unbind": "gc(lambda x: torch.unbind(x, 1), (a,))",
        "torch.unflatten": "gc(lambda x: torch.unflatten(x, 1, (2, 2)), (a,))",
        "torch.unsqueeze": "gc(lambda x: torch.unsqueeze(x, 1), (a,))",
        "torch.var": "gc(lambda x: (torch.var(x), torch.var(x, 0, correction=0)), (a,))",
        "torch.where": "gc(lambda x, y: torch.where(x > 0, x, y), (a, b))",
        // Tensor methods.
        "Tensor.abs": "gc(lambda x: x.abs(), (a,))",
        "Tensor.abs_": "gc(lambda x: x.clone().abs_(), (a,))",
        "Tensor.add": "gc(lambda x, y: x.add(y, alpha=2), (a, b))",
        "Tensor.add_": "gc(lambda x, y: x.clone().add_(y), (a, b))",
        "Tensor.amax": "gc(lambda x: x.amax(1), (a,))",
        "Tensor.amin": "gc(lambda x: x.amin(0), (a,))",
        "Tensor.as_strided": "gc(lambda x: x.as_strided((2, 2), (1, 2), 1), (a,))",
        "Tensor.as_strided_": "gc(lambda x: x.clone().as_strided_((2, 2), (1, 2)), (a,))",
        "Tensor.bfloat16": "gc(lambda x: x.bfloat16().double(), (a,), eps=0.1, atol=0.1)",
        "Tensor.chunk": "gc(lambda x: x.chunk(2, 1)[1], (a,))",
        "Tensor.clamp": "gc(lambda x: x.clamp(-0.5, 0.5), (a,))",
        "Tensor.clamp_": "gc(lambda x: x.clone().clamp_(min=0), (a,))",
        "Tensor.clip": "gc(lambda x: x.clip(-0.5), (a,))",
        "Tensor.clone": "gc(lambda x: x.clone(), (a,))",
        "Tensor.contiguous": "gc(lambda x: x.t().contiguous(), (a,))",
        "Tensor.copy_": "gc(lambda x, y: torch.zeros(3, 4, dtype=torch.float64).copy_(y) * x, (a, b))",
        "Tensor.diagonal": "gc(lambda x: x.diagonal(-1), (a,))",
        "Tensor.div": "gc(lambda x, y: x.div(y), (a, pos))",
        "Tensor.div_": "gc(lambda x, y: x.clone().div_(y), (a, pos))",
        "Tensor.double": "gc(lambda x: x.double() * 1, (a,))",
        "Tensor.exp": "gc(lambda x: x.exp(), (a,))",
        "Tensor.expand": "gc(lambda x: x.expand(2, 3, 4), (a,))",
        "Tensor.expand_as": "gc(lambda x: x.expand_as(bm), (row,))",
        "Tensor.fill_": "gc(lambda x: (x * 2).fill_(1.5) + x, (a,))",
        "Tensor.flatten": "gc(lambda x: x.flatten(), (bm,))",
        "Tensor.flip": "gc(lambda x: x.flip(1), (a,))",
        "Tensor.float": "gc(lambda x: x.float().double(), (a,), eps=1e-3, atol=1e-3)",
        "Tensor.half": "gc(lambda x: x.half().double(), (a,), eps=1e-2, atol=0.1)",
        "Tensor.log": "gc(lambda x: x.log(), (pos,))",
        "Tensor.masked_fill": "gc(lambda x: x.masked_fill(x < 0, 2.0), (a,))",
        "Tensor.masked_fill_": "gc(lambda x: x.clone().masked_fill_(x < 0, 2.0), (a,))",
        "Tensor.matmul": "gc(lambda x, y: x.matmul(y), (a, m))",
        "Tensor.mm": "gc(lambda x, y: x.mm(y), (a, m))",
        "Tensor.relu": "gc(lambda x: x.relu(), (a,))",
        "Tensor.tanh": "gc(lambda x: x.tanh(), (a,))",
        "Tensor.max": "gc(lambda x: (x.max(1).values, x.max()), (a,))",
        "Tensor.maximum": "gc(lambda x, y: x.maximum(y), (a, b))",
        "Tensor.mean": "gc(lambda x: x.mean((0, 1)), (bm,))",
        "Tensor.min": "gc(lambda x: (x.min(1, keepdim=True).values, x.min()), (a,))",
        "Tensor.minimum": "gc(lambda x, y: x.minimum(y), (a, b))",
        "Tensor.moveaxis": "gc(lambda x: x.moveaxis(2, 0), (bm,))",
        "Tensor.movedim": "gc(lambda x: x.movedim(1, 0), (bm,))",
        "Tensor.mul": "gc(lambda x, y: x.mul(y), (a, row))",
        "Tensor.mul_": "gc(lambda x, y: x.clone().mul_(y), (a, b))",
        "Tensor.narrow": "gc(lambda x: x.narrow(0, 1, 2), (a,))",
        "Tensor.neg": "gc(lambda x: x.neg(), (a,))",
        "Tensor.neg_": "gc(lambda x: x.clone().neg_(), (a,))",
        "Tensor.permute": "gc(lambda x: x.permute(1, 2, 0), (bm,))",
        "Tensor.pow": "gc(lambda x, y: (x.pow(2), x.pow(y)), (pos, b))",
        "Tensor.pow_": "gc(lambda x: x.clone().pow_(3), (a,))",
        "Tensor.remainder": "gc(lambda x: x.remainder(0.7), (a,))",
        "Tensor.repeat": "gc(lambda x: (x.repeat(2, 1, 3), row.repeat(2)), (a,))",
        "Tensor.reshape": "gc(lambda x: x.reshape(2, -1), (a,))",
        "Tensor.reshape_as": "gc(lambda x: x.reshape_as(m.t()), (leaf(20),))",
        "Tensor.round": "gc(lambda x: x.round(decimals=1), (a,))",
        "Tensor.select": "gc(lambda x: x.select(0, -1), (a,))",
        "Tensor.sigmoid": "gc(lambda x: x.sigmoid(), (a,))",
        "Tensor.split": "gc(lambda x: x.split(2, 1), (a,))",
        "Tensor.sqrt": "gc(lambda x: x.sqrt(), (pos,))",
        "Tensor.squeeze": "gc(lambda x: x.view(1, 3, 1, 4).squeeze(2), (a,))",
        "Tensor.squeeze_": "gc(lambda x: x.view(3, 1, 4).clone().squeeze_(), (a,))",
        "Tensor.std": "gc(lambda x: x.std(0, keepdim=True), (a,))",
        "Tensor.sub": "gc(lambda x, y: x.sub(y), (a, b))",
        "Tensor.sub_": "gc(lambda x, y: x.clone().sub_(y, alpha=2), (a, b))",
        "Tensor.sum": "gc(lambda x: (x.sum(), x.sum(1, keepdim=True)), (a,))",
        "Tensor.swapaxes": "gc(lambda x: x.swapaxes(0, 1), (a,))",
        "Tensor.t": "gc(lambda x: x.t(), (a,))",
        "Tensor.t_": "gc(lambda x: x.clone().t_(), (a,))",
        "Tensor.to": "gc(lambda x: x.to(torch.float32).to(torch.float64), (a,), eps=1e-3, atol=1e-3)",
        "Tensor.transpose": "gc(lambda x: x.transpose(1, 2), (bm,))",
        "Tensor.transpose_": "gc(lambda x: x.clone().transpose_(0, 1), (a,))",
        "Tensor.type": "gc(lambda x: x.type(torch.float32).double(), (a,), eps=1e-3, atol=1e-3)",
        "Tensor.unbind": "gc(lambda x: x.unbind(0), (a,))",
        "Tensor.unflatten": "gc(lambda x: x.unflatten(0, (1, 3)), (a,))",
        "Tensor.unfold": "gc(lambda x: x.unfold(1, 2, 1), (a,))",
        "Tensor.unsqueeze": "gc(lambda x: x.unsqueeze(-1), (a,))",
        "Tensor.unsqueeze_": "gc(lambda x: x.clone().unsqueeze_(0), (a,))",
        "Tensor.var": "gc(lambda x: x.var(1), (a,))",
        "Tensor.view": "gc(lambda x: x.view(2, 6), (a,))",
        "Tensor.view_as": "gc(lambda x: x.view_as(bm[0]), (a,))",
        "Tensor.zero_": "gc(lambda x: (x * 2).zero_() + x, (a,))",
        // nn modules (float64 parameters).
        "nn.AvgPool1d": "gc(nn.AvgPool1d(3, stride=2, padding=1), (seq,))",
        "nn.AvgPool2d": "gc(nn.AvgPool2d(2, ceil_mode=True), (img,))",
        "nn.AvgPool3d": "gc(nn.AvgPool3d(2), (vol,))",
        "nn.BatchNorm1d": "gc(f64(nn.BatchNorm1d(2)), (leaf(4, 2),))",
        "nn.BatchNorm2d": "gc(f64(nn.BatchNorm2d(2)), (img,))",
        "nn.BatchNorm3d": "gc(f64(nn.BatchNorm3d(2)), (vol,))",
        "nn.Conv1d": "gc(f64(nn.Conv1d(2, 3, 3, padding='same', padding_mode='reflect')), (seq,))",
        "nn.Conv2d": "gc(f64(nn.Conv2d(2, 4, 3, stride=2, padding=1, groups=2, padding_mode='circular')), (img,))",
        "nn.Conv3d": "gc(f64(nn.Conv3d(2, 2, 3, padding=1, padding_mode='replicate')), (vol,))",
        "nn.ConvTranspose1d": "gc(f64(nn.ConvTranspose1d(2, 3, 3, stride=2)), (seq,))",
        "nn.ConvTranspose2d": "gc(f64(nn.ConvTranspose2d(2, 2, 3, stride=2, padding=1, output_padding=1, dilation=1)), (img,))",
        "nn.ConvTranspose3d": "gc(f64(nn.ConvTranspose3d(2, 1, 2, stride=2)), (leaf(1, 2, 2, 2, 2),))",
        "nn.Dropout": "gc(nn.Dropout().eval(), (a,))",
        "nn.Flatten": "gc(nn.Flatten(), (img,))",
        "nn.Identity": "gc(nn.Identity(), (a,))",
        "nn.LeakyReLU": "gc(nn.LeakyReLU(0.2), (a,))",
        "nn.Linear": "gc(f64(nn.Linear(4, 5)), (a,))",
        "nn.MaxPool1d": "gc(nn.MaxPool1d(2, stride=1), (seq,))",
        "nn.MSELoss": "gc(nn.MSELoss(reduction='sum'), (a, b))",
        "nn.L1Loss": "gc(nn.L1Loss(), (a, b))",
        "nn.MaxPool2d": "gc(nn.MaxPool2d(3, stride=2, padding=1), (img,))",
        "nn.MaxPool3d": "gc(nn.MaxPool3d(2), (vol,))",
        "nn.PixelShuffle": "gc(nn.PixelShuffle(2), (leaf(1, 4, 2, 2),))",
        "nn.PixelUnshuffle": "gc(nn.PixelUnshuffle(2), (leaf(1, 1, 4, 4),))",
        "nn.ReLU": "gc(nn.ReLU(), (a,))",
        "nn.Sequential": "gc(nn.Sequential(f64(nn.Linear(4, 4)), nn.Tanh()), (a,))",
        "nn.Sigmoid": "gc(nn.Sigmoid(), (a,))",
        "nn.Tanh": "gc(nn.Tanh(), (a,))",
        "nn.Unflatten": "gc(nn.Unflatten(1, (2, 2)), (a,))",
        "nn.Upsample": "gc(nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True), (img,))",
    ]

    /// Builtins with no gradient to check, and why (the same holds in PyTorch).
    static let graphFree: [String: String] = {
        var reasons: [String: String] = [:]
        func add(_ reason: String, _ names: String) {
            for name in names.split(separator: " ") { reasons[String(name)] = reason }
        }
        add("makes a new leaf (no inputs to differentiate)",
            "torch.arange torch.empty torch.eye torch.full torch.linspace torch.ones torch.rand torch.randint torch.randn torch.zeros torch.tensor torch.as_tensor torch.from_numpy torch.empty_like torch.full_like torch.ones_like torch.rand_like torch.randn_like torch.zeros_like nn.Parameter")
        add("its result is bool or an integer tensor, or a Python value",
            "torch.all torch.any torch.allclose torch.argmax torch.argmin torch.eq torch.equal torch.ge torch.gt torch.isclose torch.le torch.lt torch.ne torch.is_floating_point torch.is_tensor torch.numel Tensor.all Tensor.any Tensor.allclose Tensor.argmax Tensor.argmin Tensor.eq Tensor.equal Tensor.ge Tensor.gt Tensor.le Tensor.lt Tensor.ne Tensor.bool Tensor.byte Tensor.char Tensor.int Tensor.long Tensor.short Tensor.data_ptr Tensor.dim Tensor.element_size Tensor.is_contiguous Tensor.is_floating_point Tensor.item Tensor.ndimension Tensor.nelement Tensor.numel Tensor.numpy Tensor.size Tensor.storage_offset Tensor.stride Tensor.tolist Tensor.untyped_storage")
        add("takes the tensor out of the graph by design", "torch.detach Tensor.detach Tensor.detach_ Tensor.requires_grad_ Tensor.retain_grad")
        add("PyTorch has no derivative for it (its grad_fn is NotImplemented)", "torch.floor_divide Tensor.floor_divide")
        add("random values written in place (no derivative)", "Tensor.normal_ Tensor.uniform_")
        add("grad mode, seeds, printing and devices: no tensor result",
            "torch.no_grad torch.enable_grad torch.inference_mode torch.set_grad_enabled torch.is_grad_enabled torch.is_inference_mode_enabled torch.manual_seed torch.initial_seed torch.set_printoptions torch.device")
        add("runs autograd itself", "torch.autograd.backward torch.autograd.grad torch.autograd.gradcheck Tensor.backward")
        add("a type or a container; its members' gradients are checked", "torch.Size torch.Tensor nn.Module nn.ModuleList")
        return reasons
    }()
}
