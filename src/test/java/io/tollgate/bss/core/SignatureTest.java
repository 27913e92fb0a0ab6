package io.tollgate.bss.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canonical request by the rules of docs/bss-api.md §2, with the examples given there. */
class SignatureTest {
    @Test
    void pathSegmentsAreDecodedThenEncodedBySdkRuleEachFollowedByASlash() {
        assertThat(Signature.canonicalUri("/v2/accounts/customer-accounts/balances"))
                .isEqualTo("/v2/accounts/customer-accounts/balances/");
        assertThat(Signature.canonicalUri("/")).isEqualTo("/");
        // OkHttp sends "CS 1:2~3*4(5)" as CS%201:2~3*4(5); the SDK signed CS%201%3A2~3%2A4%285%29
        assertThat(Signature.canonicalUri("/v2/x/CS%201:2~3*4(5)")).isEqualTo("/v2/x/CS%201%3A2~3%2A4%285%29/");
        // a + in a path stays a plus, encoded
        assertThat(Signature.canonicalUri("/a+b")).isEqualTo("/a%2Bb/");
    }

    @Test
    void queryPairsAreSortedByKeyKeepingTheOrderOfARepeatedKeyAndReEncoded() {
        assertThat(Signature.canonicalQuery("b=2&a=x%20y&a=1&c=*~%7E%2B&e=")).isEqualTo("a=x%20y&a=1&b=2&c=%2A~~%2B&e=");
        assertThat(Signature.canonicalQuery(null)).isEmpty();
        // "a b+c*d~e:f/g%h中" as a value
        assertThat(Signature.canonicalQuery("q=a%20b%2Bc*d%7Ee:f/g%25h%E4%B8%AD"))
                .isEqualTo("q=a%20b%2Bc%2Ad~e%3Af%2Fg%25h%E4%B8%AD");
    }

    @Test
    void theWorkedCanonicalRequestAndAKnownHmac() {
        Map<String, String> headers = Map.of("host", "127.0.0.1:18998", "user-agent", "ua", "x-sdk-date",
                "20261201T192527Z");
        String canonical = Signature.canonicalRequest(new Signature.Request("GET",
                "/v2/accounts/customer-accounts/balances", null, headers::get, new byte[0]),
                List.of("host", "user-agent", "x-sdk-date"));
        assertThat(canonical).isEqualTo("GET\n/v2/accounts/customer-accounts/balances/\n\nhost:127.0.0.1:18998\n"
                + "user-agent:ua\nx-sdk-date:20261201T192527Z\n\nhost;user-agent;x-sdk-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        // RFC 4231-style vector known for HMAC-SHA256 ("key", the quick brown fox)
        assertThat(Signature.sign("The quick brown fox jumps over the lazy dog", "key"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        // SHA-256 of "abc"
        assertThat(Signature.hex(Signature.sha256("abc".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void theAuthorizationHeaderAndTheDateWindow() {
        var a = Signature.parse("SDK-HMAC-SHA256 Access=AK123, SignedHeaders=host;x-sdk-date, Signature="
                + "a".repeat(64)).orElseThrow();
        assertThat(a.accessKey()).isEqualTo("AK123");
        assertThat(a.signedHeaders()).containsExactly("host", "x-sdk-date");
        assertThat(Signature.parse("Bearer x")).isEmpty();
        assertThat(Signature.parse("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=nothex")).isEmpty();
        Instant at = Signature.date("20261201T192527Z").orElseThrow();
        assertThat(at).isEqualTo(Instant.parse("2026-12-01T19:25:27Z"));
        assertThat(Signature.fresh(at, at.plusSeconds(15 * 60))).isTrue();
        assertThat(Signature.fresh(at, at.plusSeconds(15 * 60 + 1))).isFalse();
        assertThat(Signature.fresh(at, at.minusSeconds(15 * 60 + 1))).isFalse();
        assertThat(Signature.date("2026-12-01")).isEmpty();
    }
}
