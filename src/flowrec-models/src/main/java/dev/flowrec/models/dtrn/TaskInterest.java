package dev.flowrec.models.dtrn;

import dev.flowrec.models.HandWrittenLayer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configuration of DTRN's Task-specific Interest Module, which the paper describes as a
 * parameter-efficient hypernetwork over the behaviour sequences; the shapes are FlowRec's, since
 * DTRN has no public code. For task m and behaviour b, a hypernetwork {@code H(c) = Linear(16→64) +
 * ReLU + Linear(64→P)} turns the condition {@code c = [τ_m ; β_b]} (learnt task and behaviour
 * embeddings, 8 each) into the weights of a small DIN-style target attention: for target item q and
 * history item h_l, {@code a_l = w_o · ReLU([q; h_l; q⊙h_l; q−h_l] W_a + b_a) + b_o} with 16 hidden
 * units, and the interest {@code v = Σ_l softmax_l(a_l) h_l}, the softmax over the valid positions
 * only (none valid: v = 0). Only H and the small embeddings are learnt, not M·Bt attention units.
 *
 * <p>Input, one merged row: the flattened embeddings of the F fields and the Bt·L history items
 * ({@code [B, (F + Bt·L)·E]}), then the history mask ({@code [B, Bt·L]}, 1 = item, 0 = padding).
 * Output {@code [B, M·Bt·E]}, interest (m, b) in columns {@code [(m·Bt + b)·E, …+E)}. Runtime in
 * {@link TaskInterestLayer}, parameters in {@link TaskInterestParams}.
 */
public final class TaskInterest extends HandWrittenLayer {
    private static final long serialVersionUID = 1L;

    /** Default size of the task and of the behaviour embedding (FlowRec's choice). */
    public static final int CONDITION = 8;

    /** Default hidden width of the hypernetwork. */
    public static final int HYPER_HIDDEN = 64;

    /** Default hidden width of each generated attention unit. */
    public static final int ATTENTION_HIDDEN = 16;

    private int fields;
    private int itemField;
    private int behaviours;
    private int length;
    private int dim;
    private int tasks;
    private int condition = CONDITION;
    private int hyperHidden = HYPER_HIDDEN;
    private int attentionHidden = ATTENTION_HIDDEN;

    /** For JSON deserialisation only. */
    public TaskInterest() {}

    private TaskInterest(Builder builder) {
        super(builder);
        this.fields = builder.fields;
        this.itemField = builder.itemField;
        this.behaviours = builder.behaviours;
        this.length = builder.length;
        this.dim = builder.dim;
        this.tasks = builder.tasks;
        this.condition = builder.condition;
        this.hyperHidden = builder.hyperHidden;
        this.attentionHidden = builder.attentionHidden;
    }

    /** Generated parameters per attention unit: W_a [4E × A], b_a, w_o, b_o. */
    public static long generatedSize(int dim, int attentionHidden) {
        return 4L * dim * attentionHidden + 2L * attentionHidden + 1;
    }

    /**
     * Learnt parameters at the default widths: the hypernetwork and the task and behaviour
     * embeddings.
     */
    public static long parameterCount(int dim, int tasks, int behaviours) {
        return parameterCount(dim, tasks, behaviours, CONDITION, HYPER_HIDDEN, ATTENTION_HIDDEN);
    }

    static long parameterCount(
            int dim,
            int tasks,
            int behaviours,
            int condition,
            int hyperHidden,
            int attentionHidden) {
        long p = generatedSize(dim, attentionHidden);
        return 2L * condition * hyperHidden
                + hyperHidden
                + hyperHidden * p
                + p
                + (long) (tasks + behaviours) * condition;
    }

    /** This layer's parameter count. */
    long parameterCount() {
        return parameterCount(dim, tasks, behaviours, condition, hyperHidden, attentionHidden);
    }

    @Override
    protected BaseLayer<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new TaskInterestLayer(conf, dataType);
    }

    @Override
    public ParamInitializer initializer() {
        return TaskInterestParams.INSTANCE;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long perExample = (long) length * (4L * dim + 2L * attentionHidden + 2);
        return new LayerMemoryReport.Builder(layerName, TaskInterest.class, inputType, out)
                .standardMemory(parameterCount(), 0)
                .workingMemory(0, perExample, 0, 2 * perExample)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    public int getFields() {
        return fields;
    }

    public void setFields(int fields) {
        this.fields = fields;
    }

    public int getItemField() {
        return itemField;
    }

    public void setItemField(int itemField) {
        this.itemField = itemField;
    }

    public int getBehaviours() {
        return behaviours;
    }

    public void setBehaviours(int behaviours) {
        this.behaviours = behaviours;
    }

    public int getLength() {
        return length;
    }

    public void setLength(int length) {
        this.length = length;
    }

    public int getDim() {
        return dim;
    }

    public void setDim(int dim) {
        this.dim = dim;
    }

    public int getTasks() {
        return tasks;
    }

    public int getCondition() {
        return condition;
    }

    public void setCondition(int condition) {
        this.condition = condition;
    }

    public int getHyperHidden() {
        return hyperHidden;
    }

    public void setHyperHidden(int hyperHidden) {
        this.hyperHidden = hyperHidden;
    }

    public int getAttentionHidden() {
        return attentionHidden;
    }

    public void setAttentionHidden(int attentionHidden) {
        this.attentionHidden = attentionHidden;
    }

    public void setTasks(int tasks) {
        this.tasks = tasks;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskInterest other
                && super.equals(o)
                && other.fields == fields
                && other.itemField == itemField
                && other.behaviours == behaviours
                && other.length == length
                && other.dim == dim
                && other.tasks == tasks
                && other.condition == condition
                && other.hyperHidden == hyperHidden
                && other.attentionHidden == attentionHidden;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                super.hashCode(),
                fields,
                itemField,
                behaviours,
                length,
                dim,
                tasks,
                condition,
                hyperHidden,
                attentionHidden);
    }

    /** Builder; nIn and nOut follow from the sizes. */
    public static final class Builder extends FeedForwardLayer.Builder<Builder> {
        private int fields;
        private int itemField;
        private int behaviours;
        private int length;
        private int dim;
        private int tasks;
        private int condition = CONDITION;
        private int hyperHidden = HYPER_HIDDEN;
        private int attentionHidden = ATTENTION_HIDDEN;

        /**
         * @param fields categorical fields F, {@code itemField} among them the target item
         * @param behaviours sequences Bt of {@code length} items each
         * @param dim embedding size E
         * @param tasks tasks M
         */
        public Builder sizes(
                int fields, int itemField, int behaviours, int length, int dim, int tasks) {
            this.fields = fields;
            this.itemField = itemField;
            this.behaviours = behaviours;
            this.length = length;
            this.dim = dim;
            this.tasks = tasks;
            return this;
        }

        /** Other widths than the defaults (8, 64, 16): small ones keep gradient checks fast. */
        public Builder widths(int condition, int hyperHidden, int attentionHidden) {
            this.condition = condition;
            this.hyperHidden = hyperHidden;
            this.attentionHidden = attentionHidden;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public TaskInterest build() {
            if (condition < 1 || hyperHidden < 1 || attentionHidden < 1) {
                throw new IllegalArgumentException(
                        "task interest widths must be positive, got condition="
                                + condition
                                + " hyperHidden="
                                + hyperHidden
                                + " attentionHidden="
                                + attentionHidden);
            }
            if (fields < 1
                    || itemField < 0
                    || itemField >= fields
                    || behaviours < 1
                    || length < 1
                    || dim < 1
                    || tasks < 1) {
                throw new IllegalArgumentException(
                        "task interest needs positive sizes and an item field among the "
                                + "fields, got fields="
                                + fields
                                + " itemField="
                                + itemField
                                + " behaviours="
                                + behaviours
                                + " length="
                                + length
                                + " dim="
                                + dim
                                + " tasks="
                                + tasks);
            }
            nIn((long) (fields + behaviours * length) * dim + (long) behaviours * length);
            nOut((long) tasks * behaviours * dim);
            return new TaskInterest(this);
        }
    }
}
