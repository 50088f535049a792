"""The Jupyter project's kernel conformance suite, with ConvLab samples."""
import os
import tempfile
import unittest

import jupyter_kernel_test as jkt


class ConvLabKernelTests(jkt.KernelTests):
    kernel_name = "convlab"
    language_name = "convlab"
    file_extension = ".convlab"

    code_hello_world = "print('hello, world')"
    code_stderr = "warn('check the padding')"
    completion_samples = [
        {"text": "F.conv_t", "matches": {"conv_transpose1d", "conv_transpose2d", "conv_transpose3d"}},
        {"text": "nn.ConvTranspose", "matches": {"ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d"}},
    ]
    complete_code_samples = ["x = 1", "print(1)", "y = F.conv2d(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2))"]
    incomplete_code_samples = ["x = torch.ones(1,", "y = (1 +", "z = 2 *", "for i in range(3):", "def f(x):"]
    invalid_code_samples = ["x = )", "1 = x", "x = 3 $ 4"]
    code_page_something = "torch.rand?"
    code_generate_error = "y = F.conv_transpose2d(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 3, 3), stride=2, output_padding=2)"
    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "torch.ones(1, 1, 7, 7).size()", "result": "torch.Size([1, 1, 7, 7])"},
        {"code": "torch.tensor([[0., 1.], [2., 3.]])", "result": "tensor([[0., 1.],\n        [2., 3.]])"},
    ]
    code_display_data = [{"code": "display(torch.ones(2))", "mime": "text/plain"}]
    code_history_pattern = "1 + *"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "F.conv_transpose2d"
    code_clear_output = "clear_output()"

    @classmethod
    def setUpClass(cls):
        # A history of its own (Jupyter's data directory holds the kernel's default
        # history file): the suite's unique search expects its own cells only.
        cls.data_dir = tempfile.TemporaryDirectory()
        cls.saved_data_dir = os.environ.get("JUPYTER_DATA_DIR")
        os.environ["JUPYTER_DATA_DIR"] = cls.data_dir.name
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls.saved_data_dir is None:
            os.environ.pop("JUPYTER_DATA_DIR", None)
        else:
            os.environ["JUPYTER_DATA_DIR"] = cls.saved_data_dir
        cls.data_dir.cleanup()


if __name__ == "__main__":
    unittest.main()
