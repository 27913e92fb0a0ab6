package io.tollgate.console.operator;

import static io.tollgate.console.operator.CustomersPage.blank;

import io.tollgate.catalog.PackageOffer;
import io.tollgate.catalog.PackageOfferService;
import io.tollgate.catalog.http.PackageOfferController;
import io.tollgate.console.Actions;
import io.tollgate.customer.Caller;
import io.tollgate.promotion.PromotionAdmin;
import io.tollgate.promotion.http.PromotionController;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Coupons and campaigns (issue to one customer or a list, look a campaign or coupon up, revoke an
 * unused one) and package offers (create, withdraw). Issuing carries the form's idempotency key,
 * so a form sent twice issues once.
 */
@Controller
@RequestMapping("/console/operator")
public class PromotionPages {
    private final PromotionController promotions;
    private final PackageOfferController offers;
    private final CatalogPages catalog;
    private final Clock clock;
    private final io.tollgate.console.ConsoleFormat fmt;

    public PromotionPages(PromotionController promotions, PackageOfferController offers, CatalogPages catalog,
                          Clock clock, io.tollgate.console.ConsoleFormat fmt) {
        this.fmt = fmt;
        this.promotions = promotions;
        this.offers = offers;
        this.catalog = catalog;
        this.clock = clock;
    }

    @GetMapping("/promotions")
    public String promotions(Caller caller, @RequestParam(required = false) String campaign,
                             @RequestParam(required = false) String coupon, Model model) {
        model.addAttribute("section", "op-promotions");
        model.addAttribute("campaign", blank(campaign));
        model.addAttribute("couponId", blank(coupon));
        List<PromotionController.CouponView> coupons = blank(campaign) != null
                ? promotions.campaign(caller, campaign.strip())
                : blank(coupon) != null ? List.of(promotions.coupon(caller, coupon.strip())) : List.of();
        model.addAttribute("coupons", coupons);
        model.addAttribute("lastDay", LocalDate.now(clock).plusMonths(3));
        return "console/operator/promotions";
    }

    @PostMapping("/promotions/coupons")
    public String issue(Caller caller, @RequestParam String customerIds, @RequestParam String kind,
                        @RequestParam(required = false) String faceValue, @RequestParam(required = false) String rate,
                        @RequestParam(required = false) String cap, @RequestParam String lastDay,
                        @RequestParam(required = false) List<String> billingModes,
                        @RequestParam(required = false) String serviceTypes,
                        @RequestParam(required = false) String minAmount, @RequestParam String idempotencyKey,
                        RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/promotions", () -> {
            var issued = promotions.issue(caller, idempotencyKey, new PromotionAdmin.IssueRequest(list(customerIds),
                    kind, blank(faceValue), blank(rate), blank(cap), null, lastDay.strip(), list(serviceTypes), null,
                    billingModes == null || billingModes.isEmpty() ? null : billingModes, null, null,
                    blank(minAmount))).getBody();
            flash.addAttribute(issued.campaignId() != null ? "campaign" : "coupon", issued.campaignId() != null
                    ? issued.campaignId() : issued.coupons().get(0).id());
            return "Issued " + issued.coupons().size() + " coupon(s)"
                    + (issued.campaignId() != null ? " in campaign " + issued.campaignId() : "") + ".";
        });
    }

    @PostMapping("/promotions/coupons/{couponId}/revoke")
    public String revoke(Caller caller, @PathVariable String couponId, @RequestParam(required = false) String campaign,
                         RedirectAttributes flash) {
        if (blank(campaign) != null) {
            flash.addAttribute("campaign", campaign);
        } else {
            flash.addAttribute("coupon", couponId);
        }
        return Actions.run(flash, "/console/operator/promotions", () -> {
            var c = promotions.revoke(caller, couponId);
            return "Coupon " + c.id() + " revoked.";
        });
    }

    @GetMapping("/package-offers")
    public String offers(Caller caller, @RequestParam(required = false) String cursor, Model model) {
        model.addAttribute("section", "op-offers");
        model.addAttribute("page", offers.list(caller, null, cursor, 50));
        model.addAttribute("now", java.time.LocalDateTime.now(clock).withSecond(0).withNano(0));
        return "console/operator/package-offers";
    }

    @PostMapping("/package-offers")
    public String createOffer(Caller caller, @RequestParam String code, @RequestParam String name,
                              @RequestParam String covers, @RequestParam String quantity,
                              @RequestParam PackageOffer.Period period, @RequestParam int validityMonths,
                              @RequestParam String price, @RequestParam String currency,
                              @RequestParam(required = false) String region, @RequestParam String sellableFrom,
                              @RequestParam(required = false) String sellableUntil, RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/package-offers", () -> {
            var o = offers.create(caller, new PackageOfferService.OfferDraft(code.strip(), name.strip(), covers.strip(),
                    quantity.strip(), period, validityMonths, price.strip(), currency.strip().toUpperCase(),
                    blank(region), catalog.instant(sellableFrom), blank(sellableUntil) == null ? null
                    : catalog.instant(sellableUntil))).getBody();
            return "Offer " + o.code() + " is on sale from " + fmt.time(o.sale().sellableFrom()) + ".";
        });
    }

    @PostMapping("/package-offers/{code}/withdraw")
    public String withdraw(Caller caller, @PathVariable String code, RedirectAttributes flash) {
        return Actions.run(flash, "/console/operator/package-offers", () -> {
            offers.withdraw(caller, code);
            return "Offer " + code + " withdrawn: no new packages; bought ones run on.";
        });
    }

    private static List<String> list(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
    }
}
