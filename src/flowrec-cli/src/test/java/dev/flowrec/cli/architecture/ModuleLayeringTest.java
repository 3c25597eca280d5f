package dev.flowrec.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Style rule 1 over every module's production classes: the CLI depends on all the others, so its
 * test class path is the one place that sees them all. Packages map to modules: {@code core},
 * {@code models}, {@code data}, {@code serving}, {@code embedded}, {@code job} (flink-jobs), {@code
 * bench} and {@code cli}, all under {@code dev.flowrec}; integration-tests has no production
 * classes.
 */
class ModuleLayeringTest {
    private static final JavaClasses FLOWREC =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.flowrec");

    @Test
    void onlyFlinkJobsAndTheCliImportFlink() {
        noClasses()
                .that()
                .resideInAPackage("dev.flowrec..")
                .and()
                .resideOutsideOfPackages("dev.flowrec.job..", "dev.flowrec.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.flink..")
                .because(
                        "pure logic, models, data, serving and benchmarks run without Flink (house"
                                + " layering rule)")
                .check(FLOWREC);
    }

    @Test
    void onlyModelsAndBenchmarksImportNd4jOrDl4j() {
        noClasses()
                .that()
                .resideInAPackage("dev.flowrec..")
                .and()
                .resideOutsideOfPackages("dev.flowrec.models..", "dev.flowrec.bench..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.nd4j..", "org.bytedeco..", "org.deeplearning4j..")
                .because(
                        "the numeric backend stays behind the models' interface, so a GPU build"
                            + " swaps it in one module; benchmarks may measure it directly (house"
                            + " layering rule)")
                .check(FLOWREC);
    }

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
                        "org.nd4j..",
                        "org.bytedeco..")
                .because("flowrec-core is pure logic (house layering rule)")
                .check(FLOWREC);
    }

    @Test
    void dataModelsAndBenchmarksUseNoKafka() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.flowrec.data..", "dev.flowrec.models..", "dev.flowrec.bench..")
                .and()
                .resideOutsideOfPackages("dev.flowrec.bench.fault..", "dev.flowrec.bench.serving..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka..")
                .because(
                        "data sets, models and benchmarks run in one process; Kafka is the job's,"
                                + " the serving fleet's, the demo's, the fault benchmark's (the"
                                + " whole pipeline on a cluster) and the serving benchmark's"
                                + " (snapshots through a broker to a real subscriber)")
                .check(FLOWREC);
    }

    @Test
    void onlyTheCliUsesTheCliOrPicocli() {
        noClasses()
                .that()
                .resideInAPackage("dev.flowrec..")
                .and()
                .resideOutsideOfPackage("dev.flowrec.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.flowrec.cli..", "picocli..")
                .because(
                        "the CLI is a thin shell over the other modules, never the other way round")
                .check(FLOWREC);
    }

    @Test
    void onlyTheCliUsesTheBenchmarks() {
        noClasses()
                .that()
                .resideInAPackage("dev.flowrec..")
                .and()
                .resideOutsideOfPackages("dev.flowrec.bench..", "dev.flowrec.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.flowrec.bench..")
                .because("benchmarks measure the product; the product never needs them")
                .check(FLOWREC);
    }
}
