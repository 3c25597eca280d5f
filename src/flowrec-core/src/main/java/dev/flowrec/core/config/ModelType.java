package dev.flowrec.core.config;

/** The model architectures FlowRec can train. */
public enum ModelType implements DescribedEnum {
    SHARED_BOTTOM("shared-bottom", "Shared bottom MLP with one tower per task; the scenario is an input feature.");

    private final String value;
    private final String description;

    ModelType(String value, String description) {
        this.value = value;
        this.description = description;
    }

    @Override
    public String value() {
        return value;
    }

    @Override
    public String description() {
        return description;
    }
}
