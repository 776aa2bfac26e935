/**
 * The artifact store on S3-compatible object storage ({@code SLUICE_STORE=s3://bucket/prefix}):
 * {@link dev.sluice.s3.S3ArtifactStore}, opened by {@link dev.sluice.s3.S3StoreProvider} through core's
 * {@link dev.sluice.store.ArtifactStoreProvider} seam, with the AWS SDK for Java v2 confined to this module.
 */
package dev.sluice.s3;
