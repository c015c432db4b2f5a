/**
 * Named places where the fault-injection harness (tests/faults) may kill the process on purpose,
 * e.g. in the middle of a server transaction or after a push reply arrived but before the client
 * committed it. Inert unless HOTLINE_FAULTS names the point: `HOTLINE_FAULTS=server.push.mid-transaction:0.05,…`
 * (probability per pass). Production never sets it.
 */
const configured = parseFaults(typeof process === 'undefined' ? undefined : process.env.HOTLINE_FAULTS);

export function faultPoint(name: string): void {
  if (configured.size === 0) return;
  const probability = configured.get(name);
  if (probability !== undefined && Math.random() < probability) {
    process.stderr.write(`fault point ${name}: SIGKILL\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}

function parseFaults(spec: string | undefined): Map<string, number> {
  const faults = new Map<string, number>();
  for (const part of (spec ?? '').split(',')) {
    const [name, probability] = part.split(':');
    if (name && probability && Number.isFinite(Number(probability))) faults.set(name.trim(), Number(probability));
  }
  return faults;
}
