package dev.flowrec.bench.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowrec.core.batch.Batch;
import dev.flowrec.core.metrics.EvaluationReport;
import dev.flowrec.models.MultiTaskModel;
import dev.flowrec.models.MultiTaskModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Epoch training with validation-based early stopping that survives being stopped: after every
 * epoch the model (with optimiser state), the best model so far and the {@link EpochHistory} are
 * written to the run's folder, atomically, and a rerun continues from the last finished epoch.
 *
 * <p>The stopping rule is the reference code's: stop at the first epoch whose mean validation AUC
 * does not improve on the best (patience 1 by default), then test with the best epoch's model.
 * Epochs in a phase for which {@code counts} answers false (AutoIFS's search) never stop the run,
 * are not candidates for "best" and do not count towards the epoch cap (the reference retrains for
 * up to 50 epochs after its 10 search epochs).
 */
public final class ResumableTraining {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final String name;
    private final Supplier<MultiTaskModel> fresh;
    private final Function<MultiTaskModel, String> phase;
    private final Function<String, Boolean> counts;
    private final int maxEpochs;
    private final int patience;
    private final PrintWriter out;

    public ResumableTraining(
            Path dir,
            String name,
            Supplier<MultiTaskModel> fresh,
            Function<MultiTaskModel, String> phase,
            Function<String, Boolean> counts,
            int maxEpochs,
            int patience,
            PrintWriter out) {
        this.dir = dir;
        this.name = name;
        this.fresh = fresh;
        this.phase = phase;
        this.counts = counts;
        this.maxEpochs = maxEpochs;
        this.patience = patience;
        this.out = out;
    }

    private long countedEpochs(EpochHistory history) {
        return history.epochs.stream().filter(e -> counts.apply(e.phase)).count();
    }

    /**
     * Trains until the stopping rule or {@code maxEpochs} counted epochs; returns the model of the
     * best epoch.
     */
    public MultiTaskModel run(
            Supplier<Iterable<Batch>> train,
            Supplier<Iterable<Batch>> validation,
            dev.flowrec.core.domain.ScenarioTaskSpace space)
            throws IOException {
        return run(epoch -> train.get(), validation, space);
    }

    /**
     * As {@link #run(Supplier, Supplier, dev.flowrec.core.domain.ScenarioTaskSpace)}, with the
     * training batches of each epoch chosen by its number, so an epoch reshuffled from a seed is
     * the same whether the run went straight through or resumed.
     */
    public MultiTaskModel run(
            IntFunction<Iterable<Batch>> train,
            Supplier<Iterable<Batch>> validation,
            dev.flowrec.core.domain.ScenarioTaskSpace space)
            throws IOException {
        Files.createDirectories(dir);
        EpochHistory history = readHistory();
        MultiTaskModel model =
                history.currentModelFile != null
                        ? MultiTaskModels.fromBytes(
                                Files.readAllBytes(file(history.currentModelFile)))
                        : fresh.get();
        if (history.nextEpoch() > 0) {
            out.printf(
                    "[%s] resuming after epoch %d (best %d, validation AUC %.5f)%n",
                    name, history.nextEpoch() - 1, history.bestEpoch, history.bestValidationAuc);
        }
        int sinceBest = 0;
        for (EpochHistory.Epoch e : history.epochs) {
            sinceBest =
                    counts.apply(e.phase) && e.epoch != history.bestEpoch
                            ? sinceBest + 1
                            : sinceBest;
        }
        while (!history.finished && countedEpochs(history) < maxEpochs) {
            int epoch = history.nextEpoch();
            String epochPhase = phase.apply(model);
            long examples = 0;
            long start = System.nanoTime();
            long lastPrint = start;
            for (Batch batch : train.apply(epoch)) {
                model.fit(batch);
                examples += batch.size();
                if (System.nanoTime() - lastPrint > 30_000_000_000L) {
                    lastPrint = System.nanoTime();
                    out.printf(
                            Locale.ROOT,
                            "[%s] epoch %d (%s): %,d examples, %,.0f examples/s%n",
                            name,
                            epoch,
                            epochPhase,
                            examples,
                            examples / ((lastPrint - start) / 1e9));
                    out.flush();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            EvaluationReport val = HoldoutScores.evaluate(model, validation.get(), space);
            EpochHistory.Epoch done =
                    new EpochHistory.Epoch(
                            epoch,
                            epochPhase,
                            val.meanAuc(),
                            HoldoutScores.meanLogloss(val),
                            seconds,
                            examples / seconds);
            history.epochs.add(done);
            boolean counted = counts.apply(epochPhase);
            if (counted && val.meanAuc() > history.bestValidationAuc) {
                history.bestValidationAuc = val.meanAuc();
                history.bestEpoch = epoch;
                sinceBest = 0;
                history.bestModelFile = "best-" + epoch + ".model";
                writeAtomically(file(history.bestModelFile), model.toBytes(false));
            } else if (counted) {
                sinceBest++;
                history.finished = sinceBest >= patience;
            }
            // The history names the model files it belongs to and is written last: a run stopped
            // in between resumes from the previous epoch's pair and never trains an epoch twice.
            history.currentModelFile = "epoch-" + epoch + ".model";
            writeAtomically(file(history.currentModelFile), model.toBytes(true));
            writeAtomically(file("history.json"), JSON.writeValueAsBytes(history));
            deleteStale(history);
            out.printf(
                    Locale.ROOT,
                    "[%s] epoch %d (%s) done in %.0fs (%,.0f examples/s): validation mean AUC %.5f,"
                            + " logloss %.5f%s%n",
                    name,
                    epoch,
                    epochPhase,
                    seconds,
                    done.trainExamplesPerSecond,
                    val.meanAuc(),
                    done.validationMeanLogloss,
                    history.finished ? " - no improvement, stopping" : "");
            out.flush();
        }
        // Reaching maxEpochs does not mark the run finished: a rerun with a higher cap goes on.
        return history.bestModelFile != null
                ? MultiTaskModels.fromBytes(Files.readAllBytes(file(history.bestModelFile)))
                : model;
    }

    /** Removes model files no longer named by the history. */
    private void deleteStale(EpochHistory history) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".model")
                        && !n.equals(history.currentModelFile)
                        && !n.equals(history.bestModelFile)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    public EpochHistory history() throws IOException {
        return readHistory();
    }

    private EpochHistory readHistory() throws IOException {
        Path h = file("history.json");
        if (!Files.exists(h)) {
            EpochHistory fresh = new EpochHistory();
            fresh.model = name;
            return fresh;
        }
        return JSON.readValue(h.toFile(), EpochHistory.class);
    }

    private Path file(String fileName) {
        return dir.resolve(fileName);
    }

    /** Write then rename, so a run stopped mid-write never leaves a torn file behind. */
    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(
                tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
