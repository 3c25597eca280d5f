package dev.flowrec.serving;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.flowrec.core.snapshot.SnapshotFormat;
import dev.flowrec.models.ModelArtifact;
import org.junit.jupiter.api.Test;

/** Style rule 1 for serving, and the one name core repeats from the models module. */
class ServingArchitectureTest {

    private static final JavaClasses SERVING =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.flowrec.serving");

    @Test
    void servingImportsNoFlink() {
        noClasses()
                .that()
                .resideInAPackage("dev.flowrec.serving..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.flink..")
                .because("serving fleets run without Flink (house layering rule)")
                .check(SERVING);
    }

    @Test
    void coreNamesTheArtifactFormatTheModelsModuleWrites() {
        assertThat(SnapshotFormat.DL4J_ZIP).isEqualTo(ModelArtifact.FORMAT);
    }
}
