import { type SQL, sql } from 'drizzle-orm';

const FLEETING = /^(.*[бвгджзклмнпрстфхцчшщ])[оеё]([кцнлр])$/u;

/**
 * Russian drops the vowel of -ок, -ек, -ец in every other form (звонок → звонка, звонкам), and
 * the Snowball stemmer keeps both stems ('звонок' and 'звонк'). The form without the vowel is
 * searched too, so «звонок» finds «по звонкам».
 */
export function withoutFleetingVowel(word: string): string | undefined {
  if (word.length < 5) return undefined;
  const match = FLEETING.exec(word);
  return match ? `${match[1]}${match[2]}` : undefined;
}

/**
 * What a person typed as a tsquery text: every word must match, each as a prefix (a half-typed
 * word still finds), in any of its forms. Undefined when nothing searchable is left.
 */
export function toKnowledgeQuery(text: string): string | undefined {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 8);
  if (words.length === 0) return undefined;
  return words
    .map((word) => {
      const forms = [word, withoutFleetingVowel(word)].filter((form): form is string => Boolean(form));
      return forms.length === 1 ? `${word}:*` : `(${forms.map((form) => `${form}:*`).join(' | ')})`;
    })
    .join(' & ');
}

/** The tsquery matching the articles' `search` column (Russian stems, and exact words of titles and tags). */
export function knowledgeTsQuery(query: string): SQL {
  return sql`(to_tsquery('russian', ${query}) || to_tsquery('simple', ${query}))`;
}
