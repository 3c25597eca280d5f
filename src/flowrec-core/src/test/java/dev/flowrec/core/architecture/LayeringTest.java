package dev.flowrec.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Style rule 1: pure logic imports no Flink, Kafka or DL4J, so it stays unit-testable in
 * milliseconds and usable from serving fleets. Runs over the core's production classes.
 */
class LayeringTest {
    private static final JavaClasses CORE =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.flowrec.core");

    @Test
    void coreImportsNoFlinkKafkaOrDl4j() {
        noClasses()
                .that()
                .resideInAPackage("dev.flowrec.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.flink..",
                        "org.apache.kafka..",
                        "org.deeplearning4j..",
                        "org.nd4j..")
                .because("flowrec-core is pure logic (house layering rule)")
                .check(CORE);
    }
}
