-- Who sees a client besides its owner's side (access/actor.ts, pairedCompanyIds): the PM of each of
-- its live projects, and the BizDev manager of each of its open deals with a demo; the BizDev also
-- sees the deals they ran (find-deal.ts). Sign-in looks these up for every request of a person
-- with own or team scope, so both are index-only or nearly: a covering partial index of live
-- projects by PM, and a small partial index of the deals that have a BizDev.
CREATE INDEX projects_pm_live_idx ON projects (workspace_id, pm_id) INCLUDE (company_id)
  WHERE status IN ('planned', 'active', 'on_hold');
CREATE INDEX deals_bizdev_idx ON deals (workspace_id, bizdev_id) WHERE bizdev_id IS NOT NULL;
