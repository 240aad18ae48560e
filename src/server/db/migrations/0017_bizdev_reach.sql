-- The BizDev manager who runs a deal's demo sees that deal, and while it is open its client
-- (access/actor.ts, pairedCompanyIds; find-deal.ts). Both are looked up by BizDev, on every
-- request of such a person and in their deal lists: few deals have one, so a small partial index.
CREATE INDEX deals_bizdev_idx ON deals (workspace_id, bizdev_id) WHERE bizdev_id IS NOT NULL;
