package dev.flowrec.models;

import dev.flowrec.core.config.ConfigException;
import dev.flowrec.core.config.LabelOptions;
import dev.flowrec.core.config.ModelOptions;
import dev.flowrec.core.feature.FeatureSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a model restored from a checkpoint or savepoint can go on under the configuration the job
 * was restarted with. The restored model keeps its own architecture, but the rows it is fed are
 * built from the configuration: a changed feature spec, hash-bucket count, scenario or task list
 * (order included) or model type would train and serve it on misaligned inputs without any error.
 * Such a restore must fail at start naming the options; one with only other settings changed (a
 * learning rate, a layer size the restored model does not have) goes on with the restored model.
 */
public final class RestoreCompatibility {

    private RestoreCompatibility() {}

    /**
     * @throws ConfigException naming every option whose configured value the restored model cannot
     *     serve, with both values
     */
    public static void check(ModelSettings restored, ModelSettings configured) {
        List<String> conflicts = conflicts(restored, configured);
        if (!conflicts.isEmpty()) {
            throw new ConfigException(
                    "The restored model cannot go on under this configuration: "
                            + String.join("; ", conflicts)
                            + ". Restore with the options it was trained with, or start without"
                            + " state (a new model lineage)");
        }
    }

    /** Each conflict as "'key': restored X, configured Y"; empty when the restore can go on. */
    public static List<String> conflicts(ModelSettings restored, ModelSettings configured) {
        List<String> out = new ArrayList<>();
        compare(out, ModelOptions.TYPE.key(), restored.type().value(), configured.type().value());
        compare(
                out,
                LabelOptions.SCENARIOS.key(),
                restored.space().scenarios(),
                configured.space().scenarios());
        compare(
                out,
                LabelOptions.TASKS.key(),
                restored.space().tasks(),
                configured.space().tasks());
        FeatureSpec a = restored.features();
        FeatureSpec b = configured.features();
        compare(out, ModelOptions.HASH_BUCKETS.key(), a.hashBuckets(), b.hashBuckets());
        compare(
                out,
                ModelOptions.CATEGORICAL_FEATURES.key()
                        + "' or '"
                        + ModelOptions.NUMERIC_FEATURES.key(),
                fieldNames(a),
                fieldNames(b));
        compare(out, ModelOptions.SEQUENCE_FEATURES.key(), a.sequences(), b.sequences());
        compare(out, ModelOptions.SEQUENCE_LENGTH.key(), a.sequenceLength(), b.sequenceLength());
        return out;
    }

    private static List<String> fieldNames(FeatureSpec spec) {
        return spec.fields().stream()
                .map(f -> f.name() + ":" + f.kind().name().toLowerCase(Locale.ROOT))
                .toList();
    }

    private static void compare(List<String> out, String key, Object restored, Object configured) {
        if (!Objects.equals(restored, configured)) {
            out.add("'" + key + "': restored " + restored + ", configured " + configured);
        }
    }
}
