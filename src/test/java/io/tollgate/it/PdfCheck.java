package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that bytes are a well-formed PDF by parsing its structure back: the header, the trailer's
 * startxref pointing at the xref table, every in-use xref entry pointing at "N 0 obj" of its own
 * number, and each stream's /Length matching the bytes between "stream" and "endstream".
 */
final class PdfCheck {
    private PdfCheck() {
    }

    static void assertValid(byte[] pdf) {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("%PDF-1.");
        assertThat(text.stripTrailing()).endsWith("%%EOF");
        Matcher start = Pattern.compile("startxref\\s+(\\d+)\\s+%%EOF\\s*$").matcher(text);
        assertThat(start.find()).as("startxref").isTrue();
        int xref = Integer.parseInt(start.group(1));
        assertThat(text.substring(xref)).startsWith("xref");
        Matcher header = Pattern.compile("xref\\s+0 (\\d+)\\s+").matcher(text.substring(xref));
        assertThat(header.lookingAt()).isTrue();
        int count = Integer.parseInt(header.group(1));
        String[] entries = text.substring(xref + header.end()).split("\\r?\\n");
        for (int i = 1; i < count; i++) {
            int offset = Integer.parseInt(entries[i].substring(0, 10));
            assertThat(text.substring(offset)).as("object " + i).startsWith(i + " 0 obj");
        }
        assertThat(text).contains("/Root 1 0 R");
        Matcher stream = Pattern.compile("/Length (\\d+) >>\\nstream\\n").matcher(text);
        while (stream.find()) {
            int length = Integer.parseInt(stream.group(1));
            assertThat(text.substring(stream.end() + length)).startsWith("endstream");
        }
    }
}
