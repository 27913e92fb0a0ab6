package io.tollgate.bss.api;

import static io.tollgate.bss.api.BssFormats.decimal;
import static io.tollgate.bss.api.BssFormats.utc;
import static io.tollgate.bss.api.BssFormats.zeroIfNull;

import io.tollgate.billing.FeeRecordView;
import io.tollgate.billing.http.BillController;
import io.tollgate.billing.http.BillingCentreController;
import io.tollgate.customer.Caller;
import io.tollgate.shared.Failure;
import io.tollgate.shared.Page;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The vendor's bill operations over Tollgate's detailed bill and month summary:
 * ShowCustomerMonthlySum, ListCustomerBillsFeeRecords (a record per bill line) and
 * ListCustomerselfResourceRecords (a record per line with its usage, or per resource and bill type
 * with statistic_type 1). Amounts: official = the list amount, official discount = the discount,
 * erase/truncated = what was truncated below the cent, consume = what is due (cash + credit +
 * coupon + debt). Months and days in the billing zone (UTC+8).
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden
public class BssBillController {
    private final BillController bills;
    private final BillingCentreController centre;
    private final Clock clock;

    public BssBillController(BillController bills, BillingCentreController centre, Clock clock) {
        this.bills = bills;
        this.centre = centre;
        this.clock = clock;
    }

    static String month(String cycle, String field) {
        if (cycle == null) {
            throw Failure.invalid("invalid-" + field, field + " is required (YYYY-MM)");
        }
        try {
            return YearMonth.parse(cycle).toString();
        } catch (java.time.format.DateTimeParseException e) {
            throw Failure.invalid("invalid-" + field, field + " is a month like 2026-11, not '" + cycle + "'");
        }
    }

    /** Every line of the month matching the filters Tollgate's detailed bill takes, page by page. */
    private List<FeeRecordView> lines(Caller caller, String month, String resourceId, String serviceType,
                                      String resourceType, String billingMode, String enterpriseProject) {
        return BssFormats.all(c -> bills.detail(caller, caller.customerId(), month, resourceId, serviceType,
                resourceType, billingMode, null, enterpriseProject, c, Page.MAX_SIZE));
    }

    static BigDecimal consume(FeeRecordView l) {
        return zeroIfNull(decimal(l.chargedAmount()));
    }

    record BillSum(String billCycle, String resourceTypeCode, String serviceTypeCode, Integer chargingMode,
                   BigDecimal officialAmount, BigDecimal officialDiscountAmount, BigDecimal truncatedAmount,
                   BigDecimal consumeAmount, BigDecimal couponAmount, BigDecimal cashAmount, BigDecimal creditAmount,
                   BigDecimal debtAmount, Integer measureId, Integer billType, String customerId) {
        BillSum plus(FeeRecordView l) {
            return new BillSum(billCycle, resourceTypeCode, serviceTypeCode, chargingMode,
                    officialAmount.add(zeroIfNull(decimal(l.listAmount()))),
                    officialDiscountAmount.add(zeroIfNull(decimal(l.discountAmount()))),
                    truncatedAmount.add(zeroIfNull(decimal(l.truncatedAmount()))), consumeAmount.add(consume(l)),
                    couponAmount.add(zeroIfNull(decimal(l.couponAmount()))),
                    cashAmount.add(zeroIfNull(decimal(l.cashAmount()))),
                    creditAmount.add(zeroIfNull(decimal(l.creditAmount()))),
                    debtAmount.add(zeroIfNull(decimal(l.arrearsAmount()))), measureId, billType, customerId);
        }
    }

    record MonthlySum(Integer totalCount, List<BillSum> billSums, BigDecimal consumeAmount, BigDecimal debtAmount,
                      BigDecimal couponAmount, BigDecimal flexipurchaseCouponAmount, BigDecimal storedValueCardAmount,
                      BigDecimal cashAmount, BigDecimal creditAmount, BigDecimal writeoffAmount, Integer measureId,
                      String currency) {
    }

    /** ShowCustomerMonthlySum: the month summary's totals, with a sum per service, resource type, mode and bill type. */
    @GetMapping("/v2/bills/customer-bills/monthly-sum")
    public ResponseEntity<String> monthlySum(Caller caller, @RequestParam(name = "bill_cycle") String billCycle,
                                             @RequestParam(name = "service_type_code", required = false)
                                             String serviceType,
                                             @RequestParam(name = "enterprise_project_id", required = false)
                                             String project,
                                             @RequestParam(required = false) Integer offset,
                                             @RequestParam(required = false) Integer limit) {
        String month = month(billCycle, "bill_cycle");
        var summary = centre.summary(caller, caller.customerId(), month);
        Map<String, BillSum> sums = new LinkedHashMap<>();
        for (FeeRecordView l : lines(caller, month, null, serviceType, null, null, project)) {
            String key = l.serviceType() + "|" + l.resourceType() + "|" + l.billingMode() + "|" + l.recordType();
            sums.merge(key, new BillSum(month, l.resourceType(), l.serviceType(),
                    BssFormats.chargingMode(l.billingMode()), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 1,
                    BssFormats.billType(l.recordType()), caller.customerId()).plus(l), (a, b) -> a.plus(l));
        }
        List<BillSum> all = new ArrayList<>(sums.values());
        var total = summary.total();
        boolean filtered = serviceType != null || project != null;
        BigDecimal consume = filtered ? all.stream().map(BillSum::consumeAmount).reduce(BigDecimal.ZERO, BigDecimal::add)
                : total.due();
        return BssJson.ok(new MonthlySum(all.size(), BssFormats.page(all, offset, limit, 10, 1000), consume,
                filtered ? all.stream().map(BillSum::debtAmount).reduce(BigDecimal.ZERO, BigDecimal::add)
                        : total.paid().arrears(),
                filtered ? all.stream().map(BillSum::couponAmount).reduce(BigDecimal.ZERO, BigDecimal::add)
                        : total.paid().coupons(), BigDecimal.ZERO, BigDecimal.ZERO,
                filtered ? all.stream().map(BillSum::cashAmount).reduce(BigDecimal.ZERO, BigDecimal::add)
                        : total.paid().cash(),
                filtered ? all.stream().map(BillSum::creditAmount).reduce(BigDecimal.ZERO, BigDecimal::add)
                        : total.paid().credit(), BigDecimal.ZERO, 1, summary.currency()));
    }

    record BillRecord(String billCycle, String customerId, String serviceTypeCode, String resourceTypeCode,
                      String regionCode, String enterpriseProjectId, Integer chargingMode, String consumeTime,
                      String tradeTime, Integer providerType, String tradeId, String id, Integer billType,
                      Integer status, BigDecimal officialAmount, BigDecimal officialDiscountAmount,
                      BigDecimal eraseAmount, BigDecimal consumeAmount, BigDecimal cashAmount, BigDecimal creditAmount,
                      BigDecimal couponAmount, BigDecimal flexipurchaseCouponAmount, BigDecimal storedValueCardAmount,
                      BigDecimal bonusAmount, BigDecimal debtAmount, BigDecimal writeoffAmount) {
    }

    record BillRecords(Integer totalCount, List<BillRecord> records, String currency) {
    }

    static String tradeId(FeeRecordView l) {
        return l.orderId() != null ? Long.toString(l.orderId()) : l.transactionId() != null
                ? "tx-" + l.transactionId() : "line-" + l.id();
    }

    /** ListCustomerBillsFeeRecords: a record per line of the month's detailed bill, filtered. */
    @GetMapping("/v2/bills/customer-bills/fee-records")
    public ResponseEntity<String> feeRecords(Caller caller, @RequestParam(name = "bill_cycle") String billCycle,
                                             @RequestParam(name = "service_type_code", required = false) String service,
                                             @RequestParam(name = "resource_type_code", required = false) String type,
                                             @RequestParam(name = "region_code", required = false) String region,
                                             @RequestParam(name = "charging_mode", required = false) Integer mode,
                                             @RequestParam(name = "bill_type", required = false) Integer billType,
                                             @RequestParam(name = "trade_id", required = false) String tradeId,
                                             @RequestParam(name = "enterprise_project_id", required = false)
                                             String project,
                                             @RequestParam(name = "include_zero_record", required = false)
                                             Boolean zero,
                                             @RequestParam(required = false) Integer status,
                                             @RequestParam(name = "bill_date_begin", required = false) String dayFrom,
                                             @RequestParam(name = "bill_date_end", required = false) String dayTo,
                                             @RequestParam(required = false) Integer offset,
                                             @RequestParam(required = false) Integer limit) {
        String month = month(billCycle, "bill_cycle");
        Predicate<FeeRecordView> keep = filters(region, billType, tradeId, zero, status, month, dayFrom, dayTo);
        List<FeeRecordView> all = lines(caller, month, null, service, type, BssFormats.billingMode(mode), project)
                .stream().filter(keep).toList();
        String currency = centre.summary(caller, caller.customerId(), month).currency();
        List<BillRecord> page = BssFormats.page(all, offset, limit, 10, 1000).stream().map(l -> new BillRecord(month,
                caller.customerId(), l.serviceType(), l.resourceType(), l.region(), l.enterpriseProject(),
                BssFormats.chargingMode(l.billingMode()), utc(l.periodStart()), utc(l.hourStart()), 1, tradeId(l),
                Long.toString(l.id()), BssFormats.billType(l.recordType()), "SETTLED".equals(l.status()) ? 1 : 2,
                decimal(l.listAmount()), zeroIfNull(decimal(l.discountAmount())),
                zeroIfNull(decimal(l.truncatedAmount())), consume(l), zeroIfNull(decimal(l.cashAmount())),
                zeroIfNull(decimal(l.creditAmount())), zeroIfNull(decimal(l.couponAmount())), BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, zeroIfNull(decimal(l.arrearsAmount())), BigDecimal.ZERO)).toList();
        return BssJson.ok(new BillRecords(all.size(), page, currency));
    }

    private Predicate<FeeRecordView> filters(String region, Integer billType, String tradeId, Boolean zero,
                                             Integer status, String month, String dayFrom, String dayTo) {
        if ((dayFrom == null) != (dayTo == null)) {
            throw Failure.invalid("invalid-bill-date", "bill_date_begin and bill_date_end go together");
        }
        LocalDate from = dayFrom == null ? null : day(dayFrom, month);
        LocalDate to = dayTo == null ? null : day(dayTo, month);
        return l -> (region == null || region.equals(l.region()))
                && (billType == null || billType == BssFormats.billType(l.recordType()))
                && (tradeId == null || tradeId.equals(tradeId(l)))
                && (Boolean.TRUE.equals(zero) || consume(l).signum() != 0 || zeroIfNull(decimal(l.listAmount()))
                .signum() != 0)
                && (status == null || status == ("SETTLED".equals(l.status()) ? 1 : 2))
                && (from == null || !billDay(l).isBefore(from)) && (to == null || !billDay(l).isAfter(to));
    }

    private LocalDate billDay(FeeRecordView l) {
        return l.periodStart().atZone(clock.getZone()).toLocalDate();
    }

    private static LocalDate day(String text, String month) {
        try {
            LocalDate d = LocalDate.parse(text);
            if (!YearMonth.from(d).toString().equals(month)) {
                throw Failure.invalid("invalid-bill-date", "bill dates are in the month asked for");
            }
            return d;
        } catch (java.time.format.DateTimeParseException e) {
            throw Failure.invalid("invalid-bill-date", "a bill date is written 2026-11-05");
        }
    }

    record ResourceRecord(String billDate, Integer billType, String customerId, String region,
                          String cloudServiceType, String resourceType, String effectiveTime, String expireTime,
                          String resourceId, String resourceName, String productId, String tradeId, String id,
                          String tradeTime, String enterpriseProjectId, String chargeMode, String orderId,
                          String periodType, String usageType, BigDecimal usage, Integer usageMeasureId,
                          BigDecimal unitPrice, String unit, BigDecimal officialAmount, BigDecimal discountAmount,
                          BigDecimal amount, BigDecimal cashAmount, BigDecimal creditAmount, BigDecimal couponAmount,
                          BigDecimal debtAmount, Integer measureId, String consumeTime) {
    }

    record ResourceRecords(List<ResourceRecord> feeRecords, Integer totalCount, String currency) {
    }

    /**
     * ListCustomerselfResourceRecords: statistic_type 3 (the default), a record per line with its
     * usage and unit price; 1, a record per resource, bill type and mode over the month.
     */
    @GetMapping("/v2/bills/customer-bills/res-fee-records")
    public ResponseEntity<String> resourceRecords(Caller caller, @RequestParam String cycle,
                                                  @RequestParam(name = "cloud_service_type", required = false)
                                                  String service,
                                                  @RequestParam(required = false) String region,
                                                  @RequestParam(name = "charge_mode", required = false) String mode,
                                                  @RequestParam(name = "bill_type", required = false) Integer billType,
                                                  @RequestParam(name = "resource_id", required = false)
                                                  String resourceId,
                                                  @RequestParam(name = "enterprise_project_id", required = false)
                                                  String project,
                                                  @RequestParam(name = "include_zero_record", required = false)
                                                  Boolean zero,
                                                  @RequestParam(name = "trade_id", required = false) String tradeId,
                                                  @RequestParam(name = "bill_date_begin", required = false)
                                                  String dayFrom,
                                                  @RequestParam(name = "bill_date_end", required = false) String dayTo,
                                                  @RequestParam(name = "statistic_type", required = false)
                                                  Integer statistic,
                                                  @RequestParam(required = false) Integer offset,
                                                  @RequestParam(required = false) Integer limit) {
        String month = month(cycle, "cycle");
        Integer chargeMode = null;
        if (mode != null) {
            try {
                chargeMode = Integer.valueOf(mode);
            } catch (NumberFormatException e) {
                throw Failure.invalid("invalid-charge-mode", "charge_mode is \"1\" or \"3\"");
            }
        }
        Predicate<FeeRecordView> keep = filters(region, billType, tradeId, zero, null, month, dayFrom, dayTo);
        List<FeeRecordView> lines = lines(caller, month, resourceId, service, null,
                BssFormats.billingMode(chargeMode), project).stream().filter(keep).toList();
        int stat = statistic == null ? 3 : statistic;
        List<ResourceRecord> all = new ArrayList<>();
        if (stat == 3) {
            for (FeeRecordView l : lines) {
                all.add(record(l, caller.customerId()));
            }
        } else if (stat == 1) {
            Map<String, ResourceRecord> byResource = new LinkedHashMap<>();
            for (FeeRecordView l : lines) {
                String key = l.resourceId() + "|" + l.recordType() + "|" + l.billingMode();
                ResourceRecord r = record(l, caller.customerId());
                ResourceRecord month1 = new ResourceRecord(month, r.billType(), r.customerId(), r.region(),
                        r.cloudServiceType(), r.resourceType(), null, null, r.resourceId(), r.resourceName(),
                        r.productId(), null, null, null, r.enterpriseProjectId(), r.chargeMode(), r.orderId(),
                        r.periodType(), r.usageType(), r.usage(), r.usageMeasureId(), null, r.unit(),
                        r.officialAmount(), r.discountAmount(), r.amount(), r.cashAmount(), r.creditAmount(),
                        r.couponAmount(), r.debtAmount(), 1, null);
                byResource.merge(key, month1, (x, y) -> new ResourceRecord(month, x.billType(), x.customerId(),
                        x.region(), x.cloudServiceType(), x.resourceType(), null, null, x.resourceId(),
                        x.resourceName(), x.productId(), null, null, null, x.enterpriseProjectId(), x.chargeMode(),
                        x.orderId(), x.periodType(), x.usageType(), add(x.usage(), y.usage()), x.usageMeasureId(),
                        null, x.unit(), add(x.officialAmount(), y.officialAmount()),
                        add(x.discountAmount(), y.discountAmount()), add(x.amount(), y.amount()),
                        add(x.cashAmount(), y.cashAmount()), add(x.creditAmount(), y.creditAmount()),
                        add(x.couponAmount(), y.couponAmount()), add(x.debtAmount(), y.debtAmount()), 1, null));
            }
            all.addAll(byResource.values());
        } else {
            throw Failure.invalid("invalid-statistic-type", "statistic_type is 1 (by month) or 3 (detail)");
        }
        String currency = centre.summary(caller, caller.customerId(), month).currency();
        return BssJson.ok(new ResourceRecords(BssFormats.page(all, offset, limit, 10, 1000), all.size(), currency));
    }

    private static BigDecimal add(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.add(b);
    }

    private ResourceRecord record(FeeRecordView l, String customerId) {
        boolean payPerUse = "PAY_PER_USE".equals(l.billingMode());
        return new ResourceRecord(l.periodStart().atZone(clock.getZone()).toLocalDate().toString(),
                BssFormats.billType(l.recordType()), customerId, l.region(), l.serviceType(), l.resourceType(),
                payPerUse ? utc(l.periodStart()) : null, payPerUse ? utc(l.periodEnd()) : null, l.resourceId(),
                l.resourceId(), l.specCode(), tradeId(l), Long.toString(l.id()), utc(l.hourStart()),
                l.enterpriseProject(), Integer.toString(BssFormats.chargingMode(l.billingMode())),
                l.orderId() == null ? null : Long.toString(l.orderId()), payPerUse ? "25" : null,
                l.meter(), decimal(l.usage()), "HOUR".equals(l.unit()) ? 4 : null, decimal(l.unitPrice()), l.unit(),
                decimal(l.listAmount()), zeroIfNull(decimal(l.discountAmount())), consume(l),
                zeroIfNull(decimal(l.cashAmount())), zeroIfNull(decimal(l.creditAmount())),
                zeroIfNull(decimal(l.couponAmount())), zeroIfNull(decimal(l.arrearsAmount())), 1,
                utc(l.periodStart()));
    }
}
