package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.tollgate.messaging.MessageDispatcher;
import io.tollgate.messaging.MessagingService;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Customer notifications (issue 11 parts 2-4, docs/notifications.md) through a real SMTP server
 * (GreenMail, on the port the test profile gives spring.mail) and an SMS gateway this test serves:
 * expiry reminders at 7, 3 and 1 days as digests, in English and Chinese, and none for a resource
 * renewed meanwhile; an arrears SMS, once a customer and day; one message per notice however often
 * it is told; the daily cap; contacts refused with clear codes.
 */
class MessagingIT extends IntegrationTest {
    private static GreenMail smtp;
    private static HttpServer gateway;
    private static final List<Map<String, Object>> SMS = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> SMS_AUTH = Collections.synchronizedList(new ArrayList<>());
    /** The gateway's hook before it answers (the crash test kills the sender here). */
    private static volatile Runnable beforeAnswer = () -> { };
    @Autowired
    MessageDispatcher dispatcher;
    @Autowired
    MessagingService messaging;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    io.tollgate.messaging.store.MessagingStore store;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager txm;
    @Autowired
    tools.jackson.databind.json.JsonMapper json;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void servers() throws Exception {
        smtp = new GreenMail(new ServerSetup(39525, "127.0.0.1", "smtp"));
        smtp.start();
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 39526), 0);
        gateway.createContext("/sms", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            beforeAnswer.run();
            SMS.add(tools.jackson.databind.json.JsonMapper.builder().build().readValue(body,
                    new tools.jackson.core.type.TypeReference<Map<String, Object>>() { }));
            SMS_AUTH.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        gateway.start();
    }

    @AfterAll
    static void stop() {
        smtp.stop();
        gateway.stop(0);
    }

    @Test
    void expiryRemindersGoOutAt7And3And1DaysAsDigestsAndNotForAResourceRenewedMeanwhile() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "2000.00"), 201);
        String en = "finance-" + run + "@acme.example";
        String zh = "caiwu-" + run + "@acme.example";
        contact(c, "EMAIL", en, "en", List.of("term-expiring"));
        contact(c, "EMAIL", zh, "zh", List.of("term-expiring"));
        String spec = new PrepaidFixture(api, fx).computeSpec("1.00", "300.00", null);
        String type = "it.pool." + run;
        fx.expect(new PrepaidFixture(api, fx).resourceType(type, true), 201);
        fx.advanceTo(Fixture.at(fx.nextDay(), "10:00"));
        String a = buy(c, type, spec);
        String b = buy(c, type, spec);
        Instant expiry = java.time.OffsetDateTime.parse(api.get("/api/v1/customers/" + c.id() + "/subscriptions/" + a,
                c.financeKey()).json().path("expiresAt").asString()).toInstant();
        LocalDate expiryDay = expiry.atZone(Fixture.ZONE).toLocalDate();
        String expiresLocal = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (xxx)")
                .format(expiry.atZone(Fixture.ZONE));

        // 7 days before, at 09:00 in the billing zone: one digest of both to each contact
        fx.advanceTo(at(expiryDay.minusDays(7)));
        dispatcher.pass();
        List<MimeMessage> seven = mailTo(en);
        assertThat(seven).hasSize(1);
        assertThat(seven.get(0).getSubject()).isEqualTo("2 resource(s) of " + name(c) + " expire in 7 day(s)");
        String[] bodies = bodies(seven.get(0));
        assertThat(bodies[0]).contains(a, b, expiresLocal).contains("expire in 7 day(s)");
        assertThat(bodies[1]).startsWith("<!DOCTYPE html>").contains("<li>" + a).contains("<li>" + b);
        List<MimeMessage> sevenZh = mailTo(zh);
        assertThat(sevenZh).hasSize(1);
        assertThat(sevenZh.get(0).getSubject()).isEqualTo(name(c) + "有2个资源将在7天后到期");
        assertThat(bodies(sevenZh.get(0))[0]).contains("将在7天后到期", a, b);
        assertThat(bodies(sevenZh.get(0))[1]).contains("lang=\"zh\"");

        // b is renewed: the later reminders tell a alone
        Api.Response renewed = api.post("/api/v1/customers/" + c.id() + "/subscriptions/" + b + "/renew", c.adminKey(),
                Api.json(Map.of("term", Map.of("unit", "MONTH", "count", 1))), "renew-" + run);
        assertThat(renewed.status()).as(renewed.body()).isIn(200, 201);
        fx.advanceTo(at(expiryDay.minusDays(3)));
        dispatcher.pass();
        fx.advanceTo(at(expiryDay.minusDays(1)));
        dispatcher.pass();
        List<MimeMessage> all = mailTo(en);
        assertThat(all).hasSize(3);
        assertThat(all.get(1).getSubject()).isEqualTo("1 resource(s) of " + name(c) + " expire in 3 day(s)");
        assertThat(all.get(2).getSubject()).isEqualTo("1 resource(s) of " + name(c) + " expire in 1 day(s)");
        for (MimeMessage m : all.subList(1, 3)) {
            assertThat(bodies(m)[0]).contains(a).doesNotContain(b);
        }
        assertThat(jdbc.queryForList("select state from messaging_reminder where subject_id = ? order by days_before",
                String.class, b)).containsExactly("OBSOLETE", "OBSOLETE", "SENT");
        // the mailbox shows the six messages, sent
        JsonNode box = api.get("/api/v1/customers/" + c.id() + "/messages", c.financeKey()).json();
        assertThat(box.path("items")).hasSize(6);
        box.path("items").forEach(m -> assertThat(m.path("state").asString()).isEqualTo("SENT"));
        for (String r : new String[] {a, b}) {
            api.post("/api/v1/customers/" + c.id() + "/subscriptions/" + r + "/unsubscribe", c.adminKey(),
                    Api.json(Map.of()), "unsub-" + r);
        }
    }

    @Test
    void aFailedAutoRenewalIsToldWithItsAmountAndTheTermEnd() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "300.00"), 201);
        String address = "renew-" + run + "@acme.example";
        contact(c, "EMAIL", address, "en", List.of("renewal-failed"));
        String spec = new PrepaidFixture(api, fx).computeSpec("1.00", "300.00", null);
        String type = "it.pool.r" + run;
        fx.expect(new PrepaidFixture(api, fx).resourceType(type, true), 201);
        fx.advanceTo(Fixture.at(fx.nextDay(), "10:00"));
        String a = buy(c, type, spec); // 300.00: the balance is 0 now
        Api.Response on = api.put("/api/v1/customers/" + c.id() + "/subscriptions/" + a + "/auto-renew", c.adminKey(),
                Map.of("enabled", true));
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        Instant expiry = java.time.OffsetDateTime.parse(api.get("/api/v1/customers/" + c.id() + "/subscriptions/" + a,
                c.financeKey()).json().path("expiresAt").asString()).toInstant();
        // the first attempt comes on the deduction day, 7 days before the end: nothing to pay with
        fx.advanceTo(expiry.minus(Duration.ofDays(6)));
        dispatcher.pass();
        List<MimeMessage> got = mailTo(address);
        assertThat(got).isNotEmpty();
        assertThat(got.get(0).getSubject()).isEqualTo("Auto-renewal of " + a + " failed");
        // the renewal's amount: one month at the spec's monthly price of 300.00, in the customer's CNY
        assertThat(bodies(got.get(0))[0]).contains("(300.00 CNY) failed", "before it expires at "
                + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (xxx)").format(expiry.atZone(Fixture.ZONE)));
        api.post("/api/v1/customers/" + c.id() + "/subscriptions/" + a + "/unsubscribe", c.adminKey(),
                Api.json(Map.of()), "unsub-" + a);
    }

    @Test
    void anAccountFallingIntoArrearsGetsOneSmsADayInItsLanguage() {
        Fixture.CustomerKeys c = fx.customer();
        contact(c, "SMS", "+86138" + String.format("%08d", Math.abs(run.hashCode()) % 100_000_000), "zh",
                List.of("arrears"));
        fx.expect(fx.topUp(c, "1.00"), 201);
        Instant start = Fixture.at(fx.nextDay(), "10:00");
        fx.advanceTo(start);
        String spec = fx.computeSpec("0.66");
        String r1 = fx.create(c, "it.notebook", spec, 1, clock.instant());
        String r2 = fx.create(c, "it.notebook", spec, 1, clock.instant());
        int before = SMS.size();
        // 2 x 0.66 = 1.32 an hour: the 1.00 is used up in the first hour, both resources enter grace
        fx.settleThrough(start.plus(Duration.ofHours(3)));
        dispatcher.pass();
        List<Map<String, Object>> got = SMS.subList(before, SMS.size());
        assertThat(got).hasSize(1);
        assertThat(got.get(0).get("to").toString()).startsWith("+86138");
        assertThat(got.get(0).get("text").toString()).contains("Tollgate：", name(c), "已欠费");
        assertThat(got.get(0).get("messageId").toString()).startsWith("message-");
        assertThat(SMS_AUTH.get(SMS_AUTH.size() - 1)).isEqualTo("Bearer it-sms-token");
        for (String r : new String[] {r1, r2}) {
            fx.expect(fx.event("DELETED", r, c, clock.instant(), Map.of()), 201);
        }
    }

    @Test
    void aResourceInArrearsIsRemindedOfItsFreezeAt5And2DaysAndOnTheDayThenOfItsRelease() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        String address = "ops-" + run + "@acme.example";
        contact(c, "EMAIL", address, "en", List.of("freeze-soon", "release-soon"));
        fx.expect(fx.topUp(c, "0.50"), 201);
        Instant start = Fixture.at(fx.nextDay(), "10:00");
        fx.advanceTo(start);
        String r = fx.create(c, "it.notebook", fx.computeSpec("0.66"), 1, clock.instant());
        fx.settleThrough(start.plus(Duration.ofHours(2)));
        JsonNode row = lifecycleOf(c, r);
        assertThat(row.path("state").asString()).isEqualTo("GRACE");
        Instant freeze = java.time.OffsetDateTime.parse(row.path("nextTransitionAt").asString()).toInstant();
        LocalDate freezeDay = freeze.atZone(Fixture.ZONE).toLocalDate();
        for (int days : new int[] {5, 2}) {
            fx.advanceTo(at(freezeDay.minusDays(days)));
            dispatcher.pass();
        }
        // on the day: at 09:00 if the freeze comes later, else at midnight
        Instant onTheDay = at(freezeDay).isBefore(freeze) ? at(freezeDay) : freezeDay.atStartOfDay(Fixture.ZONE)
                .toInstant().plusSeconds(60);
        fx.advanceTo(onTheDay);
        dispatcher.pass();
        fx.settleThrough(freeze.plus(Duration.ofMinutes(5)));
        row = lifecycleOf(c, r);
        assertThat(row.path("state").asString()).isEqualTo("FROZEN");
        Instant release = java.time.OffsetDateTime.parse(row.path("nextTransitionAt").asString()).toInstant();
        LocalDate releaseDay = release.atZone(Fixture.ZONE).toLocalDate();
        for (int days : new int[] {6, 2}) {
            fx.advanceTo(at(releaseDay.minusDays(days)));
            dispatcher.pass();
        }
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : mailTo(address)) {
            subjects.add(m.getSubject());
        }
        String who = name(c);
        assertThat(subjects).containsExactly("1 resource(s) of " + who + " are frozen in 5 day(s)",
                "1 resource(s) of " + who + " are frozen in 2 day(s)", "1 resource(s) of " + who + " are frozen in 0 day(s)",
                "1 resource(s) of " + who + " are released in 6 day(s)",
                "1 resource(s) of " + who + " are released in 2 day(s)");
        assertThat(bodies(mailTo(address).get(0))[0]).contains(r + " (ARREARS) is frozen at "
                + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (xxx)").format(freeze.atZone(Fixture.ZONE)));
        fx.expect(fx.event("DELETED", r, c, clock.instant(), Map.of()), 201);
    }

    private JsonNode lifecycleOf(Fixture.CustomerKeys c, String resourceId) {
        for (JsonNode n : api.get("/api/v1/customers/" + c.id() + "/lifecycle", c.financeKey()).json().path("items")) {
            if (n.path("resourceId").asString().equals(resourceId)) {
                return n;
            }
        }
        throw new AssertionError("no lifecycle row of " + resourceId);
    }

    @Test
    void aPackageUsedPastEightyPercentIsToldOnce() throws Exception {
        // 0.50 a GB (10^9 bytes), no free quota; a package of 5 GB
        String gb = fx.usageMeter("it.msg-bucket", "byte", "GB", "1000000000", "0.50", "0");
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "100.00"), 201);
        String address = "pkg-" + run + "@acme.example";
        contact(c, "EMAIL", address, "en", List.of("package-low"));
        Instant day = fx.nextDay();
        Instant eight = Fixture.at(day, "08:00");
        fx.advanceTo(eight);
        String bucket = "b-" + UUID.randomUUID();
        fx.expect(fx.event("CREATED", bucket, c, eight, Map.of("resourceType", "it.msg-bucket", "region",
                Fixture.REGION)), 201);
        String pkg = "pkg-" + UUID.randomUUID();
        fx.expect(api.post("/api/v1/customers/" + c.id() + "/packages", OPERATOR_KEY, Map.of("packageId", pkg,
                "meter", gb, "quota", "5", "period", "TOTAL", "expiresAt", eight.plus(Duration.ofDays(30)).toString())),
                201);
        fx.advanceTo(Fixture.at(day, "09:00"));
        // 3 GB (60%): nothing; then 1 GB (80%): told; then 0.5 GB (90%): not again
        usage(c, bucket, gb, "3000000000", Fixture.at(day, "08:00"), Fixture.at(day, "08:20"));
        fx.advanceTo(Fixture.at(day, "09:01"));
        usage(c, bucket, gb, "1000000000", Fixture.at(day, "08:20"), Fixture.at(day, "08:40"));
        fx.advanceTo(Fixture.at(day, "09:02"));
        usage(c, bucket, gb, "500000000", Fixture.at(day, "08:40"), Fixture.at(day, "09:00"));
        fx.advanceTo(Fixture.at(day, "09:03"));
        dispatcher.pass();
        List<MimeMessage> got = mailTo(address);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).getSubject()).isEqualTo("The package " + gb + " 5 TOTAL of " + name(c)
                + " is 80% used"); // a granted package's default name: meter, quota and period
        assertThat(bodies(got.get(0))[0]).contains("has used 4 of its 5");
        fx.expect(fx.event("DELETED", bucket, c, clock.instant(), Map.of()), 201);
    }

    private void usage(Fixture.CustomerKeys c, String resource, String meter, String quantity, Instant from,
                       Instant to) {
        Api.Response r = api.post(DemoItems.USAGE_PATH, PLATFORM_KEY, Map.of("records",
                List.of(DemoItems.record(c, resource, meter, quantity, from, to))));
        assertThat(r.json().path("accepted").asInt()).as(r.body()).isEqualTo(1);
    }

    /**
     * A second process sends an SMS and is killed (SIGKILL) while the gateway holds its request;
     * once its lease has expired this instance sends it again with the same messageId, so the
     * gateway (deduplicating on it) has one message, and the attempts say what happened.
     */
    @Test
    void aSenderKilledBetweenSendingAndRecordingLeavesOneSmsInEffect() throws Exception {
        Fixture.CustomerKeys c = fx.customer();
        contact(c, "SMS", "+8613900" + String.format("%06d", Math.abs(run.hashCode()) % 1_000_000), "en",
                List.of("balance-low"));
        Map<String, String> values = Map.of("customer", "x", "available", "1.00 CNY", "threshold", "5.00 CNY");
        transactions.execute(s -> messaging.tell(c.id(), "balance-low", "crash-" + run, values, List.of()));
        Process[] child = new Process[1];
        int before = SMS.size();
        beforeAnswer = () -> {
            if (child[0] != null && child[0].isAlive()) {
                child[0].destroyForcibly();
                try {
                    child[0].waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try {
            com.zaxxer.hikari.HikariDataSource ds = jdbc.getDataSource().unwrap(com.zaxxer.hikari.HikariDataSource.class);
            java.nio.file.Path log = java.nio.file.Files.createTempFile("message-child", ".log");
            child[0] = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"), MessageCrashChild.class.getName(),
                    ds.getJdbcUrl(), ds.getUsername(), ds.getPassword() == null ? "" : ds.getPassword(),
                    clock.instant().toString(), "http://127.0.0.1:39526/sms").redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            assertThat(child[0].waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(child[0].exitValue()).as(java.nio.file.Files.readString(log)).isEqualTo(137);
        } finally {
            beforeAnswer = () -> { };
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (SMS.size() == before && System.nanoTime() < deadline) {
            Thread.sleep(10); // the gateway's thread notes the request after killing the sender
        }
        long id = jdbc.queryForObject("select id from messaging_message where customer_id = ?", Long.class, c.id());
        assertThat(jdbc.queryForObject("select state from messaging_message where id = ?", String.class, id))
                .isEqualTo("PENDING");
        assertThat(dispatcher.pass()).as("leased by the killed process").isZero();
        clock.advanceBy(Duration.ofMinutes(2));
        assertThat(dispatcher.pass()).isEqualTo(1);
        List<Object> ids = SMS.subList(before, SMS.size()).stream().map(m -> m.get("messageId")).toList();
        assertThat(ids).containsExactly("message-" + id, "message-" + id);
        assertThat(new java.util.HashSet<>(ids)).as("one message in effect").hasSize(1);
        assertThat(jdbc.queryForList("select outcome from messaging_attempt where message_id = ? order by attempt",
                String.class, id)).containsExactly("UNKNOWN", "SENT");
        assertThat(jdbc.queryForObject("select state from messaging_message where id = ?", String.class, id))
                .isEqualTo("SENT");
    }

    /** E-mail over implicit TLS with SMTP authentication, configured as spring.mail would configure it. */
    @Test
    void eMailGoesOverTlsWithCredentialsWhenConfigured() throws Exception {
        GreenMail smtps = new GreenMail(new ServerSetup(39527, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        smtps.start();
        try {
            smtps.setUser("tollgate@acme.example", "tollgate-user", "s3cret");
            org.springframework.mail.javamail.JavaMailSenderImpl sender =
                    new org.springframework.mail.javamail.JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(39527);
            sender.setProtocol("smtp");
            sender.setUsername("tollgate-user");
            sender.setPassword("s3cret");
            java.util.Properties props = sender.getJavaMailProperties();
            props.put("mail.smtp.auth", "true");
            props.put("mail.smtp.ssl.enable", "true");
            // GreenMail's certificate is self-signed and names no host: trusted here, and its name not checked
            props.put("mail.smtp.ssl.trust", "127.0.0.1");
            props.put("mail.smtp.ssl.checkserveridentity", "false");
            MessageDispatcher tls = new MessageDispatcher(store, txm, clock,
                    new org.springframework.beans.factory.support.StaticListableBeanFactory(Map.of("mail", sender))
                            .getBeanProvider(org.springframework.mail.javamail.JavaMailSender.class), json,
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), "Tollgate <billing@tollgate.local>",
                    "", "", "Tollgate");
            Fixture.CustomerKeys c = fx.customer();
            String address = "tls-" + run + "@acme.example";
            contact(c, "EMAIL", address, "zh", List.of("balance-low"));
            transactions.execute(s -> messaging.tell(c.id(), "balance-low", "tls-" + run, Map.of("customer", "甲公司",
                    "available", "1.00 CNY", "threshold", "5.00 CNY"), List.of()));
            assertThat(tls.pass()).isEqualTo(1);
            MimeMessage[] got = smtps.getReceivedMessages();
            assertThat(got).as(jdbc.queryForObject("select coalesce(last_error, '') from messaging_message "
                    + "where customer_id = ?", String.class, c.id())).hasSize(1);
            assertThat(got[0].getSubject()).isEqualTo("甲公司的可用余额低于5.00 CNY");
            assertThat(got[0].getMessageID()).matches("<message-[0-9]+@tollgate>");
            assertThat(jdbc.queryForObject("select state from messaging_message where customer_id = ?", String.class,
                    c.id())).isEqualTo("SENT");
        } finally {
            smtps.stop();
        }
    }

    @Test
    void aNoticeToldTwiceIsOneMessageAndTheDailyCapSuppressesTheRest() {
        Fixture.CustomerKeys c = fx.customer();
        contact(c, "WEBHOOK", "http://127.0.0.1:9/unused-" + run, "en", List.of("balance-low"));
        Map<String, String> values = Map.of("customer", "x", "available", "1.00 CNY", "threshold", "5.00 CNY");
        int first = transactions.execute(s -> messaging.tell(c.id(), "balance-low", "k-1", values, List.of()));
        int again = transactions.execute(s -> messaging.tell(c.id(), "balance-low", "k-1", values, List.of()));
        assertThat(first).isEqualTo(1);
        assertThat(again).isZero();
        // 20 a contact and day (tollgate.messaging.daily-cap): 19 more count, the 21st and 22nd are suppressed
        for (int i = 2; i <= 22; i++) {
            String key = "k-" + i;
            transactions.execute(s -> messaging.tell(c.id(), "balance-low", key, values, List.of()));
        }
        Map<String, Long> states = new LinkedHashMap<>();
        jdbc.query("select state, count(*) from messaging_message where customer_id = ? group by 1 order by 1",
                rs -> {
                    states.put(rs.getString(1), rs.getLong(2));
                }, c.id());
        assertThat(states).containsExactly(Map.entry("PENDING", 20L), Map.entry("SUPPRESSED", 2L));
        jdbc.update("update messaging_message set state = 'FAILED' where customer_id = ? and state = 'PENDING'", c.id());
    }

    @Test
    void badContactsAreRefusedWithTheirCodeAndWriteNothing() {
        Fixture.CustomerKeys c = fx.customer();
        Map<String, Long> before = rowCounts();
        Object[][] bad = {{"FAX", "x", "invalid-channel"}, {"EMAIL", "not-an-address", "invalid-address"},
            {"SMS", "13800138000", "invalid-address"}, {"WEBHOOK", "ftp://x.example/", "invalid-address"}};
        for (Object[] b : bad) {
            Api.Response r = api.post("/api/v1/customers/" + c.id() + "/notification-contacts", c.adminKey(),
                    Map.of("channel", b[0], "address", b[1]));
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.code()).isEqualTo(b[2]);
        }
        Api.Response lang = api.post("/api/v1/customers/" + c.id() + "/notification-contacts", c.adminKey(),
                Map.of("channel", "EMAIL", "address", "a@b.example", "language", "fr"));
        assertThat(lang.code()).isEqualTo("invalid-language");
        Api.Response type = api.post("/api/v1/customers/" + c.id() + "/notification-contacts", c.adminKey(),
                Map.of("channel", "EMAIL", "address", "a@b.example", "types", List.of("spam")));
        assertThat(type.code()).isEqualTo("invalid-notification-type");
        Api.Response finance = api.post("/api/v1/customers/" + c.id() + "/notification-contacts", c.financeKey(),
                Map.of("channel", "EMAIL", "address", "a@b.example"));
        assertThat(finance.status()).isEqualTo(403);
        assertThat(rowCounts()).isEqualTo(before);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private void contact(Fixture.CustomerKeys c, String channel, String address, String language, List<String> types) {
        Api.Response r = api.post("/api/v1/customers/" + c.id() + "/notification-contacts", c.adminKey(),
                Map.of("channel", channel, "address", address, "language", language, "types", types));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private String buy(Fixture.CustomerKeys c, String type, String spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resourceType", type);
        body.put("specCode", spec);
        body.put("region", Fixture.REGION);
        body.put("nodes", 1);
        body.put("term", Map.of("unit", "MONTH", "count", 1));
        Api.Response r = api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(), Api.json(body),
                "buy-" + UUID.randomUUID());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("resourceId").asString();
    }

    private String name(Fixture.CustomerKeys c) {
        return api.get("/api/v1/customers/" + c.id(), c.financeKey()).json().path("name").asString();
    }

    /** One minute past 09:00 of a day in the billing zone. */
    private static Instant at(LocalDate day) {
        return ZonedDateTime.of(day.atTime(9, 1), Fixture.ZONE).toInstant();
    }

    private static List<MimeMessage> mailTo(String address) throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equals(address)) {
                out.add(m);
            }
        }
        return out;
    }

    /** The text and the HTML part of a message, checked to be UTF-8. */
    private static String[] bodies(Part part) throws Exception {
        String[] found = new String[2];
        collect(part, found);
        assertThat(found[0]).as("text part").isNotNull();
        assertThat(found[1]).as("html part").isNotNull();
        return found;
    }

    private static void collect(Part part, String[] found) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart p = mp.getBodyPart(i);
                collect(p, found);
            }
        } else if (part.isMimeType("text/plain") || part.isMimeType("text/html")) {
            assertThat(part.getContentType().toUpperCase()).contains("UTF-8");
            found[part.isMimeType("text/plain") ? 0 : 1] = new String(part.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
        }
    }
}
