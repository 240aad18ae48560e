import { describe, expect, it } from 'vitest';
import { toPrefixQuery } from './search.ts';

describe('toPrefixQuery', () => {
  it('joins words as prefixes', () => {
    expect(toPrefixQuery('Рога и копыта')).toBe('рога:* & и:* & копыта:*');
  });

  it('drops tsquery syntax so nothing typed can break the query', () => {
    expect(toPrefixQuery("acme & | ! ( ) ' :*")).toBe('acme:*');
    expect(toPrefixQuery('  !!! ')).toBeUndefined();
  });

  it('keeps digits for tax ids and phones', () => {
    expect(toPrefixQuery('7701 234')).toBe('7701:* & 234:*');
  });
});
