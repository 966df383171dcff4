package io.consilium.server.fhir;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * A search whose pages are read from the store when asked for (HAPI keeps the search for its next links and
 * asks again for each page), so a large result is never held in memory.
 *
 * @param total    how many resources match, or null when counting would cost a second full query
 * @param page     the resources from index {@code from} (inclusive) to {@code to} (exclusive)
 * @param included what each match brings along ({@code _revinclude}), after it on its page
 */
record PagedSearch(Integer total, BiFunction<Integer, Integer, List<IBaseResource>> page, InstantType published,
        Function<IBaseResource, List<IBaseResource>> included) implements IBundleProvider {

    static PagedSearch of(Integer total, BiFunction<Integer, Integer, List<IBaseResource>> page) {
        return new PagedSearch(total, page, InstantType.withCurrentTime(), match -> List.of());
    }

    /** The same search, each match followed by the resources {@code included} gives for it. */
    PagedSearch including(Function<IBaseResource, List<IBaseResource>> included) {
        return new PagedSearch(total, page, published, included);
    }

    /**
     * A search that reads its first page (and one row more) at once and counts the matches only when they go beyond
     * it: most EHR searches, one patient's studies say, fit on one page and so cost one query, not two.
     */
    static PagedSearch countingBeyondFirstPage(RequestDetails request,
            BiFunction<Integer, Integer, List<IBaseResource>> page, LongSupplier count) {
        int pageSize = firstPageSize(request);
        List<IBaseResource> first = page.apply(0, pageSize + 1);
        if (first.size() <= pageSize) {
            return of(first);
        }
        return of(Math.toIntExact(count.getAsLong()),
                (from, to) -> to <= first.size() ? first.subList(from, to) : page.apply(from, to));
    }

    /** The page HAPI will ask for first: the client's {@code _count} within the server's limit, else the default. */
    private static int firstPageSize(RequestDetails request) {
        IPagingProvider paging = request.getServer().getPagingProvider();
        String[] asked = request.getParameters().get(Constants.PARAM_COUNT);
        if (asked != null && asked.length > 0) {
            try {
                return Math.max(0, Math.min(Integer.parseInt(asked[0].strip()), paging.getMaximumPageSize()));
            } catch (NumberFormatException e) {
                // HAPI answers a malformed _count itself; page as by default meanwhile.
            }
        }
        return paging.getDefaultPageSize();
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
        // Bundle.entry.search.mode, so clients tell matches from included resources. HAPI pages by the matches
        // (from, to) and takes the included ones beyond them as they come.
        var resources = new ArrayList<IBaseResource>();
        for (IBaseResource match : page.apply(from, end)) {
            ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put((IAnyResource) match, BundleEntrySearchModeEnum.MATCH);
            resources.add(match);
            for (IBaseResource along : included.apply(match)) {
                ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put((IAnyResource) along, BundleEntrySearchModeEnum.INCLUDE);
                resources.add(along);
            }
        }
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
