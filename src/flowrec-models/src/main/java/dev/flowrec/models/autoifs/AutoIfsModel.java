package dev.flowrec.models.autoifs;

import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.models.Architecture;
import dev.flowrec.models.BatchTensors;
import dev.flowrec.models.FlowSelectionReport;
import dev.flowrec.models.ForwardFlops;
import dev.flowrec.models.GraphModel;
import dev.flowrec.models.ModelArtifact;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.inference.Inference;
import dev.flowrec.models.inference.ReplicaInference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AutoIFS (WSDM '26) in DL4J, its two training phases (search, then rewind and retrain) turned into
 * a streaming form:
 *
 * <ol>
 *   <li><b>Search</b> over the first {@code searchExamples} training examples: the main model and
 *       the gate network train together on the same loss, each with its own Adam; gates are soft,
 *       {@code σ(τw)}, with τ growing geometrically from 1 to {@code finalTemperature} over the
 *       window ({@link SearchSchedule}); the gate network reads the current main embedding with the
 *       gradient stopped. After {@code rewindFraction} of the window the main model's parameters
 *       are snapshotted.
 *   <li>At the end of the window the gate table keeps a frozen copy of the current main embedding,
 *       the main model is rewound to the snapshot, the gates become hard, {@code 1[w > 0]}, and the
 *       network is rebuilt for the retrain: gate layers frozen, the main model at the retrain
 *       learning rate and L2 with a fresh Adam, as the reference builds a new model and optimiser
 *       for its retrain.
 *   <li><b>Retrain</b>: only the main model trains. With {@code researchInterval > 0}, a new search
 *       window starts after that many examples, again with a fresh optimiser.
 * </ol>
 *
 * The network is {@link AutoIfsGraph}; the scenario layer, task layer and flow selection are {@link
 * FlowSelection}. Loss: per task the weighted binary cross-entropy of {@code logit^m = h_full^m −
 * Σ_j g_j^m h_j^m}, summed over tasks and divided by the batch size, as in the reference code (its
 * optional gate regulariser, off by default there, is not implemented).
 *
 * <p>Phase, counters and, in checkpoints, the rewind snapshot travel in the artifact's model-state
 * block ({@link AutoIfsState}), so a trainer restored from a checkpoint continues exactly, across
 * the search → retrain boundary too. A model decoded without optimiser state has no snapshot; if it
 * is trained past the rewind point it takes a fresh one at its next step.
 *
 * <p>Every {@link #predict} records which flows each example kept ({@link #flowKeepShares()}).
 *
 * <p>The gate embedding is a separate table fed by copying ({@link AutoIfsGraph} says why). Not
 * thread-safe.
 */
public final class AutoIfsModel implements MultiTaskModel, FlowSelectionReport {
    /** AutoIFS for the registry: {@code model.autoifs.*} settings, kept in its state block. */
    public static final Architecture ARCHITECTURE =
            new Architecture(
                    ModelType.AUTOIFS,
                    AutoIfsSettings.class,
                    AutoIfsSettings.defaults(),
                    AutoIfsSettings::from,
                    AutoIfsState::settingsIn,
                    settings -> {},
                    AutoIfsModel::create,
                    AutoIfsModel::restore);

    private static final Logger LOG = LoggerFactory.getLogger(AutoIfsModel.class);

    private final ModelSettings settings;
    private final WorkspaceMode workspaceMode;
    private final SearchSchedule schedule;
    private ComputationGraph graph;
    private ParameterSlices main;
    private ParameterSlices gate;
    private final FlowKeepTracker flowKeeps;
    private final List<String> predictLayers;
    private final int vocabularySize;
    private final int scenarios;
    private final int tasks;
    private INDArray snapshotParameters;

    private AutoIfsModel(ModelSettings settings, ComputationGraph graph, SearchSchedule schedule) {
        this.settings = settings;
        this.workspaceMode = graph.getConfiguration().getTrainingWorkspaceMode();
        this.schedule = schedule;
        use(graph);
        this.vocabularySize = settings.vocabularySize();
        this.scenarios = settings.space().scenarios().size();
        this.tasks = settings.space().taskCount();
        this.flowKeeps =
                new FlowKeepTracker(
                        settings.space().scenarios(),
                        settings.space().tasks(),
                        AutoIfsSettings.of(settings).flowReportWindow());
        List<String> layers = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            layers.add(AutoIfsGraph.output(t));
        }
        layers.add(AutoIfsGraph.GATE_HEAD);
        this.predictLayers = List.copyOf(layers);
    }

    private void use(ComputationGraph network) {
        this.graph = network;
        this.main = ParameterSlices.select(network, name -> !AutoIfsGraph.isGate(name));
        this.gate = ParameterSlices.select(network, AutoIfsGraph::isGate);
    }

    /**
     * Replaces the network by one configured for {@code phase}, same parameters, fresh optimiser.
     */
    private void rebuild(AutoIfsPhase phase) {
        ComputationGraph next =
                new ComputationGraph(
                        AutoIfsGraph.configuration(
                                settings, phase, workspaceMode, DataType.FLOAT, false));
        next.init(graph.params().dup(), false);
        use(next);
    }

    /** A freshly initialised model in the search phase, with DL4J workspaces. */
    public static AutoIfsModel create(ModelSettings settings) {
        return create(settings, WorkspaceMode.ENABLED);
    }

    /**
     * For tests that compare workspace modes; {@link #create(ModelSettings)} is the only correct
     * choice.
     */
    static AutoIfsModel create(ModelSettings settings, WorkspaceMode workspaceMode) {
        GraphModel.checkVocabulary(settings);
        ComputationGraph graph =
                new ComputationGraph(
                        AutoIfsGraph.configuration(
                                settings,
                                AutoIfsPhase.SEARCH,
                                workspaceMode,
                                DataType.FLOAT,
                                false));
        graph.init();
        AutoIfsSettings a = AutoIfsSettings.of(settings);
        AutoIfsModel model = new AutoIfsModel(settings, graph, new SearchSchedule(a));
        model.copyEmbeddingToGate();
        ParameterCounts counts = model.parameterCounts();
        LOG.info(
                "Built AutoIFS model: main {} parameters (embedding {}), gate network {}, frozen"
                    + " gate embedding {}; {} fields x {} dims over {} rows, bottom {}, scenario"
                    + " layer {}, LoRA rank {}, {} scenarios x {} tasks, search over {} examples,"
                    + " workspaces {}",
                counts.main(),
                counts.embedding(),
                counts.gateNetwork(),
                counts.gateEmbedding(),
                settings.features().fieldCount(),
                settings.embeddingDim(),
                settings.vocabularySize(),
                a.bottomSizes(),
                a.scenarioSize(),
                a.loraRank(),
                model.scenarios,
                model.tasks,
                a.searchExamples(),
                workspaceMode);
        return model;
    }

    /**
     * Rebuilds a model from an artifact: network (with optimiser state when the artifact has it),
     * phase, counters and rewind snapshot.
     *
     * @throws IllegalArgumentException when the artifact is not an AutoIFS model or does not have
     *     the shape its header describes
     */
    public static AutoIfsModel restore(ModelArtifact artifact) {
        GraphModel.checkType(artifact, ModelType.AUTOIFS);
        ModelSettings settings = artifact.settings();
        ComputationGraph graph =
                GraphModel.restoreGraph(
                        artifact, ModelType.AUTOIFS, expectedParameterCounts(settings).all());
        AutoIfsState state = AutoIfsState.fromBytes(artifact.modelState());
        AutoIfsModel model =
                new AutoIfsModel(
                        settings,
                        graph,
                        new SearchSchedule(
                                state.settings(),
                                state.phase(),
                                state.examplesSeen(),
                                state.windowSeen(),
                                state.searchesCompleted()));
        if (state.snapshotParameters() != null) {
            if (state.snapshotParameters().length() != model.main.parameterCount()) {
                throw new IllegalArgumentException(
                        "artifact's rewind snapshot has "
                                + state.snapshotParameters().length()
                                + " parameters, the network needs "
                                + model.main.parameterCount());
            }
            model.snapshotParameters = state.snapshotParameters();
        }
        LOG.info(
                "Restored AutoIFS model: phase {}, {} examples seen ({} in this phase), {} searches"
                        + " completed, rewind snapshot {}, optimiser state {}",
                state.phase(),
                state.examplesSeen(),
                state.windowSeen(),
                state.searchesCompleted(),
                model.snapshotParameters != null ? "held" : "none",
                artifact.withOptimizerState() ? "restored" : "absent");
        return model;
    }

    /**
     * Parameter counts implied by the settings (with the reference defaults on MovieLens-1M: main
     * model 1,006,791, gate network 661,000, frozen gate embedding 211,904): embedding {@code V·E};
     * shared MLP; scenario layer {@code d·h + h} plus per scenario {@code d·r + r·h + h}; task
     * layer {@code h + 1} plus per task {@code h·r + r + 1}; gate network = an MLP of the bottom's
     * shape plus {@code d·4M + 4M} for the M four-way heads; frozen gate embedding {@code V·E}.
     */
    public static ParameterCounts expectedParameterCounts(ModelSettings settings) {
        AutoIfsSettings a = AutoIfsSettings.of(settings);
        long embedding = (long) settings.vocabularySize() * settings.embeddingDim();
        long mlp = 0;
        long width = (long) settings.features().fieldCount() * settings.embeddingDim();
        for (int h : a.bottomSizes()) {
            mlp += width * h + h;
            width = h;
        }
        long d = width;
        long h = a.scenarioSize();
        long r = a.loraRank();
        long k = settings.space().scenarios().size();
        long m = settings.space().taskCount();
        long scenarioLayer = d * h + h + k * (d * r + r * h + h);
        long taskLayer = h + 1 + m * (h * r + r + 1);
        long gateNetwork = mlp + d * 4 * m + 4 * m;
        return new ParameterCounts(
                embedding, mlp + scenarioLayer + taskLayer, gateNetwork, embedding);
    }

    /** Counts measured on this model's network. */
    public ParameterCounts parameterCounts() {
        long embedding = graph.getLayer(AutoIfsGraph.EMBEDDING).numParams();
        long gateEmbedding = graph.getLayer(AutoIfsGraph.GATE_EMBEDDING).numParams();
        return new ParameterCounts(
                embedding,
                main.parameterCount() - embedding,
                gate.parameterCount() - gateEmbedding,
                gateEmbedding);
    }

    @Override
    public ModelSettings settings() {
        return settings;
    }

    /**
     * Main model plus gate network: every parameter that trains in some phase; the frozen gate
     * table is left out.
     */
    @Override
    public long parameterCount() {
        ParameterCounts counts = parameterCounts();
        return counts.main() + counts.gateNetwork();
    }

    @Override
    public boolean hasFiniteParameters() {
        return GraphModel.finite(graph);
    }

    /**
     * Main model, gate network and the flows; in the retrain the gate network still runs forward.
     */
    @Override
    public long forwardFlopsPerExample() {
        return ForwardFlops.ofDenseLayers(graph.getConfiguration());
    }

    @Override
    public int[][] denseProducts() {
        return ForwardFlops.denseProducts(graph.getConfiguration());
    }

    public AutoIfsPhase phase() {
        return schedule.phase();
    }

    /** Temperature of the soft gates for the next training step (the final one once in retrain). */
    public double temperature() {
        return schedule.temperature();
    }

    /** Training examples this model has been fitted on since it was created. */
    public long examplesSeen() {
        return schedule.examplesSeen();
    }

    public int searchesCompleted() {
        return schedule.searchesCompleted();
    }

    @Override
    public float[][] predict(Batch batch) {
        checkBatch(batch);
        INDArray[] outputs = graph.output(predictLayers, false, inputs(batch), null);
        INDArray[] probabilities = new INDArray[tasks];
        System.arraycopy(outputs, 0, probabilities, 0, tasks);
        flowKeeps.record(batch.scenarios(), Nd4j.toFlattened('c', outputs[tasks]).toFloatVector());
        return BatchTensors.probabilities(probabilities, batch.size());
    }

    /**
     * The forward pass outside DL4J ({@link AutoIfsInference}) at this phase's gates and
     * temperature; DL4J copies where OpenBLAS cannot be called (a CUDA build without its native
     * library).
     */
    @Override
    public Inference inference() {
        return ReplicaInference.unlessUnavailable(
                this,
                () ->
                        new AutoIfsInference(
                                settings,
                                graph,
                                schedule.temperature(),
                                schedule.phase() == AutoIfsPhase.RETRAIN));
    }

    /**
     * One step of both optimisers (search) or of the main one (retrain), then the schedule's
     * transitions. Returns DL4J's score of the batch before the step: per task the weighted binary
     * cross-entropy summed over examples, summed over tasks, divided by the batch size, plus the L2
     * penalty when l2 is positive.
     */
    @Override
    public double fit(Batch batch) {
        checkBatch(batch);
        if (schedule.snapshotDue(snapshotParameters != null, batch.size())) {
            snapshotParameters = main.copyParameters(graph);
            LOG.info(
                    "AutoIFS rewind point: snapshot of {} main parameters after {} search examples",
                    main.parameterCount(),
                    schedule.windowSeen());
        }
        graph.fit(new MultiDataSet(inputs(batch), BatchTensors.weightedLabels(batch)));
        double loss = graph.score();
        if (schedule.phase() == AutoIfsPhase.SEARCH) {
            copyEmbeddingToGate();
        }
        switch (schedule.advance(batch.size())) {
            case END_SEARCH -> endSearch();
            case START_SEARCH -> startSearch();
            case NONE -> {}
        }
        return loss;
    }

    private void endSearch() {
        // The gate table already holds the current main embedding (copied after the last step);
        // from now on nothing copies into it, so it is the frozen copy the reference keeps.
        rebuild(AutoIfsPhase.RETRAIN);
        if (snapshotParameters != null) {
            main.setParameters(graph, snapshotParameters);
        }
        boolean rewound = snapshotParameters != null;
        snapshotParameters = null;
        LOG.info(
                "AutoIFS search {} ended after {} examples: main model {}, gates now hard and"
                        + " frozen, retrain at learning rate {} and L2 {} with a fresh optimiser",
                schedule.searchesCompleted(),
                schedule.examplesSeen(),
                rewound ? "rewound to the snapshot" : "kept (no snapshot was taken)",
                AutoIfsSettings.of(settings).retrainLearningRate(),
                AutoIfsSettings.of(settings).retrainL2());
    }

    private void startSearch() {
        rebuild(AutoIfsPhase.SEARCH);
        copyEmbeddingToGate();
        LOG.info(
                "AutoIFS search {} starts after {} examples",
                schedule.searchesCompleted() + 1,
                schedule.examplesSeen());
    }

    private void copyEmbeddingToGate() {
        graph.getLayer(AutoIfsGraph.GATE_EMBEDDING)
                .getParam("W")
                .assign(graph.getLayer(AutoIfsGraph.EMBEDDING).getParam("W"));
    }

    @Override
    public Map<String, FlowKeepShares> flowKeepShares() {
        return flowKeeps.shares();
    }

    @Override
    public byte[] toBytes(boolean withOptimizerState) {
        return GraphModel.artifactBytes(
                settings, graph, withOptimizerState, state(withOptimizerState).toBytes());
    }

    @Override
    public Supplier<byte[]> checkpointLater() {
        return GraphModel.artifactLater(settings, graph, state(true).toBytes());
    }

    private AutoIfsState state(boolean withOptimizerState) {
        // The snapshot is optimiser-side state: serving artifacts leave it out.
        boolean snapshot = withOptimizerState && snapshotParameters != null;
        return new AutoIfsState(
                AutoIfsSettings.of(settings),
                schedule.phase(),
                schedule.examplesSeen(),
                schedule.windowSeen(),
                schedule.searchesCompleted(),
                snapshot ? snapshotParameters : null);
    }

    private INDArray[] inputs(Batch batch) {
        int n = batch.size();
        float[] oneHot = new float[n * scenarios];
        int[] scenarioOf = batch.scenarios();
        for (int i = 0; i < n; i++) {
            oneHot[i * scenarios + scenarioOf[i]] = 1f;
        }
        float tau = (float) schedule.temperature();
        float hard = schedule.phase() == AutoIfsPhase.RETRAIN ? 1f : 0f;
        float[] control = new float[2 * n];
        for (int i = 0; i < n; i++) {
            control[2 * i] = tau;
            control[2 * i + 1] = hard;
        }
        return new INDArray[] {
            BatchTensors.rows(batch, vocabularySize),
            Nd4j.create(oneHot, new long[] {n, scenarios}, DataType.FLOAT),
            Nd4j.create(control, new long[] {n, 2}, DataType.FLOAT)
        };
    }

    // Package-private views for tests.

    ComputationGraph graph() {
        return graph;
    }

    SearchSchedule schedule() {
        return schedule;
    }

    boolean holdsSnapshot() {
        return snapshotParameters != null;
    }

    INDArray mainParameters() {
        return main.copyParameters(graph);
    }

    INDArray gateParameters() {
        return gate.copyParameters(graph);
    }

    INDArray embedding(String layer) {
        return graph.getLayer(layer).getParam("W").dup();
    }

    private void checkBatch(Batch batch) {
        checkBatch(settings, batch);
    }

    /** The shared shape check, and scenario indices inside the one-hot width the graph has. */
    static void checkBatch(ModelSettings settings, Batch batch) {
        GraphModel.checkBatch(settings, batch);
        int scenarios = settings.space().scenarios().size();
        int[] scenarioOf = batch.scenarios();
        for (int i = 0; i < scenarioOf.length; i++) {
            if (scenarioOf[i] < 0 || scenarioOf[i] >= scenarios) {
                throw new IllegalArgumentException(
                        "example "
                                + i
                                + " has scenario index "
                                + scenarioOf[i]
                                + ", outside [0, "
                                + scenarios
                                + ")");
            }
        }
    }
}
