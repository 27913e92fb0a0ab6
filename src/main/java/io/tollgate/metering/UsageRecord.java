package io.tollgate.metering;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.deser.jdk.StringDeserializer;

/**
 * A measured quantity of a meter for a resource over [windowStart, windowEnd), in the meter's
 * quantity unit, as a decimal string. {@code enterpriseProject} and {@code tags} override the
 * resource's; {@code attributes} carry the rest (job id, endpoint id ...). Its texts are read as
 * sent (Jackson's plain string reader, not the API's refusing one): a record with control
 * characters is refused on its own by validation, and the rest of its batch goes on.
 */
public record UsageRecord(@JsonDeserialize(using = StringDeserializer.class) String recordId,
                          @JsonDeserialize(using = StringDeserializer.class) String customerId,
                          @JsonDeserialize(using = StringDeserializer.class) String resourceId,
                          @JsonDeserialize(using = StringDeserializer.class) String meter,
                          @JsonDeserialize(using = StringDeserializer.class) String quantity,
                          Instant windowStart, Instant windowEnd,
                          @JsonDeserialize(using = StringDeserializer.class) String enterpriseProject,
                          @JsonDeserialize(contentUsing = StringDeserializer.class) Map<String, String> tags,
                          @JsonDeserialize(contentUsing = StringDeserializer.class) Map<String, String> attributes) {
}
