/**
 * Feature spec and hashing: how an impression becomes embedding-table rows. {@link
 * dev.flowrec.core.feature.FeatureSpec} is shared by the trainer and serving, so both build
 * identical inputs. Trap: changing {@link dev.flowrec.core.feature.FeatureHashing} changes every
 * bucket and silently invalidates every trained model; it is part of the snapshot format.
 */
package dev.flowrec.core.feature;
