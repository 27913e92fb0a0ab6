package io.tollgate.billing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal PDF 1.4 writer for statements: one A4 page of text lines in Helvetica (a standard
 * font every reader has, so nothing is embedded), an uncompressed content stream and an exact
 * cross-reference table. Written by hand because neither OpenPDF nor PDFBox is in the offline
 * Maven repository of this build; the text is ASCII (ids, months, amounts), escaped for PDF strings.
 */
final class StatementPdf {
    private static final int TOP = 800;
    private static final int LEADING = 16;
    private static final int MAX_LINES = 48;

    private StatementPdf() {
    }

    /** The document for these lines: the first in bold as a title, the others in the regular face. */
    static byte[] write(List<String> lines) {
        if (lines.size() > MAX_LINES) {
            throw new IllegalArgumentException("a statement page holds at most " + MAX_LINES + " lines");
        }
        StringBuilder content = new StringBuilder("BT\n/F2 14 Tf\n50 " + TOP + " Td\n" + LEADING + " TL\n");
        for (int i = 0; i < lines.size(); i++) {
            if (i == 1) {
                content.append("/F1 10 Tf\n");
            }
            content.append('(').append(escape(lines.get(i))).append(") Tj T*\n");
        }
        content.append("ET\n");
        byte[] stream = content.toString().getBytes(StandardCharsets.US_ASCII);
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                        + "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
                "<< /Length " + stream.length + " >>\nstream\n" + content + "endstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
                "<< /Producer (Tollgate) /Title (" + escape(lines.isEmpty() ? "Statement" : lines.get(0)) + ") >>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            write(out, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        offsets.forEach(o -> table.append(String.format("%010d 00000 n \n", o)));
        table.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R /Info ")
                .append(objects.size()).append(" 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        write(out, table.toString());
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        out.write(bytes, 0, bytes.length);
    }

    /** Escapes a PDF literal string; characters outside printable ASCII become '?'. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '(' || c == ')' || c == '\\') {
                b.append('\\').append(c);
            } else {
                b.append(c >= 32 && c < 127 ? c : '?');
            }
        }
        return b.toString();
    }
}
