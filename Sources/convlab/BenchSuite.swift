extension BenchCase {
    /// The suite: DCGAN's generator layers, a U-Net and an FCN upsampling, the articles'
    /// tiny stride-3 example, two ResNet-style convolutions (issue 12's nine), and the
    /// shapes people also use (issue 19): a depthwise and a dilated convolution, 1-d and
    /// 3-d and grouped transposed convolutions, and a float64 convolution.
    static let suite: [BenchCase] = [
        BenchCase(name: "dcgan1", transposed: true, n: 16, inChannels: 512, outChannels: 256, inputSize: [4, 4], kernel: 4, stride: 2, padding: 1),
        BenchCase(name: "dcgan2", transposed: true, n: 16, inChannels: 256, outChannels: 128, inputSize: [8, 8], kernel: 4, stride: 2, padding: 1),
        BenchCase(name: "dcgan3", transposed: true, n: 16, inChannels: 128, outChannels: 64, inputSize: [16, 16], kernel: 4, stride: 2, padding: 1),
        BenchCase(name: "dcgan4", transposed: true, n: 16, inChannels: 64, outChannels: 3, inputSize: [32, 32], kernel: 4, stride: 2, padding: 1),
        BenchCase(name: "unet_up", transposed: true, n: 1, inChannels: 64, outChannels: 64, inputSize: [128, 128], kernel: 3, stride: 2, padding: 1, outputPadding: 1),
        BenchCase(name: "fcn_up8", transposed: true, n: 1, inChannels: 21, outChannels: 21, inputSize: [32, 32], kernel: 16, stride: 8, padding: 4),
        BenchCase(name: "article_s3", transposed: true, n: 1, inChannels: 1, outChannels: 1, inputSize: [32, 32], kernel: 3, stride: 3, padding: 2),
        BenchCase(name: "resnet_conv", transposed: false, n: 8, inChannels: 64, outChannels: 64, inputSize: [56, 56], kernel: 3, padding: 1),
        BenchCase(name: "down_conv", transposed: false, n: 8, inChannels: 128, outChannels: 256, inputSize: [28, 28], kernel: 3, stride: 2, padding: 1),
        BenchCase(name: "depthwise", transposed: false, n: 8, inChannels: 128, outChannels: 128, inputSize: [56, 56], kernel: 3, padding: 1, groups: 128),
        BenchCase(name: "dilated", transposed: false, n: 1, inChannels: 64, outChannels: 64, inputSize: [64, 64], kernel: 3, padding: 2, dilation: 2),
        BenchCase(name: "convT1d", transposed: true, n: 1, inChannels: 64, outChannels: 32, inputSize: [4096], kernel: 4, stride: 2, padding: 1),
        BenchCase(name: "convT3d", transposed: true, n: 1, inChannels: 32, outChannels: 16, inputSize: [16, 16, 16], kernel: 3, stride: 2, padding: 1, outputPadding: 1),
        BenchCase(name: "grouped_convT", transposed: true, n: 8, inChannels: 128, outChannels: 128, inputSize: [16, 16], kernel: 4, stride: 2, padding: 1, groups: 4),
        BenchCase(name: "resnet_conv_f64", transposed: false, n: 8, inChannels: 64, outChannels: 64, inputSize: [56, 56], kernel: 3, padding: 1, dtype: .float64),
    ]
}
