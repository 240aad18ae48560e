import { Stack } from '@mantine/core';
import { AccountSummary } from './AccountSummary.tsx';
import { FeedbackSection, GrowthPlan } from './GrowthAndFeedback.tsx';
import { Meetings } from './Meetings.tsx';
import { RequestsBacklog } from './RequestsBacklog.tsx';

/** The company card's Account tab: everything the AM does for the client (DOMAIN.md §2.6). */
export function AccountTab({ companyId }: { companyId: string }) {
  return (
    <Stack>
      <AccountSummary companyId={companyId} />
      <Meetings companyId={companyId} />
      <RequestsBacklog companyId={companyId} />
      <GrowthPlan companyId={companyId} />
      <FeedbackSection companyId={companyId} />
    </Stack>
  );
}
