/**
 * Roles and what each may do. Roles are fixed by the product (DOMAIN.md §1); what a role sees
 * of the records is decided by its visibility scope (see scope.ts).
 */
export const ROLES = ['admin', 'head', 'team_lead', 'sdr', 'sales', 'bizdev', 'am', 'pm', 'finance'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Any signed-in person: their own profile, session and tokens. */
  'self',
  /** Read CRM records (companies, contacts, deals, activities, tasks) within one's scope. */
  'crm:read',
  /** Create and change CRM records within one's scope. */
  'crm:write',
  /** Archive or delete CRM records within one's scope. */
  'crm:delete',
  /** Export lists to files. */
  'crm:export',
  /** Import companies, contacts and call lists from files. */
  'crm:import',
  /** Decide who takes a lead, a deal or a client; record absences for others. */
  'crm:assign',
  /** Read workspace configuration: people, teams, grades, pipelines, lead sources, custom fields. */
  'settings:read',
  /** Change workspace configuration. */
  'settings:manage',
  /** Create users, change their roles, deactivate them. */
  'users:manage',
  /** Read the whole audit log (a record's own history needs only read access to the record). */
  'audit:read',
  /** Money: contracts, invoices, acts, payments. */
  'money:read',
  'money:write',
  /** Read the knowledge base (instructions, articles, blog) and job descriptions. */
  'knowledge:read',
  /** Write articles; an article is changed only by its author or an admin. */
  'knowledge:write',
  /** Configure the customer journey map and edit job descriptions. */
  'journey:manage',
  /** Set and split plans, derive personal plans, change a target with a reason. */
  'plans:manage',
  /** Write motivation schemes: rules, coefficients, caps, assignment, versions. */
  'motivation:manage',
  /** Compute and approve payout statements of the people one sees. */
  'payouts:approve',
  /** Lock a month's approved statements for good. */
  'payouts:lock',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Exports follow visibility: a person exports only what their lists show them.
const everyone: Permission[] = [
  'self',
  'crm:read',
  'crm:write',
  'crm:export',
  'settings:read',
  'knowledge:read',
  'knowledge:write',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  head: [
    ...everyone,
    'crm:delete',
    'crm:import',
    'crm:assign',
    'settings:manage',
    'audit:read',
    'money:read',
    'journey:manage',
    'plans:manage',
    'motivation:manage',
    'payouts:approve',
  ],
  team_lead: [
    ...everyone,
    'crm:delete',
    'crm:import',
    'crm:assign',
    'money:read',
    'plans:manage',
    'payouts:approve',
  ],
  sdr: [...everyone, 'crm:import'],
  sales: everyone,
  bizdev: everyone,
  am: [...everyone, 'money:read'],
  pm: everyone,
  finance: [
    'self',
    'crm:read',
    'settings:read',
    'crm:export',
    'money:read',
    'money:write',
    'knowledge:read',
    'knowledge:write',
    'motivation:manage',
    'payouts:approve',
    'payouts:lock',
  ],
};

/** How far a person sees records owned by others. The widest scope among their roles wins. */
export type ScopeKind = 'all' | 'team' | 'own';

const ROLE_SCOPE: Record<Role, ScopeKind> = {
  admin: 'all',
  head: 'all',
  finance: 'all',
  team_lead: 'team',
  sdr: 'own',
  sales: 'own',
  bizdev: 'own',
  am: 'own',
  pm: 'own',
};

/** The roles whose holders see everything, and the one that sees a team (in SQL at sign-in). */
export const ALL_SCOPE_ROLES = ROLES.filter((role) => ROLE_SCOPE[role] === 'all');
export const TEAM_SCOPE_ROLES = ROLES.filter((role) => ROLE_SCOPE[role] === 'team');

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]));
}

export function scopeKindOf(roles: readonly Role[]): ScopeKind {
  const kinds = roles.map((role) => ROLE_SCOPE[role]);
  if (kinds.includes('all')) return 'all';
  if (kinds.includes('team')) return 'team';
  return 'own';
}
