package io.tollgate.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tollgate quote ppu|prepaid|compare --spec CODE ...}: asks a running Tollgate's price
 * calculator ({@code /api/v1/quotes}, docs/calculator.md) over HTTP and prints its JSON answer.
 * Exit code 0 for a quote, 1 when the server refuses the request (its problem+json goes to
 * stderr), 2 for a usage error or an unreachable server.
 */
public final class QuoteCommand {
    static final String DEFAULT_SERVER = "http://localhost:8731";
    static final String DEMO_KEY = "tg_demo_operator_key";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> COMMON = Set.of("server", "key", "spec", "region", "currency", "nodes", "size-gb",
            "resource-type");
    private static final Map<String, String> ENDPOINTS = Map.of("ppu", "pay-per-use", "prepaid", "prepaid",
            "compare", "comparison");
    private static final String USAGE = """
            usage: tollgate quote ppu     --spec CODE [--nodes N | --size-gb GB] --duration HOURS|ISO (e.g. 1.5, PT90M, P30D)
                   tollgate quote prepaid --spec CODE [--nodes N | --size-gb GB] --term P1M..P11M|P1Y..P3Y | --months N | --years N
                   tollgate quote compare --spec CODE [--nodes N | --size-gb GB] [--hours-per-month H (default 730)]
            common: [--region R (cn-north-4)] [--currency C (CNY)] [--resource-type T]
                    [--server URL (http://localhost:8731)] [--key KEY (env TOLLGATE_API_KEY, else the demo operator key)]""";

    private QuoteCommand() {
    }

    public static int run(String[] args) {
        return execute(args, System.getenv(), System.out, System.err);
    }

    /** {@code args} as on the command line, starting with "quote"; {@code env} supplies TOLLGATE_API_KEY. */
    static int execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length < 2 || !ENDPOINTS.containsKey(args[1])) {
            err.println(USAGE);
            return 2;
        }
        String sub = args[1];
        Map<String, String> flags;
        Map<String, Object> body;
        try {
            flags = flags(List.of(args).subList(2, args.length), allowed(sub));
            body = body(sub, flags);
        } catch (IllegalArgumentException e) {
            err.println("tollgate quote: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        String server = flags.getOrDefault("server", DEFAULT_SERVER).replaceAll("/+$", "");
        String key = flags.getOrDefault("key", env.getOrDefault("TOLLGATE_API_KEY", DEMO_KEY));
        return post(server + "/api/v1/quotes/" + ENDPOINTS.get(sub), key, JSON.writeValueAsString(body), out, err);
    }

    private static Set<String> allowed(String sub) {
        Set<String> own = switch (sub) {
            case "ppu" -> Set.of("duration");
            case "prepaid" -> Set.of("term", "months", "years");
            default -> Set.of("hours-per-month");
        };
        Set<String> all = new java.util.HashSet<>(COMMON);
        all.addAll(own);
        return all;
    }

    /** {@code --name value} or {@code --name=value}; each flag at most once. */
    static Map<String, String> flags(List<String> args, Set<String> allowed) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (flags.put(name, value) != null) {
                throw new IllegalArgumentException("--" + name + " given twice");
            }
        }
        return flags;
    }

    /** The request body; the server checks the values, this only shapes them. */
    static Map<String, Object> body(String sub, Map<String, String> flags) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("specCode", required(flags, "spec"));
        body.put("region", flags.getOrDefault("region", "cn-north-4"));
        body.put("currency", flags.getOrDefault("currency", "CNY"));
        putNumber(body, "nodes", flags.get("nodes"));
        putNumber(body, "sizeGb", flags.get("size-gb"));
        if (flags.containsKey("resource-type")) {
            body.put("resourceType", flags.get("resource-type"));
        }
        switch (sub) {
            case "ppu" -> body.put("duration", required(flags, "duration"));
            case "prepaid" -> body.put("term", term(flags));
            default -> body.put("hoursPerMonth", flags.get("hours-per-month"));
        }
        return body;
    }

    private static String term(Map<String, String> flags) {
        int given = (flags.containsKey("term") ? 1 : 0) + (flags.containsKey("months") ? 1 : 0)
                + (flags.containsKey("years") ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("give exactly one of --term, --months and --years");
        }
        if (flags.containsKey("term")) {
            return flags.get("term");
        }
        return flags.containsKey("months") ? "P" + flags.get("months") + "M" : "P" + flags.get("years") + "Y";
    }

    private static String required(Map<String, String> flags, String name) {
        String value = flags.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static void putNumber(Map<String, Object> body, String field, String text) {
        if (text == null) {
            return;
        }
        try {
            body.put(field, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " must be a whole number, not " + text);
        }
    }

    private static int post(String url, String key, String body, PrintStream out, PrintStream err) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        } catch (IllegalArgumentException e) {
            err.println("tollgate quote: bad --server " + url + ": " + e.getMessage());
            return 2;
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            err.println("tollgate quote: no Tollgate answers at " + url + " (start one with ./tollgate serve)");
            return 2;
        } catch (IOException e) {
            err.println("tollgate quote: " + url + ": " + e);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        boolean ok = response.statusCode() / 100 == 2;
        (ok ? out : err).println(pretty(response.body()));
        return ok ? 0 : 1;
    }

    private static String pretty(String body) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(body));
        } catch (JacksonException e) {
            return body;
        }
    }
}
