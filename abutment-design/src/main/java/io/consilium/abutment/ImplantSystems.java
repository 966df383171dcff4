package io.consilium.abutment;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The implant systems abutments can be designed for, with nominal platform diameters and connection types
 * (from the manufacturers' published catalogues; the milling library holds the exact interfaces).
 */
final class ImplantSystems {

    enum Connection { INTERNAL_CONICAL, INTERNAL_HEX, EXTERNAL_HEX }

    record Platform(String system, String name, double diameterMm, Connection connection) {
    }

    private static final Map<String, Map<String, Platform>> SYSTEMS = new TreeMap<>();

    static {
        add("Straumann BLT", "NC", 3.3, Connection.INTERNAL_CONICAL);
        add("Straumann BLT", "RC", 4.1, Connection.INTERNAL_CONICAL);
        add("Nobel Biocare NobelActive", "NP", 3.5, Connection.INTERNAL_CONICAL);
        add("Nobel Biocare NobelActive", "RP", 3.9, Connection.INTERNAL_CONICAL);
        add("Nobel Biocare Branemark", "NP", 3.5, Connection.EXTERNAL_HEX);
        add("Nobel Biocare Branemark", "RP", 4.1, Connection.EXTERNAL_HEX);
        add("Nobel Biocare Branemark", "WP", 5.1, Connection.EXTERNAL_HEX);
        add("Zimmer Biomet TSV", "3.5", 3.5, Connection.INTERNAL_HEX);
        add("Zimmer Biomet TSV", "4.5", 4.5, Connection.INTERNAL_HEX);
        add("Zimmer Biomet TSV", "5.7", 5.7, Connection.INTERNAL_HEX);
        add("Astra Tech EV", "3.6", 3.6, Connection.INTERNAL_CONICAL);
        add("Astra Tech EV", "4.2", 4.2, Connection.INTERNAL_CONICAL);
        add("Astra Tech EV", "4.8", 4.8, Connection.INTERNAL_CONICAL);
    }

    private ImplantSystems() {
    }

    private static void add(String system, String platform, double diameter, Connection connection) {
        SYSTEMS.computeIfAbsent(key(system), k -> new TreeMap<>())
                .put(key(platform), new Platform(system, platform, diameter, connection));
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", " ").strip();
    }

    /** The catalogue platform, or an error naming the known systems / platforms. */
    static Platform platform(String field, String system, String platform) {
        Map<String, Platform> platforms = SYSTEMS.get(key(system));
        if (platforms == null) {
            throw new InvalidCaseException(field + ".system", "unknown implant system '" + system + "'; known: "
                    + SYSTEMS.values().stream().map(p -> p.values().iterator().next().system())
                            .collect(Collectors.joining(", ")));
        }
        Platform found = platforms.get(key(platform));
        if (found == null) {
            throw new InvalidCaseException(field + ".platform", "implant system '" + system + "' has no platform '"
                    + platform + "'; known: " + platforms.values().stream().map(Platform::name).toList());
        }
        return found;
    }

    static Connection connection(String field, String text) {
        String k = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replaceAll("[^A-Z]+", "_");
        for (Connection c : Connection.values()) {
            if (c.name().equals(k)) {
                return c;
            }
        }
        throw new InvalidCaseException(field, "unknown connection type '" + text + "'; known: "
                + List.of(Connection.values()));
    }

    static List<Platform> all() {
        return SYSTEMS.values().stream().flatMap(m -> m.values().stream()).toList();
    }
}
