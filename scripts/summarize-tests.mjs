// Prints one closing line over both runners: "total: N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs';

const [unitJson, e2eTap] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
if (unitJson && existsSync(unitJson)) {
  const report = JSON.parse(readFileSync(unitJson, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that fails to load has no tests to count: count the suite instead.
  if ((report.numFailedTests ?? 0) === 0) failed += report.numFailedTestSuites ?? 0;
} else {
  failed += 1;
  console.log('unit test report missing');
}
if (e2eTap && existsSync(e2eTap)) {
  const tap = readFileSync(e2eTap, 'utf8');
  const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  skipped += count('skipped') + count('todo');
} else {
  failed += 1;
  console.log('end-to-end test report missing');
}
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
