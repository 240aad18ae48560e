import { DatesProvider } from '@mantine/dates';
import 'dayjs/locale/ru';
import type { ReactNode } from 'react';
import { type Me, useMe } from '../auth/me.ts';

/**
 * Date pickers in the person's language, weeks from Monday. Wraps only the dialogs and pages that
 * have pickers, so that the date library loads with them and not with every page.
 */
export function DatesLocale({ children }: { children: ReactNode }) {
  const me = useMe().data as Me;
  return <DatesProvider settings={{ locale: me.locale, firstDayOfWeek: 1 }}>{children}</DatesProvider>;
}
