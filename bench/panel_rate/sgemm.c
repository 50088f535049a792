/* The single-thread rate of OpenBLAS's sgemm on one product C = A * B (row-major,
 * ROWS x DEPTH times DEPTH x COLUMNS), in GFLOP/s, best of 30: the rate ConvLab's lowered
 * routes multiply at. Built and run by ../panel_rate.sh next to main.swift. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void openblas_set_num_threads(int);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: sgemm_rate ROWS DEPTH COLUMNS\n"); return 2; }
    int m = atoi(argv[1]), k = atoi(argv[2]), n = atoi(argv[3]);
    openblas_set_num_threads(1);
    float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n), *c = malloc(sizeof(float) * m * n);
    for (long i = 0; i < (long)m * k; i++) a[i] = 0.001f;
    for (long i = 0; i < (long)k * n; i++) b[i] = 0.002f;
    double best = 1e30;
    for (int run = 0; run < 30; run++) {
        double start = now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, a, k, b, n, 0, c, n);
        double t = now() - start;
        if (t < best) best = t;
    }
    printf("%.1f\n", 2.0 * m * n * k / best / 1e9);
    return 0;
}
