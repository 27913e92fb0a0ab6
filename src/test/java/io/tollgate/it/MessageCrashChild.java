package io.tollgate.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tollgate.messaging.MessageDispatcher;
import io.tollgate.messaging.store.MessagingStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.mail.javamail.JavaMailSender;
import tools.jackson.databind.json.JsonMapper;

/**
 * A second process sending the due messages of the test's database with Tollgate's dispatcher, to
 * be killed (SIGKILL) by the SMS gateway while its request is in flight: arguments are the JDBC
 * URL, user, password, the billing clock's instant and the gateway's URL.
 */
public final class MessageCrashChild {
    private MessageCrashChild() {
    }

    public static void main(String[] args) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[1]);
        config.setPassword(args[2]);
        config.setMaximumPoolSize(2);
        HikariDataSource ds = new HikariDataSource(config);
        JsonMapper json = JsonMapper.builder().build();
        MessageDispatcher dispatcher = new MessageDispatcher(new MessagingStore(new JdbcTemplate(ds), json),
                new DataSourceTransactionManager(ds), Clock.fixed(Instant.parse(args[3]), ZoneOffset.UTC),
                new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), json, new SimpleMeterRegistry(),
                "Tollgate <billing@tollgate.local>", args[4], "it-sms-token", "Tollgate");
        System.out.println("child: " + dispatcher.pass() + " attempts");
    }
}
