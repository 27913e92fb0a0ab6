package io.tollgate.resource.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tollgate.resource.EventType;
import io.tollgate.resource.Meter;
import io.tollgate.resource.Resource;
import io.tollgate.resource.ResourceState;
import io.tollgate.resource.Segment;
import io.tollgate.shared.BillingMode;
import io.tollgate.shared.Failure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransitionTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(600);

    private static Resource notebook(ResourceState state) {
        return new Resource("nb", "c", "modelarts.notebook", "gpu", "r1", BillingMode.PAY_PER_USE, 1, null, "disk", 5,
                "default", Map.of(), state, T0, null, T0, false, null);
    }

    private static final Segment COMPUTE = new Segment(1, Meter.COMPUTE, "gpu", 1, T0, null);
    private static final Segment DISK = new Segment(2, Meter.DISK, "disk", 5, T0, null);

    @Test
    void aNotebookOpensComputeAndDiskAndStoppingKeepsTheDisk() {
        assertThat(Transition.creation(notebook(ResourceState.RUNNING), false)).extracting(Transition.NewSegment::meter)
                .containsExactly(Meter.COMPUTE, Meter.DISK);
        Transition.Change stop = Transition.apply(notebook(ResourceState.RUNNING), List.of(COMPUTE, DISK),
                EventType.STOPPED, T1, false, null, null, null);
        assertThat(stop.close()).containsExactly(COMPUTE);
        assertThat(stop.open()).isEmpty();
        assertThat(stop.billingAfter(List.of(COMPUTE, DISK))).isTrue();
        assertThat(stop.resource().state()).isEqualTo(ResourceState.STOPPED);
    }

    @Test
    void aNotebookOnItsCustomersPoolOpensOnlyItsDiskAndNeverCompute() {
        Resource r = notebook(ResourceState.RUNNING);
        Resource onPool = new Resource(r.id(), r.customerId(), r.resourceType(), r.specCode(), r.region(),
                r.billingMode(), r.nodes(), r.sizeGb(), r.diskSpecCode(), r.diskGb(), r.enterpriseProject(), r.tags(),
                r.state(), r.createdAt(), null, r.lastEventAt(), false, "pool-1");
        assertThat(Transition.creation(onPool, false)).extracting(Transition.NewSegment::meter)
                .containsExactly(Meter.DISK);
        Resource stopped = new Resource(r.id(), r.customerId(), r.resourceType(), r.specCode(), r.region(),
                r.billingMode(), r.nodes(), r.sizeGb(), r.diskSpecCode(), r.diskGb(), r.enterpriseProject(), r.tags(),
                ResourceState.STOPPED, r.createdAt(), null, r.lastEventAt(), false, "pool-1");
        assertThat(Transition.apply(stopped, List.of(DISK), EventType.STARTED, T1, false, null, null, null).open())
                .isEmpty();
        assertThat(Transition.apply(onPool, List.of(DISK), EventType.RESIZED, T1, false, null, 3, null).open())
                .isEmpty();
    }

    @Test
    void deletingClosesEverything() {
        Transition.Change delete = Transition.apply(notebook(ResourceState.STOPPED), List.of(DISK), EventType.DELETED,
                T1, false, null, null, null);
        assertThat(delete.close()).containsExactly(DISK);
        assertThat(delete.billingAfter(List.of(DISK))).isFalse();
        assertThat(delete.resource().deletedAt()).isEqualTo(T1);
    }

    @Test
    void resizingARunningResourceSplitsComputeAndAStoppedOneOnlyRemembers() {
        Transition.Change running = Transition.apply(notebook(ResourceState.RUNNING), List.of(COMPUTE, DISK),
                EventType.RESIZED, T1, false, null, 4, null);
        assertThat(running.close()).containsExactly(COMPUTE);
        assertThat(running.open()).containsExactly(new Transition.NewSegment(Meter.COMPUTE, "gpu", 4));
        Transition.Change stopped = Transition.apply(notebook(ResourceState.STOPPED), List.of(DISK), EventType.RESIZED,
                T1, false, "gpu2", null, null);
        assertThat(stopped.close()).isEmpty();
        assertThat(stopped.resource().specCode()).isEqualTo("gpu2");
    }

    @Test
    void invalidTransitionsAreRefused() {
        assertThatThrownBy(() -> Transition.apply(notebook(ResourceState.RUNNING), List.of(COMPUTE), EventType.STARTED,
                T1, false, null, null, null)).isInstanceOf(Failure.class).hasMessageContaining("STARTED needs STOPPED");
        assertThatThrownBy(() -> Transition.apply(notebook(ResourceState.DELETED), List.of(), EventType.DELETED, T1,
                false, null, null, null)).extracting(e -> ((Failure) e).code()).isEqualTo("resource-deleted");
        assertThatThrownBy(() -> Transition.apply(notebook(ResourceState.RUNNING), List.of(COMPUTE), EventType.RESIZED,
                T1, false, null, 1, null)).extracting(e -> ((Failure) e).code()).isEqualTo("invalid-resize");
    }
}
