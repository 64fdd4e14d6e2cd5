import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario, scenarioArb } from './simulation';

describe('kiosks, partitions, lost responses and restarts (property-based)', () => {
  it('after the final sync nothing is overbooked, lost, duplicated or left behind', async () => {
    // 200 random cases in the test command; `npm run soak` runs thousands more.
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (scenario) => {
        const { problems } = await runScenario(scenario);
        expect(problems).toEqual([]);
      }),
      { numRuns: 200, seed: Number(process.env.SIM_SEED ?? Date.now() % 2 ** 31) }
    );
  }, 600_000);
});
