package io.consilium.server.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The role of this instance ({@code consilium.role}: all, api or worker); see {@link InstanceRole}. */
@ConfigMapping(prefix = "consilium")
public interface InstanceConfig {

    @WithDefault("all")
    InstanceRole role();
}
