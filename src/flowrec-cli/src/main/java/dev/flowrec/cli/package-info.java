/**
 * The {@code flowrec} command line (picocli): {@link dev.flowrec.cli.FlowRecCli} with the {@code
 * demo}, {@code job}, {@code serve} and {@code bench} subcommands. Terminal output here is the
 * product's user interface; library logging goes to a file (see {@code flowrec-cli-log4j2.xml}).
 */
package dev.flowrec.cli;
