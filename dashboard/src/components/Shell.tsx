import { AppShell, Badge, Burger, Button, Group, Menu, NavLink, SegmentedControl, Stack, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import type { Environment } from '../api/client';
import { m } from '../i18n/messages';
import type { Action } from '../permissions';
import { useSession } from '../session';

interface NavItem {
  to: string;
  label: string;
  action?: Action;
  developmentOnly?: boolean;
}

export const ENVIRONMENT_COLOR: Record<Environment, string> = { development: 'orange', production: 'red' };

export function EnvironmentBadge() {
  const { environment } = useSession();
  return (
    <Badge color={ENVIRONMENT_COLOR[environment]} variant="filled" data-testid="environment-badge">
      {m().environment[environment]}
    </Badge>
  );
}

function EnvironmentSwitch() {
  const { environment, setEnvironment, session } = useSession();
  const productionEnabled = session?.merchant.production_enabled ?? false;
  const control = (
    <SegmentedControl
      size="xs"
      aria-label={m().environment.label}
      data-testid="environment-switch"
      value={environment}
      onChange={(value) => setEnvironment(value as Environment)}
      color={ENVIRONMENT_COLOR[environment]}
      data={[
        { value: 'development', label: m().environment.development },
        { value: 'production', label: m().environment.production, disabled: !productionEnabled },
      ]}
    />
  );
  if (productionEnabled) return control;
  return (
    <Tooltip label={m().environment.productionDisabled} multiline w={280} withArrow>
      <div>{control}</div>
    </Tooltip>
  );
}

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const { session, environment, signOut, can } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const t = m();
  const items: NavItem[] = [
    { to: '/', label: t.nav.home },
    { to: '/api-keys', label: t.nav.apiKeys, action: 'manageKeys' },
    { to: '/settings/callbacks', label: t.nav.callbacks },
    { to: '/callbacks', label: t.nav.callbackLog, action: 'viewCallbackLog' },
    { to: '/virtual-accounts', label: t.nav.virtualAccounts },
    { to: '/retail-payments', label: t.nav.retailPayments },
    { to: '/disbursements', label: t.nav.disbursements },
    { to: '/top-ups', label: t.nav.topUps, action: 'viewTopUps' },
    { to: '/withdrawals', label: t.nav.withdrawals, action: 'viewWithdrawals' },
    { to: '/statements', label: t.nav.statements, action: 'viewMovements' },
    { to: '/sandbox', label: t.nav.sandbox, action: 'useSandbox', developmentOnly: true },
    { to: '/people', label: t.nav.people, action: 'viewPeople' },
    { to: '/audit', label: t.nav.audit, action: 'viewAudit' },
  ];
  const visible = items.filter((item) => (!item.action || can(item.action)) && (!item.developmentOnly || environment === 'development'));

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
      styles={{ main: { background: 'var(--mantine-color-gray-0)' } }}
    >
      <AppShell.Header style={{ borderTop: `3px solid var(--mantine-color-${ENVIRONMENT_COLOR[environment]}-6)` }}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Text fw={700} visibleFrom="xs">
              {t.appName}
            </Text>
            <EnvironmentBadge />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Group visibleFrom="xs">
              <EnvironmentSwitch />
            </Group>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="subtle" size="compact-sm" data-testid="person-menu">
                  {session?.person.name}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {session?.merchant.name} · {session?.person.role}
                </Menu.Label>
                <Menu.Item component={Link} to="/account">
                  {t.nav.account}
                </Menu.Item>
                <Menu.Item onClick={() => void signOut().then(() => navigate('/sign-in'))}>{t.auth.signOut}</Menu.Item>
                <Menu.Item onClick={() => void signOut(true).then(() => navigate('/sign-in'))}>{t.auth.signOutEverywhere}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <Stack gap={2}>
          <Group hiddenFrom="xs" p="xs">
            <EnvironmentSwitch />
          </Group>
          {visible.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to)}
              onClick={close}
            />
          ))}
          <Text size="xs" c="dimmed" p="xs" mt="md">
            {environment === 'development' ? t.environment.developmentNote : t.environment.productionNote}
          </Text>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
