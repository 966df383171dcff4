package io.consilium.seg;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * What {@link Evaluation} measured on one dataset (one fold of it) at one deferral budget, plus the coverage–Dice
 * curve over budgets. Dice and IoU are means over cases (pairs) of the foreground classes' overlap with the
 * reference.
 *
 * @param fold                           the STARE fold ("reference AH, expert VK"), else null
 * @param cases                          images (nodules) evaluated
 * @param pairs                          cases evaluated: (nodule, reader) pairs, or one per image
 * @param skipped                        pairs left out because their reference was empty
 * @param aiOnlyDice                     the AI deciding every pixel
 * @param systemDice                     the AI's pixels plus the experts' masks on the pixels deferred to them
 * @param confidenceDeferralSystemDice   as many pixels per case, the AI's least confident ones, given to the
 *                                       experts (K = 1: the expert; K >= 2: one drawn at random per pixel)
 * @param randomDeferralSystemDice       as many pixels per case drawn uniformly inside the box, given the same way
 * @param readerDice                     the experts alone against the same reference (mean over experts)
 * @param deferralRate                   share of all image pixels deferred
 * @param boxDeferralRate                share of the box pixels deferred
 * @param expertShare                    share of the deferred pixels per expert (index 0 = expert 1)
 * @param ece                            expected calibration error of the AI's class probabilities (15 bins)
 * @param aiOnlyDiceCi95                 95 % bootstrap interval, resampling images
 * @param systemMinusAiCi95              95 % bootstrap interval of the paired difference system − AI
 */
public record EvaluationReport(String model, String data, String fold, int cases, int pairs, int skipped,
        double budget, double aiOnlyDice, double aiOnlyIou, double systemDice, double systemIou,
        double confidenceDeferralSystemDice, double randomDeferralSystemDice, double readerDice,
        double[] readerDicePerExpert, double deferralRate, double boxDeferralRate, double[] expertShare, double ece,
        double[] aiOnlyDiceCi95, double[] systemDiceCi95, double[] systemMinusAiCi95, List<CurvePoint> curve) {

    /** One point of the coverage–Dice curve: coverage = share of pixels the AI decides. */
    public record CurvePoint(double budget, double deferralRate, double systemDice,
            double confidenceDeferralSystemDice, double randomDeferralSystemDice) {

        public double coverage() {
            return 1 - deferralRate;
        }
    }

    /** The report as one JSON object. */
    public String toJson() {
        return object("");
    }

    /** Several folds of one dataset: {@code {"model", "data", "folds": [...]}}. */
    public static String toJson(List<EvaluationReport> reports) {
        if (reports.size() == 1) {
            return reports.get(0).toJson();
        }
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"model\": ").append(quote(reports.get(0).model)).append(",\n");
        json.append("  \"data\": ").append(quote(reports.get(0).data)).append(",\n");
        json.append("  \"folds\": [");
        for (int i = 0; i < reports.size(); i++) {
            json.append(i == 0 ? "\n    " : ",\n    ").append(reports.get(i).object("    ").trim());
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    private String object(String indent) {
        String in = indent + "  ";
        StringBuilder json = new StringBuilder(indent + "{\n");
        field(json, in, "model", quote(model));
        field(json, in, "data", quote(data));
        if (fold != null) {
            field(json, in, "fold", quote(fold));
        }
        field(json, in, "cases", Integer.toString(cases));
        field(json, in, "pairs", Integer.toString(pairs));
        field(json, in, "skipped", Integer.toString(skipped));
        field(json, in, "budget", number(budget));
        field(json, in, "ai_only_dice", number(aiOnlyDice));
        field(json, in, "ai_only_dice_ci95", numbers(aiOnlyDiceCi95));
        field(json, in, "ai_only_iou", number(aiOnlyIou));
        field(json, in, "system_dice", number(systemDice));
        field(json, in, "system_dice_ci95", numbers(systemDiceCi95));
        field(json, in, "system_minus_ai_dice_ci95", numbers(systemMinusAiCi95));
        field(json, in, "system_iou", number(systemIou));
        field(json, in, "confidence_deferral_system_dice", number(confidenceDeferralSystemDice));
        field(json, in, "random_deferral_system_dice", number(randomDeferralSystemDice));
        field(json, in, "reader_dice", number(readerDice));
        field(json, in, "reader_dice_per_expert", numbers(readerDicePerExpert));
        field(json, in, "deferral_rate", number(deferralRate));
        field(json, in, "box_deferral_rate", number(boxDeferralRate));
        field(json, in, "expert_share", numbers(expertShare));
        field(json, in, "ece", number(ece));
        json.append(in).append("\"coverage_dice_curve\": [");
        for (int i = 0; i < curve.size(); i++) {
            CurvePoint point = curve.get(i);
            json.append(i == 0 ? "\n" : ",\n").append(in).append("  {\"budget\": ").append(number(point.budget()))
                    .append(", \"deferral_rate\": ").append(number(point.deferralRate()))
                    .append(", \"coverage\": ").append(number(point.coverage()))
                    .append(", \"system_dice\": ").append(number(point.systemDice()))
                    .append(", \"confidence_deferral_system_dice\": ")
                    .append(number(point.confidenceDeferralSystemDice()))
                    .append(", \"random_deferral_system_dice\": ").append(number(point.randomDeferralSystemDice()))
                    .append('}');
        }
        json.append("\n").append(in).append("]\n").append(indent).append("}\n");
        return json.toString();
    }

    private static void field(StringBuilder json, String indent, String name, String value) {
        json.append(indent).append('"').append(name).append("\": ").append(value).append(",\n");
    }

    /** A plain-text table for the terminal and for reports. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "DeferredSeg evaluation: %s on %s%s: %d cases, %d pairs, %d skipped, "
                + "budget %.2f%n", model, data, fold == null ? "" : " (" + fold + ")", cases, pairs, skipped, budget));
        out.append(String.format(Locale.ROOT, "  AI-only Dice  %.4f  [%.4f, %.4f]  IoU %.4f%n", aiOnlyDice,
                aiOnlyDiceCi95[0], aiOnlyDiceCi95[1], aiOnlyIou));
        out.append(String.format(Locale.ROOT, "  System Dice   %.4f  [%.4f, %.4f]  IoU %.4f  (experts fill deferred "
                + "pixels; difference to AI-only [%+.4f, %+.4f])%n", systemDice, systemDiceCi95[0], systemDiceCi95[1],
                systemIou, systemMinusAiCi95[0], systemMinusAiCi95[1]));
        out.append(String.format(Locale.ROOT, "  Same pixel count to the experts: least confident %.4f, uniform in the "
                + "box %.4f%n", confidenceDeferralSystemDice, randomDeferralSystemDice));
        out.append(String.format(Locale.ROOT, "  Expert alone  %.4f%n", readerDice));
        out.append(String.format(Locale.ROOT, "  Deferred: %.4f of the image, %.4f of the box   ECE %.4f%n",
                deferralRate, boxDeferralRate, ece));
        for (int k = 0; k < expertShare.length && expertShare.length > 1; k++) {
            out.append(String.format(Locale.ROOT, "  Expert %d: %.1f%% of deferred pixels%n", k + 1,
                    100 * expertShare[k]));
        }
        out.append("  Coverage-Dice curve:\n   budget  deferred  coverage  system Dice  least-confident  uniform-in-box\n");
        for (CurvePoint p : curve) {
            out.append(String.format(Locale.ROOT, "   %6.2f  %8.4f  %8.4f  %11.4f  %15.4f  %14.4f%n", p.budget(),
                    p.deferralRate(), p.coverage(), p.systemDice(), p.confidenceDeferralSystemDice(),
                    p.randomDeferralSystemDice()));
        }
        return out.toString();
    }

    /** The coverage–Dice curve as a PNG line plot (DeferredSeg, random-expert baseline, AI only). */
    public void writePlot(Path png) throws IOException {
        int w = 720;
        int h = 480;
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 60;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            double yMin = Math.max(0, Math.floor(Math.min(aiOnlyDice, min(CurvePoint::systemDice,
                    CurvePoint::confidenceDeferralSystemDice)) * 20 - 1) / 20);
            double yMax = 1.0;
            double lowestCoverage = 1;
            for (CurvePoint p : curve) {
                lowestCoverage = Math.min(lowestCoverage, p.coverage());
            }
            // The x axis spans what the curve covers, so a model that defers little is still readable.
            double xMin = Math.max(0, Math.min(0.99, Math.floor((lowestCoverage - 0.005) * 100) / 100));
            g.setColor(Color.LIGHT_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int i = 0; i <= 10; i++) {
                int x = left + i * (w - left - right) / 10;
                int y = top + i * (h - top - bottom) / 10;
                g.drawLine(x, top, x, h - bottom);
                g.drawLine(left, y, w - right, y);
            }
            g.setColor(Color.BLACK);
            g.drawRect(left, top, w - left - right, h - top - bottom);
            for (int i = 0; i <= 5; i++) {
                double cov = xMin + i * (1 - xMin) / 5;
                g.drawString(String.format(Locale.ROOT, "%.3f", cov), left + i * 2 * (w - left - right) / 10 - 8,
                        h - bottom + 18);
                double d = yMin + i * (yMax - yMin) / 5;
                g.drawString(String.format(Locale.ROOT, "%.2f", d), left - 40,
                        h - bottom - i * 2 * (h - top - bottom) / 10 + 4);
            }
            g.drawString("coverage (share of pixels decided by the AI)", left + 160, h - 20);
            g.drawString("Dice", 15, top + (h - top - bottom) / 2);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString("Coverage-Dice: " + model + " on " + data + (fold == null ? "" : " (" + fold + ")"), left, 25);
            g.setStroke(new BasicStroke(2f));
            Plot plot = new Plot(left, top, w - left - right, h - top - bottom, xMin, 1.0, yMin, yMax);
            g.setColor(new Color(200, 60, 40));
            plot.line(g, curve, CurvePoint::confidenceDeferralSystemDice);
            g.setColor(new Color(30, 90, 200));
            plot.line(g, curve, CurvePoint::systemDice);
            g.setColor(Color.DARK_GRAY);
            int aiY = plot.y(aiOnlyDice);
            g.drawLine(left, aiY, w - right, aiY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            legend(g, new Color(30, 90, 200), "DeferredSeg (experts fill deferred pixels)", left + 10, top + 20);
            legend(g, new Color(200, 60, 40), "least-confident pixels to the experts", left + 10, top + 38);
            legend(g, Color.DARK_GRAY, "AI only", left + 10, top + 56);
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private double min(ToDoubleFunction<CurvePoint> a, ToDoubleFunction<CurvePoint> b) {
        double m = 1;
        for (CurvePoint p : curve) {
            m = Math.min(m, Math.min(a.applyAsDouble(p), b.applyAsDouble(p)));
        }
        return m;
    }

    private static void legend(Graphics2D g, Color color, String label, int x, int y) {
        g.setColor(color);
        g.fillRect(x, y - 9, 18, 4);
        g.setColor(Color.BLACK);
        g.drawString(label, x + 24, y - 3);
    }

    private record Plot(int left, int top, int width, int height, double xMin, double xMax, double yMin, double yMax) {

        int x(double v) {
            return left + (int) Math.round((Math.max(xMin, v) - xMin) / (xMax - xMin) * width);
        }

        int y(double v) {
            return top + height - (int) Math.round((Math.max(yMin, v) - yMin) / (yMax - yMin) * height);
        }

        void line(Graphics2D g, List<CurvePoint> points, ToDoubleFunction<CurvePoint> value) {
            for (int i = 1; i < points.size(); i++) {
                CurvePoint a = points.get(i - 1);
                CurvePoint b = points.get(i);
                g.drawLine(x(a.coverage()), y(value.applyAsDouble(a)), x(b.coverage()), y(value.applyAsDouble(b)));
            }
            for (CurvePoint p : points) {
                g.fillOval(x(p.coverage()) - 3, y(value.applyAsDouble(p)) - 3, 6, 6);
            }
        }
    }

    private static String numbers(double[] values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ", ").append(number(values[i]));
        }
        return out.append(']').toString();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
