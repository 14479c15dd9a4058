/**
 * The runtime stages the Hugging Face hub reports for a Space (`runtime.stage`), and what a
 * job does about each (spec §3.2). Pure.
 */
import type { SpaceStage } from '../events.js';

/** What a job does about a stage: wait for it to pass, go on, or give up. */
export type StageVerdict = 'wait' | 'running' | 'give-up';

/** A raw hub stage, read. */
export interface SpaceRuntime {
  /** The hub's own word: `SLEEPING`, `BUILDING`, `RUNNING`, `RUNTIME_ERROR`, … */
  raw: string;
  stage: SpaceStage;
  verdict: StageVerdict;
}

const stages: Readonly<Record<string, { stage: SpaceStage; verdict: StageVerdict }>> = {
  STOPPED: { stage: 'sleeping', verdict: 'wait' },
  SLEEPING: { stage: 'sleeping', verdict: 'wait' },
  BUILDING: { stage: 'building', verdict: 'wait' },
  APP_STARTING: { stage: 'starting', verdict: 'wait' },
  RUNNING_APP_STARTING: { stage: 'starting', verdict: 'wait' },
  RUNNING: { stage: 'running', verdict: 'running' },
  RUNNING_BUILDING: { stage: 'running', verdict: 'running' },
  PAUSED: { stage: 'paused', verdict: 'give-up' },
};

/**
 * Reads a hub stage. Unknown stages (`BUILD_ERROR`, `RUNTIME_ERROR`, `CONFIG_ERROR`,
 * `NO_APP_FILE`, and any the hub adds later) are errors: the job gives up rather than wait
 * for something that may never come.
 */
export function readStage(raw: string): SpaceRuntime {
  const known = stages[raw.toUpperCase()];
  return known === undefined ? { raw, stage: 'error', verdict: 'give-up' } : { raw, ...known };
}

/** A sentence about a Space's stage, for the `space-status` event's `message`. */
export function stageMessage(id: string, runtime: SpaceRuntime): string {
  switch (runtime.stage) {
    case 'sleeping':
      return `${id} is asleep: waking it up`;
    case 'building':
      return `${id} is building`;
    case 'starting':
      return `${id} is starting`;
    case 'running':
      return `${id} is running`;
    case 'paused':
      return `${id} is paused by its owner: it will not wake up until they restart it`;
    case 'error':
      return `${id} is in the stage ${runtime.raw}: it cannot run until its owner fixes it`;
  }
}
