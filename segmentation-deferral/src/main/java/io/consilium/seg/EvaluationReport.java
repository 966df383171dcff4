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
 * What {@link Evaluation} measured on a dataset at one deferral budget, plus the coverage–Dice curve over
 * budgets. Dice and IoU are means over cases of the foreground classes' overlap with the reference.
 *
 * @param aiOnlyDice                 the AI deciding every pixel
 * @param systemDice                 the AI's pixels plus the experts' masks on the pixels deferred to them
 * @param randomDeferralSystemDice   the same number of pixels deferred per case, the AI's least confident ones,
 *                                   each to an expert drawn at random (the baseline a router must beat)
 * @param deferralRate               share of all pixels deferred
 * @param expertShare                share of the deferred pixels per expert (index 0 = expert 1)
 * @param ece                        expected calibration error of the AI's class probabilities (15 bins)
 */
public record EvaluationReport(String model, String data, int cases, double budget, double aiOnlyDice,
        double aiOnlyIou, double systemDice, double systemIou, double randomDeferralSystemDice, double deferralRate,
        double[] expertShare, double ece, List<CurvePoint> curve) {

    /** One point of the coverage–Dice curve: coverage = share of pixels the AI decides. */
    public record CurvePoint(double budget, double deferralRate, double systemDice, double randomDeferralSystemDice) {

        public double coverage() {
            return 1 - deferralRate;
        }
    }

    public String toJson() {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"model\": ").append(quote(model)).append(",\n");
        json.append("  \"data\": ").append(quote(data)).append(",\n");
        json.append("  \"cases\": ").append(cases).append(",\n");
        json.append("  \"budget\": ").append(number(budget)).append(",\n");
        json.append("  \"ai_only_dice\": ").append(number(aiOnlyDice)).append(",\n");
        json.append("  \"ai_only_iou\": ").append(number(aiOnlyIou)).append(",\n");
        json.append("  \"system_dice\": ").append(number(systemDice)).append(",\n");
        json.append("  \"system_iou\": ").append(number(systemIou)).append(",\n");
        json.append("  \"random_deferral_system_dice\": ").append(number(randomDeferralSystemDice)).append(",\n");
        json.append("  \"deferral_rate\": ").append(number(deferralRate)).append(",\n");
        json.append("  \"expert_share\": [");
        for (int k = 0; k < expertShare.length; k++) {
            json.append(k == 0 ? "" : ", ").append(number(expertShare[k]));
        }
        json.append("],\n");
        json.append("  \"ece\": ").append(number(ece)).append(",\n");
        json.append("  \"coverage_dice_curve\": [");
        for (int i = 0; i < curve.size(); i++) {
            CurvePoint point = curve.get(i);
            json.append(i == 0 ? "\n" : ",\n").append("    {\"budget\": ").append(number(point.budget()))
                    .append(", \"deferral_rate\": ").append(number(point.deferralRate()))
                    .append(", \"coverage\": ").append(number(point.coverage()))
                    .append(", \"system_dice\": ").append(number(point.systemDice()))
                    .append(", \"random_deferral_system_dice\": ").append(number(point.randomDeferralSystemDice()))
                    .append('}');
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    /** A plain-text table for the terminal and for reports. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "DeferredSeg evaluation: %s on %s (%d cases), budget %.2f%n", model,
                data, cases, budget));
        out.append(String.format(Locale.ROOT, "  AI-only Dice %.4f  IoU %.4f%n", aiOnlyDice, aiOnlyIou));
        out.append(String.format(Locale.ROOT, "  System Dice  %.4f  IoU %.4f  (experts fill deferred pixels)%n",
                systemDice, systemIou));
        out.append(String.format(Locale.ROOT, "  Random-expert deferral of the least confident pixels, same rate: "
                + "Dice %.4f%n", randomDeferralSystemDice));
        out.append(String.format(Locale.ROOT, "  Deferral rate %.4f   ECE %.4f%n", deferralRate, ece));
        for (int k = 0; k < expertShare.length; k++) {
            out.append(String.format(Locale.ROOT, "  Expert %d (%s): %.1f%% of deferred pixels%n", k + 1,
                    SimulatedExpert.ofExpert(k + 1).name().toLowerCase(Locale.ROOT), 100 * expertShare[k]));
        }
        out.append("  Coverage-Dice curve:\n   budget  deferred  coverage  system Dice  random-expert Dice\n");
        for (CurvePoint p : curve) {
            out.append(String.format(Locale.ROOT, "   %6.2f  %8.4f  %8.4f  %11.4f  %18.4f%n", p.budget(),
                    p.deferralRate(), p.coverage(), p.systemDice(), p.randomDeferralSystemDice()));
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
                    CurvePoint::randomDeferralSystemDice)) * 20 - 1) / 20);
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
            g.drawString("Coverage-Dice: " + model + " on " + cases + " cases", left, 25);
            g.setStroke(new BasicStroke(2f));
            Plot plot = new Plot(left, top, w - left - right, h - top - bottom, xMin, 1.0, yMin, yMax);
            g.setColor(new Color(200, 60, 40));
            plot.line(g, curve, CurvePoint::randomDeferralSystemDice);
            g.setColor(new Color(30, 90, 200));
            plot.line(g, curve, CurvePoint::systemDice);
            g.setColor(Color.DARK_GRAY);
            int aiY = plot.y(aiOnlyDice);
            g.drawLine(left, aiY, w - right, aiY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            legend(g, new Color(30, 90, 200), "DeferredSeg (experts fill deferred pixels)", left + 10, top + 20);
            legend(g, new Color(200, 60, 40), "least-confident pixels to a random expert", left + 10, top + 38);
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

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
