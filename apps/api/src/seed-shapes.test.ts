import { tokenRequestSchema } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { HttpError, validationError } from './errors.js';
import { inSeedTerms, TOKEN_FIELDS, toParleyBody } from './seed-shapes.js';

describe('seed request bodies', () => {
  it('rename seed fields to Parley\'s and remember which name each came under', () => {
    const adapted = toParleyBody({ room_name: 'r', participant_name: 'alice', extra: 1 }, TOKEN_FIELDS);
    expect(adapted.read()).toEqual({ room: 'r', identity: 'alice', name: 'alice', extra: 1 });
    expect(Object.fromEntries(adapted.reportAs)).toEqual({ room: 'room_name', identity: 'participant_name', name: 'participant_name', dispatchAgent: 'dispatch_agent' });
  });

  it('keep a "__proto__" key an own key, so the strict schema refuses it', () => {
    const body = toParleyBody(JSON.parse('{"room_name":"r","identity":"a","__proto__":{"admin":true}}'), TOKEN_FIELDS).read();
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    const parsed = tokenRequestSchema.safeParse(body);
    expect(parsed.success).toBe(false);
  });

  it('refuse two names for one field only when read (after the guard)', () => {
    const adapted = toParleyBody({ room_name: 'a', room: 'b', identity: 'x', participant_identity: 'y' }, TOKEN_FIELDS);
    expect(() => adapted.read()).toThrow(HttpError);
    try {
      adapted.read();
    } catch (error) {
      expect((error as HttpError).details).toEqual([
        { path: 'room', message: 'send room_name or room, not both' },
        { path: 'identity', message: 'send participant_identity or identity, not both' },
      ]);
      // Already in the client's names: relabelling leaves it alone.
      expect(inSeedTerms(error, adapted.reportAs)).toBe(error);
    }
  });

  it('report validation errors under the names the client sent', () => {
    const sent = { room_name: 'bad room', extra: 1 };
    const adapted = toParleyBody(sent, TOKEN_FIELDS);
    const body = adapted.read();
    const parsed = tokenRequestSchema.safeParse(body);
    if (parsed.success) throw new Error('expected the body to be invalid');
    const relabelled = inSeedTerms(validationError(parsed.error, body), adapted.reportAs) as HttpError;
    expect(relabelled.details?.map((detail) => [detail.path, detail.message])).toEqual(
      expect.arrayContaining([
        ['room_name', expect.stringMatching(/^room may contain only/)],
        ['participant_identity', 'participant_identity is required'],
        ['extra', 'unknown field "extra"'],
      ]),
    );
  });
});
