package io.tollgate.settlement;

/**
 * One SELECT of an exporter's COPY over the fee records ({@link FeeReads#copyFeeRecords}):
 * {@code columns} and {@code filter} are SQL over {@code f} (the {@code settlement_fee_record}
 * row) and what {@code joins} brings in, every value written with
 * {@link io.tollgate.shared.SqlText#literal}: COPY takes no parameters. The columns of {@code f}
 * are part of settlement's contract with exporters (docs/exports.md).
 */
public record FeeCsvSelect(String columns, String joins, String filter) {
}
