// The C interface to BLAS, from OpenBLAS: nnrepl calls cblas_dgemm for large matrix products.
#include <cblas.h>
