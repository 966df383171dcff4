package io.consilium.server.cli;

import io.consilium.server.audit.AuditTrail;
import io.consilium.server.demo.DemoSetup;
import io.consilium.server.platform.ActiveDatabase;
import io.consilium.server.platform.DataDirectory;
import io.quarkus.runtime.Quarkus;
import org.eclipse.microprofile.config.ConfigProvider;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the server until it is stopped (Ctrl+C or SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the Consilium server (REST API, web UI, health and metrics) and wait.")
class ServeCommand implements Runnable {

    private final ActiveDatabase database;
    private final DataDirectory dataDirectory;
    private final DemoSetup demo;
    private final AuditTrail audit;

    @Option(names = "--demo", description = "Seed the built-in archive with a sample CT study and a dental case, "
            + "run the workflow on the study and print where to see the result.")
    boolean withDemo;

    ServeCommand(ActiveDatabase database, DataDirectory dataDirectory, DemoSetup demo, AuditTrail audit) {
        this.database = database;
        this.dataDirectory = dataDirectory;
        this.demo = demo;
        this.audit = audit;
    }

    @Override
    public void run() {
        audit.startOutboxSweep();
        var config = ConfigProvider.getConfig();
        String host = config.getValue("quarkus.http.host", String.class);
        int port = config.getValue("quarkus.http.port", Integer.class);
        String base = "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port;
        System.out.println("Consilium is running (database: " + database.name() + ", data: "
                + dataDirectory.root() + ")");
        System.out.println("  Web UI:  " + base + "/");
        System.out.println("  API:     " + base + "/api/studies   (OpenAPI: " + base + "/q/openapi)");
        System.out.println("  Health:  " + base + "/q/health     Metrics: " + base + "/q/metrics");
        System.out.println("  Sign-in: " + config.getValue("quarkus.oidc.auth-server-url", String.class)
                + (config.getValue("consilium.security.development-realm", Boolean.class)
                        ? "   (DEVELOPMENT REALM, dev-only: users rad1 rad2 dent1 tech1 int1 aud1 admin1, password = user name)"
                        : ""));
        if (withDemo) {
            demo.run(System.out, base, Duration.ofMinutes(5));
        }
        System.out.println("Press Ctrl+C to stop.");
        Quarkus.waitForExit();
    }
}
