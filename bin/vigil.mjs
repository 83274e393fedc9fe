#!/usr/bin/env node
// Entry point of the `vigil` command: Vigil runs its TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
