package dev.flowrec.bench.speed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowrec.bench.report.ReportFolder;
import dev.flowrec.models.ModelSettings;
import dev.flowrec.models.autoifs.AutoIfsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * AutoIFS's training speed in PyTorch on this machine, for B4's core-for-core comparison: runs the
 * benchmark script {@code autoifs_reference_speed.py} (a resource beside this class; the same
 * architecture and sizes written in PyTorch, timed on synthetic batches of the same shapes) in a
 * {@code python3} subprocess on one thread ({@code torch.set_num_threads(1)}, OMP and BLAS threads
 * 1). PyTorch is never a FlowRec dependency: where no {@code python3} imports {@code torch} (on
 * Debian, {@code apt-get install python3-torch}), the result says PyTorch is absent and B4 goes on.
 */
final class PyTorchReference {
    private static final String SCRIPT = "autoifs_reference_speed.py";

    /** Debian's interpreter last: a virtual environment first on PATH may lack torch. */
    private static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");

    private static final long TIMEOUT_MINUTES = 15;

    private PyTorchReference() {}

    /**
     * PyTorch's examples/s per phase ({@code autoifs} searching, {@code autoifs-retrain}) at the
     * settings' sizes, {@code warmup} then {@code steps} timed steps per phase.
     */
    static SpeedResults.PyTorchSpeed measure(
            ModelSettings settings, int batch, int warmup, int steps) {
        String python = null;
        for (String candidate : PYTHONS) {
            if (importsTorch(candidate)) {
                python = candidate;
                break;
            }
        }
        if (python == null) {
            return SpeedResults.PyTorchSpeed.absent(
                    "PyTorch is absent: no python3 here imports torch (on Debian: apt-get install"
                            + " python3-torch)");
        }
        try {
            Path script = Files.createTempFile("flowrec-b4-", ".py");
            try (InputStream in = PyTorchReference.class.getResourceAsStream(SCRIPT)) {
                Files.write(script, in.readAllBytes());
            }
            try {
                return run(python, script, arguments(settings, batch, warmup, steps));
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            return SpeedResults.PyTorchSpeed.absent("PyTorch run failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SpeedResults.PyTorchSpeed.absent("PyTorch run interrupted");
        }
    }

    private static boolean importsTorch(String python) {
        try {
            Process p =
                    oneThread(new ProcessBuilder(python, "-c", "import torch"))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ProcessBuilder oneThread(ProcessBuilder builder) {
        Map<String, String> env = builder.environment();
        for (String threads :
                List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            env.put(threads, "1");
        }
        return builder;
    }

    private static SpeedResults.PyTorchSpeed run(String python, Path script, String arguments)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("flowrec-b4-", ".out");
        try {
            Process p =
                    oneThread(new ProcessBuilder(python, script.toString(), arguments))
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return SpeedResults.PyTorchSpeed.absent(
                        "PyTorch run gave no answer within " + TIMEOUT_MINUTES + " minutes");
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            if (p.exitValue() != 0 || !last.startsWith("{")) {
                return SpeedResults.PyTorchSpeed.absent(
                        "PyTorch run failed (exit "
                                + p.exitValue()
                                + "): "
                                + String.join(" | ", lines));
            }
            JsonNode result = ReportFolder.JSON.readTree(last);
            Map<String, Double> rates = new LinkedHashMap<>();
            result.get("examples_per_s")
                    .fields()
                    .forEachRemaining(e -> rates.put(e.getKey(), e.getValue().asDouble()));
            return new SpeedResults.PyTorchSpeed(
                    true,
                    String.format(
                            "torch %s, %d thread, BLAS %s (%s)",
                            result.get("torch_version").asText(),
                            result.get("threads").asInt(),
                            result.get("blas").asText(),
                            python),
                    rates);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The script's one argument: sizes and optimiser settings as JSON. */
    private static String arguments(ModelSettings settings, int batch, int warmup, int steps)
            throws IOException {
        AutoIfsSettings a = AutoIfsSettings.of(settings);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("fields", settings.features().fieldCount());
        c.put("embedding_dim", settings.embeddingDim());
        c.put("vocabulary", settings.vocabularySize());
        c.put("bottom_sizes", new ArrayList<>(a.bottomSizes()));
        c.put("scenario_size", a.scenarioSize());
        c.put("scenarios", settings.space().scenarios().size());
        c.put("tasks", settings.space().taskCount());
        c.put("lora_rank", a.loraRank());
        c.put("batch", batch);
        c.put("learning_rate", settings.learningRate());
        c.put("l2", settings.l2());
        c.put("gate_lr_factor", a.gateLearningRateFactor());
        c.put("retrain_learning_rate", a.retrainLearningRate());
        c.put("retrain_l2", a.retrainL2());
        c.put("seed", settings.seed());
        c.put("warmup", warmup);
        c.put("steps", steps);
        return ReportFolder.JSON.writeValueAsString(c);
    }
}
