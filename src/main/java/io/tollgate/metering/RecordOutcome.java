package io.tollgate.metering;

/** What became of one record: ACCEPTED (durable and rated), DUPLICATE (seen before, counted once), REFUSED (with a code). */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record RecordOutcome(String recordId, Status status, String code, String detail) {
    public enum Status { ACCEPTED, DUPLICATE, REFUSED }

    static RecordOutcome accepted(String id) {
        return new RecordOutcome(id, Status.ACCEPTED, null, null);
    }

    static RecordOutcome duplicate(String id) {
        return new RecordOutcome(id, Status.DUPLICATE, null, null);
    }

    static RecordOutcome refused(String id, String code, String detail) {
        return new RecordOutcome(id, Status.REFUSED, code, detail);
    }
}
