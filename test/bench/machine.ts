import { cpus, freemem, totalmem } from 'node:os';
import { MiB } from './stats';

/** What the figures were measured on (they only mean something next to this). */
export function describeMachine(now = new Date()): Record<string, string> {
  const cores = cpus();
  return {
    date: now.toISOString(),
    CPU: cores[0]?.model.trim() || 'unknown',
    cores: String(cores.length),
    memory: `${Math.round(totalmem() / MiB)} MiB total, ${Math.round(freemem() / MiB)} MiB free at start`,
    Node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
