package dev.flowrec.core.label;

import dev.flowrec.events.EmitKind;

/**
 * One label the join will emit for one task of one impression: when, under which step name (the
 * state remembers emitted steps, so a timer firing twice or a restore never emits one twice), the
 * label and its kind. {@code feedbackTime} is null when no feedback is attached.
 */
record Emission(int task, String step, long due, int label, EmitKind kind, Long feedbackTime) {
    String id(String taskName) {
        return taskName + "/" + step;
    }

    boolean isFinal() {
        return kind == EmitKind.FINAL;
    }
}
