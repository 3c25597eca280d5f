/**
 * FlowRec's benchmarks as plain Java, without picocli (the {@code flowrec bench} commands are thin
 * shells over them): {@code quality} (B1), {@code delayedfeedback} (B3), {@code speed} (B4), the
 * resumable epoch training they share ({@code training}) and the report folders that they and the
 * demo write ({@code report}). Only this module and flowrec-models may use ND4J directly.
 */
package dev.flowrec.bench;
