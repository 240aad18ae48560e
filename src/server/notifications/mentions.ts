/**
 * Who a note mentions: `@ivanova` names the colleague whose e-mail starts with `ivanova@`
 * (case does not matter). Pure: the people are passed in.
 */
export function findMentions(text: string, people: readonly { id: string; email: string }[]): string[] {
  const byHandle = new Map(people.map((person) => [person.email.split('@')[0]!.toLowerCase(), person.id]));
  const found = new Set<string>();
  for (const match of text.matchAll(/(?<![\p{L}\p{N}._%+-])@([\p{L}\p{N}._-]*[\p{L}\p{N}_])/gu)) {
    const id = byHandle.get(match[1]!.toLowerCase());
    if (id) found.add(id);
  }
  return [...found];
}
