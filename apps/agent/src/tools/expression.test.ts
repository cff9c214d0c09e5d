import { describe, expect, it } from 'vitest';
import { evaluateExpression, ExpressionError } from './expression.js';

describe('evaluateExpression', () => {
  it('follows arithmetic precedence', () => {
    expect(evaluateExpression('1 + 2 * 3')).toBe(7);
    expect(evaluateExpression('(1 + 2) * 3')).toBe(9);
    expect(evaluateExpression('2 ^ 3 ^ 2')).toBe(512);
    expect(evaluateExpression('-2 ^ 2')).toBe(-4);
    expect(evaluateExpression('10 % 4 + 12.5 / 5')).toBe(4.5);
    expect(evaluateExpression('7 × 6')).toBe(42);
    expect(evaluateExpression('sqrt(16) + abs(-3) + round(2.6)')).toBe(10);
    expect(evaluateExpression('2 * pi')).toBeCloseTo(6.283185, 5);
    expect(evaluateExpression('1,000 + 1')).toBe(1001);
  });

  it('rejects anything that is not arithmetic, without evaluating code', () => {
    for (const bad of ['', '1 +', '(1 + 2', '1 / 0', 'process.exit(1)', 'constructor', '2 $ 3', 'foo(2)', '1e999']) {
      expect(() => evaluateExpression(bad), bad).toThrow(ExpressionError);
    }
  });
});
