/**
 * {@code flowrec bench}: picocli shells that parse a benchmark's options and run it from
 * flowrec-bench ({@code b1}/{@code quality}, {@code b3}/{@code delayed-feedback}, {@code b4}/{@code
 * speed}). Trap: the state folders they default to hold models with optimiser state; never commit
 * them.
 */
package dev.flowrec.cli.bench;
