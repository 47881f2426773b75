// Checks an export's datapackage.json with the Frictionless Data library
// (npm's datapackage): the descriptor against its profile, each resource, and
// for a tabular resource every row read and cast by its schema's types.
//   node validate-datapackage.mjs DIR     (DIR holds datapackage.json)
// Prints each problem on a line and exits 1 when there is one.
import { Package } from 'datapackage';

const dir = process.argv[2];
const problems = [];
const pkg = await Package.load(`${dir}/datapackage.json`, { strict: false });
if (!pkg.valid) problems.push(...pkg.errors.map((e) => `package: ${e.message}`));
for (const resource of pkg.resources) {
  if (!resource.valid)
    problems.push(...resource.errors.map((e) => `${resource.name}: ${e.message}`));
  if (resource.tabular) {
    try {
      const rows = await resource.read({ cast: true });
      console.log(`${resource.name}: ${rows.length} rows cast by the schema`);
    } catch (e) {
      const inner = e.errors ? e.errors.map((x) => x.message) : [];
      problems.push(`${resource.name}: ${e.message} ${inner.join('; ')}`.trim());
    }
  }
}
for (const p of problems) console.log(p);
console.log(problems.length ? `${dir}: NOT a valid data package` : `${dir}: a valid data package`);
process.exit(problems.length ? 1 : 0);
