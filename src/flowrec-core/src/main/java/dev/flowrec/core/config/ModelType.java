package dev.flowrec.core.config;

/** The model architectures FlowRec can train. */
public enum ModelType implements DescribedEnum {
    SHARED_BOTTOM(
            "shared-bottom",
            "Shared bottom MLP with one tower per task; the scenario is an input feature."),
    AUTOIFS(
            "autoifs",
            "AutoIFS: shared bottom, a full-rank plus LoRA scenario layer and task layer, and a"
                + " gate network that learns per instance which of the four scenario-to-task"
                + " information flows to drop (searched on the first examples, then frozen as hard"
                + " masks)."),
    MMOE(
            "mmoe",
            "MMoE: four shared expert MLPs (model.hidden-sizes) mixed per task by a softmax gate"
                    + " over the embedded input, then one tower per task."),
    PLE(
            "ple",
            "PLE with one extraction level: two shared and two task-specific expert MLPs"
                    + " (model.hidden-sizes); each task's softmax gate mixes its own and the shared"
                    + " experts, then one tower per task."),
    M3OE(
            "m3oe",
            "M3oE: a STAR-style scenario-aware bottom with a skip path feeding shared, scenario and"
                + " task experts (model.hidden-sizes: bottom, bottom output, expert width), fused"
                + " per scenario x task by gates and four learnable sigmoid structure weights, then"
                + " one tower per scenario x task."),
    DTRN(
            "dtrn",
            "DTRN on an MMoE backbone: per task and behaviour sequence a hypernetwork-generated"
                + " target attention extracts the user's interest, a per-task SENet reweights every"
                + " field, and the shared experts (model.hidden-sizes) run on each task's own"
                + " representation.");

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
