/**
 * @module probes/auth/gate
 * One host's guard against account lockouts. Until a login has succeeded, credentialed
 * exchanges run one at a time; the first refusal closes the gate for the rest of the scan
 * of that host, so a wrong password costs exactly one failed login per device.
 */

/** What a credentialed exchange learnt about the credentials. */
export type AuthVerdict =
  /** The device took the credentials (any non-401/403 answer to a request that carried them). */
  | 'accepted'
  /** The device refused the credentials. */
  | 'rejected'
  /** The endpoint never asked for credentials, so none were sent. */
  | 'not-asked';

export class AuthRefusedError extends Error {
  constructor(readonly by: string) {
    super(`not tried: the login by ${by} on this device was refused`);
    this.name = 'AuthRefusedError';
  }
}

export class AuthGate {
  private state: 'untried' | 'accepted' | 'rejected' = 'untried';
  private refusedBy = '';
  private queue: Promise<void> = Promise.resolve();
  /** Exchanges that sent credentials, and how many of those were refused. */
  readonly counts = { sent: 0, rejected: 0 };

  get refused(): boolean {
    return this.state === 'rejected';
  }

  /**
   * Runs `exchange` unless an earlier login failed. `label` names the exchange in the
   * skip message (e.g. `ISAPI deviceInfo`). Throws {@link AuthRefusedError} when closed.
   */
  async run<T>(label: string, exchange: () => Promise<{ verdict: AuthVerdict; value: T }>): Promise<T> {
    if (this.state === 'accepted') return this.settle(label, await exchange());
    // Serialise until one login succeeded: a second attempt must never race the first.
    const previous = this.queue;
    let release = () => {};
    this.queue = new Promise<void>((r) => {
      release = r;
    });
    try {
      await previous;
      if (this.state === 'rejected') throw new AuthRefusedError(this.refusedBy);
      return this.settle(label, await exchange());
    } finally {
      release();
    }
  }

  private settle<T>(label: string, { verdict, value }: { verdict: AuthVerdict; value: T }): T {
    if (verdict === 'not-asked') return value;
    this.counts.sent++;
    if (verdict === 'accepted') {
      if (this.state === 'untried') this.state = 'accepted';
      return value;
    }
    this.counts.rejected++;
    if (this.state !== 'rejected') {
      this.state = 'rejected';
      this.refusedBy = label;
    }
    return value;
  }
}
