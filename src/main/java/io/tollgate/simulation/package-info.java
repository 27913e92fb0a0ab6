/**
 * Deterministic simulation (issue "Nothing stalls, nothing is lost"): {@link SimulationGenerator}
 * turns a seed into months of mixed steps (pure, no Spring, no database), {@link SimulationPlayer}
 * applies them through the same services the scenario runner uses, {@link InvariantChecker}
 * recomputes the money and job invariants in SQL, {@link Simulation} runs a seed on its own
 * embedded PostgreSQL with restarts, and {@link Shrinker} reduces a failing step list.
 * See RELIABILITY.md.
 */
package io.tollgate.simulation;
