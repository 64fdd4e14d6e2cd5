/**
 * The long run of the property-based kiosk simulation (src/lib/test/simulation.ts):
 *   npm run soak -- [runs] [seed]      (default 2000 runs, a random seed)
 * Prints progress, the seed (to replay a failure) and any counterexample.
 */
import fc from 'fast-check';
import { runScenario, scenarioArb } from '../src/lib/test/simulation';

const runs = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
const started = Date.now();
let done = 0;

console.log(`Soak: ${runs} random scenarios, seed ${seed}`);
const result = await fc.check(
  fc.asyncProperty(scenarioArb(60), async (scenario) => {
    const { problems } = await runScenario(scenario);
    done++;
    if (done % 100 === 0) {
      console.log(`  ${done} scenarios, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }),
  { numRuns: runs, seed }
);
if (result.failed) {
  console.error(fc.defaultReportMessage(result));
  process.exit(1);
}
console.log(
  `${done} passed, 0 failed (${((Date.now() - started) / 1000).toFixed(0)} s, seed ${seed})`
);
