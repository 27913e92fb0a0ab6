package io.tollgate.combining;

/** What became of one item of a combined transaction: its result, or the refusal it alone is answered with. */
public record Fate<O>(O result, RuntimeException failure) {
    public static <O> Fate<O> of(O result) {
        return new Fate<>(result, null);
    }

    /** The result; the refusal thrown. */
    public O get() {
        if (failure != null) {
            throw failure;
        }
        return result;
    }
}
