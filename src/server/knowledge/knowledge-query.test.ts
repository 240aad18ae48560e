import { describe, expect, it } from 'vitest';
import { toKnowledgeQuery, withoutFleetingVowel } from './knowledge-query.ts';

describe('the knowledge-base search query', () => {
  it('searches every word as a prefix, in any order of forms', () => {
    expect(toKnowledgeQuery('Инструкция, звонок!')).toBe('инструкция:* & (звонок:* | звонк:*)');
    expect(toKnowledgeQuery('  ')).toBeUndefined();
    expect(toKnowledgeQuery('cold calls')).toBe('cold:* & calls:*');
  });

  it('adds the form without the fleeting vowel only where Russian drops it', () => {
    expect(withoutFleetingVowel('звонок')).toBe('звонк');
    expect(withoutFleetingVowel('отчёт')).toBeUndefined();
    expect(withoutFleetingVowel('конец')).toBe('конц');
    expect(withoutFleetingVowel('клиент')).toBeUndefined();
    expect(withoutFleetingVowel('сон')).toBeUndefined();
  });
});
