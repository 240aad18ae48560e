import type { Role } from '../access/roles.ts';
import type { DbOrTx } from '../db/client.ts';
import { grades } from '../grades/schema.ts';
import { leadSources } from '../lead-sources/schema.ts';
import { pipelines, stages } from '../pipelines/schema.ts';
import { createUser } from '../users/create-user.ts';
import {
  DEFAULT_GRADES,
  DEFAULT_LEAD_SOURCES,
  DEFAULT_PIPELINE_NAME,
  DEFAULT_STAGES,
} from './default-settings.ts';
import { workspaces } from './schema.ts';

export interface NewWorkspace {
  name: string;
  locale?: 'ru' | 'en';
  currency?: string;
  timeZone?: string;
  admin: { email: string; password: string; name?: string };
}

/**
 * Creates a workspace with its defaults (lead sources, a sales pipeline, grades) and its first
 * admin, in one transaction. Refuses an e-mail that already exists.
 */
export async function createWorkspace(
  db: DbOrTx,
  input: NewWorkspace,
): Promise<{ workspaceId: string; adminUserId: string }> {
  const locale = input.locale ?? 'ru';
  return db.transaction(async (tx) => {
    const [workspace] = await tx
      .insert(workspaces)
      .values({
        name: input.name,
        defaultLocale: locale,
        defaultCurrency: input.currency ?? 'RUB',
        timeZone: input.timeZone ?? 'Europe/Moscow',
      })
      .returning({ id: workspaces.id });
    const workspaceId = workspace!.id;

    await tx.insert(leadSources).values(
      DEFAULT_LEAD_SOURCES.map((source, position) => ({
        workspaceId,
        kind: source.kind,
        name: source.name[locale],
        position,
      })),
    );
    const [pipeline] = await tx
      .insert(pipelines)
      .values({ workspaceId, name: DEFAULT_PIPELINE_NAME[locale], isDefault: true })
      .returning({ id: pipelines.id });
    await tx.insert(stages).values(
      DEFAULT_STAGES.map((stage, position) => ({
        workspaceId,
        pipelineId: pipeline!.id,
        name: stage.name[locale],
        kind: stage.kind,
        probabilityBp: stage.probabilityBp,
        requiredFields: stage.requiredFields,
        position,
      })),
    );
    await tx.insert(grades).values(
      DEFAULT_GRADES.map((grade) => ({
        workspaceId,
        name: grade.name[locale],
        rank: grade.rank,
        criteria: grade.criteria[locale],
      })),
    );

    const roles: Role[] = ['admin'];
    const admin = await createUser(tx, {
      workspaceId,
      email: input.admin.email,
      password: input.admin.password,
      name: input.admin.name ?? input.admin.email.split('@')[0]!,
      roles,
      locale,
    });
    return { workspaceId, adminUserId: admin.id };
  });
}
