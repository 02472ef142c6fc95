// The console's shell: the login page until a token is held, then the masthead (user, role, log out), the
// navigation (Sessions, Events, Inventory) and the page of the current route. The caller's role comes from
// auth.whoami; viewers see no mutating control. A 401 from any call (token expired or revoked) returns to
// the login page with a notice.
import { useCallback, useEffect, useState } from 'react';
import {
  Button,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadMain,
  Nav,
  NavItem,
  NavList,
  Page,
  PageSidebar,
  PageSidebarBody,
  SkipToContent,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
  Label,
} from '@patternfly/react-core';
import type { ApiClient } from './api/client';
import type { Caller } from './api/types';
import { routePath, useRoute, type Route } from './navigation';
import { EventsPage } from './pages/EventsPage';
import { InventoryPage } from './pages/InventoryPage';
import { LoginPage } from './pages/LoginPage';
import { SessionDetailsPage } from './pages/SessionDetailsPage';
import { SessionsPage } from './pages/SessionsPage';

const navItems: { page: Route['page']; label: string; route: Route }[] = [
  { page: 'sessions', label: 'Geo-replication sessions', route: { page: 'sessions' } },
  { page: 'events', label: 'Events', route: { page: 'events' } },
  { page: 'inventory', label: 'Inventory', route: { page: 'inventory' } },
];

export function App({ client }: { client: ApiClient }) {
  const [caller, setCaller] = useState<Caller | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [route, navigate] = useRoute();

  useEffect(() => {
    client.onUnauthenticated = () => {
      setCaller(null);
      setNotice('Your session ended (token expired or revoked): log in again.');
    };
    return () => {
      client.onUnauthenticated = null;
    };
  }, [client]);

  const login = useCallback(
    async (user: string, password: string) => {
      await client.login(user, password);
      try {
        setCaller(await client.whoami());
        setNotice(null);
      } catch (e) {
        client.forgetToken();
        throw e;
      }
    },
    [client],
  );

  const logout = useCallback(async () => {
    await client.logout();
    setCaller(null);
    setNotice(null);
  }, [client]);

  if (!caller) return <LoginPage onLogin={login} notice={notice} />;

  const current = route.page === 'session' ? 'sessions' : route.page;
  const masthead = (
    <Masthead>
      <MastheadMain>
        <MastheadBrand>
          <strong>georep</strong>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <Toolbar isFullHeight>
          <ToolbarContent>
            <ToolbarItem align={{ default: 'alignEnd' }}>
              <span data-testid="whoami">
                {caller.user ?? caller.actor} <Label isCompact>{caller.role}</Label>
              </span>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" onClick={() => void logout()}>
                Log out
              </Button>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      </MastheadContent>
    </Masthead>
  );
  const sidebar = (
    <PageSidebar>
      <PageSidebarBody>
        <Nav aria-label="Console">
          <NavList>
            {navItems.map((item) => (
              <NavItem key={item.page} isActive={current === item.page} to={routePath(item.route)}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(item.route);
                }}>
                {item.label}
              </NavItem>
            ))}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );

  return (
    <Page masthead={masthead} sidebar={sidebar} isManagedSidebar
      skipToContent={<SkipToContent href="#main">Skip to content</SkipToContent>} mainContainerId="main">
      {route.page === 'sessions' && <SessionsPage client={client} role={caller.role} navigate={navigate} />}
      {route.page === 'session' && (
        <SessionDetailsPage key={`${route.cluster}/${route.volume}/${route.sessionId}`} client={client}
          role={caller.role} cluster={route.cluster} volume={route.volume} sessionId={route.sessionId}
          navigate={navigate} />
      )}
      {route.page === 'events' && <EventsPage client={client} />}
      {route.page === 'inventory' && <InventoryPage client={client} />}
    </Page>
  );
}
