/** Helpers around Spring's transactions shared by the domains (what runs after a commit). */
package io.tollgate.tx;
