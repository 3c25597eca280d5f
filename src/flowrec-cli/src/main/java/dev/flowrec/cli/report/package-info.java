/**
 * Report folders (benchmark.md's format): {@link dev.flowrec.cli.report.ReportFolder} writes
 * results.json and summary.md, {@link dev.flowrec.cli.report.AucChart} the PNG plots (XChart), and
 * every report is headed by the {@link dev.flowrec.cli.report.Machine}.
 */
package dev.flowrec.cli.report;
