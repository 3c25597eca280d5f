/**
 * {@code flowrec bench}: benchmarks as commands that write report folders. Long runs are resumable
 * ({@code ResumableTraining} keeps each model's progress after every epoch). Trap: the state folder
 * holds models with optimiser state; never commit it.
 */
package dev.flowrec.cli.bench;
