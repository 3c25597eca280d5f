package dev.flowrec.serving.http;

/**
 * A request the server refuses, with the problem that names why; the client can fix it and retry,
 * so it is answered with the problem's 4xx status and never logged as a server error.
 */
public final class BadRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Problem problem;

    public BadRequest(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    /** Why the request was refused. */
    public Problem problem() {
        return problem;
    }
}
