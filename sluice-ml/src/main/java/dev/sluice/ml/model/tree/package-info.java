/**
 * Random forests: histogram split search on binned features, trees grown in parallel, a flat-array
 * {@link dev.sluice.ml.model.tree.Forest} for allocation-free prediction and its documented JSON form.
 */
package dev.sluice.ml.model.tree;
