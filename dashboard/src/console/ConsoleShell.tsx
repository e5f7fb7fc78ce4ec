import { AppShell, Badge, Burger, Button, Group, Menu, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { type PageProps, PageFrame } from '../components/Page';
import { type OperatorRole, useConsoleSession } from './session';

interface NavItem {
  to: string;
  label: string;
  /** The least role that sees the page (default: every operator). */
  role?: OperatorRole;
}

const NAV: NavItem[] = [
  { to: '/approvals', label: 'Approvals' },
  { to: '/merchants', label: 'Merchants' },
  { to: '/top-ups', label: 'Top-ups' },
  { to: '/top-up-bank-accounts', label: 'Top-up bank accounts' },
  { to: '/withdrawals', label: 'Withdrawals' },
  { to: '/payouts-in-doubt', label: 'Payouts in doubt' },
  { to: '/settlement', label: 'Settlement' },
  { to: '/reconciliation', label: 'Reconciliation' },
  { to: '/ledger-check', label: 'Ledger check' },
  { to: '/callbacks', label: 'Callbacks' },
  { to: '/audit', label: 'Audit log' },
  { to: '/operators', label: 'Operators', role: 'admin' },
];

/** The operator console's frame: who is signed in (and their role), the pages their role may see. */
export function ConsoleShell() {
  const [opened, { toggle, close }] = useDisclosure();
  const { session, signOut, can } = useConsoleSession();
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
      styles={{ main: { background: 'var(--mantine-color-gray-0)' } }}
    >
      <AppShell.Header style={{ borderTop: '3px solid var(--mantine-color-dark-6)' }}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Text fw={700}>Palladium</Text>
            <Badge color="dark" variant="filled">
              Operator console
            </Badge>
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button variant="subtle" size="compact-sm" data-testid="operator-menu">
                {session?.operator.name} · {session?.operator.role}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{session?.operator.email}</Menu.Label>
              <Menu.Item component={Link} to="/account">
                Your account
              </Menu.Item>
              <Menu.Item onClick={() => void signOut().then(() => navigate('/sign-in'))}>Sign out</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <Stack gap={2}>
          {NAV.filter((item) => !item.role || can(item.role)).map((item) => (
            <NavLink key={item.to} component={Link} to={item.to} label={item.label} active={location.pathname.startsWith(item.to)} onClick={close} />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/** A console page: its title, an optional lead and actions, then its content (wider than the dashboard's: more columns). */
export function ConsolePage(props: PageProps) {
  return <PageFrame {...props} maxWidth={1200} />;
}
