import type { Company } from '../../contract/companies.ts';
import type { companies } from './schema.ts';

type CompanyRow = typeof companies.$inferSelect;

export function toCompany(row: CompanyRow): Company {
  return {
    id: row.id,
    name: row.name,
    legalName: row.legalName,
    taxId: row.taxId,
    domain: row.domain,
    industry: row.industry,
    region: row.region,
    size: row.size,
    tags: row.tags,
    leadSourceId: row.leadSourceId,
    status: row.status,
    ownerId: row.ownerId,
    customFields: row.customFields as Company['customFields'],
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
