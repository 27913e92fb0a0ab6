package io.tollgate.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the write-combining tests use to make groups form and to make a group's commit fail. */
final class CombiningAids {
    private CombiningAids() {
    }

    /**
     * A lock held in a connection of its own ({@code lockSql} with one argument) until released: the
     * combiner, blocked on an item that needs it, lets the queue fill behind it.
     */
    static final class HeldLock implements AutoCloseable {
        private Connection con;

        HeldLock(DataSource dataSource, String lockSql, String argument) throws SQLException {
            con = dataSource.getConnection();
            con.setAutoCommit(false);
            try (PreparedStatement ps = con.prepareStatement(lockSql)) {
                ps.setString(1, argument);
                ps.executeQuery().close();
            }
        }

        /** Lets the blocked item go (once; closing again does nothing). */
        @Override
        public void close() throws SQLException {
            if (con != null) {
                con.commit();
                con.close();
                con = null;
            }
        }
    }

    /**
     * A crash at commit: a deferred constraint trigger on {@code table} that refuses a row whose
     * {@code column} is {@code value} only when the transaction commits, and a sequence (not rolled
     * back) that counts how often it fired. Closing removes both.
     */
    static final class PoisonAtCommit implements AutoCloseable {
        private final JdbcTemplate jdbc;
        private final String name;
        private final String table;

        PoisonAtCommit(JdbcTemplate jdbc, String table, String column, String value) {
            this.jdbc = jdbc;
            this.table = table;
            this.name = "it_poison_" + Long.toHexString(System.nanoTime());
            jdbc.execute("create sequence " + name);
            jdbc.execute("create function " + name + "() returns trigger language plpgsql as $$ begin "
                    + "if new." + column + " = '" + value + "' then perform nextval('" + name + "'); "
                    + "raise exception 'crash at commit'; end if; return new; end $$");
            jdbc.execute("create constraint trigger " + name + " after insert on " + table
                    + " deferrable initially deferred for each row execute function " + name + "()");
        }

        /** How often a commit was refused for the poisoned row. */
        long hits() {
            return jdbc.queryForObject("select case when is_called then last_value else 0 end from " + name, Long.class);
        }

        @Override
        public void close() {
            jdbc.execute("drop trigger " + name + " on " + table);
            jdbc.execute("drop function " + name + "()");
            jdbc.execute("drop sequence " + name);
        }
    }
}
