package dev.flowrec.core.config;

/** The model architectures FlowRec can train. */
public enum ModelType implements DescribedEnum {
    SHARED_BOTTOM("shared-bottom", "Shared bottom MLP with one tower per task; the scenario is an input feature."),
    AUTOIFS("autoifs", "AutoIFS: shared bottom, a full-rank plus LoRA scenario layer and task layer, and a gate network "
            + "that learns per instance which of the four scenario-to-task information flows to drop "
            + "(searched on the first examples, then frozen as hard masks).");

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
