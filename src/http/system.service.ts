/** Liveness and readiness. Readiness asks each injected probe; any probe down means not ready. */
import type { Readiness } from './system.dto.ts';

/** A dependency's state: true when it can serve requests. */
export type Probe = () => boolean | Promise<boolean>;

export class SystemService {
  private closing = false;

  constructor(private readonly probes: Readonly<Record<string, Probe>>) {}

  /** After this the API reports not ready, so a load balancer stops sending work while it drains. */
  markClosing(): void {
    this.closing = true;
  }

  async readiness(): Promise<Readiness> {
    const entries = await Promise.all(
      Object.entries(this.probes).map(async ([name, probe]) => {
        const up =
          !this.closing &&
          (await Promise.resolve()
            .then(probe)
            .then(Boolean, () => false));
        return [name, up ? 'up' : 'down'] as const;
      }),
    );
    return { ready: entries.every(([, state]) => state === 'up'), checks: Object.fromEntries(entries) };
  }
}
