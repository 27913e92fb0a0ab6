package io.tollgate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The boundaries of style.md and architecture.md, checked. */
class ArchitectureTest {
    private static final List<String> DOMAINS = List.of("catalog", "customer", "resource", "settlement", "ledger", "clock", "notify", "lifecycle",
            "subscription", "metering", "promotion", "billing", "export", "cost", "messaging", "bss");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Path SOURCES = Path.of("src/main/java/io/tollgate");
    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tollgate");
    }

    @Test
    void corePackagesAndPureDomainsImportNoFramework() {
        noClasses().that().resideInAnyPackage("..core..", "io.tollgate.rating..", "io.tollgate.shared..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta..",
                        "tools.jackson..", "java.sql..", "javax.sql..", "io.micrometer..", "org.postgresql..")
                .because("core code is plain Java: records and functions, no framework, no JDBC")
                .check(classes);
    }

    @Test
    void coreCodeDoesNotReadTheWallClock() {
        noClasses().that().resideInAnyPackage("..core..", "io.tollgate.rating..")
                .should().callMethod(java.time.Instant.class, "now")
                .because("time comes from the injected clock").check(classes);
    }

    @Test
    void domainsDependOnlyUpstream() {
        noClasses().that().resideInAnyPackage("io.tollgate.catalog..", "io.tollgate.customer..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tollgate.resource..", "io.tollgate.settlement..",
                        "io.tollgate.ledger..", "io.tollgate.billing..", "io.tollgate.rating..")
                .check(classes);
        noClasses().that().resideInAPackage("io.tollgate.resource..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tollgate.settlement..", "io.tollgate.ledger..",
                        "io.tollgate.billing..", "io.tollgate.rating..")
                .because("settlement learns of resource changes through ResourceChanged events").check(classes);
        noClasses().that().resideInAPackage("io.tollgate.ledger..")
                .should().dependOnClassesThat().resideInAnyPackage("io.tollgate.resource..", "io.tollgate.settlement..",
                        "io.tollgate.catalog..", "io.tollgate.billing..", "io.tollgate.rating..")
                .check(classes);
        slices().matching("io.tollgate.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void otherPackagesOfADomainReachItOnlyThroughItsRootAndStoreIsPrivateToIt() {
        for (String domain : DOMAINS) {
            noClasses().that().resideOutsideOfPackage("io.tollgate." + domain + "..")
                    .should().dependOnClassesThat().resideInAPackage("io.tollgate." + domain + ".store..")
                    .because("a domain's SQL is its own").check(classes);
        }
    }

    /** The tables the migrations create; each must be prefixed by the domain that owns it. */
    private static List<String> tables() throws IOException {
        List<String> tables = new ArrayList<>();
        Pattern create = Pattern.compile("create table (\\w+)");
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path f : files.toList()) {
                Matcher m = create.matcher(Files.readString(f));
                while (m.find()) {
                    tables.add(m.group(1));
                }
            }
        }
        return tables;
    }

    @Test
    void everyTableIsPrefixedByItsDomain() throws IOException {
        List<String> tables = tables();
        assertThat(tables).hasSizeGreaterThan(10);
        assertThat(tables).allMatch(t -> DOMAINS.contains(t.substring(0, t.indexOf('_'))));
    }

    /** A domain's code names no other domain's table; code outside the domains names none. */
    @Test
    void noDomainReadsAnotherDomainsTables() throws IOException {
        Pattern table = Pattern.compile("\\b(" + String.join("|", tables()) + ")\\b");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                if (!DOMAINS.contains(pkg) && file.getParent().equals(SOURCES)) {
                    continue;
                }
                if (pkg.equals("cli") && file.getFileName().toString().contains("Bench")) {
                    continue; // the benchmark seeds rows in bulk; it is tooling, not a domain
                }
                if (pkg.equals("simulation")) {
                    continue; // the simulator's checker recomputes invariants from every table: an auditor, not a domain
                }
                Matcher m = table.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).startsWith(pkg + "_")) {
                        violations.add(SOURCES.relativize(file) + " names " + m.group());
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
