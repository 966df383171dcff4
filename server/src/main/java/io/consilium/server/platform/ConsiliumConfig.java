package io.consilium.server.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Consilium's own settings (prefix {@code consilium}); framework settings stay under {@code quarkus.*}. */
@ConfigMapping(prefix = "consilium")
public interface ConsiliumConfig {

    /** Where the embedded default keeps its H2 database and files ({@code consilium.data-dir}). */
    Path dataDir();

    /** {@code consilium.role}: {@code all} (API and job workers), {@code api} (no workers) or {@code worker}. */
    @WithDefault("all")
    InstanceRole role();
}
