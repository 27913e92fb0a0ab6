package io.tollgate.console;

import io.tollgate.customer.ConsoleUserService;
import io.tollgate.web.ApiKeyFilter;
import jakarta.servlet.Filter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Spring Security for the console only. The filter chain matches the console's paths; every
 * other path (the REST API with its API keys, health, the OpenAPI document) matches no chain and
 * passes through untouched. Form login with CSRF protection on every form, sessions that expire
 * ({@code server.servlet.session.timeout}), a fresh session id at sign-in, a lock after repeated
 * failures (ConsoleUserService), sign-out that ends the session, and a strict content policy:
 * scripts only from this server.
 */
@Configuration
@EnableWebSecurity
public class ConsoleSecurity {
    /** Paths the console chain owns; ApiKeyFilter leaves exactly these to it. */
    public static final String[] PATHS = {"/", "/console", "/console/**", "/login", "/logout"};

    @Bean
    UserDetailsService consoleUsers(ConsoleUserService users) {
        return email -> users.forSignIn(email)
                .map(u -> new ConsolePrincipal(u.user(), u.hash(), users.locked(u.user())))
                .orElseThrow(() -> new UsernameNotFoundException("no such console user"));
    }

    @Bean
    AuthenticationManager consoleAuthentication(UserDetailsService consoleUsers, ConsoleUserService users) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(consoleUsers);
        provider.setPasswordEncoder(users.passwordEncoder());
        return new ProviderManager(provider);
    }

    @Bean
    SecurityFilterChain console(HttpSecurity http, AuthenticationManager consoleAuthentication, ConsoleUserService users)
            throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(jakarta.servlet.http.HttpServletRequest request,
                                                jakarta.servlet.http.HttpServletResponse response,
                                                org.springframework.security.core.Authentication auth)
                    throws java.io.IOException, jakarta.servlet.ServletException {
                users.recordSuccess(((ConsolePrincipal) auth.getPrincipal()).user().id());
                super.onAuthenticationSuccess(request, response, auth);
            }
        };
        success.setDefaultTargetUrl("/console");
        SimpleUrlAuthenticationFailureHandler failure = new SimpleUrlAuthenticationFailureHandler("/login?error") {
            @Override
            public void onAuthenticationFailure(jakarta.servlet.http.HttpServletRequest request,
                                                jakarta.servlet.http.HttpServletResponse response,
                                                org.springframework.security.core.AuthenticationException e)
                    throws java.io.IOException, jakarta.servlet.ServletException {
                String email = request.getParameter("username");
                boolean lockedNow = e instanceof BadCredentialsException && email != null && users.recordFailure(email);
                if (e instanceof LockedException || lockedNow) {
                    getRedirectStrategy().sendRedirect(request, response, "/login?locked");
                    return;
                }
                super.onAuthenticationFailure(request, response, e);
            }
        };
        http.securityMatcher(PATHS)
                .authenticationManager(consoleAuthentication)
                .authorizeHttpRequests(a -> a.requestMatchers("/login", "/console/assets/**").permitAll().anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").successHandler(success).failureHandler(failure))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut").deleteCookies("JSESSIONID"))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives("default-src 'self'; script-src 'self'; "
                                + "style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
                                + "base-uri 'none'; object-src 'none'"))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .addFilterAfter(callerFilter(), AuthorizationFilter.class);
        return http.build();
    }

    /** Puts the signed-in user's Caller where API controllers and console pages read it. */
    private static Filter callerFilter() {
        return (request, response, chain) -> {
            var auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.getPrincipal() instanceof ConsolePrincipal p) {
                request.setAttribute(ApiKeyFilter.CALLER, p.caller());
            }
            chain.doFilter(request, response);
        };
    }
}
