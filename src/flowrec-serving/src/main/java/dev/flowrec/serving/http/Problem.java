package dev.flowrec.serving.http;

/**
 * Why a request was refused: the {@code error} field of every error answer and a label of the
 * {@code flowrec_serve_bad_requests_total} metric, so clients and dashboards can tell a typo from a
 * missing model.
 */
public enum Problem {
    /** The body is not one JSON object. */
    MALFORMED_JSON(400),
    /** A required field is missing or empty. */
    MISSING_FIELD(400),
    /** A field has the wrong JSON type, or is not a field of the request format. */
    INVALID_FIELD(400),
    /** The scenario is not one the serving model was trained on. */
    UNKNOWN_SCENARIO(400),
    /** More impressions in one request than {@code --max-candidates} allows. */
    TOO_MANY_CANDIDATES(400),
    /** A body longer than the server reads (8 MiB). */
    BODY_TOO_LARGE(413),
    /** The version named is not among the versions kept. */
    NO_SUCH_VERSION(404),
    /** A rollback while a pin holds. */
    PINNED(409),
    /** No model is loaded yet; {@code /readyz} says when there is one. */
    NO_MODEL(503);

    private final int status;

    Problem(int status) {
        this.status = status;
    }

    /** The HTTP status answered. */
    public int status() {
        return status;
    }

    /** The name clients see, e.g. {@code unknown_scenario}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
