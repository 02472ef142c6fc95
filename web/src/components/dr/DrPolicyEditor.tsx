// The dialog that creates or edits a session's DR policy: schedule (@hourly/@daily/@weekly or 5 cron
// fields), IANA time zone, whether the session stops after each sync (mode stop_after_sync) or keeps
// running (continuous), run timeout, RPO target and the quiesce hooks. Checked here first, then by the
// engine, whose message goes on the field it names. The next runs are not guessed here: the engine's own
// cron parser computes next_run_at, shown on the tab after saving. Keyboard: focus starts on the schedule,
// Tab stays in the dialog, Escape cancels.
import { useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  InputGroup,
  InputGroupItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
} from '@patternfly/react-core';
import { ApiError, type ApiClient, type SessionRef } from '../../api/client';
import type { DrPolicy, DrPolicySettings } from '../../api/contractTypes';
import { HooksEditor, checkHooks } from './HooksEditor';
import { checkSchedule, RPO_UNITS, SCHEDULE_PRESETS, splitSeconds, timeZones } from './drFormat';

interface Props {
  client: ApiClient;
  session: SessionRef;
  policy: DrPolicy | null;
  nodes: string[];
  onClose: () => void;
  onSaved: (policy: DrPolicy) => void;
}

const kDefaults: DrPolicySettings = {
  schedule: '@daily',
  time_zone: 'UTC',
  run_timeout_seconds: 3600,
  mode: 'continuous',
  rpo_target_seconds: 86400,
  hooks: { pre: [], post: [] },
};

function FieldError({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <FormHelperText>
      <HelperText><HelperTextItem variant="error">{text}</HelperTextItem></HelperText>
    </FormHelperText>
  );
}

export function DrPolicyEditor({ client, session, policy, nodes, onClose, onSaved }: Props) {
  const initial = policy ?? kDefaults;
  const zones = useMemo(() => {
    const all = timeZones();
    return all.includes(initial.time_zone) ? all : [initial.time_zone, ...all];
  }, [initial.time_zone]);
  const [schedule, setSchedule] = useState(initial.schedule);
  const [preset, setPreset] = useState<string>(
    (SCHEDULE_PRESETS as readonly string[]).includes(initial.schedule) ? initial.schedule : 'custom');
  const [zone, setZone] = useState(initial.time_zone);
  const [stopAfterSync, setStopAfterSync] = useState(initial.mode === 'stop_after_sync');
  const [timeoutMinutes, setTimeoutMinutes] = useState(String(Math.round(initial.run_timeout_seconds / 60)));
  const rpo = splitSeconds(initial.rpo_target_seconds);
  const [rpoAmount, setRpoAmount] = useState(String(rpo.amount));
  const [rpoUnit, setRpoUnit] = useState(rpo.unit);
  const [hooks, setHooks] = useState(initial.hooks ?? { pre: [], post: [] });
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<ApiError | Error | null>(null);
  const [submitted, setSubmitted] = useState(false);

  const scheduleError = checkSchedule(schedule);
  const timeout = Number(timeoutMinutes) * 60;
  const timeoutError = Number.isInteger(timeout) && timeout >= 60 && timeout <= 86400 ? null : 'Between 1 and 1440 minutes.';
  const rpoSeconds = Number(rpoAmount) * rpoUnit;
  const rpoError = Number.isInteger(rpoSeconds) && rpoSeconds >= 60 && rpoSeconds <= 31 * 86400 ? null : 'Between 1 minute and 31 days.';
  const hooksError = checkHooks(hooks);
  const invalid = Boolean(scheduleError || timeoutError || rpoError || hooksError);
  const fieldError = (field: string) =>
    serverError instanceof ApiError && serverError.field === field ? serverError.message : null;

  const save = async () => {
    setSubmitted(true);
    if (invalid) return;
    setSaving(true);
    setServerError(null);
    const settings: DrPolicySettings = {
      schedule: schedule.trim(),
      time_zone: zone,
      run_timeout_seconds: timeout,
      mode: stopAfterSync ? 'stop_after_sync' : 'continuous',
      rpo_target_seconds: rpoSeconds,
      hooks,
    };
    try {
      const saved = policy ? await client.updateDrPolicy(session, settings) : await client.createDrPolicy(session, settings);
      onSaved(saved);
    } catch (e) {
      setServerError(e as Error);
    } finally {
      setSaving(false);
    }
  };

  const titleId = 'dr-policy-editor-title';
  const general = serverError && !(serverError instanceof ApiError && ['schedule', 'time_zone', 'run_timeout_seconds',
    'rpo_target_seconds', 'hooks'].includes(serverError.field ?? ''));
  return (
    <Modal isOpen variant="medium" onClose={saving ? undefined : onClose} aria-labelledby={titleId}
      elementToFocus="#dr-schedule-preset">
      <ModalHeader title={policy ? 'Edit the DR policy' : 'Create a DR policy'} labelId={titleId}
        description="Runs set a checkpoint and wait until every worker has synced up to it: the secondary is then consistent as of that time." />
      <ModalBody>
        <Form id="dr-policy-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <FormGroup label="Schedule" fieldId="dr-schedule" isRequired>
            <InputGroup>
              <InputGroupItem>
                <FormSelect id="dr-schedule-preset" aria-label="Schedule preset" value={preset} isDisabled={saving}
                  onChange={(_e, v) => {
                    setPreset(v);
                    if (v !== 'custom') setSchedule(v);
                  }}>
                  <FormSelectOption value="@hourly" label="Every hour (@hourly)" />
                  <FormSelectOption value="@daily" label="Every day at midnight (@daily)" />
                  <FormSelectOption value="@weekly" label="Every Sunday at midnight (@weekly)" />
                  <FormSelectOption value="custom" label="Cron expression" />
                </FormSelect>
              </InputGroupItem>
              <InputGroupItem isFill>
                <TextInput id="dr-schedule" aria-label="Schedule" value={schedule} isDisabled={saving || preset !== 'custom'}
                  validated={(submitted && scheduleError) || fieldError('schedule') ? 'error' : 'default'}
                  placeholder="minute hour day-of-month month day-of-week" onChange={(_e, v) => setSchedule(v)} />
              </InputGroupItem>
            </InputGroup>
            <FieldError text={(submitted && scheduleError) || fieldError('schedule')} />
            <FormHelperText>
              <HelperText>
                <HelperTextItem>Read in the time zone below. The engine computes the next run when you save.</HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          <FormGroup label="Time zone" fieldId="dr-zone" isRequired>
            <FormSelect id="dr-zone" value={zone} onChange={(_e, v) => setZone(v)} isDisabled={saving}>
              {zones.map((z) => <FormSelectOption key={z} value={z} label={z} />)}
            </FormSelect>
            <FieldError text={fieldError('time_zone')} />
          </FormGroup>
          <FormGroup fieldId="dr-stop-after-sync" role="group">
            <Checkbox id="dr-stop-after-sync" isChecked={stopAfterSync} onChange={(_e, c) => setStopAfterSync(c)} isDisabled={saving}
              label="Stop the session after each sync"
              description="Periodic: each run starts the session, syncs to a checkpoint and stops it (stop_after_sync). Unchecked: the session keeps running and a run only waits for the checkpoint (continuous)." />
          </FormGroup>
          <FormGroup label="Run timeout (minutes)" fieldId="dr-timeout" isRequired>
            <TextInput id="dr-timeout" type="number" value={timeoutMinutes} onChange={(_e, v) => setTimeoutMinutes(v)} isDisabled={saving}
              validated={(submitted && timeoutError) || fieldError('run_timeout_seconds') ? 'error' : 'default'} />
            <FieldError text={(submitted && timeoutError) || fieldError('run_timeout_seconds')} />
          </FormGroup>
          <FormGroup label="RPO target" fieldId="dr-rpo" isRequired>
            <InputGroup>
              <InputGroupItem isFill>
                <TextInput id="dr-rpo" type="number" value={rpoAmount} onChange={(_e, v) => setRpoAmount(v)} isDisabled={saving}
                  validated={(submitted && rpoError) || fieldError('rpo_target_seconds') ? 'error' : 'default'} />
              </InputGroupItem>
              <InputGroupItem>
                <FormSelect id="dr-rpo-unit" aria-label="RPO target unit" value={rpoUnit} isDisabled={saving}
                  onChange={(_e, v) => setRpoUnit(Number(v))}>
                  {RPO_UNITS.map((u) => <FormSelectOption key={u.seconds} value={u.seconds} label={u.label} />)}
                </FormSelect>
              </InputGroupItem>
            </InputGroup>
            <FieldError text={(submitted && rpoError) || fieldError('rpo_target_seconds')} />
            <FormHelperText>
              <HelperText><HelperTextItem>How old the last consistent point may get before the RPO is breached (alert).</HelperTextItem></HelperText>
            </FormHelperText>
          </FormGroup>
          <FormGroup label="Hooks" fieldId="dr-hooks" role="group">
            <HooksEditor value={hooks} nodes={nodes} onChange={setHooks} isDisabled={saving} />
            <FieldError text={(submitted && hooksError) || fieldError('hooks')} />
          </FormGroup>
        </Form>
        {general && <Alert variant="danger" isInline title={`The engine refused the policy: ${serverError.message}`} />}
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" type="submit" form="dr-policy-form" isLoading={saving} isDisabled={saving}>
          {policy ? 'Save' : 'Create'}
        </Button>
        <Button variant="link" onClick={onClose} isDisabled={saving}>Cancel</Button>
      </ModalFooter>
    </Modal>
  );
}
