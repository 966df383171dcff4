package io.consilium.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Kubernetes API schemas for the kinds the chart renders, kubeconform-style: generated from the fabric8
 * Kubernetes model (the API types as Java classes) with unknown fields refused, so a misspelt or misplaced
 * field fails the build instead of being silently dropped by the API server.
 */
final class KubernetesSchemas {

    /** apiVersion/kind -> API type. A manifest of any other apiVersion/kind is an error, as in kubeconform -strict. */
    static final Map<String, Class<?>> TYPES = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "networking.k8s.io/v1/Ingress", Ingress.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<Class<?>, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private KubernetesSchemas() {
    }

    /** Problems of one manifest against its API schema; empty when it is valid. */
    static List<String> problems(Map<String, Object> manifest) {
        String key = manifest.get("apiVersion") + "/" + manifest.get("kind");
        Class<?> type = TYPES.get(key);
        if (type == null) {
            return List.of("no schema for " + key + " (unknown or deprecated API)");
        }
        JsonNode node = JSON.valueToTree(manifest);
        return SCHEMAS.computeIfAbsent(type, KubernetesSchemas::schemaOf).validate(node).stream()
                .map(ValidationMessage::getMessage)
                .collect(Collectors.toCollection(TreeSet::new))
                .stream().toList();
    }

    static JsonNode generate(Class<?> type) {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_7,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES,
                        Option.DEFINITIONS_FOR_ALL_OBJECTS);
        // The two Kubernetes scalar unions have custom JSON forms.
        config.forTypesInGeneral().withCustomDefinitionProvider((javaType, context) -> {
            if (javaType.isInstanceOf(IntOrString.class)) {
                return new com.github.victools.jsonschema.generator.CustomDefinition(
                        union(context.getGeneratorConfig().createObjectNode(), "integer", "string"));
            }
            if (javaType.isInstanceOf(Quantity.class)) {
                return new com.github.victools.jsonschema.generator.CustomDefinition(
                        union(context.getGeneratorConfig().createObjectNode(), "number", "string"));
            }
            return null;
        });
        return new SchemaGenerator(config.build()).generateSchema(type);
    }

    private static ObjectNode union(ObjectNode node, String... types) {
        node.putArray("type").addAll(java.util.Arrays.stream(types).map(JSON.getNodeFactory()::textNode).toList());
        return node;
    }

    private static JsonSchema schemaOf(Class<?> type) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(generate(type));
    }
}
