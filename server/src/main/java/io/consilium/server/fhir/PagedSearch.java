package io.consilium.server.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import java.util.Date;
import java.util.List;
import java.util.function.BiFunction;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * A search whose pages are read from the store when asked for (HAPI keeps the search for its next links and
 * asks again for each page), so a large result is never held in memory.
 *
 * @param total how many resources match, or null when counting would cost a second full query
 * @param page  the resources from index {@code from} (inclusive) to {@code to} (exclusive)
 */
record PagedSearch(Integer total, BiFunction<Integer, Integer, List<IBaseResource>> page, InstantType published)
        implements IBundleProvider {

    static PagedSearch of(Integer total, BiFunction<Integer, Integer, List<IBaseResource>> page) {
        return new PagedSearch(total, page, InstantType.withCurrentTime());
    }

    /** A result small enough to be held, paged from memory. */
    static PagedSearch of(List<? extends IBaseResource> resources) {
        List<IBaseResource> all = List.copyOf(resources);
        return of(all.size(), all::subList);
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    @Override
    public List<IBaseResource> getResources(int from, int to) {
        int end = total == null ? to : Math.min(to, total);
        if (from >= end) {
            return List.of();
        }
        List<IBaseResource> resources = page.apply(from, end);
        // Bundle.entry.search.mode = match, so clients tell matches from _include'd resources.
        resources.forEach(resource -> ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put((IAnyResource) resource,
                BundleEntrySearchModeEnum.MATCH));
        return resources;
    }

    @Override
    public String getUuid() {
        return null;
    }

    @Override
    public Integer preferredPageSize() {
        return null;
    }

    @Override
    public Integer size() {
        return total;
    }
}
