/**
 * AutoIFS, automated information flow selection (WSDM '26): {@link
 * dev.flowrec.models.autoifs.AutoIfsModel} is the model, built through {@link
 * dev.flowrec.models.MultiTaskModels} with {@code model.type=autoifs} and configured by {@link
 * dev.flowrec.models.autoifs.AutoIfsSettings} ({@code model.autoifs.*}). {@link
 * dev.flowrec.models.autoifs.FlowSelection} is the hand-written DL4J layer holding the scenario
 * layer (full-rank shared unit plus one LoRA unit per scenario), the task layer (full-rank shared
 * unit plus one LoRA unit per task), the four information flows and the gating, with an analytic
 * backward pass; {@code FlowMath} holds its parameter layout, initialisation and FLOP count. The
 * package-private {@code SearchSchedule} is the search → retrain timeline in examples, {@code
 * ParameterSlices} locates the main model's and the gate network's parameters and Adam state for
 * the rewind, and {@code FlowKeepTracker} backs the flow-keep report.
 *
 * <p>Traps (DL4J 1.0.0-M2.1): the per-row scenario adapter is selected with a one-hot mask, not a
 * gather (gather backprop is broken); never call {@code setInputTypes} (it resets the embedding
 * {@code nIn}); L2 is set per layer because global L2 leaks into the gate layers; the gate
 * embedding is frozen by an SGD updater with learning rate 0, not by {@code NoOp}. The class names
 * of the layer and the loss are stored in artifacts: do not move or rename them.
 */
package dev.flowrec.models.autoifs;
