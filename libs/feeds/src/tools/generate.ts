import { parseArgs } from 'node:util';
import { writeSyntheticDelivery } from './synthetic-delivery';

/*
 * `npm run feeds:generate -- --people 1000000 --out <dir> [--seed 15] [--schools 300] [--chunk 20000] [--year 1]`:
 * a synthetic AAF delivery for benchmarks, written to disk with bounded memory. `--year 2` is the same
 * académie a year later: 10 % of students and staff gone, as many new, about 5 % moved.
 */
async function main() {
  const { values } = parseArgs({
    options: { people: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, schools: { type: 'string' }, chunk: { type: 'string' }, year: { type: 'string' } },
  });
  const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
  const people = number(values.people);
  if (!people || !Number.isInteger(people) || people < 1 || !values.out) {
    process.stderr.write('Usage: npm run feeds:generate -- --people 1000000 --out <dir> [--seed 15] [--schools 300] [--chunk 20000] [--year 1]\n');
    process.exit(2);
  }
  const started = Date.now();
  const result = await writeSyntheticDelivery({ people, out: values.out, seed: number(values.seed), schools: number(values.schools), chunk: number(values.chunk), year: number(values.year) });
  process.stdout.write(
    `${result.files.length} files in ${values.out}: ${result.students} students, ${result.relatives} relatives, ${result.staff} staff (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}

void main();
