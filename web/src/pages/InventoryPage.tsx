// The inventory: clusters (transport, gluster command, host count) and, expanded, their hosts with the
// SSH host key fingerprint pinned for each (what every SSH connection is checked against).
import { Alert, ClipboardCopy, Label, PageSection, Spinner, Title } from '@patternfly/react-core';
import { ExpandableRowContent, Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { ApiClient } from '../api/client';
import { useToggleSet } from '../useToggleSet';
import { usePolling } from '../usePolling';

function Hosts({ client, cluster }: { client: ApiClient; cluster: string }) {
  const hosts = usePolling((etag) => client.listHosts(cluster, etag), 10000, `hosts/${cluster}`);
  if (hosts.error) return <Alert variant="danger" isInline isPlain title={hosts.error.message} />;
  if (!hosts.data) return <Spinner size="md" aria-label={`Loading the hosts of ${cluster}`} />;
  if (hosts.data.hosts.length === 0) return <p>No host in this cluster.</p>;
  return (
    <Table aria-label={`Hosts of ${cluster}`} variant="compact">
      <Thead>
        <Tr>
          <Th>Address</Th>
          <Th>SSH</Th>
          <Th>Key</Th>
          <Th>Pinned host key</Th>
          <Th>State</Th>
        </Tr>
      </Thead>
      <Tbody>
        {hosts.data.hosts.map((h) => (
          <Tr key={h.id} data-host={h.address}>
            <Td dataLabel="Address">{h.address}</Td>
            <Td dataLabel="SSH">{`${h.ssh_user}@:${h.ssh_port}`}</Td>
            <Td dataLabel="Key">{h.ssh_key ?? (h.ssh_key_path ? h.ssh_key_path : 'ssh-agent')}</Td>
            <Td dataLabel="Pinned host key">
              {h.host_key_fingerprint ? (
                <ClipboardCopy isReadOnly hoverTip="Copy" clickTip="Copied" variant="inline-compact">
                  {h.host_key_fingerprint}
                </ClipboardCopy>
              ) : (
                '–'
              )}
            </Td>
            <Td dataLabel="State"><Label isCompact color={h.state === 'up' ? 'green' : 'grey'}>{h.state}</Label></Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function InventoryPage({ client }: { client: ApiClient }) {
  const clusters = usePolling((etag) => client.listClusters(etag), 10000, 'inventory');
  const [expanded, toggleExpanded] = useToggleSet<string>();
  return (
    <PageSection>
      <Title headingLevel="h1">Inventory</Title>
      {clusters.error && <Alert variant="danger" isInline title={`Could not load the clusters: ${clusters.error.message}`} />}
      <Table aria-label="Clusters" id="clusters-table">
        <Thead>
          <Tr>
            <Th screenReaderText="Hosts" />
            <Th>Cluster</Th>
            <Th>Transport</Th>
            <Th>Gluster command</Th>
            <Th>Hosts</Th>
          </Tr>
        </Thead>
        {(clusters.data?.clusters ?? []).map((c, rowIndex) => {
          const isExpanded = expanded.has(c.name);
          return (
            <Tbody key={c.id} isExpanded={isExpanded}>
              <Tr data-cluster={c.name}>
                <Td expand={{
                  rowIndex,
                  isExpanded,
                  onToggle: () => toggleExpanded(c.name),
                }} />
                <Td dataLabel="Cluster">{c.name}</Td>
                <Td dataLabel="Transport">{c.transport}</Td>
                <Td dataLabel="Gluster command"><code>{c.gluster_command}</code></Td>
                <Td dataLabel="Hosts">{c.hosts}</Td>
              </Tr>
              <Tr isExpanded={isExpanded}>
                <Td colSpan={5}>
                  <ExpandableRowContent>{isExpanded && <Hosts client={client} cluster={c.name} />}</ExpandableRowContent>
                </Td>
              </Tr>
            </Tbody>
          );
        })}
      </Table>
    </PageSection>
  );
}
