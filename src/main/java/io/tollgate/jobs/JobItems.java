package io.tollgate.jobs;

import java.util.Collection;
import java.util.List;

/** What a job run may not touch, and where it reports an item that failed. */
public interface JobItems {
    /** Items held back (quarantined and not yet due for a retry): a claim leaves these out. */
    Collection<String> held();

    /** The item's work was rolled back: hold it back, with its error, until its retry. */
    void failed(String item, RuntimeException error);

    /** For callers outside the job runner (tests, benchmarks): nothing held, failures thrown. */
    JobItems STRICT = new JobItems() {
        @Override
        public Collection<String> held() {
            return List.of();
        }

        @Override
        public void failed(String item, RuntimeException error) {
            throw error;
        }
    };
}
