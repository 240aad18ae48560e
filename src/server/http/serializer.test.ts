import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseSerializer } from './serializer.ts';

type Stringify = (data: unknown) => string;

function compile(schema: z.ZodType, verify = false): Stringify {
  return responseSerializer({ verify })({
    schema,
    method: 'GET',
    url: '/things',
    httpStatus: '200',
  }) as Stringify;
}

const Thing = z.object({
  id: z.uuid(),
  name: z.string(),
  size: z.enum(['small', 'large']).nullable(),
  amountMinor: z.number().int(),
  tags: z.array(z.string()),
  archivedAt: z.iso.datetime().nullable(),
  customFields: z.record(z.string(), z.unknown()),
});
const Page = z.object({ items: z.array(Thing), nextCursor: z.string().nullable() });

const thing: z.infer<typeof Thing> = {
  id: '0b1f6f5e-6a0e-4e8a-9d52-0f4c8a1d2e3f',
  name: 'Вектор «Логистика»',
  size: null,
  amountMinor: 125_000,
  tags: ['vip'],
  archivedAt: '2026-11-30T10:00:00.000Z',
  customFields: { note: 'x', n: 2, nested: { a: [1, null] } },
};

describe('response serializer', () => {
  it('writes what zod would write, nulls and nested values included', () => {
    const page = { items: [thing, { ...thing, size: 'large' as const, archivedAt: null }], nextCursor: null };
    expect(JSON.parse(compile(Page)(page))).toEqual(JSON.parse(JSON.stringify(z.encode(Page, page))));
  });

  it('leaves out fields the schema does not name, as zod does', () => {
    const written = JSON.parse(compile(Thing)({ ...thing, passwordHash: 'secret' }));
    expect(written).not.toHaveProperty('passwordHash');
    expect(written.name).toBe(thing.name);
  });

  it('keeps zod for a schema JSON Schema cannot express', () => {
    const Stamped = z.object({ at: z.date() });
    expect(compile(Stamped)({ at: new Date('2026-12-01T00:00:00Z') })).toBe(
      '{"at":"2026-12-01T00:00:00.000Z"}',
    );
  });

  it('in verify mode refuses a value zod refuses', () => {
    expect(() => compile(Thing, true)({ ...thing, amountMinor: 'a lot' })).toThrow();
  });
});
