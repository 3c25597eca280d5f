/**
 * {@code flowrec serve}: {@link dev.flowrec.cli.serve.ServeCommand} wires a {@code
 * SnapshotSubscriber} to the HTTP server of {@code dev.flowrec.serving.http}. Signature settings
 * live in {@code SigningOption} alone, so a change of signing scheme touches one class.
 */
package dev.flowrec.cli.serve;
