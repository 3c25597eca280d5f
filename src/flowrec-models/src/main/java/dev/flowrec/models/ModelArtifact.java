package dev.flowrec.models;

import dev.flowrec.core.codec.Hashes;
import dev.flowrec.core.config.ModelType;
import dev.flowrec.core.domain.ScenarioTaskSpace;
import dev.flowrec.core.feature.FeatureSpec;
import dev.flowrec.events.ModelArtifactRecord;
import dev.flowrec.events.SharedModelSettingsRecord;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The self-describing byte format of a model: a {@link RecordFrame} (magic "FRMA", format {@link
 * #CURRENT_VERSION}, CRC-32) around an Avro {@code ModelArtifactRecord} ({@code
 * schemas/avro/ModelArtifact.avsc}): payload format name ({@link #FORMAT}), the shared settings,
 * whether the payload holds optimiser state, the model-state block and the payload (a DL4J {@code
 * ModelSerializer} zip, opaque here).
 *
 * <p>The model-state block is the model's own: its {@link ArchitectureSettings} and whatever it
 * keeps besides its network, as an Avro record of its own (AutoIFS's search schedule and rewind
 * snapshot, M3oE's structure optimiser), empty for models that keep nothing. Its schema is part of
 * this format's version. The header is readable without touching DL4J, so a serving process can
 * check the feature spec before it pays for loading the network.
 *
 * <p>Readers reject a wrong magic number, another format version (naming the found and the
 * supported one), an unknown payload format, a CRC mismatch and trailing bytes. A format change
 * that old bytes cannot survive (of the artifact record or of any model's state record) bumps
 * {@link #CURRENT_VERSION}; a reader for an older version is kept only once a release has shipped
 * that writes it. A golden artifact of each model type is kept in the test resources ({@code
 * golden/}) and must keep decoding and scoring its probe set within float tolerance.
 */
public final class ModelArtifact {
    /** "FRMA": FlowRec model artifact. */
    public static final int MAGIC = 0x46524D41;

    /** The format version this build writes and reads. */
    public static final int CURRENT_VERSION = 1;

    /** Name of the payload format, for manifests: a DL4J {@code ModelSerializer} zip. */
    public static final String FORMAT = "dl4j-zip";

    private static final RecordFrame<ModelArtifactRecord> FRAME =
            new RecordFrame<>(
                    "model artifact", MAGIC, CURRENT_VERSION, ModelArtifactRecord.getClassSchema());
    private static final byte[] NO_STATE = new byte[0];

    private final ModelSettings settings;
    private final boolean withOptimizerState;
    private final byte[] modelState;
    private final byte[] payload;

    /**
     * @param settings how the model was built
     * @param withOptimizerState whether the payload carries the updater state (checkpoints) or not
     *     (serving snapshots)
     * @param payload the DL4J zip; kept by reference, not copied
     */
    public ModelArtifact(ModelSettings settings, boolean withOptimizerState, byte[] payload) {
        this(settings, withOptimizerState, NO_STATE, payload);
    }

    /**
     * @param settings how the model was built
     * @param withOptimizerState whether the payload carries the updater state (checkpoints) or not
     *     (serving snapshots)
     * @param modelState the model's own block (its own settings and state); kept by reference
     * @param payload the DL4J zip; kept by reference, not copied
     */
    public ModelArtifact(
            ModelSettings settings, boolean withOptimizerState, byte[] modelState, byte[] payload) {
        if (settings == null || payload == null || modelState == null) {
            throw new IllegalArgumentException(
                    "settings, model state and payload must not be null, got settings="
                            + settings
                            + " modelState="
                            + (modelState == null ? "null" : modelState.length + " bytes")
                            + " payload="
                            + (payload == null ? "null" : payload.length + " bytes"));
        }
        this.settings = settings;
        this.withOptimizerState = withOptimizerState;
        this.modelState = modelState;
        this.payload = payload;
    }

    /** How the model was built, its own settings included. */
    public ModelSettings settings() {
        return settings;
    }

    public boolean withOptimizerState() {
        return withOptimizerState;
    }

    /** The model's own block (empty for models without), by reference. */
    public byte[] modelState() {
        return modelState;
    }

    /** The DL4J zip, by reference: callers must not modify it. */
    public byte[] payload() {
        return payload;
    }

    /** Encodes this artifact in format {@link #CURRENT_VERSION}. */
    public byte[] toBytes() {
        return FRAME.encode(
                ModelArtifactRecord.newBuilder()
                        .setPayloadFormat(FORMAT)
                        .setSettings(
                                SharedModelSettingsRecord.newBuilder()
                                        .setModelType(settings.type().value())
                                        .setScenarios(settings.space().scenarios())
                                        .setTasks(settings.space().tasks())
                                        .setFeatureSpec(settings.features().canonical())
                                        .setEmbeddingDim(settings.embeddingDim())
                                        .setHiddenSizes(settings.hiddenSizes())
                                        .setTowerSizes(settings.towerSizes())
                                        .setLearningRate(settings.learningRate())
                                        .setL2(settings.l2())
                                        .setSeed(settings.seed())
                                        .setEmbeddingRows(settings.embeddingRows())
                                        .build())
                        .setWithOptimizerState(withOptimizerState)
                        .setModelState(ByteBuffer.wrap(modelState))
                        .setPayload(ByteBuffer.wrap(payload))
                        .build());
    }

    /**
     * Decodes an artifact written by {@link #toBytes()}; the model type's {@link Architecture}
     * reads its own settings from the state block.
     *
     * @throws IllegalArgumentException when the bytes are not a readable artifact; the message says
     *     why
     */
    public static ModelArtifact fromBytes(byte[] artifact) {
        ModelArtifactRecord record = FRAME.decode(artifact);
        if (!FORMAT.equals(record.getPayloadFormat())) {
            throw new IllegalArgumentException(
                    "model artifact payload format '"
                            + record.getPayloadFormat()
                            + "' is not supported; this reader supports '"
                            + FORMAT
                            + "'");
        }
        SharedModelSettingsRecord shared = record.getSettings();
        Architecture architecture = Architectures.of(parseType(shared.getModelType()));
        byte[] modelState = bytes(record.getModelState());
        ModelSettings settings;
        try {
            settings =
                    ModelSettings.builder()
                            .type(architecture.type())
                            .space(new ScenarioTaskSpace(shared.getScenarios(), shared.getTasks()))
                            .features(FeatureSpec.parse(shared.getFeatureSpec()))
                            .embeddingDim(shared.getEmbeddingDim())
                            .hiddenSizes(shared.getHiddenSizes())
                            .towerSizes(shared.getTowerSizes())
                            .learningRate(shared.getLearningRate())
                            .l2(shared.getL2())
                            .seed(shared.getSeed())
                            .embeddingRows(shared.getEmbeddingRows())
                            .architecture(architecture.settingsInState().apply(modelState))
                            .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "model artifact has invalid settings: " + e.getMessage(), e);
        }
        return new ModelArtifact(
                settings, record.getWithOptimizerState(), modelState, bytes(record.getPayload()));
    }

    private static ModelType parseType(String value) {
        for (ModelType t : ModelType.values()) {
            if (t.value().equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "model artifact has unknown model type '"
                        + value
                        + "'; known: "
                        + Arrays.stream(ModelType.values()).map(ModelType::value).toList());
    }

    /**
     * The payload is the whole DL4J zip, often megabytes: hand out Avro's array when it holds
     * exactly these bytes instead of copying it.
     */
    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        return Hashes.toArray(buffer);
    }
}
