"""A real `jupyter console` session on the ConvLab kernel, driven through a
pseudo-terminal with the full prompt_toolkit interface (the simple prompt has no
multi-line input)."""
import os
import sys

import pexpect

JUPYTER = os.path.join(os.path.dirname(sys.executable), "jupyter")


def spawn(*extra):
    env = {**os.environ, "TERM": "xterm"}
    env.pop("JUPYTER_CONSOLE_TEST", None)
    child = pexpect.spawn(JUPYTER, ["console", "--kernel", "convlab", *extra], encoding="utf-8",
                          timeout=30, dimensions=(40, 160), env=env)
    child.expect(r"In \[.*1.*\]")
    return child


def test_one_line_result_and_error_caret():
    child = spawn("--simple-prompt")
    child.sendline("1 + 2")
    child.expect(r"Out\[1\]: 3")
    child.sendline("y = F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), strid=2)")
    child.expect(r"TypeError: conv_transpose2d\(\) got an unexpected keyword argument 'strid'")
    child.expect(r"\^~~~~ did you mean 'stride'\?")
    child.sendline("exit")
    child.expect(pexpect.EOF)


def test_three_line_cell_and_tab_completion():
    child = spawn()
    # Enter on an incomplete line asks is_complete and continues with "...:".
    child.send("x = torch.ones(\r")
    child.expect(r"\.\.\.:")
    child.send("2,\r")
    child.expect(r"\.\.\.:")
    child.send("3)\r")
    child.expect(r"In \[.*2.*\]")
    child.send("x.shape\r")
    child.expect(r"torch\.Size\(\[2, 3\]\)")
    child.expect(r"In \[.*3.*\]")
    # Tab completes a unique prefix through complete_request.
    child.send("F.conv_transpose3\t")
    child.expect("conv_transpose3d")
    child.send("\x15")  # clear the line
    child.send("exit\r")
    child.expect(pexpect.EOF)


def test_explore_prints_the_text_picture_in_a_console():
    """A console has no widgets: explore's display shows its text/plain, the picture for
    the starting values and the note that the sliders need a notebook; widgets show their
    ipywidgets repr."""
    child = spawn("--simple-prompt")
    child.sendline("explore(F.conv_transpose2d, input=3, kernel_size=3, stride=2, padding=1)")
    child.expect(r"torch\.Size\(\[1, 1, 5, 5\]\)")
    child.expect(r"kernel at output \(0, 0\), step 1 of 25")
    child.expect(r"the sliders need a notebook")
    child.sendline("IntSlider(min=1, max=5, value=2, description='stride')")
    child.expect(r"IntSlider\(value=2, description='stride', max=5, min=1\)")
    child.sendline("exit")
    child.expect(pexpect.EOF)
