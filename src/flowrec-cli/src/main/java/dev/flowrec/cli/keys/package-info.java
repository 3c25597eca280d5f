/**
 * {@code flowrec keys}: the Ed25519 key pair the job signs snapshots with ({@link
 * dev.flowrec.cli.keys.GenerateCommand}). Trap: the private key goes to the job's TaskManagers only
 * (a file or an environment variable, {@code snapshots.signing.*}); serving hosts get the public
 * key, never the private one.
 */
package dev.flowrec.cli.keys;
