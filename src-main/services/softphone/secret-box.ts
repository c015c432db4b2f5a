/**
 * Seals secrets (the SIP password) before they go into the profile database. The Electron glue
 * fills this with `safeStorage` (the OS keychain / DPAPI / libsecret); plain Node hosts (browser
 * mode for tests and VDI) have no OS keystore and use `unsealedBox`, which only encodes.
 */
export interface SecretBox {
  /** 'os' when sealed by the operating system's keystore. */
  readonly kind: 'os' | 'none';
  seal(plain: string): string;
  open(sealed: string): string;
}

export const unsealedBox: SecretBox = {
  kind: 'none',
  seal: (plain) => `plain:${Buffer.from(plain, 'utf8').toString('base64')}`,
  open(sealed) {
    if (!sealed.startsWith('plain:')) throw new Error('This secret was sealed by the OS keystore, which this host cannot open');
    return Buffer.from(sealed.slice(6), 'base64').toString('utf8');
  },
};

/** Adapter for Electron's safeStorage (passed in by src-main/app, which alone may import electron). */
export function osSecretBox(safeStorage: { encryptString(plain: string): Buffer; decryptString(sealed: Buffer): string }): SecretBox {
  return {
    kind: 'os',
    seal: (plain) => `os:${safeStorage.encryptString(plain).toString('base64')}`,
    open: (sealed) => (sealed.startsWith('os:') ? safeStorage.decryptString(Buffer.from(sealed.slice(3), 'base64')) : unsealedBox.open(sealed)),
  };
}
