package io.consilium.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void showsBarPercentDetailAndEta() {
        StringWriter text = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(text));

        line.draw("epoch 2/8", 0.5, "loss 0.4321", Duration.ofSeconds(3725));

        assertThat(text.toString()).isEqualTo("\repoch 2/8 [" + "#".repeat(15) + ".".repeat(15)
                + "]  50% loss 0.4321 ETA 1:02:05 ");
    }

    @Test
    void throttlesRedrawsButAlwaysDrawsCompletion() {
        StringWriter text = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(text));

        line.draw("train", 0.1, "", Duration.ZERO);
        line.draw("train", 0.2, "", Duration.ZERO);
        line.draw("train", 1.0, "", Duration.ZERO);

        assertThat(text.toString()).contains(" 10%").doesNotContain(" 20%").contains("100%");
    }
}
