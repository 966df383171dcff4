package io.consilium.server.abutment;

import io.consilium.abutment.AbutmentTraining;
import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar with epoch, step, loss and ETA, redrawn at most ten times a second. */
class ProgressBar implements AbutmentTraining.Progress {

    private static final int WIDTH = 30;
    private final PrintWriter err;
    private long lastDraw;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void step(String variant, int epoch, int epochs, int step, int steps, double loss, double seconds) {
        long now = System.nanoTime();
        boolean last = epoch == epochs && step == steps;
        if (!last && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double done = ((epoch - 1) * (double) steps + step) / ((double) epochs * steps);
        int filled = (int) Math.round(done * WIDTH);
        long eta = done > 0 ? Math.round(seconds / done - seconds) : 0;
        err.printf(Locale.ROOT, "\r%-13s [%s%s] %3.0f%% epoch %d/%d step %d/%d loss %.4f ETA %dm%02ds ", variant,
                "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * done, epoch, epochs, step, steps, loss,
                eta / 60, eta % 60);
        err.flush();
    }

    void finish() {
        err.println();
        err.flush();
    }
}
