import { Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { m } from '../i18n/messages';
import { createdBetween } from './jakarta-dates';

/** A list's filters: status ('' for all), exact external id, and created from/to (Jakarta `YYYY-MM-DD`, both included). */
export interface ListFilterValues<S extends string> {
  status: S | '';
  externalId: string;
  from: string;
  to: string;
}

const PARAMS = { status: 'status', externalId: 'external_id', from: 'from', to: 'to' } as const;

/**
 * A list's filters, kept in the page's address so a reload, the back button or a shared link
 * shows the same rows. `statuses` are those the API accepts; any other value counts as "all".
 */
export function useListFilters<S extends string>(statuses: readonly S[]) {
  const [params, setParams] = useSearchParams();
  // Two changes before the next render (e.g. both dates typed at once) must both count, so
  // each change starts from the newest params, not from this render's.
  const latest = useRef(params);
  latest.current = params;
  const status = params.get(PARAMS.status) ?? '';
  const filters: ListFilterValues<S> = {
    status: (statuses as readonly string[]).includes(status) ? (status as S) : '',
    externalId: params.get(PARAMS.externalId) ?? '',
    from: params.get(PARAMS.from) ?? '',
    to: params.get(PARAMS.to) ?? '',
  };
  const setFilters = (change: Partial<ListFilterValues<S>>) => {
    const updated = new URLSearchParams(latest.current);
    for (const [field, value] of Object.entries(change) as [keyof ListFilterValues<S>, string][]) {
      if (value) updated.set(PARAMS[field], value);
      else updated.delete(PARAMS[field]);
    }
    latest.current = updated;
    setParams(updated, { replace: true });
  };
  const active = Boolean(filters.status || filters.externalId || filters.from || filters.to);
  return { filters, setFilters, active, clear: () => setFilters({ status: '', externalId: '', from: '', to: '' }) };
}

/** The API query parameters of a list's filters. */
export function listFilterQuery<S extends string>(filters: ListFilterValues<S>) {
  return {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.externalId ? { external_id: filters.externalId } : {}),
    ...createdBetween(filters.from, filters.to),
  };
}

/**
 * The filter bar: status and dates apply at once; the external id on "Search" (it is an exact
 * match, so half-typed ids would only empty the list). Under it, how the dates count.
 */
export function ListFilterBar<S extends string>({
  statuses,
  filters: { filters, setFilters, active, clear },
}: {
  statuses: readonly S[];
  filters: ReturnType<typeof useListFilters<S>>;
}) {
  const t = m();
  const [externalId, setExternalId] = useState(filters.externalId);
  // Follow the address when it changes under the input ("Clear filters", back button).
  const [shownFor, setShownFor] = useState(filters.externalId);
  if (shownFor !== filters.externalId) {
    setShownFor(filters.externalId);
    setExternalId(filters.externalId);
  }
  const fieldWidth = { base: '100%', xs: 170 };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setFilters({ externalId: externalId.trim() });
      }}
    >
      <Group align="flex-end" gap="sm" data-testid="list-filters">
        <Select
          label={t.listFilters.status}
          w={fieldWidth}
          data={[{ value: '', label: t.listFilters.all }, ...statuses.map((status) => ({ value: status, label: t.status[status] ?? status }))]}
          value={filters.status}
          onChange={(value) => setFilters({ status: (value ?? '') as S | '' })}
          allowDeselect={false}
        />
        <Group align="flex-end" gap="xs" wrap="nowrap" w={{ base: '100%', xs: 'auto' }} style={{ flexGrow: 1 }}>
          <TextInput
            label={t.listFilters.externalId}
            placeholder={t.listFilters.externalIdPlaceholder}
            value={externalId}
            onChange={(e) => setExternalId(e.currentTarget.value)}
            style={{ flexGrow: 1 }}
            miw={0}
          />
          <Button type="submit" variant="light">
            {t.common.search}
          </Button>
        </Group>
        <TextInput type="date" label={t.listFilters.createdFrom} w={fieldWidth} max={filters.to || undefined} value={filters.from} onChange={(e) => setFilters({ from: e.currentTarget.value })} />
        <TextInput type="date" label={t.listFilters.createdTo} w={fieldWidth} min={filters.from || undefined} value={filters.to} onChange={(e) => setFilters({ to: e.currentTarget.value })} />
        {active && (
          <Button variant="subtle" onClick={clear}>
            {t.listFilters.clear}
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed" mt="sm">
        {t.listFilters.datesNote}
      </Text>
    </form>
  );
}

/** A list's card: its title, the filter bar, then the list (`children`). */
export function FilteredListCard<S extends string>({
  title,
  statuses,
  filters,
  children,
}: {
  title: ReactNode;
  statuses: readonly S[];
  filters: ReturnType<typeof useListFilters<S>>;
  children: ReactNode;
}) {
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{title}</Title>
        <ListFilterBar statuses={statuses} filters={filters} />
        {children}
      </Stack>
    </Card>
  );
}
