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
    Path chart = chartCopyWithValues(Map.of("api", Map.of("replicaCount", "two")));

    LintResult result = new Helm(chart).lint().strict().call();

    assertThat(result.isFailed()).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains("replicaCount");
  }

  // ---------------------------------------------------------------- schema and guards

  @Nested
  class Schema {

    @Test
    void rejectsNonIntegerReplicaCount() {
      assertSchemaRejects("api.replicaCount", "two");
    }

    @Test
    void rejectsPrivilegedPorts() {
      assertSchemaRejects("containerPort", 80);
      assertSchemaRejects("dicom.containerPort", 104);
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
    void rejectsLiteralSecrets() {
      assertSchemaRejects("postgresql.password", "hunter2");
      assertSchemaRejects("oidc.clientSecret", "hunter2");
      assertSchemaRejects("audit.signingKey", "MC4CAQAwBQYDK2VwBCIEI");
      assertSchemaRejects("extraEnv.CONSILIUM_DB_PASSWORD", "hunter2");
      assertSchemaRejects("extraEnv.SOME_API_TOKEN", "abc");
    }

    @Test
    void rejectsInvalidAeTitlesAndResourcesWithoutLimits() {
      assertSchemaRejects("pacs.localAeTitle", "CONSILIUM_AE_TITLE_TOO_LONG");
      assertSchemaRejects("api.resources.limits", null);
    }

    @Test
    void rejectsUnknownKeys() {
      assertSchemaRejects("replicas", 2);
      assertSchemaRejects("worker.autoscaling.maxReplica", 3);
    }

    @Test
    void rejectsPostgresWithoutSecretOrUrl() {
      assertRefused(template().set("postgresql.enabled", true)
          .set("postgresql.url", "jdbc:postgresql://db:5432/consilium"), "existingSecret");
      assertRefused(template().set("postgresql.enabled", true)
          .set("postgresql.existingSecret", "consilium-db"), "url");
    }

    @Test
    void refusesWorkersOrSeveralApiPodsOnTheEmbeddedDatabase() {
      assertRefused(template().set("worker.enabled", true), "postgresql.enabled");
      assertRefused(template().set("api.replicaCount", 2), "postgresql.enabled");
    }

    @Test
    void refusesSeveralPodsWithoutASharedAuditKeyOrSharedArchive() {
      TemplateCommand twoApiPods = template().set("api.replicaCount", 2).set("postgresql.enabled", true)
          .set("postgresql.url", "jdbc:postgresql://db:5432/consilium").set("postgresql.existingSecret", "db");
      assertRefused(twoApiPods, "audit.existingSecret");
      assertRefused(twoApiPods.set("audit.existingSecret", "audit-key"), "ReadWriteMany");
    }

    @Test
    void refusesAnIngressWithoutTls() {
      assertRefused(template().set("ingress.enabled", true).set("ingress.host", "consilium.example"), "tlsSecretName");
    }

    private void assertSchemaRejects(String key, Object value) {
      assertRefused(template().set(key, value), "schema");
    }

    private void assertRefused(TemplateCommand command, String reason) {
      assertThatThrownBy(command::call)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(reason);
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
    final Map<String, String> env = effectiveEnv(docs, server);

    @Test
    void rendersOneAllInOnePodWithItsServicesConfigAndNetworkPolicy() {
      assertThat(docs).extracting(d -> d.get("kind") + "/" + map(d, "metadata").get("name"))
          .containsExactlyInAnyOrder("ConfigMap/consilium-config", "Deployment/consilium-api",
              "Service/consilium", "Service/consilium-dicom", "NetworkPolicy/consilium-api");
      assertThat(env).containsEntry("CONSILIUM_ROLE", "all");
      assertThat(map(deployment, "spec").get("replicas")).isEqualTo(1);
    }

    @Test
    void serverImageDefaultsToTheAppVersion() {
      assertThat(server.get("image")).isEqualTo("consilium/server:0.1.0-SNAPSHOT");
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
      assertHardened(podSpec);
    }

    @Test
    void serverListensOnHttp8080AndDicom11112() {
      assertThat(list(server, "ports")).extracting(p -> p.get("name") + ":" + p.get("containerPort") + "/" + p.get("protocol"))
          .containsExactly("http:8080/TCP", "dicom:11112/TCP");
      assertThat(env).containsEntry("QUARKUS_HTTP_PORT", "8080").containsEntry("CONSILIUM_DICOM_PORT", "11112")
          .containsEntry("CONSILIUM_HTTP_HOST", "0.0.0.0").containsEntry("CONSILIUM_DICOM_AET", "CONSILIUM");
    }

    @Test
    void probesHitQuarkusHealthOnTheHttpPort() {
      assertProbes(server);
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
      Map<String, Map<String, Object>> volumes = volumes(podSpec);
      assertThat(volumes.keySet()).containsExactlyInAnyOrder("tmp", "data");
      assertThat(volumes.get("tmp")).containsKey("emptyDir");
      assertThat(volumes.get("data")).containsKey("emptyDir");
      assertThat(env).containsEntry("CONSILIUM_DATA_DIR", "/var/lib/consilium");
    }

    @Test
    void pytorchRunsWithTheLaunchersCpuCap() {
      assertThat(env).containsEntry("ONEDNN_MAX_CPU_ISA", "AVX").containsEntry("MALLOC_PERTURB_", "255");
    }

    @Test
    void noOtherOriginIsAllowedByDefault() {
      assertThat(env).doesNotContainKey("CONSILIUM_HTTP_CORS_ORIGINS");
    }

    @Test
    void existingClaimBacksTheDataDir() {
      Map<String, Object> d = only(render(template().set("persistence.existingClaim", "consilium-data")), "Deployment");
      Map<String, Object> data = volumes(map(map(map(d, "spec"), "template"), "spec")).get("data");
      assertThat(map(data, "persistentVolumeClaim")).containsEntry("claimName", "consilium-data");
      assertThat(data).doesNotContainKey("emptyDir");
    }

    @Test
    void anInitContainerCanBringTheModels() {
      List<Map<String, Object>> rendered = render(template().set("models.initImage.repository", "registry.example/models")
          .set("models.initImage.tag", "2026-10").set("models.segmentation", "deferredseg/v3"));
      Map<String, Object> spec = map(map(map(only(rendered, "Deployment"), "spec"), "template"), "spec");
      Map<String, Object> init = list(spec, "initContainers").get(0);
      assertThat(init.get("image")).isEqualTo("registry.example/models:2026-10");
      assertThat(list(init, "volumeMounts")).singleElement().satisfies(m -> assertThat(m).containsEntry("mountPath", "/models"));
      assertHardened(spec);
      assertThat(volumes(spec).get("models")).containsKey("emptyDir");
      Map<String, Object> models = list(list(spec, "containers").get(0), "volumeMounts").stream()
          .filter(m -> "models".equals(m.get("name"))).collect(singleton());
      assertThat(models).containsEntry("mountPath", "/models").containsEntry("readOnly", true);
      assertThat(configData(rendered)).containsEntry("CONSILIUM_SEG_MODEL", "/models/deferredseg/v3");
    }

    @Test
    void withoutPostgresOidcPacsOrAuditKeyNoneOfTheirSettingsAppear() {
      assertThat(env).doesNotContainKeys("QUARKUS_PROFILE", "CONSILIUM_DB_URL", "CONSILIUM_DB_USER",
          "CONSILIUM_DB_PASSWORD", "QUARKUS_OIDC_AUTH_SERVER_URL", "CONSILIUM_PACS_AET", "CONSILIUM_PACS_HOST",
          "CONSILIUM_AUDIT_SIGNING_KEY", "CONSILIUM_SEG_MODEL");
    }

    @Test
    void servicesSelectTheApiPods() {
      Map<String, Object> labels = map(map(pod, "metadata"), "labels");
      for (Map<String, Object> service : all(docs, "Service")) {
        Map<String, Object> spec = map(service, "spec");
        assertThat(spec.get("type")).isEqualTo("ClusterIP");
        assertThat(labels).containsAllEntriesOf(map(spec, "selector"));
        assertThat(map(spec, "selector")).containsEntry("app.kubernetes.io/component", "api");
      }
      assertThat(list(map(only(docs, "Service", "consilium"), "spec"), "ports")).singleElement().satisfies(p -> {
        assertThat(p.get("port")).isEqualTo(80);
        assertThat(p.get("targetPort")).isEqualTo("http");
      });
      assertThat(list(map(only(docs, "Service", "consilium-dicom"), "spec"), "ports")).singleElement().satisfies(p -> {
        assertThat(p.get("port")).isEqualTo(11112);
        assertThat(p.get("targetPort")).isEqualTo("dicom");
      });
    }

    @Test
    void networkPolicyAdmitsHttpFromTheIngressControllerOnly() {
      Map<String, Object> spec = map(only(docs, "NetworkPolicy"), "spec");
      assertThat(map(map(spec, "podSelector"), "matchLabels")).containsEntry("app.kubernetes.io/component", "api");
      assertThat(spec.get("policyTypes")).isEqualTo(List.of("Ingress"));
      Map<String, Object> http = list(spec, "ingress").get(0);
      assertThat(list(http, "ports")).extracting(p -> p.get("port")).containsExactly("http");
      assertThat(list(http, "from")).anySatisfy(f -> assertThat(map(map(f, "namespaceSelector"), "matchLabels"))
          .containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
    }

    @Test
    void configChangesRollThePods() {
      String before = (String) map(map(pod, "metadata"), "annotations").get("checksum/config");
      Map<String, Object> other = only(render(template().set("pacs.dicomwebUrl", "https://pacs.example/dicom-web")),
          "Deployment");
      assertThat(map(map(map(map(other, "spec"), "template"), "metadata"), "annotations").get("checksum/config"))
          .isNotNull().isNotEqualTo(before);
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
    final Map<String, Object> api = only(docs, "Deployment", "consilium-api");
    final Map<String, Object> worker = only(docs, "Deployment", "consilium-worker");
    final Map<String, Object> apiServer = container(api, "server");
    final Map<String, Object> workerServer = container(worker, "server");

    @Test
    void runsApiAndWorkerRolesFromTheSameImage() {
      assertThat(map(api, "spec").get("replicas")).isEqualTo(2);
      assertThat(map(worker, "spec")).as("the HPA owns the worker count").doesNotContainKey("replicas");
      assertThat(effectiveEnv(docs, apiServer)).containsEntry("CONSILIUM_ROLE", "api");
      assertThat(effectiveEnv(docs, workerServer)).containsEntry("CONSILIUM_ROLE", "worker");
      assertThat(workerServer.get("image")).isEqualTo(apiServer.get("image"))
          .isEqualTo("registry.hospital.example/consilium/server:0.1.0");
      assertThat(list(workerServer, "ports")).extracting(p -> p.get("name")).containsExactly("http");
      assertThat(map(map(map(worker, "spec"), "template"), "spec").get("terminationGracePeriodSeconds")).isEqualTo(300);
    }

    @Test
    void workersScaleOnCpuAndOnQueueDepth() {
      Map<String, Object> spec = map(only(docs, "HorizontalPodAutoscaler"), "spec");
      assertThat(map(spec, "scaleTargetRef")).containsEntry("kind", "Deployment").containsEntry("name", "consilium-worker");
      assertThat(spec).containsEntry("minReplicas", 2).containsEntry("maxReplicas", 10);
      List<Map<String, Object>> metrics = list(spec, "metrics");
      assertThat(metrics).extracting(m -> m.get("type")).containsExactly("Resource", "External");
      Map<String, Object> cpu = map(metrics.get(0), "resource");
      assertThat(cpu.get("name")).isEqualTo("cpu");
      assertThat(map(cpu, "target")).containsEntry("type", "Utilization").containsEntry("averageUtilization", 70);
      Map<String, Object> queue = map(metrics.get(1), "external");
      assertThat(map(queue, "metric")).containsEntry("name", "consilium_job_queue_depth");
      assertThat(map(queue, "target")).containsEntry("type", "AverageValue").containsEntry("averageValue", "4");
    }

    @Test
    void bothRolesHaveADisruptionBudget() {
      assertThat(all(docs, "PodDisruptionBudget")).extracting(d -> map(d, "metadata").get("name") + "="
          + map(d, "spec").get("minAvailable") + "/" + map(map(map(d, "spec"), "selector"), "matchLabels")
              .get("app.kubernetes.io/component"))
          .containsExactlyInAnyOrder("consilium-api=1/api", "consilium-worker=1/worker");
    }

    @Test
    void ingressServesTheApiOverTlsOnly() {
      Map<String, Object> spec = map(only(docs, "Ingress"), "spec");
      assertThat(spec.get("ingressClassName")).isEqualTo("nginx");
      assertThat(list(spec, "tls")).singleElement().satisfies(tls -> {
        assertThat(tls.get("secretName")).isEqualTo("consilium-tls");
        assertThat(tls.get("hosts")).isEqualTo(List.of("consilium.hospital.example"));
      });
      Map<String, Object> rule = list(spec, "rules").get(0);
      assertThat(rule.get("host")).isEqualTo("consilium.hospital.example");
      Map<String, Object> backend = map(map(list(map(rule, "http"), "paths").get(0), "backend"), "service");
      assertThat(backend.get("name")).isEqualTo("consilium");
      assertThat(map(backend, "port")).containsEntry("name", "http");
      assertThat(map(only(docs, "Service", "consilium-dicom"), "spec").get("type")).isEqualTo("LoadBalancer");
    }

    @Test
    void theUiOnTheIngressHostMayCallTheApisFromTheBrowser() {
      // TLS ends at the ingress: the server sees http, the browser sends the https origin.
      assertThat(effectiveEnv(docs, workerServer))
          .containsEntry("CONSILIUM_HTTP_CORS_ORIGINS", "https://consilium.hospital.example");
    }

    @Test
    void configMapWiresDatabaseKeycloakPacsAndModels() {
      assertThat(effectiveEnv(docs, workerServer))
          .containsEntry("QUARKUS_PROFILE", "postgres")
          .containsEntry("CONSILIUM_DB_URL", "jdbc:postgresql://postgresql.consilium-db.svc.cluster.local:5432/consilium")
          .containsEntry("CONSILIUM_DB_USER", "consilium")
          .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", "https://keycloak.hospital.example/realms/consilium")
          .containsEntry("QUARKUS_OIDC_CLIENT_ID", "consilium-api")
          .containsEntry("CONSILIUM_DICOM_AET", "CONSILIUM")
          .containsEntry("CONSILIUM_PACS_AET", "HOSPITAL_PACS")
          .containsEntry("CONSILIUM_PACS_HOST", "pacs.hospital.example")
          .containsEntry("CONSILIUM_PACS_PORT", "11112")
          .containsEntry("CONSILIUM_PACS_DICOMWEB_URL", "https://pacs.hospital.example/dicom-web")
          .containsEntry("CONSILIUM_RETRIEVAL_PULL_ENABLED", "true")
          .containsEntry("CONSILIUM_RETRIEVAL_PULL_MODALITIES", "CT,MR")
          .containsEntry("CONSILIUM_RETRIEVAL_PULL_INTERVAL", "2m")
          .containsEntry("CONSILIUM_SEG_MODEL", "/models/deferredseg/2026-10")
          .containsEntry("CONSILIUM_ABUTMENT_MODEL", "/models/abutment/2026-09");
      Map<String, Object> models = volumes(map(map(map(worker, "spec"), "template"), "spec")).get("models");
      assertThat(map(models, "persistentVolumeClaim")).containsEntry("claimName", "consilium-models")
          .containsEntry("readOnly", true);
    }

    @Test
    void secretsComeFromSecretKeyRefsOnly() {
      for (Map<String, Object> server : List.of(apiServer, workerServer)) {
        assertThat(secretRefs(server)).containsOnly(
            Map.entry("CONSILIUM_DB_PASSWORD", "consilium-db/password"),
            Map.entry("QUARKUS_OIDC_CREDENTIALS_SECRET", "consilium-oidc/client-secret"),
            Map.entry("CONSILIUM_AUDIT_SIGNING_KEY", "consilium-audit-key/signing-key"),
            Map.entry("CONSILIUM_AUDIT_PUBLIC_KEY", "consilium-audit-key/public-key"));
      }
    }

    @Test
    void noSecretIsInlineInTheConfigMapOrTheEnvironment() {
      assertThat(configData(docs).keySet()).noneMatch(ChartTest::looksSecret);
      for (Map<String, Object> deployment : all(docs, "Deployment")) {
        for (Map<String, Object> c : list(map(map(map(deployment, "spec"), "template"), "spec"), "containers")) {
          for (Map<String, Object> e : list(c, "env")) {
            if (looksSecret((String) e.get("name"))) {
              assertThat(e).as("env %s of container %s", e.get("name"), c.get("name")).doesNotContainKey("value");
            }
          }
        }
      }
      assertThat(docs).noneMatch(d -> "Secret".equals(d.get("kind")));
    }

    @Test
    void keepsTheHardeningAndProbesOfTheDefaults() {
      for (Map<String, Object> deployment : all(docs, "Deployment")) {
        Map<String, Object> spec = map(map(map(deployment, "spec"), "template"), "spec");
        assertHardened(spec);
        assertProbes(container(deployment, "server"));
        assertThat(map(container(deployment, "server"), "resources")).containsKeys("requests", "limits");
      }
    }

    @Test
    void networkPoliciesCoverBothRolesAndLimitDicomToThePacsNetwork() {
      assertThat(all(docs, "NetworkPolicy")).extracting(d -> map(d, "metadata").get("name"))
          .containsExactlyInAnyOrder("consilium-api", "consilium-worker");
      Map<String, Object> dicom = list(map(only(docs, "NetworkPolicy", "consilium-api"), "spec"), "ingress").get(1);
      assertThat(list(dicom, "ports")).extracting(p -> p.get("port")).containsExactly("dicom");
      assertThat(list(dicom, "from")).extracting(f -> map(f, "ipBlock").get("cidr")).containsExactly("10.20.0.0/16");
      Map<String, Object> workerIngress = list(map(only(docs, "NetworkPolicy", "consilium-worker"), "spec"), "ingress").get(0);
      assertThat(list(workerIngress, "from")).singleElement().satisfies(f -> assertThat(f).containsOnlyKeys("namespaceSelector"));
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
    return all(docs, kind).stream().collect(singleton());
  }

  static Map<String, Object> only(List<Map<String, Object>> docs, String kind, String name) {
    return all(docs, kind).stream().filter(d -> name.equals(map(d, "metadata").get("name"))).collect(singleton());
  }

  static List<Map<String, Object>> all(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  static Map<String, Object> configData(List<Map<String, Object>> docs) {
    return map(only(docs, "ConfigMap"), "data");
  }

  /** The environment a container sees: its ConfigMap (envFrom) overlaid by its own env (valueFrom -> null). */
  static Map<String, String> effectiveEnv(List<Map<String, Object>> docs, Map<String, Object> container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> from : list(container, "envFrom")) {
      String name = (String) map(from, "configMapRef").get("name");
      map(only(docs, "ConfigMap", name), "data").forEach((k, v) -> env.put(k, String.valueOf(v)));
    }
    env.putAll(env(container));
    return env;
  }

  /** env name -> "secret/key" for every secretKeyRef of a container. */
  static Map<String, String> secretRefs(Map<String, Object> container) {
    Map<String, String> refs = new LinkedHashMap<>();
    for (Map<String, Object> e : list(container, "env")) {
      if (e.get("valueFrom") != null) {
        Map<String, Object> ref = map(map(e, "valueFrom"), "secretKeyRef");
        refs.put((String) e.get("name"), ref.get("name") + "/" + ref.get("key"));
      }
    }
    return refs;
  }

  static boolean looksSecret(String name) {
    return name.matches("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|KEY).*");
  }

  static Map<String, Map<String, Object>> volumes(Map<String, Object> podSpec) {
    Map<String, Map<String, Object>> volumes = new LinkedHashMap<>();
    for (Map<String, Object> v : list(podSpec, "volumes")) {
      volumes.put((String) v.get("name"), v);
    }
    return volumes;
  }

  /** Non-root, read-only root filesystem, no privilege escalation, all capabilities dropped: every container. */
  static void assertHardened(Map<String, Object> podSpec) {
    List<Map<String, Object>> containers = new ArrayList<>(list(podSpec, "containers"));
    if (podSpec.containsKey("initContainers")) {
      containers.addAll(list(podSpec, "initContainers"));
    }
    for (Map<String, Object> c : containers) {
      Map<String, Object> sc = map(c, "securityContext");
      assertThat(sc.get("runAsNonRoot")).as("%s runAsNonRoot", c.get("name")).isEqualTo(true);
      assertThat(sc.get("runAsUser")).as("%s runAsUser", c.get("name")).isEqualTo(10001);
      assertThat(sc.get("readOnlyRootFilesystem")).as("%s readOnlyRootFilesystem", c.get("name")).isEqualTo(true);
      assertThat(sc.get("allowPrivilegeEscalation")).as("%s allowPrivilegeEscalation", c.get("name")).isEqualTo(false);
      assertThat(sc.get("privileged")).as("%s privileged", c.get("name")).isNotEqualTo(true);
      assertThat(map(sc, "capabilities").get("drop")).as("%s capabilities.drop", c.get("name")).isEqualTo(List.of("ALL"));
      assertThat(map(sc, "capabilities")).doesNotContainKey("add");
      assertThat(map(sc, "seccompProfile").get("type")).isEqualTo("RuntimeDefault");
      assertThat(c).as("%s resources", c.get("name")).containsKey("resources");
    }
    assertThat(map(podSpec, "securityContext").get("runAsNonRoot")).isEqualTo(true);
    assertThat(podSpec.get("automountServiceAccountToken")).isEqualTo(false);
  }

  static void assertProbes(Map<String, Object> container) {
    assertProbe(container, "livenessProbe", "/q/health/live");
    assertProbe(container, "readinessProbe", "/q/health/ready");
    assertProbe(container, "startupProbe", "/q/health/started");
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
