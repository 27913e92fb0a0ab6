package io.tollgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.huaweicloud.sdk.bss.v2.BssClient;
import com.huaweicloud.sdk.bss.v2.model.*;
import com.huaweicloud.sdk.core.auth.GlobalCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
        // cash: the 1,234.50 topped up, nothing spent; credit: the 500.00 line set, nothing used
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

    /** A month's subscription bought at 300.00 and a pay-per-use resource run 3 hours at 2.00, settled. */
    record Setup(Fixture.CustomerKeys c, String rid, String type, String prepaidSpec, String ppu, String ppuSpec,
                 long orderId, String month) {
    }

    Setup setup() {
        Fixture.CustomerKeys c = fx.customer();
        fx.expect(fx.topUp(c, "5000.00"), 201);
        PrepaidFixture pf = new PrepaidFixture(api, fx);
        String spec = pf.computeSpec("1.00", "300.00", null);
        String type = "it.bss." + UUID.randomUUID().toString().substring(0, 8);
        fx.expect(pf.resourceType(type, true), 201);
        Api.Response bought = api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(), Api.json(Map.of(
                "resourceType", type, "specCode", spec, "region", Fixture.REGION, "nodes", 1, "term",
                Map.of("unit", "MONTH", "count", 1))), "buy-" + UUID.randomUUID());
        fx.expect(bought, 201);
        String ppuSpec = fx.computeSpec("2.00");
        Instant day = fx.nextDay();
        fx.advanceTo(Fixture.at(day, "08:00"));
        String ppu = fx.create(c, "it.compute", ppuSpec, 1, Fixture.at(day, "08:00"));
        fx.advanceTo(Fixture.at(day, "11:00"));
        fx.expect(fx.event("DELETED", ppu, c, Fixture.at(day, "11:00"), Map.of()), 201);
        fx.settleThrough(Fixture.at(day, "11:00"));
        return new Setup(c, bought.json().path("resourceId").asString(), type, spec, ppu, ppuSpec,
                bought.json().path("id").asLong(), day.atZone(Fixture.ZONE).toLocalDate().toString().substring(0, 7));
    }

    private JsonNode own(String path, Fixture.CustomerKeys c) {
        Api.Response r = api.get("/api/v1/customers/" + c.id() + path, c.financeKey());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void billsAndOrdersAreTollgatesToTheCent() {
        Setup s = setup();
        BssClient bss = client(keys(s.c()));
        // the month summary: the same amount due, and the bill sums add up to it
        JsonNode summary = own("/bills/summary?month=" + s.month(), s.c());
        ShowCustomerMonthlySumResponse sum = bss.showCustomerMonthlySum(new ShowCustomerMonthlySumRequest()
                .withBillCycle(s.month()).withLimit(1000));
        assertThat(sum.getConsumeAmount()).isEqualByComparingTo(summary.path("total").path("due").asString());
        assertThat(sum.getBillSums().stream().map(BillSumRecordInfoV2::getConsumeAmount)
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(sum.getConsumeAmount());
        assertThat(sum.getCashAmount()).isEqualByComparingTo(summary.path("total").path("paid").path("cash").asString());
        // the pay-per-use hours: 3 x 2.00 = 6.00, charging mode 3, bill type 5
        BillSumRecordInfoV2 usage = sum.getBillSums().stream().filter(b -> b.getChargingMode() == 3).findFirst()
                .orElseThrow();
        assertThat(usage.getConsumeAmount()).isEqualByComparingTo("6.00");
        assertThat(usage.getBillType()).isEqualTo(5);

        // the transaction bill: a record per bill line, the same lines and amounts as the detailed bill
        JsonNode detail = own("/bills/detail?month=" + s.month() + "&limit=500", s.c());
        ListCustomerBillsFeeRecordsResponse fees = bss.listCustomerBillsFeeRecords(
                new ListCustomerBillsFeeRecordsRequest().withBillCycle(s.month()).withLimit(1000));
        assertThat(fees.getTotalCount()).isEqualTo(detail.path("items").size());
        BigDecimal due = BigDecimal.ZERO;
        for (JsonNode l : detail.path("items")) {
            due = due.add(new BigDecimal(l.path("chargedAmount").asString()));
        }
        assertThat(fees.getRecords().stream().map(MonthlyBillRecord::getConsumeAmount)
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(due);
        assertThat(fees.getRecords()).anySatisfy(r -> {
            assertThat(r.getTradeId()).isEqualTo(Long.toString(s.orderId()));
            assertThat(r.getBillType()).isEqualTo(1);
            assertThat(r.getChargingMode()).isEqualTo(1);
            // the purchase: 1 node x 1 month x 300.00 monthly price, paid from cash
            assertThat(r.getConsumeAmount()).isEqualByComparingTo("300.00");
        });
        // paging: offset and limit over the same records
        ListCustomerBillsFeeRecordsResponse second = bss.listCustomerBillsFeeRecords(
                new ListCustomerBillsFeeRecordsRequest().withBillCycle(s.month()).withOffset(1).withLimit(1));
        assertThat(second.getRecords()).hasSize(1);
        assertThat(second.getRecords().get(0).getId()).isEqualTo(fees.getRecords().get(1).getId());

        // resource records: the pay-per-use resource's three hours, 1 hour each at 2.00
        ListCustomerselfResourceRecordsResponse res = bss.listCustomerselfResourceRecords(
                new ListCustomerselfResourceRecordsRequest().withCycle(s.month()).withResourceId(s.ppu())
                        .withLimit(1000));
        assertThat(res.getTotalCount()).isEqualTo(3);
        assertThat(res.getFeeRecords()).allSatisfy(r -> {
            // each settled hour: 1 node x 1 hour x 2.00 = 2.00, pay-per-use ("3"), hourly ("25")
            assertThat(r.getChargeMode()).isEqualTo("3");
            assertThat(r.getPeriodType()).isEqualTo("25");
            assertThat(r.getUsage()).isEqualByComparingTo("1");
            assertThat(r.getUnitPrice()).isEqualByComparingTo("2.00");
            assertThat(r.getAmount()).isEqualByComparingTo("2.00");
        });
        ListCustomerselfResourceRecordsResponse byMonth = bss.listCustomerselfResourceRecords(
                new ListCustomerselfResourceRecordsRequest().withCycle(s.month()).withResourceId(s.ppu())
                        .withStatisticType(1));
        assertThat(byMonth.getFeeRecords()).singleElement().satisfies(r ->
                // the month for the resource: 3 hours x 2.00
                assertThat(r.getAmount()).isEqualByComparingTo("6.00"));

        // orders: the same orders, amounts as Doubles
        JsonNode orders = own("/orders?limit=500", s.c());
        ListCustomerOrdersResponse listed = bss.listCustomerOrders(new ListCustomerOrdersRequest().withLimit(100));
        assertThat(listed.getTotalCount()).isEqualTo(orders.path("items").size());
        CustomerOrderV2 order = listed.getOrderInfos().stream()
                .filter(o -> o.getOrderId().equals(Long.toString(s.orderId()))).findFirst().orElseThrow();
        // 1 node x 1 month x 300.00, no discount: official = after discount = 300.00
        assertThat(order.getOfficialAmount()).isEqualTo(300.0);
        assertThat(order.getOrderType()).isEqualTo(1);
        assertThat(order.getStatus()).isEqualTo(5);
        ShowCustomerOrderDetailsResponse details = bss.showCustomerOrderDetails(
                new ShowCustomerOrderDetailsRequest().withOrderId(Long.toString(s.orderId())));
        assertThat(details.getOrderInfo().getAmountAfterDiscount()).isEqualTo(300.0);
        assertThat(details.getOrderLineItems()).singleElement().satisfies(l -> {
            assertThat(l.getPeriodType()).isEqualTo(2);
            assertThat(l.getPeriodNum()).isEqualTo(1);
            assertThat(l.getSubscriptionNum()).isEqualTo(1);
        });

        // prices: 3 hours at 2.00 on demand; two months at 300.00
        ListOnDemandResourceRatingsResponse onDemand = bss.listOnDemandResourceRatings(
                new ListOnDemandResourceRatingsRequest().withBody(new RateOnDemandReq().withProjectId("p")
                        .withProductInfos(List.of(new DemandProductInfo().withId("1").withCloudServiceType("it")
                                .withResourceType("it.compute").withResourceSpec(s.ppuSpec())
                                .withRegion(Fixture.REGION).withUsageFactor("Duration")
                                .withUsageValue(new BigDecimal("3")).withUsageMeasureId(4).withSubscriptionNum(1)))));
        assertThat(onDemand.getAmount()).isEqualByComparingTo("6.00");
        assertThat(onDemand.getProductRatingResults().get(0).getId()).isEqualTo("1");
        ListRateOnPeriodDetailResponse period = bss.listRateOnPeriodDetail(new ListRateOnPeriodDetailRequest()
                .withBody(new RateOnPeriodReq().withProjectId("p").withProductInfos(List.of(new PeriodProductInfo()
                        .withId("a").withCloudServiceType("it").withResourceType(s.type()).withResourceSpec(
                                s.prepaidSpec()).withRegion(Fixture.REGION).withPeriodType(2).withPeriodNum(2)
                        .withSubscriptionNum(1)))));
        // 2 months x 300.00
        assertThat(period.getOfficialWebsiteRatingResult().getOfficialWebsiteAmount()).isEqualByComparingTo("600.00");
    }

    @Test
    void renewAutoRenewAndUnsubscribeThroughTheSdkShowInTollgate() {
        Setup s = setup();
        BssClient bss = client(keys(s.c()));
        ListPayPerUseCustomerResourcesResponse found = bss.listPayPerUseCustomerResources(
                new ListPayPerUseCustomerResourcesRequest().withBody(new QueryResourcesReq()
                        .withResourceIds(List.of(s.rid()))));
        assertThat(found.getTotalCount()).isEqualTo(1);
        OrderInstanceV2 r = found.getData().get(0);
        JsonNode sub = own("/subscriptions/" + s.rid(), s.c());
        assertThat(r.getStatus()).isEqualTo(2);
        assertThat(Instant.parse(r.getExpireTime())).isEqualTo(java.time.OffsetDateTime.parse(
                sub.path("expiresAt").asString()).toInstant());
        BigDecimal before = new BigDecimal(fx.balance(s.c()).path("cash").asString());

        RenewalResourcesResponse renewed = bss.renewalResources(new RenewalResourcesRequest().withBody(
                new RenewalResourcesReq().withResourceIds(List.of(s.rid())).withPeriodType(2).withPeriodNum(1)
                        .withIsAutoPay(1)));
        assertThat(renewed.getOrderIds()).hasSize(1);
        assertThat(renewed.getFailResourceInfos()).isEmpty();
        // one more month at 300.00, paid from cash
        assertThat(new BigDecimal(fx.balance(s.c()).path("cash").asString())).isEqualByComparingTo(
                before.subtract(new BigDecimal("300.00")));
        JsonNode renewal = own("/orders/" + renewed.getOrderIds().get(0), s.c());
        assertThat(renewal.path("type").asString()).isEqualTo("RENEWAL");
        assertThat(java.time.OffsetDateTime.parse(own("/subscriptions/" + s.rid(), s.c()).path("expiresAt")
                .asString()).toInstant()).isAfter(Instant.parse(r.getExpireTime()));

        bss.autoRenewalResources(new AutoRenewalResourcesRequest().withResourceId(s.rid()));
        assertThat(own("/subscriptions/" + s.rid(), s.c()).path("autoRenew").asBoolean()).isTrue();
        bss.cancelAutoRenewalResources(new CancelAutoRenewalResourcesRequest().withResourceId(s.rid()));
        assertThat(own("/subscriptions/" + s.rid(), s.c()).path("autoRenew").asBoolean()).isFalse();

        CancelResourcesSubscriptionResponse gone = bss.cancelResourcesSubscription(
                new CancelResourcesSubscriptionRequest().withBody(new UnsubscribeResourcesReq()
                        .withResourceIds(List.of(s.rid())).withUnsubscribeType(1)));
        assertThat(gone.getOrderIds()).hasSize(1);
        assertThat(own("/subscriptions/" + s.rid(), s.c()).path("status").asString()).isEqualTo("UNSUBSCRIBED");
        // within five days of the purchase both months come back: the cash is what it was before both
        assertThat(new BigDecimal(fx.balance(s.c()).path("cash").asString())).isEqualByComparingTo(
                before.add(new BigDecimal("300.00")));
        // the refund is in the bills, and in the vendor's transaction bill as bill type 4
        ListCustomerBillsFeeRecordsResponse fees = bss.listCustomerBillsFeeRecords(
                new ListCustomerBillsFeeRecordsRequest().withBillCycle(s.month()).withBillType(4).withLimit(100));
        assertThat(fees.getRecords()).isNotEmpty();
        assertThat(fees.getRecords().stream().map(MonthlyBillRecord::getConsumeAmount)
                // unsubscribed within five days of purchase: both paid months back, -(300.00 + 300.00)
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("-600.00");
        // and in Tollgate's own detailed bill: the renewal's 300.00 and the refund of both months, -600.00
        java.util.Map<String, BigDecimal> byType = new java.util.HashMap<>();
        String purchaseMonth = java.time.OffsetDateTime.parse(renewal.path("createdAt").asString())
                .atZoneSameInstant(Fixture.ZONE).toString().substring(0, 7);
        for (JsonNode l : own("/bills/detail?month=" + purchaseMonth + "&resourceId=" + s.rid() + "&limit=500", s.c())
                .path("items")) {
            byType.merge(l.path("recordType").asString(), new BigDecimal(l.path("chargedAmount").asString()),
                    BigDecimal::add);
        }
        assertThat(byType.get("RENEWAL")).isEqualByComparingTo("300.00");
        assertThat(byType.get("REFUND")).isEqualByComparingTo("-600.00");
    }

    @Test
    void aForeignResourceAStaleDateAndAReplayAreRefusedInTheVendorsShape() throws Exception {
        Setup s = setup();
        Fixture.CustomerKeys other = fx.customer();
        Keys k = keys(other);
        BssClient bss = client(k);
        ClientRequestException foreign = catchThrowableOfType(ClientRequestException.class, () ->
                bss.autoRenewalResources(new AutoRenewalResourcesRequest().withResourceId(s.rid())));
        assertThat(foreign.getHttpStatusCode()).isBetween(400, 499);
        assertThat(foreign.getErrorCode()).startsWith("CBC.");
        assertThat(foreign.getRequestId()).isNotBlank();
        assertThat(own("/subscriptions/" + s.rid(), s.c()).path("autoRenew").asBoolean()).isFalse();
        RenewalResourcesResponse refused = bss.renewalResources(new RenewalResourcesRequest().withBody(
                new RenewalResourcesReq().withResourceIds(List.of(s.rid())).withPeriodType(2).withPeriodNum(1)));
        assertThat(refused.getOrderIds()).isEmpty();
        assertThat(refused.getFailResourceInfos()).singleElement().satisfies(f ->
                assertThat(f.getResourceId()).isEqualTo(s.rid()));

        // signed by the SDK's own signer with a date 20 minutes old: refused
        HttpResponse<String> stale = signedGet(k, Instant.now().minusSeconds(20 * 60));
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
        assertThat(stale.headers().firstValue("x-request-id")).isPresent();
        assertThat(stale.body()).contains("\"error_code\":\"APIGW.0301\"");
        // the same signed request twice: the second is a replay
        Instant now = Instant.now();
        Map<String, String> headers = sign(k, now);
        assertThat(send(headers).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = send(headers);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("replayed");
    }

    @Test
    void packagesCouponsRenewRatesPaymentsAndModeChangesThroughTheSdk() {
        Setup s = setup();
        BssClient bss = client(keys(s.c()));
        String meter = fx.usageMeter("it.bss-usage", "hour", "hour", "1", "1.00", "0");
        String pkg = "pkg-" + UUID.randomUUID();
        fx.expect(api.post("/api/v1/customers/" + s.c().id() + "/packages", OPERATOR_KEY, Map.of("packageId", pkg,
                "meter", meter, "quota", "100", "period", "TOTAL", "expiresAt",
                clock.instant().plus(java.time.Duration.ofDays(60)).toString())), 201);
        ListFreeResourceInfosResponse free = bss.listFreeResourceInfos(new ListFreeResourceInfosRequest());
        FreeResourcePackageV3 p = free.getFreeResourcePackages().stream()
                .filter(x -> x.getOrderInstanceId().equals(pkg)).findFirst().orElseThrow();
        assertThat(p.getStatus()).isEqualTo(1);
        assertThat(p.getQuotaReuseMode()).isEqualTo(2);
        // granted 100 units, none used yet: 100 of 100 left
        assertThat(p.getFreeResources().get(0).getOriginalAmount()).isEqualTo("100");
        assertThat(p.getFreeResources().get(0).getAmount()).isEqualTo("100");

        String lastDay = clock.instant().atZone(Fixture.ZONE).toLocalDate().plusDays(30).toString();
        fx.expect(api.post("/api/v1/coupons", fx.operatorKey, Api.json(Map.of("customerIds", List.of(s.c().id()),
                "kind", "CASH", "faceValue", "50.00", "lastDay", lastDay)), "k-" + UUID.randomUUID()), 201);
        ListSubCustomerCouponsResponse coupons = bss.listSubCustomerCoupons(new ListSubCustomerCouponsRequest());
        assertThat(coupons.getCount()).isEqualTo(own("/coupons", s.c()).size());
        assertThat(coupons.getUserCoupons()).anySatisfy(c -> {
            assertThat(c.getCouponType()).isEqualTo(1);
            // issued for 50.00, not used: balance 50.00
            assertThat(c.getFaceValue()).isEqualTo(50.0);
            assertThat(c.getBalance()).isEqualTo(50.0);
            assertThat(c.getStatus()).isEqualTo(2);
        });

        // a month's renewal at the monthly price: 300.00
        ListRenewRateOnPeriodResponse rate = bss.listRenewRateOnPeriod(new ListRenewRateOnPeriodRequest().withBody(
                new ListRenewRateOnPeriodReq().withResourceIds(List.of(s.rid(), "no-such-resource"))
                        .withPeriodType(2).withPeriodNum(1)));
        assertThat(new BigDecimal(rate.getRenewInquiryResults().get(0).getAmount())).isEqualByComparingTo("300.00");
        assertThat(rate.getFailResourceInfos()).singleElement().satisfies(f ->
                assertThat(f.getResourceId()).isEqualTo("no-such-resource"));

        bss.updatePeriodToOnDemand(new UpdatePeriodToOnDemandRequest().withBody(new PeriodToOnDemandReq()
                .withOperation("SET_UP").withResourceIds(List.of(s.rid()))));
        assertThat(own("/subscriptions/" + s.rid(), s.c()).path("convertToPayPerUse").asBoolean()).isTrue();
        bss.updatePeriodToOnDemand(new UpdatePeriodToOnDemandRequest().withBody(new PeriodToOnDemandReq()
                .withOperation("CANCEL").withResourceIds(List.of(s.rid()))));
        assertThat(own("/subscriptions/" + s.rid(), s.c()).path("convertToPayPerUse").asBoolean()).isFalse();

        // an order the balance cannot pay waits; paid through the SDK once topped up; another cancelled
        Fixture.CustomerKeys poor = fx.customer();
        BssClient poorBss = client(keys(poor));
        long first = pending(poor, s);
        long second = pending(poor, s);
        assertThat(poorBss.listCustomerOrders(new ListCustomerOrdersRequest().withStatus(6)).getTotalCount())
                .isEqualTo(2);
        fx.expect(fx.topUp(poor, "300.00"), 201);
        poorBss.payOrders(new PayOrdersRequest().withBody(new PayCustomerOrderV3Req().withOrderId(
                Long.toString(first)).withUseCoupon("NO").withUseDiscount("NO")));
        assertThat(own("/orders/" + first, poor).path("status").asString()).isEqualTo("PAID");
        poorBss.cancelCustomerOrder(new CancelCustomerOrderRequest().withBody(new CancelCustomerOrderReq()
                .withOrderId(Long.toString(second))));
        assertThat(own("/orders/" + second, poor).path("status").asString()).isEqualTo("CANCELLED");
        // 300.00 topped up, 300.00 paid
        assertThat(new BigDecimal(fx.balance(poor).path("cash").asString())).isEqualByComparingTo("0");
    }

    @Test
    void theMonthlyAmortizedBreakdownSpreadsThePrepaidMonthAsTollgateDoes() {
        Setup s = setup();
        BssClient bss = client(keys(s.c()));
        ListCustomerBillsMonthlyBreakDownResponse b = bss.listCustomerBillsMonthlyBreakDown(
                new ListCustomerBillsMonthlyBreakDownRequest().withSharedMonth(s.month()).withLimit(1000));
        java.time.YearMonth m = java.time.YearMonth.parse(s.month());
        BigDecimal own = BigDecimal.ZERO;
        for (JsonNode d : own("/costs/daily?from=" + m.atDay(1) + "&to=" + m.plusMonths(1).atDay(1) + "&view=AMORTIZED"
                + "&resourceId=" + s.rid(), s.c())) {
            own = own.add(new BigDecimal(d.path("cost").asString()));
        }
        NvlCostAnalysedBillDetail prepaid = b.getDetails().stream().filter(d -> d.getResourceId().equals(s.rid()))
                .findFirst().orElseThrow();
        assertThat(prepaid.getChargingMode()).isEqualTo(1);
        assertThat(prepaid.getCurrentMonthAmortizedAmount()).isEqualByComparingTo(own);
        // the whole month paid, 300.00, spread over the months it covers
        assertThat(prepaid.getConsumeAmount()).isEqualByComparingTo("300.00");
        assertThat(prepaid.getPastMonthsAmortizedAmount().add(prepaid.getCurrentMonthAmortizedAmount())
                .add(prepaid.getFutureMonthsAmortizedAmount())).isEqualByComparingTo("300.00");
        NvlCostAnalysedBillDetail ppu = b.getDetails().stream().filter(d -> d.getResourceId().equals(s.ppu()))
                .findFirst().orElseThrow();
        // 3 hours at 2.00, all in the month
        assertThat(ppu.getChargingMode()).isEqualTo(3);
        assertThat(ppu.getCurrentMonthAmortizedAmount()).isEqualByComparingTo("6.00");
        assertThat(ppu.getFutureMonthsAmortizedAmount()).isEqualByComparingTo("0");
    }

    private long pending(Fixture.CustomerKeys c, Setup s) {
        Api.Response bought = api.post("/api/v1/customers/" + c.id() + "/orders", c.adminKey(), Api.json(Map.of(
                "resourceType", s.type(), "specCode", s.prepaidSpec(), "region", Fixture.REGION, "nodes", 1, "term",
                Map.of("unit", "MONTH", "count", 1))), "buy-" + UUID.randomUUID());
        assertThat(bought.status()).as(bought.body()).isIn(200, 201, 202);
        assertThat(bought.json().path("status").asString()).isEqualTo("PENDING_PAYMENT");
        return bought.json().path("id").asLong();
    }

    private Map<String, String> sign(Keys k, Instant at) {
        String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(at);
        com.huaweicloud.sdk.core.http.HttpRequest request = com.huaweicloud.sdk.core.http.HttpRequest.newBuilder()
                .withMethod(com.huaweicloud.sdk.core.http.HttpMethod.GET).withEndpoint("http://127.0.0.1:" + port)
                .withPath("/v2/accounts/customer-accounts/balances").addHeader("X-Sdk-Date", date).build();
        Map<String, String> headers = new LinkedHashMap<>(com.huaweicloud.sdk.core.auth.AKSKSigner.getInstance()
                .sign(request, new GlobalCredentials().withAk(k.ak()).withSk(k.sk())));
        headers.put("X-Sdk-Date", date);
        return headers;
    }

    private HttpResponse<String> signedGet(Keys k, Instant at) throws Exception {
        return send(sign(k, at));
    }

    private HttpResponse<String> send(Map<String, String> headers) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v2/accounts/customer-accounts/balances"));
        headers.forEach((n, v) -> {
            if (!n.equalsIgnoreCase("host")) {
                b.header(n, v);
            }
        });
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
