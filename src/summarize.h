/* summarize.h - internals of the extractive summariser shared with its tests: the sparse
 * sentence graph and PageRank used by TextRank, LexRank and the default method. */
#ifndef PRECIS_SUMMARIZE_H
#define PRECIS_SUMMARIZE_H

#include <stddef.h>
#include <stdint.h>

/* An undirected weighted edge i < j of the sentence graph. */
typedef struct sum_edge {
    uint32_t i, j;
    double w;
} sum_edge;

/* Weighted PageRank over n nodes and m undirected edges (each counts both ways), plus
 * self[i] as a self-loop weight when self != NULL (LexRank's cosine of a sentence with
 * itself). Brin & Page's damped form as Mihalcea & Tarau use it:
 *   s_i = (1 - d) jump_i + d * sum_j w_ji / (sum_k w_jk) * s_j,
 * with jump the uniform 1/n when NULL, or a distribution to bias the walk toward some nodes
 * (personalised PageRank, Haveliwala 2002). Iterated from 1/n until no score moves more
 * than tol / n (tol on Mihalcea & Tarau's scale, where scores average 1), or iters rounds.
 * score[] receives the scores (sum 1 when no node is isolated). Returns the rounds run, or
 * -1 when out of memory. */
int sum_pagerank(size_t n, const sum_edge *edges, size_t m, const double *self, const double *jump,
                 double d, double tol, int iters, double *score);

#endif
