/** HTTP model serving: prediction endpoint, request validation, hot swap on alias moves, metrics, prediction log. */
package dev.sluice.serve;
