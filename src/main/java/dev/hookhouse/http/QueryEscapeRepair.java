package dev.hookhouse.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps a broken percent-escape in the query string ({@code token=%zz}) from reaching
 * platform-http, which parses the query into message headers with Netty's decoder before any
 * route step runs, and on a broken escape fails the request with a bare-text 400 that bypasses
 * the contract.
 *
 * <p>Runs first on the platform-http router. A query with a broken escape is rerouted with
 * each stray {@code %} written as {@code %25}: the value then decodes to text holding a
 * {@code %}, which no parameter of ours allows, so the ingest checks answer exactly as they do
 * for an undecodable value (INVALID_PARAMETER for ours, ignored for others). Queries without a
 * broken escape, nearly all of them, pass untouched.
 */
public final class QueryEscapeRepair {

    private QueryEscapeRepair() {
    }

    /** Adds the repair in front of every route of {@code router}. */
    public static void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(QueryEscapeRepair::handle);
    }

    private static void handle(RoutingContext context) {
        String query = context.request().query();
        if (query == null || !hasBrokenEscape(query)) {
            context.next();
            return;
        }
        context.reroute(context.request().method(), context.request().path() + "?"
                + repaired(query));
    }

    static boolean hasBrokenEscape(String query) {
        for (int i = query.indexOf('%'); i >= 0; i = query.indexOf('%', i + 1)) {
            if (!isEscape(query, i)) {
                return true;
            }
        }
        return false;
    }

    /** Writes every {@code %} that does not start a valid escape as {@code %25}. */
    static String repaired(String query) {
        StringBuilder repaired = new StringBuilder(query.length() + 8);
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            repaired.append(c == '%' && !isEscape(query, i) ? "%25" : String.valueOf(c));
        }
        return repaired.toString();
    }

    private static boolean isEscape(String text, int percentAt) {
        return percentAt + 2 < text.length()
                && Character.digit(text.charAt(percentAt + 1), 16) >= 0
                && Character.digit(text.charAt(percentAt + 2), 16) >= 0;
    }
}
