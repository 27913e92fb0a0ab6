package io.tollgate.messaging.core;

import java.util.List;
import java.util.Map;

/**
 * The message templates per notification type, in English and Chinese: a subject, the lines of
 * the text (the HTML is the same lines, escaped, with the items as a list) and a short SMS text.
 * Placeholders are {@code {name}}; a digest's items are rendered one per line with the item
 * template. Values are formatted by the caller (amounts with their currency, times in the billing
 * zone).
 */
public final class Templates {
    private Templates() {
    }

    /** A message ready to send: subject, text, HTML (for e-mail) and SMS text. */
    public record Rendered(String subject, String text, String html, String sms) {
    }

    private record Template(String subject, List<String> lines, String item, String sms) {
    }

    public static final List<String> TYPES = List.of("term-expiring", "renewal-failed", "arrears", "freeze-soon",
            "release-soon", "balance-low", "budget-alert", "anomaly", "package-low");

    private static final Map<String, Template> EN = Map.of("package-low",
            new Template("The package {name} of {customer} is {percent}% used",
                    List.of("Hello,", "the resource package {name} ({meter}) of {customer} has used {used} of its "
                            + "{quota} for the period from {periodStart}.",
                            "Usage beyond it is billed pay-per-use; buy another package to keep the price."), null,
                    "Tollgate: package {name} of {customer} is {percent}% used ({used} of {quota})."),
            "term-expiring", new Template("{count} resource(s) of {customer} expire in {days} day(s)",
                    List.of("Hello,", "these yearly/monthly resources of {customer} expire in {days} day(s):",
                            "Renew them before then to keep them running; after expiry they enter a grace period and "
                                    + "are then frozen."),
                    "{resourceId} ({resourceType}, {specCode}) expires at {expiresAt}",
                    "Tollgate: {count} resource(s) of {customer} expire in {days} day(s), first {first}."),
            "renewal-failed", new Template("Auto-renewal of {resourceId} failed",
                    List.of("Hello,", "the automatic renewal of {resourceId} ({amount}) failed: {reason}.",
                            "Top up or renew it by hand before it expires at {expiresAt}."), null,
                    "Tollgate: auto-renewal of {resourceId} failed ({reason}). Top up or renew."),
            "arrears", new Template("The account {customer} is in arrears",
                    List.of("Hello,", "the balance of {customer} is used up and its pay-per-use resources entered a "
                            + "grace period at {at}.", "They are frozen at {freezeAt} unless the account is topped up."),
                    null, "Tollgate: {customer} is in arrears; resources freeze at {freezeAt}. Please top up."),
            "freeze-soon", new Template("{count} resource(s) of {customer} are frozen in {days} day(s)",
                    List.of("Hello,", "these resources of {customer} are frozen in {days} day(s):",
                            "Top up or renew to keep them running."),
                    "{resourceId} ({reason}) is frozen at {deadline}",
                    "Tollgate: {count} resource(s) of {customer} freeze in {days} day(s), first {first}."),
            "release-soon", new Template("{count} resource(s) of {customer} are released in {days} day(s)",
                    List.of("Hello,", "these frozen resources of {customer} are released, and their data deleted, in "
                            + "{days} day(s):", "Top up or renew to keep them."),
                    "{resourceId} ({reason}) is released at {deadline}",
                    "Tollgate: {count} frozen resource(s) of {customer} are released in {days} day(s)."),
            "balance-low", new Template("The available balance of {customer} is below {threshold}",
                    List.of("Hello,", "the available balance of {customer} is {available}, below the threshold of "
                            + "{threshold}.", "Top up to keep pay-per-use resources running."), null,
                    "Tollgate: {customer} balance {available}, below {threshold}."),
            "budget-alert", new Template("Budget {name} reached {percent}% ({basis})",
                    List.of("Hello,", "the budget {name} of {customer} reached {percent}% of {amount} on {basis} "
                            + "spend ({spend}) in the period from {periodStart}."), null,
                    "Tollgate: budget {name} reached {percent}% ({basis})."),
            "anomaly", new Template("A {severity} cost anomaly on {day}",
                    List.of("Hello,", "a {severity} cost anomaly was detected for {customer} on {day} in {group}: "
                            + "{actual}, {excess} above what was expected."), null,
                    "Tollgate: {severity} cost anomaly on {day}: {excess} above expected."));

    private static final Map<String, Template> ZH = Map.of("package-low",
            new Template("{customer}的资源包{name}已使用{percent}%",
                    List.of("您好，", "{customer}的资源包{name}（{meter}）在自{periodStart}起的周期内已使用{used}，共{quota}。",
                            "超出部分将按需计费；如需继续享受优惠，请购买新的资源包。"), null,
                    "Tollgate：{customer}的资源包{name}已使用{percent}%（{used}/{quota}）。"),
            "term-expiring", new Template("{customer}有{count}个资源将在{days}天后到期",
                    List.of("您好，", "{customer}的以下包年/包月资源将在{days}天后到期：",
                            "请在到期前续费；到期后资源进入宽限期，随后将被冻结。"),
                    "{resourceId}（{resourceType}，{specCode}）到期时间 {expiresAt}",
                    "Tollgate：{customer}有{count}个资源将在{days}天后到期，最早 {first}。"),
            "renewal-failed", new Template("资源{resourceId}自动续费失败",
                    List.of("您好，", "资源{resourceId}的自动续费（{amount}）失败：{reason}。",
                            "请在{expiresAt}到期前充值或手动续费。"), null,
                    "Tollgate：资源{resourceId}自动续费失败（{reason}），请充值或续费。"),
            "arrears", new Template("账户{customer}已欠费",
                    List.of("您好，", "{customer}的余额已用完，按需资源已于{at}进入宽限期。", "如不充值，资源将于{freezeAt}被冻结。"),
                    null, "Tollgate：{customer}已欠费，资源将于{freezeAt}冻结，请及时充值。"),
            "freeze-soon", new Template("{customer}有{count}个资源将在{days}天后被冻结",
                    List.of("您好，", "{customer}的以下资源将在{days}天后被冻结：", "请充值或续费以保持资源运行。"),
                    "{resourceId}（{reason}）冻结时间 {deadline}",
                    "Tollgate：{customer}有{count}个资源将在{days}天后冻结，最早 {first}。"),
            "release-soon", new Template("{customer}有{count}个资源将在{days}天后被释放",
                    List.of("您好，", "{customer}的以下已冻结资源将在{days}天后被释放，数据将被删除：", "请充值或续费以保留资源。"),
                    "{resourceId}（{reason}）释放时间 {deadline}",
                    "Tollgate：{customer}有{count}个已冻结资源将在{days}天后释放。"),
            "balance-low", new Template("{customer}的可用余额低于{threshold}",
                    List.of("您好，", "{customer}的可用余额为{available}，低于预警阈值{threshold}。", "请及时充值，以免按需资源停止。"),
                    null, "Tollgate：{customer}可用余额{available}，低于{threshold}。"),
            "budget-alert", new Template("预算{name}已达到{percent}%（{basis}）",
                    List.of("您好，", "{customer}的预算{name}按{basis}支出（{spend}）已达到{amount}的{percent}%，周期自{periodStart}起。"),
                    null, "Tollgate：预算{name}已达到{percent}%（{basis}）。"),
            "anomaly", new Template("{day}出现{severity}成本异常",
                    List.of("您好，", "{customer}于{day}在{group}出现{severity}成本异常：{actual}，比预期高{excess}。"),
                    null, "Tollgate：{day}出现{severity}成本异常，高出预期{excess}。"));

    /** Renders a type in a language ("en" or "zh") with its values and, for a digest, its items. */
    public static Rendered render(String type, String language, Map<String, String> values,
                                  List<Map<String, String>> items) {
        Template t = ("zh".equals(language) ? ZH : EN).get(type);
        if (t == null) {
            throw new IllegalArgumentException("no template for " + type);
        }
        List<String> itemLines = t.item() == null ? List.of()
                : items.stream().map(i -> fill(fill(t.item(), i), values)).toList();
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append("zh".equals(language) ? "zh" : "en")
                .append("\"><head><meta charset=\"UTF-8\"></head><body>\n");
        for (int i = 0; i < t.lines().size(); i++) {
            String line = fill(t.lines().get(i), values);
            text.append(line).append('\n');
            html.append("<p>").append(escape(line)).append("</p>\n");
            if (i == 1 && !itemLines.isEmpty()) {
                html.append("<ul>\n");
                for (String item : itemLines) {
                    text.append("  - ").append(item).append('\n');
                    html.append("<li>").append(escape(item)).append("</li>\n");
                }
                html.append("</ul>\n");
            }
        }
        html.append("</body></html>\n");
        return new Rendered(fill(t.subject(), values), text.toString(), html.toString(), fill(t.sms(), values));
    }

    /** One pass over the template: a value is never read as a placeholder; unknown placeholders stay. */
    static String fill(String template, Map<String, String> values) {
        java.util.regex.Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.containsKey(m.group(1)) ? String.valueOf(values.get(m.group(1))) : m.group();
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{([a-zA-Z]+)}");

    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
