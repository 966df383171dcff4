package io.consilium.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Lints and renders the chart in helm/consilium with the real Helm (helm-java, in-process)
 * and checks what a hospital's integrator would check before letting it into a cluster.
 */
class ChartTest {

  static final Path CHART = Path.of(System.getProperty("consilium.chart.dir", "consilium")).toAbsolutePath();
  static final Path PRODUCTION_VALUES = CHART.resolve("values-production.yaml");
  static final String RELEASE = "consilium";
  static final String NAMESPACE = "clinical";

  @TempDir
  Path tmp;

  // ---------------------------------------------------------------- lint

  @Test
  void lintPassesStrictWithDefaultValues() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
  }

  @Test
  void lintPassesStrictWithProductionValues() throws IOException {
    // helm-java's lint takes no values file, so lint a copy whose values.yaml is what
    // `helm lint -f values-production.yaml` would see: the defaults merged with the overrides.
    Path chart = chartCopyWithValues(load(PRODUCTION_VALUES));

    LintResult result = new Helm(chart).lint().strict().call();

    assertThat(result.isFailed()).as("helm lint --strict -f values-production.yaml: %s", result.getMessages())
        .isFalse();
  }

  @Test
  void lintFailsWhenValuesBreakTheSchema() throws IOException {
    Path chart = chartCopyWithValues(Map.of("replicaCount", "two"));

    LintResult result = new Helm(chart).lint().strict().call();

    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("replicaCount");
  }

  // ---------------------------------------------------------------- schema

  @Nested
  class Schema {

    @Test
    void rejectsNonIntegerReplicaCount() {
      assertSchemaRejects("replicaCount", "two");
    }

    @Test
    void rejectsPrivilegedPort() {
      assertSchemaRejects("containerPort", 80);
    }

    @Test
    void rejectsServicePortOutOfRange() {
      assertSchemaRejects("service.port", 70000);
    }

    @Test
    void rejectsEmptyImageRepository() {
      assertSchemaRejects("image.repository", "");
    }

    @Test
    void rejectsRunningAsRoot() {
      assertSchemaRejects("securityContext.runAsNonRoot", false);
      assertSchemaRejects("podSecurityContext.runAsNonRoot", false);
    }

    @Test
    void rejectsWritableRootFilesystemAndPrivilegeEscalation() {
      assertSchemaRejects("securityContext.readOnlyRootFilesystem", false);
      assertSchemaRejects("securityContext.allowPrivilegeEscalation", true);
    }

    @Test
    void rejectsALiteralDatabasePassword() {
      assertSchemaRejects("postgresql.password", "hunter2");
    }

    @Test
    void rejectsPostgresWithoutSecretOrUrl() {
      assertThatThrownBy(() -> template().set("postgresql.enabled", true)
          .set("postgresql.url", "jdbc:postgresql://db:5432/consilium").call())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("existingSecret");
      assertThatThrownBy(() -> template().set("postgresql.enabled", true)
          .set("postgresql.existingSecret", "consilium-db").call())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("url");
    }

    @Test
    void rejectsUnknownKeys() {
      assertSchemaRejects("replicas", 2);
    }

    private void assertSchemaRejects(String key, Object value) {
      assertThatThrownBy(() -> template().set(key, value).call())
          .as("helm template --set %s=%s", key, value)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("schema");
    }
  }

  // ---------------------------------------------------------------- default values

  @Nested
  class DefaultValues {

    final List<Map<String, Object>> docs = render(template());
    final Map<String, Object> deployment = only(docs, "Deployment");
    final Map<String, Object> pod = map(map(deployment, "spec"), "template");
    final Map<String, Object> podSpec = map(pod, "spec");
    final Map<String, Object> server = container(deployment, "server");

    @Test
    void rendersOnlyADeploymentAndAService() {
      assertThat(docs).extracting(d -> d.get("kind")).containsExactlyInAnyOrder("Deployment", "Service");
      assertThat(docs).noneMatch(d -> "Secret".equals(d.get("kind")));
    }

    @Test
    void serverImageDefaultsToTheAppVersion() {
      assertThat(server.get("image")).isEqualTo("consilium/server:0.1.0-SNAPSHOT");
      assertThat(map(deployment, "spec").get("replicas")).isEqualTo(1);
    }

    @Test
    void podRunsNonRootWithRuntimeDefaultSeccomp() {
      Map<String, Object> sc = map(podSpec, "securityContext");
      assertThat(sc.get("runAsNonRoot")).isEqualTo(true);
      assertThat(sc.get("runAsUser")).isEqualTo(10001);
      assertThat(map(sc, "seccompProfile").get("type")).isEqualTo("RuntimeDefault");
      assertThat(podSpec.get("automountServiceAccountToken")).isEqualTo(false);
    }

    @Test
    void everyContainerIsHardened() {
      for (Map<String, Object> c : list(podSpec, "containers")) {
        Map<String, Object> sc = map(c, "securityContext");
        assertThat(sc.get("runAsNonRoot")).as("%s runAsNonRoot", c.get("name")).isEqualTo(true);
        assertThat(sc.get("runAsUser")).as("%s runAsUser", c.get("name")).isEqualTo(10001);
        assertThat(sc.get("readOnlyRootFilesystem")).as("%s readOnlyRootFilesystem", c.get("name")).isEqualTo(true);
        assertThat(sc.get("allowPrivilegeEscalation")).as("%s allowPrivilegeEscalation", c.get("name"))
            .isEqualTo(false);
        assertThat(sc.get("privileged")).as("%s privileged", c.get("name")).isNotEqualTo(true);
        assertThat(map(sc, "capabilities").get("drop")).as("%s capabilities.drop", c.get("name"))
            .isEqualTo(List.of("ALL"));
        assertThat(map(sc, "capabilities")).doesNotContainKey("add");
        assertThat(map(sc, "seccompProfile").get("type")).isEqualTo("RuntimeDefault");
      }
    }

    @Test
    void serverListensOnHttp8080() {
      assertThat(list(server, "ports")).singleElement().satisfies(p -> {
        assertThat(p.get("name")).isEqualTo("http");
        assertThat(p.get("containerPort")).isEqualTo(8080);
        assertThat(p.get("protocol")).isEqualTo("TCP");
      });
      assertThat(env(server)).containsEntry("QUARKUS_HTTP_PORT", "8080");
    }

    @Test
    void probesHitQuarkusHealthOnTheHttpPort() {
      assertProbe(server, "livenessProbe", "/q/health/live");
      assertProbe(server, "readinessProbe", "/q/health/ready");
      assertProbe(server, "startupProbe", "/q/health/started");
    }

    @Test
    void resourcesHaveRequestsAndLimits() {
      Map<String, Object> resources = map(server, "resources");
      assertThat(map(resources, "requests")).containsEntry("cpu", "500m").containsEntry("memory", "1Gi");
      assertThat(map(resources, "limits")).containsEntry("cpu", "2").containsEntry("memory", "2Gi");
    }

    @Test
    void onlyTmpAndTheDataDirAreWritable() {
      Map<String, String> mounts = new LinkedHashMap<>();
      for (Map<String, Object> m : list(server, "volumeMounts")) {
        mounts.put((String) m.get("mountPath"), (String) m.get("name"));
      }
      assertThat(mounts).containsOnly(Map.entry("/tmp", "tmp"), Map.entry("/var/lib/consilium", "data"));

      Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
      for (Map<String, Object> v : list(podSpec, "volumes")) {
        volumes.put((String) v.get("name"), v);
      }
      assertThat(volumes.keySet()).containsExactlyInAnyOrder("tmp", "data");
      assertThat(volumes.get("tmp")).containsKey("emptyDir");
      assertThat(volumes.get("data")).containsKey("emptyDir");
      assertThat(env(server)).containsEntry("CONSILIUM_DATA_DIR", "/var/lib/consilium");
    }

    @Test
    void existingClaimBacksTheDataDir() {
      Map<String, Object> d = only(render(template().set("persistence.existingClaim", "consilium-data")), "Deployment");
      Map<String, Object> data = list(map(map(map(d, "spec"), "template"), "spec"), "volumes").stream()
          .filter(v -> "data".equals(v.get("name"))).findFirst().orElseThrow();
      assertThat(map(data, "persistentVolumeClaim")).containsEntry("claimName", "consilium-data");
      assertThat(data).doesNotContainKey("emptyDir");
    }

    @Test
    void withoutPostgresThereIsNoPostgresProfileAndNoDatabaseCredentials() {
      assertThat(env(server)).doesNotContainKeys(
          "QUARKUS_PROFILE", "CONSILIUM_DB_URL", "CONSILIUM_DB_USER", "CONSILIUM_DB_PASSWORD");
    }

    @Test
    void serviceIsClusterIpPort80ToHttpAndSelectsTheServerPods() {
      Map<String, Object> service = only(docs, "Service");
      Map<String, Object> spec = map(service, "spec");
      assertThat(spec.get("type")).isEqualTo("ClusterIP");
      assertThat(list(spec, "ports")).singleElement().satisfies(p -> {
        assertThat(p.get("port")).isEqualTo(80);
        assertThat(p.get("targetPort")).isEqualTo("http");
      });
      Map<String, Object> selector = map(spec, "selector");
      assertThat(selector).isNotEmpty();
      assertThat(map(map(pod, "metadata"), "labels")).containsAllEntriesOf(selector);
      assertThat(map(map(deployment, "spec"), "selector").get("matchLabels")).isEqualTo(selector);
    }

    @Test
    void resourcesCarryTheStandardLabels() {
      for (Map<String, Object> doc : docs) {
        assertThat(map(map(doc, "metadata"), "labels"))
            .containsEntry("app.kubernetes.io/name", "consilium")
            .containsEntry("app.kubernetes.io/instance", RELEASE)
            .containsEntry("app.kubernetes.io/version", "0.1.0-SNAPSHOT")
            .containsEntry("app.kubernetes.io/managed-by", "Helm")
            .containsEntry("helm.sh/chart", "consilium-0.1.0");
      }
    }
  }

  // ---------------------------------------------------------------- production values

  @Nested
  class ProductionValues {

    final List<Map<String, Object>> docs = render(template().withValuesFile(PRODUCTION_VALUES));
    final Map<String, Object> deployment = only(docs, "Deployment");
    final Map<String, Object> server = container(deployment, "server");

    @Test
    void runsTwoReplicasWithLargerResources() {
      assertThat(map(deployment, "spec").get("replicas")).isEqualTo(2);
      Map<String, Object> resources = map(server, "resources");
      assertThat(map(resources, "requests")).containsEntry("cpu", "1").containsEntry("memory", "2Gi");
      assertThat(map(resources, "limits")).containsEntry("cpu", "4").containsEntry("memory", "4Gi");
    }

    @Test
    void usesThePostgresProfileAndTheExternalDatabase() {
      assertThat(env(server))
          .containsEntry("QUARKUS_PROFILE", "postgres")
          .containsEntry("CONSILIUM_DB_URL",
              "jdbc:postgresql://postgresql.consilium-db.svc.cluster.local:5432/consilium")
          .containsEntry("CONSILIUM_DB_USER", "consilium")
          .containsEntry("CONSILIUM_DATA_DIR", "/var/lib/consilium");
    }

    @Test
    void databasePasswordComesFromASecretKeyRefOnly() {
      Map<String, Object> password = list(server, "env").stream()
          .filter(e -> "CONSILIUM_DB_PASSWORD".equals(e.get("name")))
          .collect(singleton());
      assertThat(password).doesNotContainKey("value");
      Map<String, Object> ref = map(map(password, "valueFrom"), "secretKeyRef");
      assertThat(ref).containsEntry("name", "consilium-db").containsEntry("key", "password");
    }

    @Test
    void noSecretLookingVariableHasALiteralValue() {
      for (Map<String, Object> c : list(map(map(map(deployment, "spec"), "template"), "spec"), "containers")) {
        for (Map<String, Object> e : list(c, "env")) {
          String name = (String) e.get("name");
          if (name.matches("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|KEY).*")) {
            assertThat(e).as("env %s of container %s", name, c.get("name")).doesNotContainKey("value");
          }
        }
      }
      assertThat(docs).noneMatch(d -> "Secret".equals(d.get("kind")));
    }

    @Test
    void keepsTheHardeningOfTheDefaults() {
      Map<String, Object> sc = map(server, "securityContext");
      assertThat(sc).containsEntry("runAsNonRoot", true).containsEntry("readOnlyRootFilesystem", true)
          .containsEntry("allowPrivilegeEscalation", false);
      assertThat(map(sc, "capabilities").get("drop")).isEqualTo(List.of("ALL"));
      assertProbe(server, "livenessProbe", "/q/health/live");
      assertProbe(server, "readinessProbe", "/q/health/ready");
    }
  }

  // ---------------------------------------------------------------- helpers

  static TemplateCommand template() {
    return new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
  }

  static List<Map<String, Object>> render(TemplateCommand command) {
    String manifests = command.call();
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(manifests)) {
      if (doc != null) {
        docs.add(cast(doc));
      }
    }
    assertThat(docs).as("rendered manifests:\n%s", manifests).isNotEmpty();
    return docs;
  }

  static Map<String, Object> only(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).collect(singleton());
  }

  static Map<String, Object> container(Map<String, Object> deployment, String name) {
    return list(map(map(map(deployment, "spec"), "template"), "spec"), "containers").stream()
        .filter(c -> name.equals(c.get("name"))).collect(singleton());
  }

  /** Literal env values by name; entries with valueFrom map to null. */
  static Map<String, String> env(Map<String, Object> container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> e : list(container, "env")) {
      env.put((String) e.get("name"), e.get("value") == null ? null : String.valueOf(e.get("value")));
    }
    return env;
  }

  static void assertProbe(Map<String, Object> container, String probe, String path) {
    Map<String, Object> httpGet = map(map(container, probe), "httpGet");
    assertThat(httpGet).as(probe).containsEntry("path", path).containsEntry("port", "http");
  }

  static <T> Collector<T, ?, T> singleton() {
    return Collectors.collectingAndThen(Collectors.toList(), l -> {
      assertThat(l).hasSize(1);
      return l.get(0);
    });
  }

  static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as("key %s in %s", key, parent.keySet()).isInstanceOf(Map.class);
    return cast(value);
  }

  static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as("key %s in %s", key, parent.keySet()).isInstanceOf(List.class);
    return cast(value);
  }

  @SuppressWarnings("unchecked")
  static <T> T cast(Object value) {
    return (T) value;
  }

  static Map<String, Object> load(Path yaml) throws IOException {
    try (Reader reader = Files.newBufferedReader(yaml)) {
      Map<String, Object> values = new Yaml().load(reader);
      return values == null ? new LinkedHashMap<>() : values;
    }
  }

  /** Copies the chart into the temp dir with values.yaml = defaults deep-merged with the overrides (like helm -f). */
  Path chartCopyWithValues(Map<String, Object> overrides) throws IOException {
    Path copy = tmp.resolve(CHART.getFileName());
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = copy.resolve(CHART.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    Map<String, Object> values = merge(load(CHART.resolve("values.yaml")), overrides);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Files.writeString(copy.resolve("values.yaml"), new Yaml(options).dump(values));
    return copy;
  }

  /** Helm's coalescing: maps merge recursively, anything else replaces, null deletes. */
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    overrides.forEach((key, value) -> {
      Object current = merged.get(key);
      if (value == null) {
        merged.remove(key);
      } else if (value instanceof Map && current instanceof Map) {
        merged.put(key, merge(cast(current), cast(value)));
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }

  @Test
  void mergeFollowsHelmCoalescing() {
    Map<String, Object> base = new LinkedHashMap<>(Map.of("a", Map.of("b", 1, "c", 2), "d", 3));
    Map<String, Object> overrides = new LinkedHashMap<>();
    overrides.put("a", Map.of("b", 10));
    overrides.put("d", null);
    assertThat(merge(base, overrides)).isEqualTo(Map.of("a", Map.of("b", 10, "c", 2)));
    assertThat(base).as("base is left untouched").containsEntry("d", 3);
  }
}
