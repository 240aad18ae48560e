import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { AppError } from '../http/errors.ts';
import { type CustomFieldEntity, customFieldDefinitions } from './schema.ts';
import { type CustomFieldRule, validateCustomFields } from './validate-custom-fields.ts';

export async function loadCustomFieldRules(
  db: DbOrTx,
  workspaceId: string,
  entity: CustomFieldEntity,
): Promise<CustomFieldRule[]> {
  return db
    .select({
      key: customFieldDefinitions.key,
      label: customFieldDefinitions.label,
      type: customFieldDefinitions.type,
      options: customFieldDefinitions.options,
      required: customFieldDefinitions.required,
    })
    .from(customFieldDefinitions)
    .where(
      and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.entity, entity)),
    )
    .orderBy(asc(customFieldDefinitions.position));
}

/**
 * Validates a record's custom fields against the workspace's definitions and returns the merged
 * values to store; throws a 422 naming each bad field.
 */
export async function resolveCustomFields(
  db: DbOrTx,
  workspaceId: string,
  entity: CustomFieldEntity,
  incoming: Record<string, string | number | boolean | null> | undefined,
  existing?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  // An update that leaves custom fields alone does not re-check them.
  if (incoming === undefined && existing !== undefined) return existing;
  const rules = await loadCustomFieldRules(db, workspaceId, entity);
  const { values, errors } = validateCustomFields(rules, incoming ?? {}, { existing });
  if (errors.length > 0) {
    throw new AppError('unprocessable', 'Some custom fields are invalid.', { fields: errors });
  }
  return { ...(existing ?? {}), ...values };
}
