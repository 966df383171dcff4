package io.consilium.server.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.hibernate.query.CommonQueryContract;

/**
 * The conditions of a search built from optional criteria: each criterion that is given adds its condition and
 * the value of its named parameter, and the values are bound to the query in one go. Conditions are query text
 * of our own; values only ever travel as parameters.
 */
public final class SearchConditions {

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    /** Adds the condition, which names {@code :parameter}, when the value is given (not null, not an empty collection). */
    public SearchConditions and(String condition, String parameter, Object value) {
        if (value == null || value instanceof Collection<?> values && values.isEmpty()) {
            return this;
        }
        conditions.add(condition);
        parameters.put(parameter, value);
        return this;
    }

    /** Adds a condition without parameters when it applies. */
    public SearchConditions and(boolean applies, String condition) {
        if (applies) {
            conditions.add(condition);
        }
        return this;
    }

    /**
     * Adds the other conditions, when there are any, as one condition: {@code wrap} turns them (joined by "and")
     * into it, e.g. a subquery. Their parameters join these.
     */
    public SearchConditions and(SearchConditions inner, UnaryOperator<String> wrap) {
        if (!inner.conditions.isEmpty()) {
            conditions.add(wrap.apply(inner.joined()));
            parameters.putAll(inner.parameters);
        }
        return this;
    }

    /** {@code " where a and b"}, or nothing when no criterion was given. */
    public String where() {
        return conditions.isEmpty() ? "" : " where " + joined();
    }

    /** {@code " and a and b"}, to follow a query's own conditions; nothing when no criterion was given. */
    public String andAll() {
        return conditions.isEmpty() ? "" : " and " + joined();
    }

    /** Binds every given criterion's value to the query. */
    public <Q extends CommonQueryContract> Q bind(Q query) {
        parameters.forEach(query::setParameter);
        return query;
    }

    private String joined() {
        return String.join(" and ", conditions);
    }
}
