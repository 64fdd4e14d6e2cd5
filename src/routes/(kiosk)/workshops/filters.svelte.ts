/**
 * The catalogue's search and filters, kept while a visitor opens a workshop and comes
 * back. The kiosk reset clears it with everything else a visitor left.
 */
import { NO_FILTERS, type CatalogueFilters } from '$lib/domain/catalogue-filter';
import { onKioskReset } from '$lib/client/kiosk/reset';

export const filters: CatalogueFilters = $state({ ...NO_FILTERS });

export function clearFilters(): void {
  Object.assign(filters, NO_FILTERS);
}

onKioskReset(clearFilters);
