import { describe, expect, it } from 'vitest';
import { findMentions } from './mentions.ts';

const people = [
  { id: 'ivanova', email: 'Ivanova@acme.ru' },
  { id: 'petrov', email: 'a.petrov@acme.ru' },
];

describe('findMentions', () => {
  it('finds colleagues by the part of their e-mail before the @', () => {
    expect(findMentions('@ivanova, посмотри договор; @a.petrov — счёт.', people)).toEqual([
      'ivanova',
      'petrov',
    ]);
    expect(findMentions('Спасибо, @IVANOVA!', people)).toEqual(['ivanova']);
  });

  it('ignores e-mail addresses, unknown handles and repeats', () => {
    expect(findMentions('write to client@ivanova.ru', people)).toEqual([]);
    expect(findMentions('@nobody @ivanova @ivanova', people)).toEqual(['ivanova']);
    expect(findMentions('no mentions here', people)).toEqual([]);
  });
});
