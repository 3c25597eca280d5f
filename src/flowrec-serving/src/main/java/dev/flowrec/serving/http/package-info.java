/**
 * The HTTP server of {@code flowrec serve}: JSON scoring and model control over a {@link
 * dev.flowrec.serving.SnapshotSubscriber}, and Prometheus metrics.
 *
 * <ul>
 *   <li>{@link dev.flowrec.serving.http.ServingApi}: every endpoint as a method from body to {@link
 *       dev.flowrec.serving.http.Reply}; unit-tested without a server.
 *   <li>{@link dev.flowrec.serving.http.ScoreRequest}: the three forms of {@code POST /score} (one,
 *       batch, ranking), parsed strictly into {@code Impression}s; every refusal is a {@link
 *       dev.flowrec.serving.http.BadRequest} naming its {@link dev.flowrec.serving.http.Problem}.
 *   <li>{@link dev.flowrec.serving.http.ScoringServer}: routes only.
 *   <li>{@link dev.flowrec.serving.http.ServingMetrics}: request counts and latency, model version,
 *       age, swaps and snapshot rejections.
 * </ul>
 *
 * <p>Libraries. HTTP: Javalin 7 on Jetty 12. It is maintained, small (a thin routing layer over
 * Jetty, the server the Flink web UI and much of the JVM world run on), built for Java 17, and
 * needs no annotation processing or container; the JDK's {@code com.sun.net.httpserver} has no
 * request size limits, thread pool tuning or maintained HTTP/1.1 keep-alive handling worth betting
 * a fleet on. JSON: Jackson, already pinned by the build. Metrics: the Prometheus Java client 1.x
 * ({@code prometheus-metrics-*}), the project's own client, written in the text format.
 *
 * <p>Traps: refusals never reach the 5xx range (a 500 means a bug, and is logged); a request is
 * scored by one model version from start to end, whatever swaps meanwhile.
 */
package dev.flowrec.serving.http;
