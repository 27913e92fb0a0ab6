package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.huaweicloud.sdk.bss.v2.BssClient;
import com.huaweicloud.sdk.bss.v2.model.AccountBalanceV3;
import com.huaweicloud.sdk.bss.v2.model.ShowCustomerAccountBalancesRequest;
import com.huaweicloud.sdk.bss.v2.model.ShowCustomerAccountBalancesResponse;
import com.huaweicloud.sdk.core.auth.GlobalCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The vendor's official Java SDK (huaweicloud-sdk-bss 3.1.170) as the client of Tollgate's
 * BSS-compatible API (docs/bss-api.md): every answer compared with Tollgate's own API for the same
 * customer; a wrong secret, a revoked key and a foreign customer's resource refused in the
 * vendor's error shape.
 */
class BssSdkIT extends IntegrationTest {

    record Keys(String ak, String sk) {
    }

    Keys keys(Fixture.CustomerKeys c) {
        Api.Response r = api.post("/api/v1/customers/" + c.id() + "/bss-keys", c.adminKey(), Map.of("label", "finance tool"));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return new Keys(r.json().path("accessKey").asString(), r.json().path("secretKey").asString());
    }

    BssClient client(Keys k) {
        return BssClient.newBuilder()
                .withCredential(new GlobalCredentials().withAk(k.ak()).withSk(k.sk()))
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withConnectionTimeout(5).withReadTimeout(30))
                .withEndpoints(new ArrayList<>(List.of("http://127.0.0.1:" + port)))
                .build();
    }

    @Test
    void balancesAreTollgatesAndABadSecretOrRevokedKeyIsRefused() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "1234.50"), 201);
        fx.creditLimit(c, "500.00");
        Keys k = keys(c);
        ShowCustomerAccountBalancesResponse b = client(k).showCustomerAccountBalances(
                new ShowCustomerAccountBalancesRequest());
        assertThat(b.getHttpStatusCode()).isEqualTo(200);
        assertThat(b.getCurrency()).isEqualTo("CNY");
        JsonNode own = fx.balance(c);
        AccountBalanceV3 cash = b.getAccountBalances().stream().filter(a -> a.getAccountType() == 1).findFirst()
                .orElseThrow();
        assertThat(cash.getAmount()).isEqualByComparingTo(own.path("cash").asString()).isEqualByComparingTo("1234.50");
        AccountBalanceV3 credit = b.getAccountBalances().stream().filter(a -> a.getAccountType() == 2).findFirst()
                .orElseThrow();
        assertThat(credit.getCreditAmount()).isEqualByComparingTo("500.00");
        assertThat(b.getDebtAmount()).isEqualByComparingTo(BigDecimal.ZERO);

        ClientRequestException wrong = catchThrowableOfType(ClientRequestException.class, () -> client(
                new Keys(k.ak(), k.sk() + "x")).showCustomerAccountBalances(new ShowCustomerAccountBalancesRequest()));
        assertThat(wrong.getHttpStatusCode()).isEqualTo(401);
        assertThat(wrong.getErrorCode()).isEqualTo("APIGW.0301");
        assertThat(wrong.getRequestId()).isNotBlank();

        fx.expect(api.delete("/api/v1/customers/" + c.id() + "/bss-keys/" + k.ak(), c.adminKey()), 204);
        ClientRequestException revoked = catchThrowableOfType(ClientRequestException.class, () -> client(k)
                .showCustomerAccountBalances(new ShowCustomerAccountBalancesRequest()));
        assertThat(revoked.getErrorCode()).isEqualTo("APIGW.0301");
        // the secret is not kept in clear
        String stored = jdbc.queryForObject("select encode(secret_cipher, 'escape') from bss_access_key "
                + "where access_key = ?", String.class, k.ak());
        assertThat(stored).doesNotContain(k.sk());
    }
}
