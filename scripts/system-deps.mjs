// What the test suite needs from the operating system (Debian package names), in one place.
// `npm test` and `.ci/run` install what is missing when they run as root with apt; elsewhere they say what to install.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const KAMAILIO_MODULES = ['/usr/lib/x86_64-linux-gnu/kamailio/modules', '/usr/lib/aarch64-linux-gnu/kamailio/modules', '/usr/lib/kamailio/modules'];

export const SYSTEM_DEPS = [
  { what: 'Chromium (e2e tests drive the real UI)', check: ['/usr/bin/chromium'], packages: ['chromium'] },
  { what: 'CJK fonts (readable screenshots)', check: ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'], packages: ['fonts-noto-cjk'] },
  { what: 'Kamailio with WebSocket (the SIP proxy of the softphone tests)', check: KAMAILIO_MODULES.map((dir) => `${dir}/websocket.so`), packages: ['kamailio', 'kamailio-websocket-modules'] },
  { what: 'SIPp (a carrier-like SIP caller)', check: ['/usr/bin/sipp'], packages: ['sip-tester'] },
  { what: 'rtpengine (bridges plain RTP to WebRTC)', check: ['/usr/bin/rtpengine'], packages: ['rtpengine-daemon'] },
  { what: 'PostgreSQL 15 (the central API scale-out tests)', check: ['/usr/lib/postgresql/15/bin/initdb'], packages: ['postgresql'] },
  { what: 'NATS server (pokes across several central API processes)', check: ['/usr/sbin/nats-server'], packages: ['nats-server'] },
  {
    what: "Debian's Chinese reference manual and zh_CN man pages (a real handbook nobody here wrote: import test and search benchmark)",
    check: ['/usr/share/debian-reference/ch01.zh-cn.html'],
    packages: ['debian-reference-zh-cn'],
  },
  { what: 'zh_CN man pages (with the reference manual above)', check: ['/usr/share/man/zh_CN/man1/ab.1.gz'], packages: ['manpages-zh'] },
];

const missing = () => SYSTEM_DEPS.filter((dep) => !dep.check.some((path) => existsSync(path)));

export function ensureSystemDeps() {
  const absent = missing();
  if (absent.length === 0) return;
  const packages = [...new Set(absent.flatMap((dep) => dep.packages))];
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.error(`The tests need: ${absent.map((dep) => dep.what).join('; ')}.\nInstall with: sudo apt-get install -y ${packages.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing test dependencies from apt: ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) => spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=900', ...args], { stdio: ['ignore', 'ignore', 'inherit'], env });
  apt(['update', '-qq']);
  const result = apt(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
  if (result.status !== 0 || missing().length > 0) {
    console.error(`apt-get could not install: ${missing().map((dep) => dep.packages.join(' ')).join(' ')}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSystemDeps();
