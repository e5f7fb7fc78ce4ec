import { Badge, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { TwoLineTimeCell } from '../../components/TwoLineTime';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { ConfirmAction } from './ConfirmAction';
import { ShownOnce } from './ShownOnce';

type TokenScope = Schemas['OperatorTokenDto']['scope'];

const SCOPES: { value: TokenScope; label: string }[] = [
  { value: 'read', label: 'read: looks only (GET)' },
  { value: 'act', label: 'act: whatever the role allows' },
];

export const operatorTokensKey = (operatorId: string) => ['console-operator-tokens', operatorId];

/**
 * An operator's API tokens (for the CLI and automation): each by name, scope and last four
 * characters, when it was last used, and whether it is revoked; a new token is shown once.
 * `manage` false (a viewer's own tokens) shows them without the controls the server would refuse.
 */
export function OperatorTokens({ operatorId, manage }: { operatorId: string; manage: boolean }) {
  const queryClient = useQueryClient();
  const tokens = useQuery({
    queryKey: operatorTokensKey(operatorId),
    queryFn: () => unwrap(api.GET('/admin/operators/{id}/tokens', { params: { path: { id: operatorId } } })),
  });
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const refresh = () => void queryClient.invalidateQueries({ queryKey: operatorTokensKey(operatorId) });
  const issue = useMutation({
    mutationFn: () => unwrap(api.POST('/admin/operators/{id}/tokens', { params: { path: { id: operatorId } }, body: { name, scope } })),
    onSuccess: () => {
      setName('');
      refresh();
    },
  });
  const revoke = (id: string) => unwrap(api.POST('/admin/operator-tokens/{id}/revoke', { params: { path: { id } } }));

  return (
    <Stack gap="sm" data-testid={`operator-tokens-${operatorId}`}>
      {issue.data && (
        <ShownOnce
          title="New token: shown only now"
          lead={`Copy "${issue.data.name}" now: Palladium keeps only its hash. Send it as "Authorization: Bearer <token>" to /admin.`}
          secrets={[{ label: `${issue.data.name} (${issue.data.scope})`, value: issue.data.token, testId: 'issued-token' }]}
          onDismiss={() => issue.reset()}
          testId="issued-token-once"
        />
      )}
      {manage && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            issue.mutate();
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput label="Token name" description="What it is for, e.g. finance-laptop" required maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Select label="Scope" data={SCOPES} value={scope} allowDeselect={false} onChange={(value) => setScope((value as TokenScope) ?? 'read')} w={240} />
            <Button type="submit" loading={issue.isPending} disabled={!name.trim()}>
              Issue token
            </Button>
          </Group>
        </form>
      )}
      {issue.isError && <ErrorState error={issue.error} />}
      {tokens.isPending && <Loading />}
      {tokens.isError && <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.data?.length === 0 && <EmptyState>No API tokens.</EmptyState>}
      {!!tokens.data?.length && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped data-testid="tokens-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Scope</Table.Th>
                <Table.Th>Ends with</Table.Th>
                <Table.Th>Issued</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.map((token) => (
                <Table.Tr key={token.id} data-testid={`token-${token.name}`}>
                  <Table.Td>{token.name}</Table.Td>
                  <Table.Td>
                    <Badge miw="max-content" variant="light" color={token.scope === 'act' ? 'orange' : 'gray'}>
                      {token.scope}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {token.hint}
                    </Text>
                  </Table.Td>
                  <TwoLineTimeCell value={token.created_at} />
                  <TwoLineTimeCell value={token.last_used_at} />
                  <Table.Td>
                    {token.revoked_at ? (
                      <Badge miw="max-content" color="red" variant="light">
                        revoked
                      </Badge>
                    ) : (
                      <Badge miw="max-content" color="green" variant="light">
                        active
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {manage && !token.revoked_at && (
                      <ConfirmAction
                        label="Revoke"
                        title={`Revoke the token "${token.name}"?`}
                        confirmLabel="Revoke it"
                        color="red"
                        action={() => revoke(token.id)}
                        onDone={refresh}
                      >
                        Whatever uses it is refused from now on, on every instance. This cannot be undone; issue a new token instead.
                      </ConfirmAction>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
