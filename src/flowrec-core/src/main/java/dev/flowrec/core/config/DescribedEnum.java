package dev.flowrec.core.config;

/** An enum used as an option value: its configuration spelling and what it means. */
public interface DescribedEnum {
    /** The value as written in configuration, lowercase with hyphens. */
    String value();

    String description();
}
