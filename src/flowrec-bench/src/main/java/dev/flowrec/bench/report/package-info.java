/**
 * Report folders (benchmark.md's format), written by the benchmarks and by the demo: {@link
 * dev.flowrec.bench.report.ReportFolder} writes results.json (typed records, through its shared
 * mapper, whose snake-case naming gives benchmark.md's keys) and summary.md ({@link
 * dev.flowrec.bench.report.MarkdownTable}), {@link dev.flowrec.bench.report.AucChart} the PNG
 * plots (XChart), and every report is headed by the {@link dev.flowrec.bench.report.Machine}.
 * Trap: the naming applies to record components only; map keys are written as they are.
 */
package dev.flowrec.bench.report;
