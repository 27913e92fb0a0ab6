package io.tollgate.cost.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Forecast of daily pay-per-use cost: an ordinary least-squares fit of a linear trend plus a
 * day-of-week effect, {@code y(t) = a + b t + s(weekday(t)) + e}, with the seven weekday effects
 * summing to zero, over the history's days. The band is the 95% prediction interval of that
 * regression, {@code yhat +- 1.96 sigma sqrt(1 + x0' (X'X)^-1 x0)}, where sigma is the residuals'
 * standard error; it widens the further ahead a day lies. Costs are never negative, so the forecast
 * and the lower bound are floored at zero. With fewer than {@link #MIN_DAYS_FOR_SEASON} days of
 * history the weekday effect is left out (trend only); with fewer than two days the forecast is
 * the one day's cost (or zero) with no band. Prepaid amortization is known ahead and is added by
 * the caller, not forecast. Arithmetic is in doubles (an estimate), results are rounded to cents.
 */
public final class Forecast {
    /** Two full weeks: each weekday seen at least twice before its effect is estimated. */
    public static final int MIN_DAYS_FOR_SEASON = 14;
    static final double Z95 = 1.959964;

    private Forecast() {
    }

    /** One forecast day: the expected cost and its band. */
    public record Day(BigDecimal expected, BigDecimal lower, BigDecimal upper) {
    }

    /** The fitted model: enough to forecast any day after (or inside) the history. */
    public record Model(double[] coefficients, double[][] inverse, double sigma, int firstWeekday, int days,
                        boolean seasonal) {
        /** Day {@code t} counted from the history's first day (0), which fell on {@code firstWeekday} (0-6). */
        public Day at(int t) {
            double[] x = row(t, firstWeekday, seasonal);
            double yhat = dot(coefficients, x);
            double spread = inverse == null ? 0 : Z95 * sigma * Math.sqrt(1 + quadratic(inverse, x));
            return new Day(cents(Math.max(0, yhat)), cents(Math.max(0, yhat - spread)), cents(Math.max(0, yhat + spread)));
        }
    }

    /**
     * Fits the history: {@code daily[0]} is the first day's cost, which fell on weekday
     * {@code firstWeekday} (0 = Monday ... 6 = Sunday).
     */
    public static Model fit(List<BigDecimal> daily, int firstWeekday) {
        int n = daily.size();
        if (n < 2) {
            double only = n == 0 ? 0 : daily.get(0).doubleValue();
            return new Model(new double[] {only, 0}, null, 0, firstWeekday, n, false);
        }
        boolean seasonal = n >= MIN_DAYS_FOR_SEASON;
        int p = seasonal ? 8 : 2;
        double[][] xtx = new double[p][p];
        double[] xty = new double[p];
        for (int t = 0; t < n; t++) {
            double[] x = row(t, firstWeekday, seasonal);
            double y = daily.get(t).doubleValue();
            for (int i = 0; i < p; i++) {
                xty[i] += x[i] * y;
                for (int j = 0; j < p; j++) {
                    xtx[i][j] += x[i] * x[j];
                }
            }
        }
        double[][] inverse = invert(xtx);
        double[] beta = new double[p];
        for (int i = 0; i < p; i++) {
            beta[i] = dot(inverse[i], xty);
        }
        double sse = 0;
        for (int t = 0; t < n; t++) {
            double r = daily.get(t).doubleValue() - dot(beta, row(t, firstWeekday, seasonal));
            sse += r * r;
        }
        double sigma = n > p ? Math.sqrt(sse / (n - p)) : 0;
        return new Model(beta, inverse, sigma, firstWeekday, n, seasonal);
    }

    /** The next {@code horizon} days after the history. */
    public static List<Day> ahead(Model model, int horizon) {
        List<Day> days = new ArrayList<>(horizon);
        for (int h = 0; h < horizon; h++) {
            days.add(model.at(model.days() + h));
        }
        return days;
    }

    /**
     * The regressors of day t: 1, t, and six effect-coded weekday columns (weekday w < 6 is +1 in
     * its column; Sunday, 6, is -1 in all six), so the seven effects sum to zero.
     */
    static double[] row(int t, int firstWeekday, boolean seasonal) {
        double[] x = new double[seasonal ? 8 : 2];
        x[0] = 1;
        x[1] = t;
        if (seasonal) {
            int weekday = Math.floorMod(firstWeekday + t, 7);
            for (int k = 0; k < 6; k++) {
                x[2 + k] = weekday == 6 ? -1 : weekday == k ? 1 : 0;
            }
        }
        return x;
    }

    /** The weekday effect s(w) of a seasonal model (w 0-6), zero for a trend-only model. */
    public static double weekdayEffect(Model model, int weekday) {
        if (!model.seasonal()) {
            return 0;
        }
        if (weekday < 6) {
            return model.coefficients()[2 + weekday];
        }
        double sum = 0;
        for (int k = 0; k < 6; k++) {
            sum += model.coefficients()[2 + k];
        }
        return -sum;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double quadratic(double[][] m, double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * dot(m[i], x);
        }
        return s;
    }

    /** Gauss-Jordan inversion with partial pivoting; X'X of these regressors is positive definite. */
    static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            double d = m[col][col];
            if (Math.abs(d) < 1e-12) {
                throw new IllegalArgumentException("the regressors are singular (too few days?)");
            }
            for (int j = 0; j < 2 * n; j++) {
                m[col][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && m[r][col] != 0) {
                    double f = m[r][col];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[col][j];
                    }
                }
            }
        }
        double[][] inverse = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inverse[i], 0, n);
        }
        return inverse;
    }

    private static BigDecimal cents(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
}
