package io.tollgate.notify.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.shared.Failure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    // The example of the Standard Webhooks specification and its reference libraries.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void signsTheSpecificationsExampleAsItsReferenceLibrariesDo() {
        assertThat(WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void duringARotationTheHeaderCarriesOneSignaturePerSecretAndEitherVerifies() {
        String other = WebhookSignature.newSecret();
        String header = WebhookSignature.header(List.of(other, SECRET), ID, TIMESTAMP, BODY);
        assertThat(header.split(" ")).hasSize(2);
        assertThat(WebhookSignature.verify(header, SECRET, ID, TIMESTAMP, BODY)).isTrue();
        assertThat(WebhookSignature.verify(header, other, ID, TIMESTAMP, BODY)).isTrue();
        assertThat(WebhookSignature.verify(header, WebhookSignature.newSecret(), ID, TIMESTAMP, BODY)).isFalse();
        // any change to the id, the time or the body breaks it
        assertThat(WebhookSignature.verify(header, SECRET, ID + "x", TIMESTAMP, BODY)).isFalse();
        assertThat(WebhookSignature.verify(header, SECRET, ID, TIMESTAMP + 1, BODY)).isFalse();
        assertThat(WebhookSignature.verify(header, SECRET, ID, TIMESTAMP, "{\"test\": 2432232315}"
                .getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void aSecretIsWhsecAndBase64OfTwentyFourToSixtyFourBytes() {
        assertThat(WebhookSignature.key(WebhookSignature.newSecret())).hasSize(32);
        assertThat(WebhookSignature.key(SECRET)).hasSize(24);
        for (String bad : new String[] {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_***", "whsec_AAAA", null}) {
            assertThatThrownBy(() -> WebhookSignature.key(bad)).isInstanceOf(Failure.class)
                    .extracting(e -> ((Failure) e).code()).isEqualTo("invalid-webhook-secret");
        }
    }

    @Test
    void theBackOffDoublesFromItsBaseUpToItsCap() {
        WebhookSettings s = new WebhookSettings(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(10),
                java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(10), java.time.Duration.ofHours(1),
                java.time.Duration.ofHours(24), 50, 16);
        // 10 s x 2^(n-1): 10, 20, 40, ... 2,560 s, then the cap of 3,600 s
        assertThat(s.backOff(1)).hasSeconds(10);
        assertThat(s.backOff(2)).hasSeconds(20);
        assertThat(s.backOff(9)).hasSeconds(2560);
        assertThat(s.backOff(10)).hasSeconds(3600);
        assertThat(s.backOff(500)).hasSeconds(3600);
    }
}
