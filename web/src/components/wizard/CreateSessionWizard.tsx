// The create-session wizard (admins): primary volume (a started volume of a cluster) -> destination (a
// known one with its pinned fingerprint, or a new host probed, its fingerprint confirmed, passwordless SSH
// set up in the SSH dialog) -> secondary volume (eligible ones; force shows what it overrides) -> options
// ("use default config", or a few gsyncd options set right after create; start after create) -> review
// and create. Creation runs georep.session.create, then each option (georep.config.set), then start, and
// shows each step's outcome; a failure after the session exists still offers to open it. In a Modal:
// focus trapped, Escape closes (not while creating); the wizard header's button is the only close button.
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Flex,
  FlexItem,
  FormGroup,
  FormSelect,
  FormSelectOption,
  List,
  ListItem,
  Modal,
  ModalVariant,
  TextInput,
  Wizard,
  WizardHeader,
  WizardStep,
} from '@patternfly/react-core';
import { ApiError, type ApiClient } from '../../api/client';
import type { Destination, DestinationTest, EligibilityReason, Volume } from '../../api/contractTypes';
import type { Cluster, Session } from '../../api/types';
import { escapeUnlessNested } from '../modalKeys';
import { validateOptionValue } from '../optionValidation';
import { DestinationStep, destinationReady } from './DestinationStep';
import { SecondaryVolumeStep } from './SecondaryVolumeStep';

/** The gsyncd options offered when the default config is not used, with their defaults (GlusterFS 10.3). */
export const kTunables: Record<string, string> = {
  sync_jobs: '3',
  sync_method: 'rsync',
  use_meta_volume: 'false',
  ignore_deletes: 'false',
  sync_acls: 'true',
  sync_xattrs: 'true',
  change_interval: '5',
  log_level: 'INFO',
};

interface Props {
  client: ApiClient;
  onClose: () => void;
  onCreated: (s: Session) => void;
}

// Focus on open (the cluster) and whenever the focused element disappears (a step's content changes): the
// first of these present in document order, so on later steps the primary footer button. A selector that
// matched nothing would make PatternFly's focus trap throw.
const kWizardFocus = '#wizard-cluster, #create-session-wizard .pf-v6-c-wizard__footer button.pf-m-primary';

type Outcome = { step: string; ok: boolean; message?: string };

export function CreateSessionWizard({ client, onClose, onCreated }: Props) {
  const [clusters, setClusters] = useState<Cluster[]>([]);
  const [cluster, setCluster] = useState('');
  const [volumes, setVolumes] = useState<Volume[] | null>(null);
  const [sourceHosts, setSourceHosts] = useState<string[]>([]);
  const [volume, setVolume] = useState('');
  const [loadError, setLoadError] = useState<string | null>(null);
  const [destination, setDestination] = useState<Destination | null>(null);
  const [tests, setTests] = useState<Record<number, DestinationTest>>({});
  const [secondary, setSecondary] = useState('');
  const [force, setForce] = useState(false);
  const [overridden, setOverridden] = useState<EligibilityReason[]>([]);
  const [useDefaults, setUseDefaults] = useState(true);
  const [options, setOptions] = useState<{ key: string; value: string }[]>([]);
  const [startAfter, setStartAfter] = useState(true);
  const [creating, setCreating] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [created, setCreated] = useState<Session | null>(null);

  useEffect(() => {
    client.listClusters().then((r) => {
      const list = r?.data.clusters ?? [];
      setClusters(list);
      if (list.length > 0) setCluster((c) => c || list[0].name);
    }, (e: Error) => setLoadError(e.message));
  }, [client]);

  useEffect(() => {
    if (!cluster) return;
    let cancelled = false;
    setVolumes(null);
    setVolume('');
    setDestination(null);
    setSecondary('');
    Promise.all([client.listVolumes(cluster), client.listHosts(cluster)]).then(([v, h]) => {
      if (cancelled) return;
      setVolumes(v);
      setSourceHosts((h?.data.hosts ?? []).map((x) => x.address));
      const started = v.find((x) => x.status === 'Started');
      if (started) setVolume(started.name);
    }, (e: Error) => !cancelled && setLoadError(e.message));
    return () => {
      cancelled = true;
    };
  }, [client, cluster]);

  const optionErrors = useMemo(
    () => options.map((o) => (useDefaults ? null : validateOptionValue(o.value, kTunables[o.key] ?? ''))),
    [options, useDefaults],
  );
  const ready = destinationReady(destination, tests);

  const create = async () => {
    if (!destination || !secondary || creating) return;
    setCreating(true);
    const log: Outcome[] = [];
    const note = (o: Outcome) => {
      log.push(o);
      setOutcomes([...log]);
    };
    let session: Session | null = null;
    try {
      session = await client.createSession(cluster, volume, {
        secondary_host: destination.host, secondary_volume: secondary, secondary_user: destination.user,
        ssh_port: destination.port === 22 ? undefined : destination.port, force,
      });
      note({ step: `Created session #${session.session_id}`, ok: true });
      setCreated(session);
    } catch (e) {
      const reasons = e instanceof ApiError ? (e.details as { reasons?: EligibilityReason[] } | undefined)?.reasons : undefined;
      note({ step: 'Create the session', ok: false, message: `${(e as Error).message}${reasons?.length ? ` (${reasons.map((r) => r.code).join(', ')})` : ''}` });
    }
    if (session) {
      for (const o of useDefaults ? [] : options) {
        try {
          await client.setOption(session, o.key, o.value.trim());
          note({ step: `Set ${o.key} = ${o.value.trim()}`, ok: true });
        } catch (e) {
          note({ step: `Set ${o.key}`, ok: false, message: (e as Error).message });
        }
      }
      if (startAfter) {
        try {
          await client.sessionAction(session, 'start', false);
          note({ step: 'Started the session', ok: true });
        } catch (e) {
          note({ step: 'Start the session', ok: false, message: (e as Error).message });
        }
      }
    }
    setCreating(false);
    if (session && log.every((o) => o.ok)) onCreated(session);
  };

  const titleId = 'create-session-title';
  const header = (
    <WizardHeader title="Create a geo-replication session" titleId={titleId} onClose={creating ? () => undefined : onClose}
      closeButtonAriaLabel="Close the wizard"
      description="Replicate a primary volume to a volume of another cluster over SSH." />
  );
  const addOption = () => {
    const free = Object.keys(kTunables).find((k) => !options.some((o) => o.key === k));
    if (free) setOptions([...options, { key: free, value: kTunables[free] }]);
  };

  return (
    <Modal isOpen variant={ModalVariant.large} aria-labelledby={titleId}
      onEscapePress={escapeUnlessNested(() => !creating && onClose())} elementToFocus={kWizardFocus}>
      <Wizard header={header} onClose={onClose} onSave={() => (created ? onCreated(created) : void create())} height={620}
        width="100%" id="create-session-wizard"
        navAriaLabel="Steps of the wizard">
        <WizardStep name="Primary volume" id="step-primary" footer={{ isNextDisabled: !volume }}>
          {loadError && <Alert variant="danger" isInline title={loadError} />}
          <FormGroup label="Cluster" fieldId="wizard-cluster" isRequired>
            <FormSelect id="wizard-cluster" value={cluster} onChange={(_e, v) => setCluster(v)}>
              {clusters.map((c) => <FormSelectOption key={c.id} value={c.name} label={c.name} />)}
            </FormSelect>
          </FormGroup>
          <FormGroup label="Primary volume" fieldId="wizard-volume" isRequired>
            <FormSelect id="wizard-volume" value={volume} onChange={(_e, v) => setVolume(v)} isDisabled={!volumes?.length}>
              <FormSelectOption value="" label={volumes === null ? 'Loading…' : volumes.length ? 'Choose a volume' : 'No volume known (refresh the cluster)'} isDisabled />
              {(volumes ?? []).map((v) => (
                <FormSelectOption key={v.name} value={v.name} isDisabled={v.status !== 'Started'}
                  label={`${v.name} (${v.type}, ${v.status}${v.status !== 'Started' ? ': start it first' : ''})`} />
              ))}
            </FormSelect>
          </FormGroup>
        </WizardStep>
        <WizardStep name="Destination" id="step-destination" footer={{ isNextDisabled: !ready }}>
          {cluster && (
            <DestinationStep client={client} cluster={cluster} sourceHosts={sourceHosts} selected={destination}
              onSelect={(d) => { setDestination(d); setSecondary(''); }} tests={tests}
              onTested={(t) => setTests((prev) => ({ ...prev, [t.destination]: t }))} />
          )}
          {destination && !ready && (
            <Alert variant="info" isInline isPlain title={`Test ${destination.host} or set up passwordless SSH to continue.`} />
          )}
        </WizardStep>
        <WizardStep name="Secondary volume" id="step-secondary" isDisabled={!ready} footer={{ isNextDisabled: !secondary }}>
          {destination && (
            <SecondaryVolumeStep client={client} cluster={cluster} volume={volume} destination={destination}
              selected={secondary} force={force}
              onChange={(v, f, o) => { setSecondary(v); setForce(f); setOverridden(o); }} />
          )}
        </WizardStep>
        <WizardStep name="Options" id="step-options" isDisabled={!secondary}
          footer={{ isNextDisabled: optionErrors.some(Boolean) }}>
          <Checkbox id="wizard-defaults" isChecked={useDefaults} onChange={(_e, c) => setUseDefaults(c)}
            label="Use the default config" description="GlusterFS's defaults; any option can be changed later on the session's Options tab." />
          {!useDefaults && (
            <section aria-label="Options set after create">
              {options.map((o, i) => (
                <Flex key={o.key} alignItems={{ default: 'alignItemsFlexStart' }}>
                  <FlexItem>
                    <FormGroup label="Option" fieldId={`wizard-option-${i}`}>
                      <FormSelect id={`wizard-option-${i}`} value={o.key}
                        onChange={(_e, k) => setOptions(options.map((x, j) => (j === i ? { key: k, value: kTunables[k] } : x)))}>
                        {Object.keys(kTunables).filter((k) => k === o.key || !options.some((x) => x.key === k))
                          .map((k) => <FormSelectOption key={k} value={k} label={k} />)}
                      </FormSelect>
                    </FormGroup>
                  </FlexItem>
                  <FlexItem>
                    <FormGroup label={`Value of ${o.key}`} fieldId={`wizard-option-${i}-value`}>
                      <TextInput id={`wizard-option-${i}-value`} value={o.value} validated={optionErrors[i] ? 'error' : 'default'}
                        onChange={(_e, v) => setOptions(options.map((x, j) => (j === i ? { ...x, value: v } : x)))} />
                      {optionErrors[i] && <p className="pf-v6-u-text-color-status-danger" role="alert">{optionErrors[i]}</p>}
                    </FormGroup>
                  </FlexItem>
                  <FlexItem>
                    <Button variant="link" isDanger onClick={() => setOptions(options.filter((_x, j) => j !== i))}>
                      Remove {o.key}
                    </Button>
                  </FlexItem>
                </Flex>
              ))}
              <Button variant="link" isInline onClick={addOption} isDisabled={options.length >= Object.keys(kTunables).length}>
                Add an option
              </Button>
            </section>
          )}
          <Checkbox id="wizard-start" isChecked={startAfter} onChange={(_e, c) => setStartAfter(c)}
            label="Start the session after creating it" />
        </WizardStep>
        <WizardStep name="Review" id="step-review" isDisabled={!secondary}
          footer={{ nextButtonText: created ? 'Done' : 'Create', isNextDisabled: creating, isBackDisabled: creating || created !== null }}>
          <DescriptionList isHorizontal isCompact aria-label="The session to create">
            {[
              ['Primary', `${cluster}/${volume}`],
              ['Secondary', destination ? `${destination.user}@${destination.host}::${secondary}` : ''],
              ['SSH', destination ? `port ${destination.port}, host key ${destination.fingerprint}` : ''],
              ['Eligibility', force && overridden.length ? `forced, overriding ${overridden.map((r) => r.code).join(', ')}` : 'eligible'],
              ['Config', useDefaults || options.length === 0 ? 'defaults' : options.map((o) => `${o.key}=${o.value}`).join(', ')],
              ['Start after create', startAfter ? 'yes' : 'no'],
            ].map(([term, value]) => (
              <DescriptionListGroup key={term}>
                <DescriptionListTerm>{term}</DescriptionListTerm>
                <DescriptionListDescription>{value}</DescriptionListDescription>
              </DescriptionListGroup>
            ))}
          </DescriptionList>
          {outcomes.length > 0 && (
            <List aria-label="Progress" aria-live="polite" data-testid="create-outcomes">
              {outcomes.map((o, i) => (
                <ListItem key={i}>{o.ok ? `✓ ${o.step}` : `✗ ${o.step}: ${o.message}`}</ListItem>
              ))}
            </List>
          )}
          {created && outcomes.some((o) => !o.ok) && (
            <Button variant="link" isInline onClick={() => onCreated(created)}>Open the session anyway</Button>
          )}
        </WizardStep>
      </Wizard>
    </Modal>
  );
}
