/**
 * Usage records from a Kafka topic (off unless {@code tollgate.kafka.enabled=true}): each poll is
 * one call to {@code MeteringService.ingest}, the records that can never be accepted go to a
 * dead-letter topic, and the offsets are committed only after both are durable, so a consumer
 * that dies anywhere before the commit loses nothing, and the records read again come back
 * DUPLICATE (deduplicated by record id) instead of being counted twice. See docs/kafka.md.
 */
package io.tollgate.metering.kafka;
