/**
 * Named places where the fault-injection harness (tests/faults) may kill the process on purpose,
 * e.g. in the middle of a server transaction or after a push reply arrived but before the client
 * committed it. Inert unless the process's configuration names the point
 * (`HOTLINE_FAULTS=server.push.mid-transaction:0.05,…`, probability per pass, passed to
 * `configureFaults` at start). Production never sets it.
 */
let configured = new Map<string, number>();

/** `spec` is already validated by the process's config (src-node/config/env.ts FaultSpec). */
export function configureFaults(spec: string | undefined): void {
  configured = new Map();
  for (const part of (spec ?? '').split(',')) {
    const [name, probability] = part.split(':');
    if (name && probability) configured.set(name.trim(), Number(probability));
  }
}

export function faultPoint(name: string): void {
  if (configured.size === 0) return;
  const probability = configured.get(name);
  if (probability !== undefined && Math.random() < probability) {
    process.stderr.write(`fault point ${name}: SIGKILL\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}
