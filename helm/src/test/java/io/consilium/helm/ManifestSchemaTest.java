package io.consilium.helm;

import static io.consilium.helm.ChartTest.cast;
import static io.consilium.helm.ChartTest.render;
import static io.consilium.helm.ChartTest.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every rendered manifest, for the default and the production values, against the Kubernetes API schemas. */
class ManifestSchemaTest {

    @Test
    void defaultValuesRenderValidManifests() {
        assertAllValid(render(template()));
    }

    @Test
    void productionValuesRenderValidManifests() {
        List<Map<String, Object>> docs = render(template().withValuesFile(ChartTest.PRODUCTION_VALUES));
        assertThat(docs).extracting(d -> d.get("kind")).contains(
                "ConfigMap", "Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                "NetworkPolicy");
        assertAllValid(docs);
    }

    @Test
    void aMisspeltFieldIsRefused() {
        Map<String, Object> deployment = deepCopy(ChartTest.only(render(template()), "Deployment"));
        Map<String, Object> container = ChartTest.list(
                ChartTest.map(ChartTest.map(ChartTest.map(deployment, "spec"), "template"), "spec"), "containers").get(0);
        Map<String, Object> sc = ChartTest.map(container, "securityContext");
        sc.put("readOnlyRootFileSystem", sc.remove("readOnlyRootFilesystem"));

        assertThat(KubernetesSchemas.problems(deployment)).anySatisfy(p -> assertThat(p).contains("readOnlyRootFileSystem"));
    }

    @Test
    void aWrongTypeIsRefused() {
        Map<String, Object> deployment = deepCopy(ChartTest.only(render(template()), "Deployment"));
        ChartTest.map(deployment, "spec").put("replicas", "two");

        assertThat(KubernetesSchemas.problems(deployment)).anySatisfy(p -> assertThat(p).contains("replicas"));
    }

    @Test
    void anUnknownApiVersionIsRefused() {
        Map<String, Object> hpa = new LinkedHashMap<>(Map.of("apiVersion", "autoscaling/v2beta1",
                "kind", "HorizontalPodAutoscaler", "metadata", Map.of("name", "x")));

        assertThat(KubernetesSchemas.problems(hpa)).singleElement().asString().contains("no schema");
    }

    @Test
    void intOrStringAndQuantitiesAcceptBothForms() {
        Map<String, Object> pdb = new LinkedHashMap<>(Map.of("apiVersion", "policy/v1", "kind", "PodDisruptionBudget",
                "metadata", Map.of("name", "x"), "spec", Map.of("minAvailable", "50%")));
        assertThat(KubernetesSchemas.problems(pdb)).isEmpty();
        pdb.put("spec", Map.of("minAvailable", 1));
        assertThat(KubernetesSchemas.problems(pdb)).isEmpty();
        pdb.put("spec", Map.of("minAvailable", List.of(1)));
        assertThat(KubernetesSchemas.problems(pdb)).isNotEmpty();
    }

    private static void assertAllValid(List<Map<String, Object>> docs) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            String name = doc.get("kind") + " " + ChartTest.map(doc, "metadata").get("name");
            KubernetesSchemas.problems(doc).forEach(p -> problems.add(name + ": " + p));
        }
        assertThat(problems).as("schema problems").isEmpty();
    }

    private static Map<String, Object> deepCopy(Map<String, Object> doc) {
        return cast(copy(doc));
    }

    private static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, copy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l.stream().map(ManifestSchemaTest::copy).toList());
        }
        return value;
    }
}
