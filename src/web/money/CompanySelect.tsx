import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get, query } from '../api/client.ts';

/** A client picker that searches the companies on the server as the person types. */
export function CompanySelect({
  value,
  onChange,
  initialName,
  ...props
}: {
  value: string | null;
  onChange: (companyId: string | null) => void;
  /** The chosen company's name, shown before any search. */
  initialName?: string | null;
} & Omit<SelectProps, 'value' | 'onChange' | 'data'>) {
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const companies = useQuery({
    queryKey: ['company-options', q],
    queryFn: () =>
      get<{ items: { id: string; name: string }[] }>(`/companies${query({ q, limit: 20 })}`).then(
        (page) => page.items,
      ),
    // While the next answer is on its way the list keeps the last one instead of going blank.
    placeholderData: keepPreviousData,
  });
  const options = (companies.data ?? []).map((company) => ({ value: company.id, label: company.name }));
  if (value && initialName && !options.some((option) => option.value === value))
    options.unshift({ value, label: initialName });
  return (
    <Select
      searchable
      clearable
      filter={({ options: all }) => all}
      data={options}
      value={value}
      onChange={onChange}
      onSearchChange={setSearch}
      {...props}
    />
  );
}
