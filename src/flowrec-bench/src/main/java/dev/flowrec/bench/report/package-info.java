/**
 * Report folders (benchmark.md's format): {@link dev.flowrec.bench.report.ReportFolder} writes
 * results.json and summary.md, {@link dev.flowrec.bench.report.AucChart} the PNG plots (XChart), and
 * every report is headed by the {@link dev.flowrec.bench.report.Machine}.
 */
package dev.flowrec.bench.report;
