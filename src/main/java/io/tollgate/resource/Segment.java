package io.tollgate.resource;

import java.time.Instant;

/** A stretch [startedAt, endedAt) during which a meter bills {@code quantity} of one spec; open while endedAt is null. */
public record Segment(int seq, Meter meter, String specCode, int quantity, Instant startedAt, Instant endedAt) {
}
