// The quiesce hooks of a DR policy, before ("pre") and after ("post") each run: webhooks (http/https URL,
// no user:password in it) or allow-listed programs by name on a node of the cluster (the engine holds the
// allow-list; a path is never given). At most 4 per phase (commands/dr_hooks.h); the engine validates
// again and names the offending hook. Controlled: the value is the hooks JSON as sent.
import {
  Button,
  Flex,
  FlexItem,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  TextArea,
  TextInput,
  Title,
} from '@patternfly/react-core';
import type { DrHook, DrHooks } from '../../api/contractTypes';

export const kMaxHooksPerPhase = 4;

/** Null when every hook is complete; else the first problem ("Before the run, hook 1: ..."). */
export function checkHooks(hooks: DrHooks): string | null {
  for (const phase of ['pre', 'post'] as const) {
    for (const [i, h] of hooks[phase].entries()) {
      const where = `${phase === 'pre' ? 'Before' : 'After'} the run, hook ${i + 1}`;
      if (h.type === 'webhook') {
        let url: URL | null = null;
        try {
          url = new URL(h.url);
        } catch {
          url = null;
        }
        if (!url || !/^https?:$/.test(url.protocol)) return `${where}: enter an http:// or https:// URL.`;
        if (url.username || url.password) return `${where}: no user or password in the URL (it would be stored in clear).`;
      } else {
        if (!/^[a-z0-9_-]{1,64}$/.test(h.program)) return `${where}: the program is a name from the engine's allow-list (a-z, 0-9, _ and -).`;
        if (!h.node) return `${where}: choose the node it runs on.`;
      }
    }
  }
  return null;
}

interface Props {
  value: DrHooks;
  nodes: string[];
  onChange: (hooks: DrHooks) => void;
  isDisabled?: boolean;
}

export function HooksEditor({ value, nodes, onChange, isDisabled }: Props) {
  const set = (phase: 'pre' | 'post', list: DrHook[]) => onChange({ ...value, [phase]: list });
  const update = (phase: 'pre' | 'post', index: number, hook: DrHook) =>
    set(phase, value[phase].map((h, i) => (i === index ? hook : h)));

  return (
    <>
      {(['pre', 'post'] as const).map((phase) => {
        const label = phase === 'pre' ? 'Before the run (quiesce)' : 'After the run';
        return (
          <section key={phase} aria-label={`Hooks ${label}`} className="dr-hooks-phase">
            <Title headingLevel="h4" size="md">{label}</Title>
            {value[phase].length === 0 && <p className="pf-v6-u-text-color-subtle">No hook.</p>}
            {value[phase].map((hook, i) => {
              const id = `hook-${phase}-${i}`;
              return (
                <Flex key={i} alignItems={{ default: 'alignItemsFlexEnd' }} data-hook={id}>
                  <FlexItem>
                    <FormGroup label="Type" fieldId={`${id}-type`}>
                      <FormSelect id={`${id}-type`} value={hook.type} isDisabled={isDisabled}
                        onChange={(_e, t) => update(phase, i, t === 'webhook'
                          ? { type: 'webhook', url: '', timeout_seconds: 30 }
                          : { type: 'program', program: '', args: [], node: nodes[0] ?? '', timeout_seconds: 300 })}>
                        <FormSelectOption value="webhook" label="Webhook" />
                        <FormSelectOption value="program" label="Allow-listed program" />
                      </FormSelect>
                    </FormGroup>
                  </FlexItem>
                  {hook.type === 'webhook' ? (
                    <FlexItem grow={{ default: 'grow' }}>
                      <FormGroup label="URL" fieldId={`${id}-url`} isRequired>
                        <TextInput id={`${id}-url`} type="url" value={hook.url} isDisabled={isDisabled}
                          onChange={(_e, url) => update(phase, i, { ...hook, url })} />
                      </FormGroup>
                    </FlexItem>
                  ) : (
                    <>
                      <FlexItem>
                        <FormGroup label="Program (allow-list name)" fieldId={`${id}-program`} isRequired>
                          <TextInput id={`${id}-program`} value={hook.program} isDisabled={isDisabled}
                            onChange={(_e, program) => update(phase, i, { ...hook, program })} />
                        </FormGroup>
                      </FlexItem>
                      <FlexItem>
                        <FormGroup label="Node" fieldId={`${id}-node`} isRequired>
                          <FormSelect id={`${id}-node`} value={hook.node} isDisabled={isDisabled}
                            onChange={(_e, node) => update(phase, i, { ...hook, node })}>
                            <FormSelectOption value="" label="Choose a node" isDisabled />
                            {nodes.map((n) => <FormSelectOption key={n} value={n} label={n} />)}
                          </FormSelect>
                        </FormGroup>
                      </FlexItem>
                      <FlexItem grow={{ default: 'grow' }}>
                        <FormGroup label="Arguments (one per line)" fieldId={`${id}-args`}>
                          <TextArea id={`${id}-args`} rows={1} autoResize value={(hook.args ?? []).join('\n')} isDisabled={isDisabled}
                            onChange={(_e, text) => update(phase, i, { ...hook, args: text === '' ? [] : text.split('\n') })} />
                        </FormGroup>
                      </FlexItem>
                    </>
                  )}
                  <FlexItem>
                    <FormGroup label="Timeout (s)" fieldId={`${id}-timeout`}>
                      <TextInput id={`${id}-timeout`} type="number" value={hook.timeout_seconds ?? ''} isDisabled={isDisabled}
                        onChange={(_e, t) => update(phase, i, { ...hook, timeout_seconds: t === '' ? undefined : Number(t) })} />
                    </FormGroup>
                  </FlexItem>
                  <FlexItem>
                    <Button variant="link" isDanger isDisabled={isDisabled}
                      onClick={() => set(phase, value[phase].filter((_h, j) => j !== i))}>
                      Remove hook {i + 1}
                    </Button>
                  </FlexItem>
                </Flex>
              );
            })}
            <Button variant="link" isInline isDisabled={isDisabled || value[phase].length >= kMaxHooksPerPhase}
              onClick={() => set(phase, [...value[phase], { type: 'webhook', url: '', timeout_seconds: 30 }])}>
              Add a hook {phase === 'pre' ? 'before' : 'after'} the run
            </Button>
            {value[phase].length >= kMaxHooksPerPhase && (
              <FormHelperText>
                <HelperText><HelperTextItem>At most {kMaxHooksPerPhase} hooks per phase.</HelperTextItem></HelperText>
              </FormHelperText>
            )}
          </section>
        );
      })}
    </>
  );
}
