package io.tollgate.console;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a page hands to Chart.js: the type, the x labels and the series, as JSON in a
 * {@code <script type="application/json">} block that console.js draws (no inline script, so the
 * content policy stays strict). Every chart's figures are also in a table on the same page.
 */
public record Chart(String type, List<String> labels, List<Series> datasets, boolean stacked, String unit) {

    /** One series; {@code data} holds exact decimal amounts (Chart.js reads them as numbers). */
    public record Series(String label, List<BigDecimal> data, String backgroundColor, String borderColor,
                         Boolean fill, List<Integer> borderDash, String stack) {
        public static Series of(String label, List<BigDecimal> data, int index) {
            String colour = PALETTE.get(index % PALETTE.size());
            return new Series(label, data, colour, colour, null, null, null);
        }

        public Series dashed() {
            return new Series(label, data, backgroundColor, borderColor, fill, List.of(6, 4), stack);
        }
    }

    /** Colour-blind-safe palette (Okabe-Ito, darkened where needed for contrast). */
    static final List<String> PALETTE = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
            "#8C6D00", "#000000", "#7F7F7F", "#9E2A2B");
}
