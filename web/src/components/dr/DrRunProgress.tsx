// A DR run in flight, live: its steps (pre hooks, start, checkpoint, wait, stop, post hooks) with the
// current one marked, and the progress the engine reports (workers done/active, pending entry/data/meta,
// elapsed time). Read-only; the parent polls GET .../dr-runs/{run} and hands the latest record here.
import { Label, ProgressStep, ProgressStepper } from '@patternfly/react-core';
import type { DrRunDetails } from '../../api/contractTypes';
import { DR_STEPS } from '../../api/contractTypes';
import { formatDuration } from './drFormat';

const kShownSteps = DR_STEPS.filter((s) => s !== 'pending' && s !== 'done');
const stepTitle: Record<string, string> = {
  pre_hooks: 'Pre hooks',
  start: 'Start',
  checkpoint: 'Checkpoint',
  touch: 'Touch',
  wait: 'Wait for sync',
  stop: 'Stop',
  post_hooks: 'Post hooks',
};

export function DrRunProgress({ run }: { run: DrRunDetails }) {
  const step = run.progress?.step ?? run.step;
  const current = kShownSteps.indexOf(step as (typeof kShownSteps)[number]);
  const finished = run.result !== 'running';
  const p = run.progress;
  return (
    <div data-testid="dr-run-progress" aria-live="polite">
      <p>
        Run #{run.run_id} ({run.trigger}): <Label isCompact color={finished ? (run.result === 'succeeded' ? 'green' : 'red') : 'blue'}>
          {finished ? run.result : `running: ${stepTitle[step] ?? step}`}
        </Label>
      </p>
      <ProgressStepper aria-label={`Steps of DR run ${run.run_id}`} isCenterAligned>
        {kShownSteps.map((s, i) => {
          const variant = finished && run.result === 'succeeded' ? 'success'
            : i < current ? 'success'
              : i === current ? (finished ? 'danger' : 'info')
                : 'pending';
          return (
            <ProgressStep key={s} id={`dr-step-${s}`} titleId={`dr-step-${s}-title`} variant={variant}
              isCurrent={i === current && !finished} aria-label={`${stepTitle[s]}: ${variant}`}>
              {stepTitle[s]}
            </ProgressStep>
          );
        })}
      </ProgressStepper>
      {p && (
        <p data-testid="dr-run-figures">
          Workers done {p.workers_done}, active {p.workers_active}; pending entry {p.pending_entry ?? '–'}, data{' '}
          {p.pending_data ?? '–'}, meta {p.pending_meta ?? '–'}; elapsed {formatDuration(p.elapsed_seconds)}
        </p>
      )}
      {run.error && <p>{run.error}</p>}
    </div>
  );
}
