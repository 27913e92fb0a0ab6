package io.tollgate.metering.kafka;

import io.tollgate.metering.MeteringService;
import io.tollgate.metering.RecordOutcome;
import io.tollgate.metering.UsageRecord;
import io.tollgate.metering.kafka.DeadLetterTopic.DeadLetter;
import io.tollgate.shared.Failure;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One poll's records, start to durable: parses each value (one usage record as a JSON object),
 * ingests the parsed ones in one {@link MeteringService#ingest} call, and publishes the ones that
 * can never be accepted (malformed, or REFUSED with a code) to the dead-letter topic. When
 * {@link #ingest} returns, every record of the batch is either in PostgreSQL or acknowledged by
 * the dead-letter topic; when it throws, the caller must not commit and retries the same batch.
 */
final class UsageBatchIngester {
    /** The value is not one usage record as a JSON object. */
    static final String MALFORMED = "malformed-record";
    /** Ingesting the record alone failed with an unexpected, non-transient error. */
    static final String INGEST_ERROR = "ingest-error";
    private static final Logger LOG = LoggerFactory.getLogger(UsageBatchIngester.class);
    /** SQLState classes of failures that pass: connection, rollback (deadlock, serialization), resources, operator. */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57", "58");
    /** A read-only transaction: the database is failing over to a standby. */
    private static final String READ_ONLY_SQL_TRANSACTION = "25006";

    /** What became of a batch: counts of records accepted, duplicate, and sent to the dead-letter topic. */
    record Result(int accepted, int duplicates, int deadLettered) {
    }

    private final Function<List<UsageRecord>, List<RecordOutcome>> metering;
    private final JsonMapper json;
    private final DeadLetterTopic deadLetters;

    /** @param metering {@link MeteringService#ingest}: durable in PostgreSQL when it returns */
    UsageBatchIngester(Function<List<UsageRecord>, List<RecordOutcome>> metering, JsonMapper json,
                       DeadLetterTopic deadLetters) {
        this.metering = metering;
        this.json = json;
        this.deadLetters = deadLetters;
    }

    Result ingest(List<ConsumerRecord<byte[], byte[]>> batch) {
        List<ConsumerRecord<byte[], byte[]>> sources = new ArrayList<>(batch.size());
        List<UsageRecord> records = new ArrayList<>(batch.size());
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> message : batch) {
            try {
                records.add(parse(message.value()));
                sources.add(message);
            } catch (Malformed e) {
                letters.add(new DeadLetter(message, MALFORMED, e.getMessage(), null));
            }
        }
        int accepted = 0;
        int duplicates = 0;
        if (!records.isEmpty()) {
            List<RecordOutcome> outcomes = ingestOrIsolate(records);
            for (int i = 0; i < outcomes.size(); i++) {
                RecordOutcome o = outcomes.get(i);
                switch (o.status()) {
                    case ACCEPTED -> accepted++;
                    case DUPLICATE -> duplicates++;
                    case REFUSED -> letters.add(new DeadLetter(sources.get(i), o.code(), o.detail(), o.recordId()));
                }
            }
        }
        deadLetters.publish(letters);
        return new Result(accepted, duplicates, letters.size());
    }

    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private UsageRecord parse(byte[] value) throws Malformed {
        if (value == null || value.length == 0) {
            throw new Malformed("the message has no value; it must hold one usage record as a JSON object");
        }
        int first = 0;
        while (first < value.length && Character.isWhitespace(value[first])) {
            first++;
        }
        if (first == value.length || value[first] != '{') {
            throw new Malformed("the value must be one usage record as a JSON object (one record per message)");
        }
        try {
            return json.readValue(value, UsageRecord.class);
        } catch (JacksonException e) {
            throw new Malformed("not a usage record: " + e.getOriginalMessage());
        }
    }

    /**
     * One ingest call for the whole batch. If it fails for a reason that will not pass by itself,
     * some record in it may be poison (say, a value the database cannot store): the records are
     * then ingested one by one, so that only the failing ones go to the dead-letter topic.
     */
    private List<RecordOutcome> ingestOrIsolate(List<UsageRecord> records) {
        try {
            return metering.apply(records);
        } catch (RuntimeException e) {
            if (isTransient(e) || records.size() == 1 && !(e instanceof Failure)) {
                throw e;
            }
            LOG.warn("A batch of {} usage records failed ({}); ingesting them one by one to find the failing ones",
                    records.size(), e.toString());
        }
        List<RecordOutcome> outcomes = new ArrayList<>(records.size());
        int failed = 0;
        RuntimeException last = null;
        for (UsageRecord r : records) {
            try {
                outcomes.add(metering.apply(List.of(r)).get(0));
            } catch (Failure f) {
                outcomes.add(new RecordOutcome(r.recordId(), RecordOutcome.Status.REFUSED, f.code(), f.getMessage()));
            } catch (RuntimeException e) {
                if (isTransient(e)) {
                    throw e;
                }
                failed++;
                last = e;
                outcomes.add(new RecordOutcome(r.recordId(), RecordOutcome.Status.REFUSED, INGEST_ERROR, e.toString()));
            }
        }
        // Every record failing alone points at the system, not at the records: retry rather than dead-letter.
        if (failed == records.size() && records.size() > 1) {
            throw last;
        }
        return outcomes;
    }

    /** Whether the failure is expected to pass by itself (database down, failover, deadlock): then retry. */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof DeadLetterTopic.NotAcknowledged || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException || t instanceof java.io.IOException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                    && (TRANSIENT_SQL_CLASSES.contains(sql.getSQLState().substring(0, 2))
                    || READ_ONLY_SQL_TRANSACTION.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
