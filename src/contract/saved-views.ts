import { z } from 'zod';
import { Id, IsoDateTime, Version } from './common.ts';

export const SAVED_VIEW_ENTITIES = ['company', 'contact', 'deal'] as const;

export const SavedView = z.object({
  id: Id,
  ownerId: Id,
  entity: z.enum(SAVED_VIEW_ENTITIES),
  name: z.string(),
  filters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
  columns: z.array(z.string()),
  sort: z.string().nullable(),
  shared: z.boolean(),
  updatedAt: IsoDateTime,
  version: Version,
});
export type SavedView = z.infer<typeof SavedView>;

export const CreateSavedViewBody = z.object({
  entity: z.enum(SAVED_VIEW_ENTITIES),
  name: z.string().trim().min(1).max(100),
  filters: SavedView.shape.filters.default({}),
  columns: z.array(z.string().max(50)).max(50).default([]),
  sort: z.string().max(64).nullable().optional(),
  shared: z.boolean().default(false),
});
export const UpdateSavedViewBody = CreateSavedViewBody.omit({ entity: true })
  .partial()
  .extend({ version: Version });

export const ExportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });
