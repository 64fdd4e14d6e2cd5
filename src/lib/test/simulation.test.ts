import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_BACKEND } from '../server/test/factories';
import { runScenario, scenarioArb } from './simulation';

// 200 random cases on SQLite in the test command; the postgres project runs fewer (each
// case migrates a schema of its own), enough to meet PostgreSQL's types and locking on
// every kind of action; `npm run soak` runs thousands more.
const RUNS = TEST_BACKEND === 'postgres' ? 50 : 200;

describe('kiosks, partitions, lost responses and restarts (property-based)', () => {
  it('after the final sync nothing is overbooked, lost, duplicated or left behind', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (scenario) => {
        const { problems } = await runScenario(scenario);
        expect(problems).toEqual([]);
      }),
      { numRuns: RUNS, seed: Number(process.env.SIM_SEED ?? Date.now() % 2 ** 31) }
    );
  }, 600_000);
});
