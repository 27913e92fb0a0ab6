package io.tollgate.catalog.http;

import io.tollgate.shared.Failure;

/** The wire form of a GPU share: "numerator/denominator" of cards, e.g. "1/7", or a whole number "8". */
record GpuShare(int numerator, int denominator) {
    static GpuShare parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.trim().split("/");
        try {
            int numerator = Integer.parseInt(parts[0].trim());
            int denominator = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : 1;
            if (parts.length > 2 || numerator <= 0 || denominator <= 0) {
                throw new NumberFormatException();
            }
            return new GpuShare(numerator, denominator);
        } catch (NumberFormatException e) {
            throw Failure.invalid("invalid-gpu-share", "gpuShare must look like 1/7 or 8, not " + text);
        }
    }
}
