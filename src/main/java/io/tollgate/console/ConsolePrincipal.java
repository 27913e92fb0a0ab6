package io.tollgate.console;

import io.tollgate.customer.Caller;
import io.tollgate.customer.ConsoleUser;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A signed-in console user as Spring Security sees it. */
public final class ConsolePrincipal implements UserDetails, CredentialsContainer {
    private final ConsoleUser user;
    private final boolean locked;
    private String hash;

    ConsolePrincipal(ConsoleUser user, String hash, boolean locked) {
        this.user = user;
        this.hash = hash;
        this.locked = locked;
    }

    public ConsoleUser user() {
        return user;
    }

    public Caller caller() {
        return user.caller();
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name()));
    }

    @Override
    public String getPassword() {
        return hash;
    }

    @Override
    public String getUsername() {
        return user.email();
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    @Override
    public boolean isEnabled() {
        return user.disabledAt() == null;
    }

    @Override
    public void eraseCredentials() {
        hash = null;
    }
}
