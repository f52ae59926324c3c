"""``python -m nnrepl_kernel -f CONNECTION_FILE``: what ``nnrepl kernel -f`` runs."""

from ipykernel.kernelapp import IPKernelApp

from .kernel import NNReplKernel


def main():
    IPKernelApp.launch_instance(kernel_class=NNReplKernel)


if __name__ == "__main__":
    main()
