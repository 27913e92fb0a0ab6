package io.tollgate.cost.core;

import java.math.BigDecimal;
import java.math.MathContext;
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
 * the caller, not forecast. Arithmetic is decimal ({@link #MC}, 34 significant digits) like all money
 * here, never binary floating point; results are rounded to cents.
 */
public final class Forecast {
    /** Two full weeks: each weekday seen at least twice before its effect is estimated. */
    public static final int MIN_DAYS_FOR_SEASON = 14;
    /** The precision of every intermediate value of the fit. */
    static final MathContext MC = MathContext.DECIMAL128;
    static final BigDecimal Z95 = new BigDecimal("1.959964");
    private static final BigDecimal TINY = new BigDecimal("1E-20");

    private Forecast() {
    }

    /** One forecast day: the expected cost and its band. */
    public record Day(BigDecimal expected, BigDecimal lower, BigDecimal upper) {
    }

    /** The fitted model: enough to forecast any day after (or inside) the history. */
    public record Model(BigDecimal[] coefficients, BigDecimal[][] inverse, BigDecimal sigma, int firstWeekday, int days,
                        boolean seasonal) {
        /** Day {@code t} counted from the history's first day (0), which fell on {@code firstWeekday} (0-6). */
        public Day at(int t) {
            BigDecimal[] x = row(t, firstWeekday, seasonal);
            BigDecimal yhat = dot(coefficients, x);
            BigDecimal spread = inverse == null ? BigDecimal.ZERO
                    : Z95.multiply(sigma, MC).multiply(BigDecimal.ONE.add(quadratic(inverse, x), MC).sqrt(MC), MC);
            return new Day(cents(yhat), cents(yhat.subtract(spread, MC)), cents(yhat.add(spread, MC)));
        }
    }

    /**
     * Fits the history: {@code daily[0]} is the first day's cost, which fell on weekday
     * {@code firstWeekday} (0 = Monday ... 6 = Sunday).
     */
    public static Model fit(List<BigDecimal> daily, int firstWeekday) {
        int n = daily.size();
        if (n < 2) {
            BigDecimal only = n == 0 ? BigDecimal.ZERO : daily.get(0);
            return new Model(new BigDecimal[] {only, BigDecimal.ZERO}, null, BigDecimal.ZERO, firstWeekday, n, false);
        }
        boolean seasonal = n >= MIN_DAYS_FOR_SEASON;
        int p = seasonal ? 8 : 2;
        BigDecimal[][] xtx = zeros(p, p);
        BigDecimal[] xty = zeros(1, p)[0];
        for (int t = 0; t < n; t++) {
            BigDecimal[] x = row(t, firstWeekday, seasonal);
            BigDecimal y = daily.get(t);
            for (int i = 0; i < p; i++) {
                xty[i] = xty[i].add(x[i].multiply(y, MC), MC);
                for (int j = 0; j < p; j++) {
                    xtx[i][j] = xtx[i][j].add(x[i].multiply(x[j], MC), MC);
                }
            }
        }
        BigDecimal[][] inverse = invert(xtx);
        BigDecimal[] beta = new BigDecimal[p];
        for (int i = 0; i < p; i++) {
            beta[i] = dot(inverse[i], xty);
        }
        BigDecimal sse = BigDecimal.ZERO;
        for (int t = 0; t < n; t++) {
            BigDecimal r = daily.get(t).subtract(dot(beta, row(t, firstWeekday, seasonal)), MC);
            sse = sse.add(r.multiply(r, MC), MC);
        }
        BigDecimal sigma = n > p ? sse.divide(BigDecimal.valueOf(n - p), MC).sqrt(MC) : BigDecimal.ZERO;
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
    static BigDecimal[] row(int t, int firstWeekday, boolean seasonal) {
        BigDecimal[] x = zeros(1, seasonal ? 8 : 2)[0];
        x[0] = BigDecimal.ONE;
        x[1] = BigDecimal.valueOf(t);
        if (seasonal) {
            int weekday = Math.floorMod(firstWeekday + t, 7);
            for (int k = 0; k < 6; k++) {
                x[2 + k] = weekday == 6 ? BigDecimal.ONE.negate() : weekday == k ? BigDecimal.ONE : BigDecimal.ZERO;
            }
        }
        return x;
    }

    /** The weekday effect s(w) of a seasonal model (w 0-6), zero for a trend-only model. */
    public static BigDecimal weekdayEffect(Model model, int weekday) {
        if (!model.seasonal()) {
            return BigDecimal.ZERO;
        }
        if (weekday < 6) {
            return model.coefficients()[2 + weekday];
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 0; k < 6; k++) {
            sum = sum.add(model.coefficients()[2 + k], MC);
        }
        return sum.negate();
    }

    private static BigDecimal dot(BigDecimal[] a, BigDecimal[] b) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < a.length; i++) {
            s = s.add(a[i].multiply(b[i], MC), MC);
        }
        return s;
    }

    private static BigDecimal quadratic(BigDecimal[][] m, BigDecimal[] x) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < x.length; i++) {
            s = s.add(x[i].multiply(dot(m[i], x), MC), MC);
        }
        return s;
    }

    private static BigDecimal[][] zeros(int rows, int columns) {
        BigDecimal[][] m = new BigDecimal[rows][columns];
        for (BigDecimal[] r : m) {
            java.util.Arrays.fill(r, BigDecimal.ZERO);
        }
        return m;
    }

    /** Gauss-Jordan inversion with partial pivoting; X'X of these regressors is positive definite. */
    static BigDecimal[][] invert(BigDecimal[][] a) {
        int n = a.length;
        BigDecimal[][] m = zeros(n, 2 * n);
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = BigDecimal.ONE;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (m[r][col].abs().compareTo(m[pivot][col].abs()) > 0) {
                    pivot = r;
                }
            }
            BigDecimal[] swap = m[col];
            m[col] = m[pivot];
            m[pivot] = swap;
            BigDecimal d = m[col][col];
            if (d.abs().compareTo(TINY) < 0) {
                throw new IllegalArgumentException("the regressors are singular (too few days?)");
            }
            for (int j = 0; j < 2 * n; j++) {
                m[col][j] = m[col][j].divide(d, MC);
            }
            for (int r = 0; r < n; r++) {
                if (r != col && m[r][col].signum() != 0) {
                    BigDecimal f = m[r][col];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] = m[r][j].subtract(f.multiply(m[col][j], MC), MC);
                    }
                }
            }
        }
        BigDecimal[][] inverse = new BigDecimal[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inverse[i], 0, n);
        }
        return inverse;
    }

    /** Costs are never negative: floored at zero, rounded half-up to the cent. */
    private static BigDecimal cents(BigDecimal value) {
        return value.max(BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP);
    }
}
