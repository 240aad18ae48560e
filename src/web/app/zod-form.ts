import type { z } from 'zod';

/**
 * A Mantine form validator from a contract schema: the form checks exactly what the API will,
 * and names the same fields.
 */
export function zodValidate<V>(schema: z.ZodType, toBody: (values: V) => unknown = (values) => values) {
  return (values: V): Record<string, string> => {
    const result = schema.safeParse(toBody(values));
    if (result.success) return {};
    const errors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field && !errors[field]) errors[field] = issue.message;
    }
    return errors;
  };
}
