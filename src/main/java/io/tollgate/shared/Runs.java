package io.tollgate.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run (docs/cost.md, cost per run): a training job, an inference endpoint, a model version or a
 * pipeline step, named by the first of the {@link #KEYS} a resource's or usage record's tags carry,
 * written {@code key:value} ({@code jobId:job-42}). A usage record's attributes of these keys are
 * billed as tags of its line (unless its tags name them already).
 */
public final class Runs {
    /** The tag keys that name a run, in the order they are looked for. */
    public static final List<String> KEYS = List.of("jobId", "endpointId", "modelId", "pipelineStepId");

    private Runs() {
    }

    /** The run the tags name, or null. */
    public static String of(Map<String, String> tags) {
        if (tags == null) {
            return null;
        }
        for (String k : KEYS) {
            String v = tags.get(k);
            if (v != null) {
                return k + ":" + v;
            }
        }
        return null;
    }

    /** The tags with the run keys of {@code attributes} they lack added (the tags as given when none). */
    public static Map<String, String> withRunAttributes(Map<String, String> tags, Map<String, String> attributes) {
        if (attributes == null || KEYS.stream().noneMatch(attributes::containsKey)) {
            return tags;
        }
        Map<String, String> out = tags == null ? new LinkedHashMap<>() : new LinkedHashMap<>(tags);
        for (String k : KEYS) {
            String v = attributes.get(k);
            if (v != null) {
                out.putIfAbsent(k, v);
            }
        }
        return out;
    }

    /** The same rule in SQL over a jsonb column of tags: the run's text, null without one. */
    public static String sql(String column) {
        StringBuilder s = new StringBuilder("coalesce(");
        for (int i = 0; i < KEYS.size(); i++) {
            s.append(i == 0 ? "" : ", ").append('\'').append(KEYS.get(i)).append(":' || (").append(column)
                    .append(" ->> '").append(KEYS.get(i)).append("')");
        }
        return s.append(')').toString();
    }
}
