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
  // Node writes no closing counts into a TAP file when test files run as separate processes, so
  // count the results: each test line, except describe blocks (their YAML says type: 'suite').
  const lines = readFileSync(e2eTap, 'utf8').split('\n');
  lines.forEach((line, index) => {
    const result = /^\s*(not )?ok \d+ - .*?(# SKIP|# TODO)?$/.exec(line);
    if (!result) return;
    const yamlEnd = lines.indexOf(lines.slice(index + 1).find((next) => /^\s*\.\.\.$/.test(next)) ?? '', index + 1);
    const yaml = yamlEnd > index ? lines.slice(index + 1, yamlEnd).join('\n') : '';
    if (/type: 'suite'/.test(yaml)) return;
    if (result[2]) skipped += 1;
    else if (result[1]) failed += 1;
    else passed += 1;
  });
} else {
  failed += 1;
  console.log('end-to-end test report missing');
}
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped`);
