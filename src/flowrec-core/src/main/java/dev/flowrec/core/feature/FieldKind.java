package dev.flowrec.core.feature;

/** Where a feature field takes its value from in an impression. */
public enum FieldKind {
    USER,
    ITEM,
    SCENARIO,
    CATEGORICAL,
    NUMERIC
}
