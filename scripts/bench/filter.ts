/**
 * The pure cost of search-as-you-type in Node: buildCatalogueIndex once over the synthetic
 * catalogue, then filterCatalogue for every prefix of the benchmark queries.
 */
import { performance } from 'node:perf_hooks';
import {
  buildCatalogueIndex,
  filterCatalogue,
  NO_FILTERS
} from '../../src/lib/domain/catalogue-filter';
import { syntheticCatalogue } from '../../src/lib/server/demo/synthetic';
import { keystrokes, SYNTHETIC, TIME_ZONE } from './config';

export interface FilterBench {
  buildMs: number[];
  /** One sample per prefix per measured pass. */
  samplesMs: number[];
  /** Hits per prefix: the UI's result count must agree. */
  hits: Record<string, number>;
  passes: number;
}

export function benchFilter(passes = 5): FilterBench {
  const now = new Date();
  const data = syntheticCatalogue({ ...SYNTHETIC, now });
  const v = <T>(rows: T[]) => rows.map((r) => ({ ...r, version: 1 }));
  const [workshops, sessions, categories, audiences] = [
    v(data.workshops),
    v(data.sessions),
    v(data.categories),
    v(data.audiences)
  ];

  const buildMs: number[] = [];
  let index = buildCatalogueIndex(workshops, sessions, categories, audiences, now);
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    index = buildCatalogueIndex(workshops, sessions, categories, audiences, now);
    buildMs.push(performance.now() - t0);
  }

  const prefixes = keystrokes().flat();
  const hits: Record<string, number> = {};
  const samplesMs: number[] = [];
  // Pass 0 warms the JIT and is not recorded.
  for (let pass = 0; pass <= passes; pass++) {
    for (const query of prefixes) {
      const t0 = performance.now();
      const result = filterCatalogue(index, { ...NO_FILTERS, query }, now, TIME_ZONE);
      const dt = performance.now() - t0;
      if (pass > 0) samplesMs.push(dt);
      hits[query] = result.length;
    }
  }
  return { buildMs, samplesMs, hits, passes };
}
