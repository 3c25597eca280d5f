/**
 * Report folders, one format for every benchmark and the demo: results.json for tools, summary.md
 * with Markdown tables for people, PNG plots. {@link dev.flowrec.cli.report.ReportFolder} writes
 * results.json and summary.md, {@link dev.flowrec.cli.report.AucChart} the PNG plots (XChart), and
 * every report is headed by the {@link dev.flowrec.cli.report.Machine}.
 */
package dev.flowrec.cli.report;
