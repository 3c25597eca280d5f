package dev.flowrec.serving.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@code flowrec serve}: Javalin routes onto {@link ServingApi}, plus request
 * metrics. Nothing here decides anything; a refused request ({@link BadRequest}) is answered with
 * its 4xx, and any other exception is a server bug answered with a 500 and logged.
 */
public final class ScoringServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringServer.class);

    /**
     * Request bodies above this are refused by Jetty before parsing (a ranking request of the
     * default 1,000 candidates with a few features each is well below).
     */
    static final long MAX_BODY_BYTES = 8L << 20;

    private static final int RESPONSE_COPY_BYTES = 2048;

    private final Javalin app;

    private ScoringServer(Javalin app) {
        this.app = app;
    }

    /** Starts serving on {@code host:port} (port 0 picks a free one, see {@link #port()}). */
    public static ScoringServer start(
            ServingApi api, ServingMetrics metrics, String host, int port) {
        Javalin app =
                Javalin.create(
                        config -> {
                            config.startup.showJavalinBanner = false;
                            config.http.maxRequestSize = MAX_BODY_BYTES;
                            // Javalin copies each answer through a buffer of this size, 32 KB by
                            // default: most of what a small answer allocated, and GC pauses were
                            // the HTTP tail.
                            config.http.responseBufferSize = RESPONSE_COPY_BYTES;
                            var routes = config.routes;
                            routes.post(
                                    "/score",
                                    ctx -> answer(ctx, "/score", metrics, c -> api.score(body(c))));
                            routes.get(
                                    "/model",
                                    ctx -> answer(ctx, "/model", metrics, c -> api.model()));
                            routes.post(
                                    "/model/pin",
                                    ctx ->
                                            answer(
                                                    ctx,
                                                    "/model/pin",
                                                    metrics,
                                                    c -> api.pin(body(c))));
                            routes.delete(
                                    "/model/pin",
                                    ctx -> answer(ctx, "/model/pin", metrics, c -> api.unpin()));
                            routes.post(
                                    "/model/unpin",
                                    ctx -> answer(ctx, "/model/unpin", metrics, c -> api.unpin()));
                            routes.post(
                                    "/model/rollback",
                                    ctx ->
                                            answer(
                                                    ctx,
                                                    "/model/rollback",
                                                    metrics,
                                                    c -> api.rollback(body(c))));
                            routes.get(
                                    "/healthz",
                                    ctx -> answer(ctx, "/healthz", metrics, c -> api.health()));
                            routes.get(
                                    "/readyz",
                                    ctx -> answer(ctx, "/readyz", metrics, c -> api.ready()));
                            routes.get(
                                    "/metrics",
                                    ctx ->
                                            answer(
                                                    ctx,
                                                    "/metrics",
                                                    metrics,
                                                    c ->
                                                            new Reply(
                                                                    200,
                                                                    metrics.contentType(),
                                                                    metrics.scrape())));
                        });
        app.start(host, port);
        LOG.info("Serving HTTP on {}:{}", host, app.port());
        return new ScoringServer(app);
    }

    /**
     * The request body, read into an array of its declared length: Javalin's own read goes through
     * growing buffers, which was most of what a small request allocated.
     */
    private static String body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw tooLarge(declared + " bytes");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] bytes;
            if (declared >= 0) {
                bytes = new byte[(int) declared];
                int read = in.readNBytes(bytes, 0, bytes.length);
                if (read < bytes.length) {
                    bytes = Arrays.copyOf(bytes, read);
                }
            } else {
                bytes = in.readNBytes((int) MAX_BODY_BYTES + 1);
                if (bytes.length > MAX_BODY_BYTES) {
                    throw tooLarge("more than " + MAX_BODY_BYTES + " bytes");
                }
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private static BadRequest tooLarge(String size) {
        return new BadRequest(
                Problem.BODY_TOO_LARGE,
                "the body has " + size + "; at most " + MAX_BODY_BYTES + " are read");
    }

    private static void answer(
            Context ctx, String endpoint, ServingMetrics metrics, Function<Context, Reply> call) {
        long started = System.nanoTime();
        Reply reply;
        try {
            reply = call.apply(ctx);
        } catch (BadRequest e) {
            metrics.refused(endpoint, e.problem());
            reply = ServingApi.refused(e);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", ctx.method(), endpoint, e);
            reply =
                    Reply.json(
                            500,
                            "{\"error\":\"internal\",\"message\":\"the server failed; see its"
                                    + " log\"}");
        }
        ctx.status(reply.status()).contentType(reply.contentType()).result(reply.body());
        metrics.observe(endpoint, reply.status(), System.nanoTime() - started);
    }

    /** The port listened on. */
    public int port() {
        return app.port();
    }

    /** Stops accepting requests and lets those in flight finish. */
    @Override
    public void close() {
        app.stop();
    }
}
