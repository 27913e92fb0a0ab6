package io.tollgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.customer.ConsoleUserService;
import io.tollgate.customer.Role;
import io.tollgate.it.Fixture;
import io.tollgate.it.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Sign-in in a real browser: each role lands on its own start page and sees only its own
 * sections; a foreign customer's page is refused; five wrong passwords lock the user; sign-out
 * ends the session; a form post without the CSRF token is refused; the session cookie is
 * HttpOnly and SameSite.
 */
class ConsoleSignInIT extends IntegrationTest {
    static final String PASSWORD = "correct-horse-battery";
    @Autowired
    ConsoleUserService users;

    String user(Role role, String customerId) {
        String email = role.name().toLowerCase().replace('_', '-') + "-" + UUID.randomUUID().toString().substring(0, 8)
                + "@it.example";
        users.create(email, PASSWORD, role, customerId, null);
        return email;
    }

    @Test
    void eachRoleSeesItsOwnPagesAndAForeignCustomerIsRefused() {
        Fixture.CustomerKeys mine = fx.customer();
        Fixture.CustomerKeys other = fx.customer();
        String admin = user(Role.CUSTOMER_ADMIN, mine.id());
        String finance = user(Role.CUSTOMER_FINANCE, mine.id());
        String operator = user(Role.OPERATOR, null);
        try (Browser b = Browser.open(port)) {
            b.go("/console/customers/" + mine.id() + "/overview");
            assertThat(b.path()).as("not signed in: the sign-in page").isEqualTo("/login");
            b.accessible();
            b.signIn(admin, PASSWORD);
            assertThat(b.path()).isEqualTo("/console/customers/" + mine.id() + "/overview");
            assertThat(b.h1()).isEqualTo("Overview");
            assertThat(b.all("nav.side a").stream().map(e -> e.getText()).toList())
                    .contains("Overview", "Details", "Renewals", "Funds", "Cost analysis", "API keys")
                    .doesNotContain("Catalog", "Job health");
            b.accessible();
            b.go("/console/customers/" + other.id() + "/overview");
            assertThat(b.h1()).isEqualTo("Not allowed");
            assertThat(b.text("main")).contains("customer-scope").doesNotContain(other.id() + " balance");
            b.go("/console/operator");
            assertThat(b.h1()).isEqualTo("Not allowed");
            b.signOut();
            assertThat(b.path()).isEqualTo("/login");
            b.go("/console/customers/" + mine.id() + "/overview");
            assertThat(b.path()).as("signed out: the session is gone").isEqualTo("/login");

            b.signIn(finance, PASSWORD);
            assertThat(b.path()).isEqualTo("/console/customers/" + mine.id() + "/overview");
            b.signOut();

            b.signIn(operator, PASSWORD);
            assertThat(b.path()).isEqualTo("/console/operator");
            b.go("/console/customers/" + other.id() + "/overview");
            assertThat(b.h1()).as("an operator reads every customer").isEqualTo("Overview");
        }
    }

    @Test
    void fiveWrongPasswordsLockTheUser() {
        Fixture.CustomerKeys mine = fx.customer();
        String admin = user(Role.CUSTOMER_ADMIN, mine.id());
        try (Browser b = Browser.open(port)) {
            for (int i = 1; i <= 4; i++) {
                b.signIn(admin, "wrong-password-" + i);
                assertThat(b.text(".alert.error")).contains("not right");
            }
            b.signIn(admin, "wrong-password-5");
            assertThat(b.text(".alert.error")).contains("locked");
            b.signIn(admin, PASSWORD);
            assertThat(b.text(".alert.error")).as("even the right password, while locked").contains("locked");
            assertThat(b.path()).isEqualTo("/login");
        }
        Integer failures = jdbc.queryForObject("select failed_attempts from customer_console_user where email = ?",
                Integer.class, admin);
        assertThat(failures).isEqualTo(5);
    }

    @Test
    void formsNeedTheCsrfTokenAndTheSessionCookieIsHttpOnly() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"_csrf\"");
        String cookie = login.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).contains("JSESSIONID=").contains("HttpOnly").contains("SameSite=Lax");
        assertThat(login.headers().firstValue("content-security-policy").orElseThrow()).contains("script-src 'self'");
        // the right password without the token: refused, not signed in
        Fixture.CustomerKeys mine = fx.customer();
        String admin = user(Role.CUSTOMER_ADMIN, mine.id());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .POST(HttpRequest.BodyPublishers.ofString("username=" + admin + "&password=" + PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(403);
        Object lastSignIn = jdbc.queryForMap("select last_sign_in_at from customer_console_user where email = ?", admin)
                .get("last_sign_in_at");
        assertThat(lastSignIn).isNull();
        // the API is untouched by the console's security: a key still works, no session is made
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/v1/customers/" + mine.id() + "/balance")).header("Authorization", "Bearer " + mine.adminKey())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.headers().firstValue("set-cookie")).isEmpty();
    }
}
