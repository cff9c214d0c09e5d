import { llm } from '@livekit/agents';
import { z } from 'zod';
import { evaluateExpression, ExpressionError } from './expression.js';
import type { ToolDefinition } from './tool-services.js';

export const calculatorTool: ToolDefinition = {
  name: 'calculate',
  create: () =>
    llm.tool({
      name: 'calculate',
      description: 'Evaluate an arithmetic expression exactly, e.g. "(12.5 * 4) / 3" or "sqrt(2) ^ 2". Supports + - * / % ^, parentheses, pi, e, sqrt, abs, round, floor, ceil, ln, log, sin, cos, tan.',
      parameters: z.object({ expression: z.string().min(1).max(200).describe('the arithmetic expression') }),
      execute: async ({ expression }) => {
        try {
          const value = evaluateExpression(expression);
          return { expression, result: Number(value.toPrecision(12)) };
        } catch (error) {
          if (error instanceof ExpressionError) throw new llm.ToolError(`cannot calculate "${expression}": ${error.message}`);
          throw error;
        }
      },
    }),
};
