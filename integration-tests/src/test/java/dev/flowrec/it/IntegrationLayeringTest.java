package dev.flowrec.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Style rule 1 for this module, whose classes are all tests (the CLI's {@code ModuleLayeringTest}
 * covers every module's production classes): the integration tests drive models through their
 * interface, never through ND4J or DL4J directly.
 */
class IntegrationLayeringTest {
    private static final JavaClasses INTEGRATION_TESTS =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                    .importPackages("dev.flowrec.it");

    @Test
    void integrationTestsUseNoNd4jOrDl4j() {
        noClasses()
                .that()
                .resideInAPackage("dev.flowrec.it..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.nd4j..", "org.bytedeco..", "org.deeplearning4j..")
                .because(
                        "the numeric backend stays behind the models' interface (house layering"
                                + " rule)")
                .check(INTEGRATION_TESTS);
    }
}
