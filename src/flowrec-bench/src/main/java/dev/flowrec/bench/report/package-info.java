/**
 * Report folders, one format for every benchmark and the demo: results.json for tools, summary.md
 * with Markdown tables for people, PNG plots. {@link dev.flowrec.bench.report.ReportFolder} writes
 * results.json (typed records, through its shared mapper, which names record components in snake
 * case) and summary.md ({@link dev.flowrec.bench.report.MarkdownTable}), {@link
 * dev.flowrec.bench.report.AucChart} the PNG plots (XChart), and every report is headed by the
 * {@link dev.flowrec.bench.report.Machine}. Trap: the snake-case naming applies to record
 * components only; map keys are written as they are.
 */
package dev.flowrec.bench.report;
