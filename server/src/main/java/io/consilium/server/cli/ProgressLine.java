package io.consilium.server.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** The one-line progress bar of long-running commands: label, bar, percent, detail and ETA, redrawn in place. */
public final class ProgressLine {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private long lastDraw;

    public ProgressLine(PrintWriter out) {
        this.out = out;
    }

    /** Redraws at most ten times a second, and always when {@code fraction} reaches 1. */
    public void draw(String label, double fraction, String detail, Duration remaining) {
        long now = System.nanoTime();
        if (fraction < 1 && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = (int) Math.round(Math.min(1, Math.max(0, fraction)) * WIDTH);
        long s = remaining.toSeconds();
        out.printf(Locale.ROOT, "\r%s [%s%s] %3.0f%% %s ETA %d:%02d:%02d ", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), 100 * fraction, detail, s / 3600, (s / 60) % 60, s % 60);
        out.flush();
    }

    /** Ends the line so the next output starts below it. */
    public void finish() {
        out.println();
        out.flush();
    }
}
