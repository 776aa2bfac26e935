package dev.sluice.yaml;

import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

import java.util.Optional;

/**
 * Reads the plain subset of YAML that pipelines are written in straight from the text into {@link YamlNode}s, with
 * the same tags, lines and columns as {@link YamlTree}, but without snakeyaml's tokens, events and marks (half the
 * CPU of a 100,000-step plan). The subset: one document whose root is a block mapping; block mappings and block
 * sequences (compact {@code - key: value} items included); plain scalars on one line; single- and double-quoted
 * scalars on one line (escapes {@code \\ \" \/ \n \t \r \0} and space); flow sequences and mappings on one line;
 * comments. Anything else (anchors, aliases, tags, block scalars, multi-line scalars or flow collections, directives,
 * document markers, merge keys, tabs, {@code ?} keys, odd indentation, errors of any kind) makes it decline, and the
 * caller reads the text with snakeyaml as before: every error message stays snakeyaml's. The entries of the root's
 * first {@code steps:} block mapping are streamed like {@link YamlTree#compose}'s. Thread-safe through {@link #read}.
 */
final class SimpleYamlReader {
    /** Deeper than this, decline (snakeyaml's path reports {@link YamlTree#MAX_DEPTH}). */
    private static final int MAX_DEPTH = 60;
    /** snakeyaml refuses a simple key longer than 1,024 characters; decline long before. */
    private static final int MAX_KEY = 1000;

    private final String text;
    private final int end;
    private final ScalarResolver resolver;
    private final YamlTree.EntrySink sink;
    /** The position being read, the start of its line and the line's 0-based number. */
    private int pos;
    private int lineStart;
    private int line;
    /** False once the end of the text is reached by {@link #nextContentLine}. */
    private boolean more;
    private boolean stepsSeen;
    private int depth;

    private SimpleYamlReader(String text, ScalarResolver resolver, YamlTree.EntrySink sink) {
        this.text = text;
        this.end = text.length();
        this.resolver = resolver;
        this.sink = sink;
    }

    /** Declines: the text is outside the subset. Without a stack trace, thrown at most once per text. */
    private static final class Declined extends RuntimeException {
        Declined() {
            super(null, null, false, false);
        }
    }

    private static Declined decline() {
        return new Declined();
    }

    /**
     * The document's root (a map), its first {@code steps:} block mapping's entries streamed to {@code steps}; or
     * empty when the text is outside the subset (an empty document included). After an empty answer {@code steps}
     * may have received some entries: start the reading again from scratch.
     */
    static Optional<YamlNode> read(String text, ScalarResolver resolver, YamlTree.EntrySink steps) {
        if (!printable(text)) return Optional.empty();
        SimpleYamlReader r = new SimpleYamlReader(text, resolver, steps);
        try {
            return Optional.of(r.document());
        } catch (Declined e) {
            return Optional.empty();
        }
    }

    /** Only line feeds and printable characters of the Basic Multilingual Plane: columns count characters then. */
    private static boolean printable(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F || c == '\n') continue;
            if (c < 0xA0 || c >= 0xD800 && c < 0xE000 || c >= 0xFFFE || c == 0xFEFF || c == 0x2028 || c == 0x2029) {
                return false;
            }
        }
        return true;
    }

    private YamlNode document() {
        more = true;
        contentFrom(0);
        if (!more) throw decline();
        int indent = pos - lineStart;
        if (keyEnd(pos) < 0) throw decline();
        YamlMap root = blockMapping(indent, true, false);
        if (more) throw decline();
        return root;
    }

    // ---- lines

    /**
     * From anywhere on a line whose content was read, to the first character of the next line holding more than
     * spaces and a comment; {@link #more} false at the end. Declines at document markers and directives.
     */
    private void nextContentLine() {
        int p = pos;
        // the rest of the current line was checked by the caller: skip it
        while (p < end && text.charAt(p) != '\n') p++;
        if (p >= end) {
            pos = end;
            more = false;
            return;
        }
        line++;
        contentFrom(p + 1);
    }

    /** Like {@link #nextContentLine}, from {@code p}, the start of line {@link #line}. */
    private void contentFrom(int p) {
        while (true) {
            lineStart = p;
            while (p < end && text.charAt(p) == ' ') p++;
            if (p >= end) {
                pos = end;
                more = false;
                return;
            }
            char c = text.charAt(p);
            if (c == '#') {
                while (p < end && text.charAt(p) != '\n') p++;
                if (p >= end) {
                    pos = end;
                    more = false;
                    return;
                }
                c = '\n';
            }
            if (c == '\n') {
                p++;
                line++;
                continue;
            }
            if (p == lineStart && (c == '%' || startsMarker(p))) throw decline();
            pos = p;
            return;
        }
    }

    private boolean startsMarker(int p) {
        return p + 2 < end && (text.startsWith("---", p) || text.startsWith("...", p));
    }

    private int column() {
        return pos - lineStart;
    }

    private char at(int p) {
        return p < end ? text.charAt(p) : '\n';
    }

    private void skipSpaces() {
        while (pos < end && text.charAt(pos) == ' ') pos++;
    }

    /** After a value on its line: only spaces and a comment may follow. */
    private void restOfLine() {
        int p = pos;
        while (p < end && text.charAt(p) == ' ') p++;
        char c = at(p);
        if (c == '\n') return;
        if (c == '#' && p > pos) return;
        throw decline();
    }

    // ---- block collections

    /**
     * A block mapping whose first key starts at {@link #pos}, at column {@code indent}. Returns at the first content
     * line indented less (or at the end); declines at one indented more or at anything but a key.
     */
    private YamlMap blockMapping(int indent, boolean root, boolean streamed) {
        if (++depth > MAX_DEPTH) throw decline();
        YamlMap map = new YamlMap(Tag.MAP, line + 1, indent + 1);
        while (true) {
            int keyLine = line;
            YamlScalar key = key();
            // pos just after the ':'
            int colon = column();
            boolean stream = false;
            if (root && !stepsSeen && key.getValue().equals("steps")) {
                stepsSeen = true;
                stream = true;
            }
            skipSpaces();
            char c = at(pos);
            YamlNode value;
            if (c == '\n' || c == '#') {
                nextContentLine();
                int next = more ? column() : -1;
                if (next > indent) {
                    value = ownLineNode(next, stream);
                } else if (next == indent && isEntry(pos)) {
                    value = blockSequence(indent, true);
                } else {
                    value = new YamlScalar(resolve("", true), "", keyLine + 1, colon + 1, false);
                }
            } else {
                // a flow mapping of steps would stream through snakeyaml's path
                if (stream && c == '{') throw decline();
                value = inlineValue();
                restOfLine();
                nextContentLine();
                if (more && column() > indent) throw decline();
            }
            if (streamed) {
                sink.entry(key, value);
                map.countStreamed();
            } else {
                map.put(key, value);
            }
            if (!more || column() < indent) break;
            if (column() > indent) throw decline();
        }
        depth--;
        return map;
    }

    /** A block node that starts a line of its own at column {@code indent}: a sequence or a mapping. */
    private YamlNode ownLineNode(int indent, boolean stream) {
        if (isEntry(pos)) return blockSequence(indent, false);
        if (keyEnd(pos) < 0) throw decline();
        return blockMapping(indent, false, stream);
    }

    /** True for {@code -} followed by a space or the end of the line. */
    private boolean isEntry(int p) {
        if (at(p) != '-') return false;
        char n = at(p + 1);
        return n == ' ' || n == '\n';
    }

    /**
     * A block sequence whose first {@code -} is at {@link #pos}, column {@code indent}. An indentless one (the value
     * of a key at the same column) ends at the first line that is no entry; any other declines there.
     */
    private YamlList blockSequence(int indent, boolean indentless) {
        if (++depth > MAX_DEPTH) throw decline();
        YamlList list = new YamlList(Tag.SEQ, line + 1, indent + 1);
        while (true) {
            // pos at '-'
            if (at(pos + 1) != ' ') throw decline();
            pos++;
            skipSpaces();
            char c = at(pos);
            if (c == '\n' || c == '#' || isEntry(pos) || c == '?' && at(pos + 1) == ' ') throw decline();
            if (keyEnd(pos) >= 0) {
                list.add(blockMapping(column(), false, false));
            } else {
                list.add(inlineValue());
                restOfLine();
                nextContentLine();
            }
            if (!more || column() < indent) break;
            if (column() > indent) throw decline();
            if (!isEntry(pos)) {
                if (indentless) break;
                throw decline();
            }
        }
        depth--;
        return list;
    }

    /**
     * Where the key that starts at {@code p} ends (its ':'), or -1 when no plain or quoted key within the subset
     * starts there.
     */
    private int keyEnd(int p) {
        char c = at(p);
        if (c == '"' || c == '\'') {
            int q = quotedEnd(p);
            return q >= 0 && at(q) == ':' && (at(q + 1) == ' ' || at(q + 1) == '\n') && q - p <= MAX_KEY ? q : -1;
        }
        if (!plainStart(p, false)) return -1;
        for (int i = p; i < end && i - p <= MAX_KEY; i++) {
            char k = text.charAt(i);
            switch (k) {
                case '\n', ',', '[', ']', '{', '}', '"', '\'' -> {
                    return -1;
                }
                case '#' -> {
                    if (text.charAt(i - 1) == ' ') return -1;
                }
                case ':' -> {
                    char n = at(i + 1);
                    if (n == ' ' || n == '\n') return text.charAt(i - 1) == ' ' ? -1 : i;
                }
                default -> {
                }
            }
        }
        return -1;
    }

    /** The key at {@link #pos} (which {@link #keyEnd} accepted) and its ':'; pos ends after the colon. */
    private YamlScalar key() {
        int colon = keyEnd(pos);
        if (colon < 0) throw decline();
        YamlScalar key;
        if (at(pos) == '"' || at(pos) == '\'') {
            key = quoted();
        } else {
            String value = text.substring(pos, colon);
            if (value.equals("<<")) throw decline();
            key = new YamlScalar(resolve(value, true), value, line + 1, column() + 1, false);
        }
        if (Tag.MERGE.equals(key.getTag())) throw decline();
        pos = colon + 1;
        return key;
    }

    // ---- values on one line

    /** A flow collection, a quoted scalar or a plain scalar starting at {@link #pos}; pos ends after it. */
    private YamlNode inlineValue() {
        char c = at(pos);
        if (c == '[' || c == '{') return flow();
        if (c == '"' || c == '\'') return quoted();
        if (!plainStart(pos, false)) throw decline();
        int start = pos;
        int p = pos;
        int last = p;
        while (p < end) {
            char k = text.charAt(p);
            if (k == '\n') break;
            if (k == '#' && text.charAt(p - 1) == ' ') break;
            if (k == ':' && (at(p + 1) == ' ' || at(p + 1) == '\n')) throw decline();
            if (k != ' ') last = p;
            p++;
        }
        return plainScalar(start, last);
    }

    /**
     * True when a plain scalar may start at {@code p}: not at an indicator, nor at {@code - ? :} followed by a space
     * (in a flow collection, nor by a flow indicator).
     */
    private boolean plainStart(int p, boolean flow) {
        char c = at(p);
        switch (c) {
            case '\n', ' ', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> {
                return false;
            }
            case '-', '?', ':' -> {
                char n = at(p + 1);
                return c == '-' && n != ' ' && n != '\n' && !(flow && ",[]{}".indexOf(n) >= 0);
            }
            default -> {
                return true;
            }
        }
    }

    /** Where the quoted scalar at {@code p} ends (after its closing quote), or -1 if it does not end on its line. */
    private int quotedEnd(int p) {
        char q = text.charAt(p);
        for (int i = p + 1; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n') return -1;
            if (c == q) {
                if (q == '\'' && at(i + 1) == '\'') {
                    i++;
                    continue;
                }
                return i + 1;
            }
            if (q == '"' && c == '\\') i++;
        }
        return -1;
    }

    /** A quoted scalar on one line at {@link #pos}; pos ends after its closing quote. */
    private YamlScalar quoted() {
        int start = pos;
        int close = quotedEnd(start);
        if (close < 0) throw decline();
        char q = text.charAt(start);
        String value = text.substring(start + 1, close - 1);
        if (value.indexOf(q == '"' ? '\\' : '\'') >= 0) value = unescape(value, q);
        YamlScalar scalar = new YamlScalar(Tag.STR, value, line + 1, column() + 1, true);
        pos = close;
        return scalar;
    }

    private static String unescape(String raw, char quote) {
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quote == '\'') {
                b.append(c);
                if (c == '\'') i++;
                continue;
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            b.append(switch (e) {
                case '\\', '"', '/', ' ' -> e;
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case '0' -> '\0';
                default -> throw decline();
            });
        }
        return b.toString();
    }

    /** A flow sequence or mapping that closes on its line, of scalars and flow collections; pos ends after it. */
    private YamlNode flow() {
        if (++depth > MAX_DEPTH) throw decline();
        boolean map = at(pos) == '{';
        char close = map ? '}' : ']';
        YamlNode node = map ? new YamlMap(Tag.MAP, line + 1, column() + 1) : new YamlList(Tag.SEQ, line + 1, column() + 1);
        pos++;
        skipSpaces();
        if (at(pos) == close) {
            pos++;
            depth--;
            return node;
        }
        while (true) {
            if (map) {
                YamlScalar key = flowKey();
                skipSpaces();
                ((YamlMap) node).put(key, flowNode());
            } else {
                ((YamlList) node).add(flowNode());
            }
            skipSpaces();
            char c = at(pos);
            if (c == close) {
                pos++;
                break;
            }
            if (c != ',') throw decline();
            pos++;
            skipSpaces();
        }
        depth--;
        return node;
    }

    /** A flow mapping's key and its ': '; pos ends after the colon. */
    private YamlScalar flowKey() {
        YamlScalar key;
        int start = pos;
        if (at(pos) == '"' || at(pos) == '\'') {
            key = quoted();
        } else {
            key = flowPlain(true);
            if (key.getValue().equals("<<") || Tag.MERGE.equals(key.getTag())) throw decline();
        }
        if (pos - start > MAX_KEY || at(pos) != ':' || at(pos + 1) != ' ') throw decline();
        pos++;
        return key;
    }

    private YamlNode flowNode() {
        char c = at(pos);
        if (c == '[' || c == '{') return flow();
        if (c == '"' || c == '\'') return quoted();
        return flowPlain(false);
    }

    /**
     * A plain scalar in a flow collection: it ends before {@code , [ ] { }}, or before {@code ': '} for a key;
     * declines at any other ':' or '#'. pos ends after its last non-space character.
     */
    private YamlScalar flowPlain(boolean key) {
        if (!plainStart(pos, true)) throw decline();
        int start = pos;
        int p = pos;
        int last = p;
        while (p < end) {
            char k = text.charAt(p);
            if (k == '\n') throw decline();
            if (k == ',' || k == '[' || k == ']' || k == '{' || k == '}') break;
            if (k == '#') throw decline();
            if (k == ':') {
                if (key && at(p + 1) == ' ' && p > start && text.charAt(p - 1) != ' ') break;
                throw decline();
            }
            if (k != ' ') last = p;
            p++;
        }
        return plainScalar(start, last);
    }

    /** The plain scalar from {@code start} to {@code last} (inclusive), at the current position; moves past it. */
    private YamlScalar plainScalar(int start, int last) {
        String value = text.substring(start, last + 1);
        YamlScalar scalar = new YamlScalar(resolve(value, true), value, line + 1, column() + 1, false);
        pos = last + 1;
        return scalar;
    }

    /** The core schema's tag, as {@link YamlTree} resolves it. */
    private Tag resolve(String value, boolean plain) {
        if (plain && YamlTree.isPlainText(value)) return Tag.STR;
        return resolver.resolve(value, plain);
    }
}
