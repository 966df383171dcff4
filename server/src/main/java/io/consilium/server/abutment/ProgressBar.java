package io.consilium.server.abutment;

import io.consilium.abutment.AbutmentTraining;
import io.consilium.server.cli.ProgressLine;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Abutment training progress (variant, epoch, step, loss) on the shared progress line. */
class ProgressBar implements AbutmentTraining.Progress {

    private final ProgressLine line;

    ProgressBar(PrintWriter err) {
        this.line = new ProgressLine(err);
    }

    @Override
    public void step(String variant, int epoch, int epochs, int step, int steps, double loss, double seconds) {
        double done = ((epoch - 1) * (double) steps + step) / ((double) epochs * steps);
        long eta = done > 0 ? Math.round(seconds / done - seconds) : 0;
        line.draw(String.format(Locale.ROOT, "%-13s", variant), done,
                String.format(Locale.ROOT, "epoch %d/%d step %d/%d loss %.4f", epoch, epochs, step, steps, loss),
                Duration.ofSeconds(eta));
    }

    void finish() {
        line.finish();
    }
}
