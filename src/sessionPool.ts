/**
 * The Gradio sessions of one app (DESIGN.md rule 3).
 *
 * Gradio's `/cancel` stops every running job of an fn_index in a session, so two jobs of the
 * same endpoint must not share a session if either may be cancelled alone. A job joins the
 * first session where no running job has its fn_index: sequential jobs reuse the first
 * session (its `gr.State` carries over), concurrent jobs of different endpoints share it (and
 * its one stream), concurrent jobs of one endpoint get sessions of their own. A pinned
 * session hash puts every job in one session.
 */
import type { SessionStream } from './transport/sessionStream.js';

export interface PoolSession {
  readonly hash: string;
  readonly stream: SessionStream;
  readonly leases: Set<SessionLease>;
}

/** A job's place in a session, from before its join until it ends. */
export interface SessionLease {
  readonly session: PoolSession;
  readonly fnIndex: number;
  /** Whether another job of the same fn_index runs in this session (pinned sessions only). */
  hasSibling(): boolean;
  release(): void;
}

export class SessionPool {
  readonly #sessions: PoolSession[] = [];
  readonly #createStream: (hash: string) => SessionStream;
  readonly #pinned: boolean;

  constructor(createStream: (hash: string) => SessionStream, pinnedHash?: string) {
    this.#createStream = createStream;
    this.#pinned = pinnedHash !== undefined;
    if (pinnedHash !== undefined) this.#add(pinnedHash);
  }

  acquire(fnIndex: number): SessionLease {
    const session = this.#pinned
      ? this.#sessions[0]!
      : (this.#sessions.find((candidate) => ![...candidate.leases].some((lease) => lease.fnIndex === fnIndex)) ?? this.#add(randomHash()));
    let released = false;
    const lease: SessionLease = {
      session,
      fnIndex,
      hasSibling: () => [...session.leases].some((other) => other !== lease && other.fnIndex === fnIndex),
      release: () => {
        if (released) return;
        released = true;
        session.leases.delete(lease);
        this.#forgetIfIdle(session);
      },
    };
    session.leases.add(lease);
    return lease;
  }

  /** Closes every session stream (the app is being disposed). */
  close(): void {
    for (const session of this.#sessions) session.stream.close();
  }

  #add(hash: string): PoolSession {
    const session: PoolSession = { hash, stream: this.#createStream(hash), leases: new Set() };
    this.#sessions.push(session);
    return session;
  }

  /** Extra sessions exist only for concurrency; the first one keeps the app's state. */
  #forgetIfIdle(session: PoolSession): void {
    if (session.leases.size > 0 || session === this.#sessions[0]) return;
    const at = this.#sessions.indexOf(session);
    if (at > 0) this.#sessions.splice(at, 1);
  }
}

/** A fresh, unguessable session hash: 16 hex characters from the platform's CSPRNG. */
export function randomHash(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
