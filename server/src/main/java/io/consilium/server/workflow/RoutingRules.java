package io.consilium.server.workflow;

import io.consilium.seg.BoxPrompt;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Picks the segmentation task for a series from the configured rules (modality, body part, description). */
@ApplicationScoped
public class RoutingRules {

    /** A rule that applies: its task name, the model that runs it, and how to prompt and label. */
    public record Route(String task, Pattern bodyPart, Pattern seriesDescription, String modality, String model,
            double[] box, double windowCenter, double windowWidth, String structure, String structureCode,
            String structureMeaning) {

        /** The configured box in pixels of a {@code width} x {@code height} slice. */
        public BoxPrompt boxFor(int width, int height) {
            int x0 = (int) Math.floor(box[0] * width);
            int y0 = (int) Math.floor(box[1] * height);
            int x1 = Math.max(x0 + 1, (int) Math.ceil(box[2] * width));
            int y1 = Math.max(y0 + 1, (int) Math.ceil(box[3] * height));
            return new BoxPrompt(x0, y0, Math.min(width, x1), Math.min(height, y1));
        }

        String prompt() {
            return String.format(Locale.ROOT, "box %.3f,%.3f,%.3f,%.3f of the slice", box[0], box[1], box[2], box[3]);
        }
    }

    private final List<Route> routes;

    RoutingRules(RoutingConfig config) {
        this.routes = config.rules().entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, RoutingConfig.Rule> e) -> e.getValue().order())
                        .thenComparing(Map.Entry::getKey))
                .map(e -> route(e.getKey(), e.getValue())).toList();
    }

    /** The first rule matching the series, if any. */
    public Optional<Route> match(String modality, String bodyPart, String seriesDescription) {
        return routes.stream().filter(r -> r.modality().equalsIgnoreCase(modality)
                && (r.bodyPart() == null || r.bodyPart().matcher(nullToEmpty(bodyPart)).matches())
                && (r.seriesDescription() == null
                        || r.seriesDescription().matcher(nullToEmpty(seriesDescription)).matches())).findFirst();
    }

    public List<Route> routes() {
        return routes;
    }

    private static Route route(String name, RoutingConfig.Rule rule) {
        String prefix = "consilium.routing.rules." + name + ".";
        double[] box = numbers(rule.box(), 4, prefix + "box");
        if (box[0] < 0 || box[1] < 0 || box[2] > 1 || box[3] > 1 || box[0] >= box[2] || box[1] >= box[3]) {
            throw new ConfigurationException(prefix + "box=" + rule.box() + " must be x0,y0,x1,y1 fractions with "
                    + "0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1", Set.of(prefix + "box"));
        }
        double[] window = numbers(rule.window(), 2, prefix + "window");
        if (window[1] <= 0) {
            throw new ConfigurationException(prefix + "window width must be positive", Set.of(prefix + "window"));
        }
        if (rule.model().isBlank()) {
            throw new ConfigurationException(prefix + "model must name a bundled model or a model directory",
                    Set.of(prefix + "model"));
        }
        return new Route(name, pattern(rule.bodyPart(), prefix + "body-part"),
                pattern(rule.seriesDescription(), prefix + "series-description"), rule.modality().strip(),
                rule.model().strip(), box, window[0], window[1], rule.structure(), rule.structureCode(),
                rule.structureMeaning());
    }

    private static Pattern pattern(Optional<String> regex, String setting) {
        if (regex.isEmpty() || regex.get().isBlank()) {
            return null;
        }
        try {
            return Pattern.compile(regex.get(), Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new ConfigurationException(setting + " is not a valid regular expression: " + e.getMessage(),
                    Set.of(setting));
        }
    }

    private static double[] numbers(String text, int count, String setting) {
        String[] parts = text.split(",");
        if (parts.length != count) {
            throw new ConfigurationException(setting + "=" + text + " must hold " + count + " comma-separated numbers",
                    Set.of(setting));
        }
        double[] values = new double[count];
        try {
            for (int i = 0; i < count; i++) {
                values[i] = Double.parseDouble(parts[i].strip());
            }
        } catch (NumberFormatException e) {
            throw new ConfigurationException(setting + "=" + text + " must hold numbers", Set.of(setting));
        }
        return values;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
