/**
 * The model contract, its registry and its file format. {@link dev.flowrec.models.MultiTaskModel}
 * is the whole interface trainer and serving see; {@link dev.flowrec.models.MultiTaskModels}
 * creates a model from {@link dev.flowrec.models.ModelSettings} or decodes one from bytes. {@link
 * dev.flowrec.models.ModelSettings} holds what every model type has, built with a builder; a type's
 * own settings ({@link dev.flowrec.models.ArchitectureSettings}, e.g. AutoIFS's) live in its
 * package. Each type declares an {@link dev.flowrec.models.Architecture} (own settings from
 * configuration and from its artifact, checks, create, restore), registered once in {@link
 * dev.flowrec.models.Architectures}: adding a model is a package, a {@code ModelType} value and
 * that one entry. {@link dev.flowrec.models.ModelArtifact} is the byte format (a {@link
 * dev.flowrec.models.RecordFrame} around an Avro record: shared settings, the model's own state
 * block, the DL4J zip); {@link dev.flowrec.models.BatchTensors} turns a batch into ND4J arrays and
 * {@link dev.flowrec.models.WeightedBinaryCrossEntropy} is the per-task loss, for every
 * architecture. {@link dev.flowrec.models.FlowSelectionReport} is an optional capability (AutoIFS
 * has it): per scenario × task, which information flows recent predictions kept; check for it with
 * {@code instanceof}. {@link dev.flowrec.models.HandWrittenLayer} and {@link
 * dev.flowrec.models.ParameterlessGraphVertex} are the bases of the layers and vertices written by
 * hand (forward and backward in Java) for AutoIFS, MMoE, M3oE and DTRN; each one gets a DL4J
 * gradient check and a workspace test.
 *
 * <p>Traps: a model is not thread-safe (one trainer thread, or one copy per scoring thread). Loss
 * weights must not be DL4J label masks: in 1.0.0-M2.1 an output layer multiplies its logits by the
 * mask and {@code LossBinaryXENT} squares it in the gradient, so only 0/1 masks behave. Weights
 * travel as a second label column read by {@link dev.flowrec.models.WeightedBinaryCrossEntropy}
 * (weight 2 equals duplicating the example in the summed gradient; keep that test green). That
 * class's name is stored inside every artifact's graph JSON: do not move or rename it. Row indices
 * travel as FLOAT, so an embedding table is limited to 2^24 rows; its size is {@link
 * dev.flowrec.models.ModelSettings#vocabularySize()}, not the feature spec's, when settings give
 * explicit rows. Artifacts and checkpoints are Avro records of {@code dev.flowrec.events}: a
 * process reading them needs {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.flowrec.events}, as
 * every reader of FlowRec's events does. ND4J uses as many OpenMP threads as cores unless {@code
 * OMP_NUM_THREADS} is set; on a shared 2-core trainer, set it to 1 (measured on 2 contended cores:
 * 2 threads used about 2.7 times the CPU of 1 thread per step and were slower).
 */
package dev.flowrec.models;
