import { Grid, Stack } from '@mantine/core';
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
      <Grid>
        <Grid.Col span={{ base: 12, xl: 6 }}>
          <GrowthPlan companyId={companyId} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 6 }}>
          <FeedbackSection companyId={companyId} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
