package dev.sluice.pipeline;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.definition.CronNicknames;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The ticks of a cron expression in a time zone, as instants. The expression is parsed and its local times found by
 * cron-utils (the five-field UNIX definition plus {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly},
 * {@code @yearly}, {@code @annually} and {@code @midnight}).
 *
 * <p>Ticks follow the wall clock: each matching local date-time fires once. A local time that the zone skips (the
 * spring-forward gap: 02:30 in Europe/Berlin on the last Sunday of March) fires at the same wall-clock distance after
 * the gap (03:30 local); a local time that occurs twice (the autumn overlap) fires at its first occurrence only. Two
 * local times that land on one instant that way fire once. Immutable; thread-safe.
 */
public final class CronTicks {
    /** The cron-utils definition: UNIX fields with the usual nicknames. */
    static final CronDefinition DEFINITION = definition();
    private static final CronParser PARSER = new CronParser(DEFINITION);
    /** How many local matches a search looks at before it gives up (a gap or overlap costs one or two). */
    private static final int SEARCH = 1000;
    /** Longer than any change of offset there is (they are an hour or less). */
    private static final java.time.Duration WINDOW = java.time.Duration.ofHours(3);

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime local;

    private CronTicks(String expression, ZoneId zone, ExecutionTime local) {
        this.expression = expression;
        this.zone = zone;
        this.local = local;
    }

    /**
     * Parses {@code expression}.
     *
     * @throws IllegalArgumentException with cron-utils' account of what is wrong
     */
    public static CronTicks of(String expression, ZoneId zone) {
        Cron cron = PARSER.parse(expression.trim());
        cron.validate();
        return new CronTicks(expression, zone, ExecutionTime.forCron(cron));
    }

    private static CronDefinition definition() {
        CronDefinition unix = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
        return new CronDefinition(new ArrayList<>(unix.getFieldDefinitions()), unix.getCronConstraints(),
                EnumSet.of(CronNicknames.HOURLY, CronNicknames.DAILY, CronNicknames.MIDNIGHT, CronNicknames.WEEKLY,
                        CronNicknames.MONTHLY, CronNicknames.YEARLY, CronNicknames.ANNUALLY),
                unix.isMatchDayOfWeekAndDayOfMonth());
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first tick strictly after {@code after}; empty for an expression that never matches (31 February). */
    public Optional<Instant> next(Instant after) {
        // near a change of offset, local times just before after's may land after it (a gap's 02:30 is 03:30)
        LocalDateTime cursor = after.atZone(zone).toLocalDateTime().minus(near(after.minus(WINDOW), after));
        for (int i = 0; i < SEARCH; i++) {
            Optional<ZonedDateTime> n = local.nextExecution(cursor.atZone(ZoneOffset.UTC));
            if (n.isEmpty()) return Optional.empty();
            cursor = n.get().toLocalDateTime();
            Instant at = instant(cursor);
            if (at.isAfter(after)) return Optional.of(at);
        }
        return Optional.empty();
    }

    /** The last tick strictly before {@code before}. */
    public Optional<Instant> previous(Instant before) {
        // near a change of offset, local times just after before's may land before it (an overlap's second hour)
        LocalDateTime cursor = before.atZone(zone).toLocalDateTime().plus(near(before, before.plus(WINDOW)));
        for (int i = 0; i < SEARCH; i++) {
            Optional<ZonedDateTime> p = local.lastExecution(cursor.atZone(ZoneOffset.UTC));
            if (p.isEmpty()) return Optional.empty();
            cursor = p.get().toLocalDateTime();
            Instant at = instant(cursor);
            if (at.isBefore(before)) return Optional.of(at);
        }
        return Optional.empty();
    }

    /** The ticks in {@code (from, to]}, oldest first, at most {@code limit} (the oldest ones). */
    public List<Instant> between(Instant from, Instant to, int limit) {
        List<Instant> out = new ArrayList<>();
        Instant cursor = from;
        while (out.size() < limit) {
            Optional<Instant> n = next(cursor);
            if (n.isEmpty() || n.get().isAfter(to)) break;
            out.add(n.get());
            cursor = n.get();
        }
        return out;
    }

    /** {@link #WINDOW} when the zone's offset changes between {@code a} and {@code b}, else nothing. */
    private java.time.Duration near(Instant a, Instant b) {
        var rules = zone.getRules();
        return rules.getOffset(a).equals(rules.getOffset(b)) ? java.time.Duration.ZERO : WINDOW;
    }

    /** A local date-time in the zone: a gap's times move forward by the gap, an overlap's take the earlier offset. */
    private Instant instant(LocalDateTime t) {
        return ZonedDateTime.ofLocal(t, zone, null).toInstant();
    }
}
