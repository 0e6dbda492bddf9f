package io.github.tcpmodel.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.security.SecureRandom;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependency rules of docs/architecture.md, checked on the main classes of every module.
 *
 * <p>Each module owns the packages named in {@link #MODULES}; the rules below are the arrows of the picture in
 * docs/architecture.md, one sentence of that document per rule. Test sources are not checked: a module's tests may
 * use anything its pom gives them in test scope (the engine's tests run the kit, the trace module's tests record
 * captures with the engine).
 */
@AnalyzeClasses(packages = "io.github.tcpmodel", importOptions = ArchitectureTest.MainClassesOnly.class)
class ArchitectureTest {

    private static final String ROOT = "io.github.tcpmodel.";

    /** The model module's packages: the table, RFC 9293 §3.10 as pure functions, and the conformance core. */
    static final String[] MODEL = {
        ROOT + "table..", ROOT + "seq..", ROOT + "option..", ROOT + "segment..", ROOT + "tcb..", ROOT + "profile..",
        ROOT + "semantics..", ROOT + "conformance.."
    };
    static final String CHECKER = ROOT + "check..";
    static final String PROPERTIES = ROOT + "property..";
    static final String DIAGRAMS = ROOT + "diagram..";
    static final String PCAP = ROOT + "pcap..";
    static final String ENGINE = ROOT + "engine..";
    static final String LINUX = ROOT + "linux..";
    static final String TRACE = ROOT + "trace..";
    static final String SCRIPT = ROOT + "script..";
    static final String CLI = ROOT + "cli..";
    static final String BENCH = ROOT + "bench..";

    /** Module name by top-level package below io.github.tcpmodel. */
    static final SliceAssignment MODULES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (!name.startsWith(ROOT)) {
                return SliceIdentifier.ignore();
            }
            String top = name.substring(ROOT.length()).split("\\.", 2)[0];
            return switch (top) {
                case "table", "seq", "option", "segment", "tcb", "profile", "semantics", "conformance" ->
                        SliceIdentifier.of("model");
                case "check" -> SliceIdentifier.of("checker");
                case "property" -> SliceIdentifier.of("properties");
                case "diagram" -> SliceIdentifier.of("diagrams");
                default -> SliceIdentifier.of(top);
            };
        }

        @Override
        public String getDescription() {
            return "the modules of docs/architecture.md";
        }
    };

    // --- the model knows no implementation ---------------------------------------------------------------------

    @ArchTest
    static final ArchRule modelDependsOnItselfJavaAndVavrOnly = classes()
            .that().resideInAnyPackage(MODEL)
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage(concat(MODEL, "java..", "io.vavr.."))
            .because("the model knows no implementation and depends on vavr alone");

    @ArchTest
    static final ArchRule modelHasNoIoClocksRandomnessOrThreads = noClasses()
            .that().resideInAnyPackage(MODEL)
            .should().dependOnClassesThat()
            .resideInAnyPackage("java.io..", "java.nio..", "java.net..", "java.time..", "java.util.concurrent..",
                    "java.util.random..", "java.lang.reflect..")
            .orShould().dependOnClassesThat()
            .belongToAnyOf(System.class, Thread.class, Runtime.class, ProcessBuilder.class, Random.class,
                    SecureRandom.class)
            .because("the model is pure: time and initial sequence numbers are inputs");

    // --- what each other module may know ----------------------------------------------------------------------

    @ArchTest
    static final ArchRule checkerKitAndDiagramsKnowOnlyTheModel = noClasses()
            .that().resideInAnyPackage(CHECKER, PROPERTIES, DIAGRAMS)
            .should().dependOnClassesThat()
            .resideInAnyPackage(PCAP, ENGINE, LINUX, TRACE, SCRIPT, CLI, BENCH)
            .because("the checker, the kit and the diagrams know only the model (the diagrams also draw the"
                    + " checker's traces)");

    @ArchTest
    static final ArchRule pcapKnowsNothingOfTcp = classes()
            .that().resideInAPackage(PCAP)
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.github.tcpmodel..")
                    .or(resideInAnyPackage(PCAP)))
            .because("pcap reads and writes capture files and knows nothing of TCP");

    @ArchTest
    static final ArchRule engineKnowsNoHarness = noClasses()
            .that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat()
            .resideInAnyPackage(CHECKER, PROPERTIES, DIAGRAMS, LINUX, TRACE, SCRIPT, CLI, BENCH)
            .because("the engine knows the model but no harness");

    @ArchTest
    static final ArchRule onlyTheLifecycleUsesSquirrel = noClasses()
            .that().resideOutsideOfPackage(ROOT + "engine.lifecycle..")
            .should().dependOnClassesThat().resideInAPackage("org.squirrelframework..")
            .because("the engine's control state is the squirrel machine generated from the transition table,"
                    + " reached only through engine.lifecycle, so the engine takes no transition the table does"
                    + " not have");

    @ArchTest
    static final ArchRule linuxKnowsNoScriptsOrTraces = noClasses()
            .that().resideInAPackage(LINUX)
            .should().dependOnClassesThat()
            .resideInAnyPackage(CHECKER, PROPERTIES, DIAGRAMS, TRACE, SCRIPT, CLI, BENCH)
            .because("linux knows the engine but not scripts");

    @ArchTest
    static final ArchRule traceKnowsNoEngine = noClasses()
            .that().resideInAPackage(TRACE)
            .should().dependOnClassesThat()
            .resideInAnyPackage(CHECKER, PROPERTIES, DIAGRAMS, ENGINE, LINUX, SCRIPT, CLI, BENCH)
            .because("trace knows the model and pcap but no engine");

    @ArchTest
    static final ArchRule onlyCliAndBenchKnowCliAndBench = noClasses()
            .that().resideOutsideOfPackages(CLI, BENCH)
            .should().dependOnClassesThat().resideInAnyPackage(CLI, BENCH)
            .because("only cli and bench know everything, and nothing knows them");

    // --- the whole picture ------------------------------------------------------------------------------------

    @ArchTest
    static final ArchRule modulesDependAlongTheArrowsOnly = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("model").definedBy(MODEL)
            .layer("checker").definedBy(CHECKER)
            .layer("properties").definedBy(PROPERTIES)
            .layer("diagrams").definedBy(DIAGRAMS)
            .layer("pcap").definedBy(PCAP)
            .layer("engine").definedBy(ENGINE)
            .layer("linux").definedBy(LINUX)
            .layer("trace").definedBy(TRACE)
            .layer("script").definedBy(SCRIPT)
            .layer("cli").definedBy(CLI)
            .layer("bench").definedBy(BENCH)
            .whereLayer("model").mayNotAccessAnyLayer()
            .whereLayer("checker").mayOnlyAccessLayers("model")
            .whereLayer("properties").mayOnlyAccessLayers("model")
            .whereLayer("diagrams").mayOnlyAccessLayers("model", "checker")
            .whereLayer("pcap").mayNotAccessAnyLayer()
            .whereLayer("engine").mayOnlyAccessLayers("model", "pcap")
            .whereLayer("linux").mayOnlyAccessLayers("model", "pcap", "engine")
            .whereLayer("trace").mayOnlyAccessLayers("model", "pcap")
            .whereLayer("script").mayOnlyAccessLayers("model", "pcap", "engine", "linux")
            .whereLayer("cli").mayOnlyAccessLayers(
                    "model", "checker", "properties", "diagrams", "pcap", "engine", "linux", "trace", "script")
            .whereLayer("bench").mayOnlyAccessLayers(
                    "model", "checker", "properties", "diagrams", "pcap", "engine", "linux", "trace", "script")
            .because("every arrow of docs/architecture.md points from a module to one listed before it");

    @ArchTest
    static final ArchRule noCyclesBetweenModules = slices()
            .assignedFrom(MODULES)
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noCyclesBetweenTopLevelPackages = slices()
            .matching("io.github.tcpmodel.(*)..")
            .should().beFreeOfCycles();

    private static String[] concat(String[] first, String... rest) {
        return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
    }

    /**
     * Main classes only: neither this module's tests nor the test jars other modules hand on (bench builds on the
     * trace module's test support), whose classes follow their own module's test-scoped dependencies.
     */
    static final class MainClassesOnly implements ImportOption {
        private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.matches(TEST_JAR);
        }
    }
}
