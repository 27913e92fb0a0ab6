package io.tollgate.metering.kafka;

import static io.tollgate.metering.kafka.UsageBatchIngester.isTransient;
import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.shared.Failure;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures make the consumer retry the same batch (transient) and which make it look for poison. */
class TransientFailuresTest {
    private static SQLException state(String sqlState) {
        return new SQLException("test", sqlState);
    }

    @Test
    void aDatabaseThatIsDownBusyOrFailingOverIsTransient() {
        assertThat(isTransient(new CannotGetJdbcConnectionException("no connection", state("08001")))).isTrue();
        assertThat(isTransient(new CannotCreateTransactionException("begin failed"))).isTrue();
        assertThat(isTransient(new CannotAcquireLockException("deadlock", state("40P01")))).isTrue();
        // A commit whose connection broke: the cause's SQLState says so.
        assertThat(isTransient(new TransactionSystemException("commit failed", state("08006")))).isTrue();
        assertThat(isTransient(new UncategorizedSQLException("insert", "insert ...", state("57P01")))).isTrue();
        assertThat(isTransient(new UncategorizedSQLException("insert", "insert ...", state("25006")))).isTrue();
        assertThat(isTransient(new UncategorizedSQLException("insert", "insert ...", state("53100")))).isTrue();
        assertThat(isTransient(new RuntimeException(new SQLTransientConnectionException("pool timeout")))).isTrue();
        assertThat(isTransient(new DeadLetterTopic.NotAcknowledged("no ack", null))).isTrue();
    }

    @Test
    void badDataBusinessRefusalsAndBugsAreNot() {
        assertThat(isTransient(new DataIntegrityViolationException("too long", state("22001")))).isFalse();
        assertThat(isTransient(new UncategorizedSQLException("insert", "insert ...", state("XX000")))).isFalse();
        assertThat(isTransient(Failure.invalid("batch-size", "too many"))).isFalse();
        assertThat(isTransient(new NullPointerException())).isFalse();
        assertThat(isTransient(new RuntimeException(state(null)))).isFalse();
    }
}
