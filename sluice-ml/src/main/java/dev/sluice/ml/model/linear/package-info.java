/**
 * Linear models on primitive column-major arrays: an L-BFGS minimizer, L2 logistic regression (binary
 * and multinomial, parallel gradient over row blocks) and ridge/least-squares regression by Cholesky.
 */
package dev.sluice.ml.model.linear;
