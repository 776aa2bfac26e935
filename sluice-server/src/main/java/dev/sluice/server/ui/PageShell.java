package dev.sluice.server.ui;

import dev.sluice.server.auth.Caller;

/**
 * The HTML of a page before its module runs: head, navigation, who is signed in (with the sign-out form), and an
 * empty main area. The only values it writes are the token's name and role, the session's CSRF token and the
 * page's own constants, all escaped. Stateless.
 */
final class PageShell {
    private PageShell() {}

    static String render(Page page, Caller caller, String csrf) {
        StringBuilder h = new StringBuilder(2048);
        head(h, page.title, csrf);
        for (Page.Library l : page.libraries) h.append("<script src=\"/ui/lib/").append(l.file).append("\" defer></script>\n");
        h.append("<script type=\"module\" src=\"/ui/app/page-").append(page.module).append(".js\"></script>\n");
        h.append("</head>\n<body data-user=\"").append(Html.escape(caller.name())).append("\" data-role=\"")
                .append(Html.escape(caller.role().label())).append("\" data-page=\"").append(page.module).append("\">\n");
        h.append("<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"top\">\n")
                .append("<a class=\"brand\" href=\"/runs\">Sluice</a>\n<nav aria-label=\"Main\"><ul>");
        for (Page p : Page.NAVIGATION) {
            h.append("<li><a href=\"").append(p.path).append('"');
            if (page.section() == p) h.append(" aria-current=\"page\"");
            h.append('>').append(Html.escape(p.title)).append("</a></li>");
        }
        h.append("</ul></nav>\n<div class=\"who\"><span id=\"who\">").append(Html.escape(caller.name())).append(" <span class=\"role\">")
                .append(Html.escape(caller.role().label())).append("</span></span>")
                .append("<form method=\"post\" action=\"/signout\"><input type=\"hidden\" name=\"csrf\" value=\"")
                .append(Html.escape(csrf)).append("\"><button type=\"submit\" class=\"link\">Sign out</button></form></div>\n</header>\n");
        h.append("<main id=\"main\" tabindex=\"-1\">\n<h1 id=\"page-title\">").append(Html.escape(page.title)).append("</h1>\n")
                .append("<div id=\"app\"><p class=\"muted\">Loading…</p></div>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    /** The sign-in page, with a message after a failed attempt. */
    static String signIn(String next, String message) {
        StringBuilder h = new StringBuilder(2048);
        head(h, "Sign in", "");
        h.append("</head>\n<body class=\"signin\">\n<main id=\"main\">\n<h1>Sign in to Sluice</h1>\n");
        if (!message.isEmpty()) h.append("<p class=\"error\" role=\"alert\" id=\"signin-error\">").append(Html.escape(message)).append("</p>\n");
        h.append("<form method=\"post\" action=\"/signin\" class=\"card\">\n")
                .append("<input type=\"hidden\" name=\"next\" value=\"").append(Html.escape(next)).append("\">\n")
                .append("<label for=\"token\">API token</label>\n")
                .append("<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required")
                .append(" aria-describedby=\"token-help\" autofocus>\n")
                .append("<p id=\"token-help\" class=\"muted\">The server printed an admin token when it first started; it is")
                .append(" also in the file <code>server/admin-token</code> of its workspace (<code>.sluice/server/admin-token</code>")
                .append(" by default). Make more with <code>sluice token create --role viewer --name NAME</code>.</p>\n")
                .append("<button type=\"submit\">Sign in</button>\n</form>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void head(StringBuilder h, String title, String csrf) {
        h.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        if (!csrf.isEmpty()) h.append("<meta name=\"csrf-token\" content=\"").append(Html.escape(csrf)).append("\">\n");
        h.append("<title>").append(Html.escape(title)).append(" · Sluice</title>\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"/ui/app/sluice.css\">\n");
    }
}
