/**
 * The CLI context, loaded when a command's action first needs it (issue 15): context.ts brings
 * in the services, the database and the engine's modules, which `vigil --help` never uses.
 * Registration sees `config` and `out` at once; main.ts loads the rest in a `preAction` hook, so
 * every action finds it ready.
 */
import type { VigilConfig } from '../app/config.ts';
import type { CliContext, CliContextOptions } from './context.ts';
import type { Output } from './output.ts';

export interface LazyCliContext {
  /** Hand this to the commands. */
  readonly context: CliContext;
  /** Loads the real context (idempotent). */
  ready(): Promise<void>;
}

export function lazyCliContext(config: VigilConfig, out: Output, options: CliContextOptions = {}): LazyCliContext {
  let real: CliContext | undefined;
  let loading: Promise<CliContext> | undefined;
  const load = (): Promise<CliContext> =>
    (loading ??= import('./context.ts').then((m) => (real = m.createCliContext(config, out, options))));
  const need = (): CliContext => {
    if (!real) throw new Error('the CLI context was used before its command ran (main.ts loads it in preAction)');
    return real;
  };
  const context: CliContext = {
    config,
    out,
    get registry() {
      return need().registry;
    },
    get models() {
      return need().models;
    },
    calibrations: () => need().calibrations(),
    engine: async (pack?: string, workers?: number) => (await load()).engine(pack, workers),
    services: async (engine) => (await load()).services(engine),
    principal: async () => (await load()).principal(),
    async close() {
      if (loading) await (await loading).close();
    },
  };
  return { context, ready: async () => void (await load()) };
}
