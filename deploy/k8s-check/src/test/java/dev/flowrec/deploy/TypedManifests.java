package dev.flowrec.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;

/**
 * Reads Kubernetes manifests into the typed classes that fabric8, Strimzi and the Flink Kubernetes
 * Operator publish, refusing every field the types do not declare.
 *
 * <p>Jackson's FAIL_ON_UNKNOWN_PROPERTIES alone is not enough: fabric8's and Strimzi's models keep
 * unknown fields in an {@code additionalProperties} map (a {@code @JsonAnySetter}), so a misspelled
 * {@code readinesProbe} would be read without complaint and the probe silently missing. The reader
 * drops every any-setter and every {@code ignoreUnknown}, so such a field fails the read, and then
 * checks that writing the object back gives every input field with its value, which catches a field
 * a type reads and drops.
 */
final class TypedManifests {
    /** The resources FlowRec's manifests use, by apiVersion and kind. */
    static final Map<String, Class<?>> TYPES =
            Map.of(
                    "apps/v1 Deployment", Deployment.class,
                    "v1 Service", Service.class,
                    "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
                    "flink.apache.org/v1beta1 FlinkDeployment", FlinkDeployment.class,
                    "kafka.strimzi.io/v1 KafkaTopic", KafkaTopic.class);

    /**
     * Flink versions the operator knows from release 1.13.0 on (its FlinkVersion enum), newer than
     * the operator API served here (1.10.0, whose newest is v1_20). A manifest naming one is read
     * with the served API's newest value in its place: everything else in it is checked, the
     * version name only against this list.
     */
    static final Set<String> FLINK_VERSIONS_AFTER_SERVED_API = Set.of("v2_0", "v2_1", "v2_2");

    private static final ObjectMapper STRICT =
            YAMLMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .addModule(
                            new SimpleModule("refuse-unknown-fields")
                                    .setDeserializerModifier(new RefuseUnknownFields()))
                    .build();

    private TypedManifests() {}

    /** Every YAML document of the file, read into its type. */
    static List<Object> read(Path file) {
        try {
            return readAll(Files.readString(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of the text, read into its type; {@code source} names it in errors. */
    static List<Object> readAll(String yaml, String source) {
        List<Object> resources = new ArrayList<>();
        try (var docs = STRICT.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            int index = 0;
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    resources.add(readOne(doc, source + " document " + index));
                }
                index++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resources;
    }

    private static Object readOne(JsonNode doc, String where) {
        String key = doc.path("apiVersion").asText() + " " + doc.path("kind").asText();
        Class<?> type = TYPES.get(key);
        if (type == null) {
            throw new ManifestRejected(where + ": no typed class for '" + key + "'");
        }
        JsonNode input = type == FlinkDeployment.class ? withServedFlinkVersion(doc, where) : doc;
        Object typed;
        try {
            typed = STRICT.treeToValue(input, type);
        } catch (IOException e) {
            throw new ManifestRejected(where + " (" + key + "): " + e.getMessage(), e);
        }
        String lost = InputKeptCheck.firstLost(input, STRICT.valueToTree(typed), "");
        if (lost != null) {
            throw new ManifestRejected(where + " (" + key + "): " + lost);
        }
        return typed;
    }

    private static JsonNode withServedFlinkVersion(JsonNode doc, String where) {
        JsonNode version = doc.path("spec").path("flinkVersion");
        if (!FLINK_VERSIONS_AFTER_SERVED_API.contains(version.asText())) {
            return doc;
        }
        ObjectNode copy = doc.deepCopy();
        ((ObjectNode) copy.get("spec")).put("flinkVersion", FlinkVersion.current().name());
        return copy;
    }

    /** Drops the any-setters and ignore-unknown flags that would swallow misspelled fields. */
    private static final class RefuseUnknownFields extends BeanDeserializerModifier {
        private static final long serialVersionUID = 1L;

        @Override
        public BeanDeserializerBuilder updateBuilder(
                DeserializationConfig config,
                BeanDescription description,
                BeanDeserializerBuilder builder) {
            builder.setAnySetter(null);
            builder.setIgnoreUnknownProperties(false);
            return builder;
        }
    }

    /** A manifest the typed classes refuse, with where and why. */
    static final class ManifestRejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ManifestRejected(String message) {
            super(message);
        }

        ManifestRejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
