import { Anchor, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { FormCard } from '../../components/FormCard';
import { ErrorState } from '../../components/states';
import { ShownOnce } from '../operators/ShownOnce';

const EMPTY = { name: '', email: '' };

/**
 * Creates a merchant (production on, both keys issued): its two API keys are shown here once,
 * to hand over securely; Palladium keeps only their hashes. Its people are added afterwards
 * (or they sign up on the dashboard themselves).
 */
export function CreateMerchant() {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(EMPTY);
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/admin/merchants', { body: form })),
    onSuccess: () => {
      setForm(EMPTY);
      void queryClient.invalidateQueries({ queryKey: ['console-merchants'] });
    },
  });
  const created = create.data;
  return (
    <Stack gap="sm">
      <FormCard title="Create a merchant" onSubmit={() => create.mutate()} submitLabel="Create merchant" submitting={create.isPending}>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Merchant name" description="Legal or trading name" required maxLength={255} value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          <TextInput label="Contact email" description="Unique across merchants" type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} />
        </SimpleGrid>
        {create.isError && <ErrorState error={create.error} />}
      </FormCard>
      {created && (
        <ShownOnce
          title={`${created.name} is created: its API keys, shown only now`}
          lead={
            <>
              Hand these keys to the merchant over a secure channel; Palladium keeps only their hashes. A lost key is rotated on the
              merchant&apos;s page. Production is on for merchants created here.{' '}
              <Anchor component={Link} to={`/merchants/${created.id}`} data-testid="open-created-merchant">
                Open {created.name}
              </Anchor>
            </>
          }
          secrets={[
            { label: 'Development key', value: created.api_keys.development, testId: 'created-key-development' },
            { label: 'Production key', value: created.api_keys.production, testId: 'created-key-production' },
          ]}
          onDismiss={() => create.reset()}
          testId="created-merchant-keys"
        />
      )}
    </Stack>
  );
}
