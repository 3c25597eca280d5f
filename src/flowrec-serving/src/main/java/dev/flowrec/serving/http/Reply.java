package dev.flowrec.serving.http;

/**
 * What an endpoint answers: status, content type and body. Endpoints return replies instead of
 * writing to a server's context, so they are tested without a server.
 *
 * @param status the HTTP status
 * @param contentType the body's media type
 * @param body the body
 */
public record Reply(int status, String contentType, String body) {

    static final String JSON = "application/json";

    static Reply json(int status, String body) {
        return new Reply(status, JSON, body);
    }
}
