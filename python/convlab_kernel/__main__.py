"""`python -m convlab_kernel ARGS`: runs `convlab ARGS` (what the kernelspec starts)."""

from convlab_kernel import main

main()
