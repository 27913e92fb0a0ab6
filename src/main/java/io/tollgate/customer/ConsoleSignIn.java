package io.tollgate.customer;

/** A console user with the stored password hash, for the sign-in check only. */
public record ConsoleSignIn(ConsoleUser user, String hash) {
}
