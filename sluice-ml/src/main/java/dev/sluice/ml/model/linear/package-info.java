/**
 * Linear models on primitive column-major arrays: an L-BFGS minimizer (optionally preconditioned by a diagonal),
 * L2 logistic regression (binary and multinomial, parallel gradient over row blocks, one-hot features as level
 * indices) and ridge/least-squares regression by Cholesky.
 */
package dev.sluice.ml.model.linear;
