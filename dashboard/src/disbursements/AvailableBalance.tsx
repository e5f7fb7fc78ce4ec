import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { formatRupiah } from '../format';
import { useEnvKey } from '../session';

/** Both wallets' usable amounts (`/me`), cached under the environment's `me` key. */
export function useMe() {
  return useQuery({ queryKey: useEnvKey('me'), queryFn: () => unwrap(api.GET('/api/v2/me')) });
}

/** A wallet's usable amount in a page's header (`Disbursable now`, `Withdrawable now`). */
export function AvailableBalance({ label, amount, testId }: { label: string; amount: number | string | undefined; testId: string }) {
  if (amount === undefined) return null;
  return (
    <Stack gap={0}>
      {/* Right-aligned beside the title; on a phone, where it wraps under it, left-aligned. */}
      <Text size="xs" c="dimmed" ta={{ base: 'left', sm: 'right' }}>
        {label}
      </Text>
      <Text fw={700} ta={{ base: 'left', sm: 'right' }} data-testid={testId}>
        {formatRupiah(amount)}
      </Text>
    </Stack>
  );
}
