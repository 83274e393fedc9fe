/** Liveness and readiness. Readiness asks each injected probe; any probe down means not ready. */

/** A dependency's state: true when it can serve requests; or up/down with the reason to report. */
export type ProbeState = boolean | { readonly up: boolean; readonly reason?: string };
export type Probe = () => ProbeState | Promise<ProbeState>;

/** What `/ready` reports: the HTTP schema (http/ops/system.dto.ts) is checked against this. */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, 'up' | 'down'>>;
  readonly reasons?: string[];
}

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
        const state = await Promise.resolve()
          .then(probe)
          .then(
            (s) => (typeof s === 'object' ? s : { up: Boolean(s) }),
            () => ({ up: false }),
          );
        return { name, up: state.up, reason: 'reason' in state && state.reason ? state.reason : `${name}-down` };
      }),
    );
    const ready = !this.closing && entries.every((e) => e.up);
    const checks = Object.fromEntries(entries.map((e) => [e.name, !this.closing && e.up ? 'up' : 'down'] as const));
    if (ready) return { ready, checks };
    const reasons = [...(this.closing ? ['shutting-down'] : []), ...entries.filter((e) => !e.up).map((e) => e.reason)];
    return { ready, checks, reasons };
  }
}
