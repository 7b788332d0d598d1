// Authenticated encryption for data at rest that must be read back: the outbox's messages
// (they carry live sign-in links) and the projects' private signing keys. Each purpose has
// its own AES-256-GCM key, derived from SESSION_SECRET with HKDF under its own label, so
// one never opens the other's data.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { getEnv } from './env';

/** Seals and unseals JSON values under one purpose's key; `aad` binds a value to its context (e.g. its row's id). */
export type Sealer = {
  seal: (value: unknown, aad?: string) => string;
  /** null when the value was sealed under another secret, purpose or `aad`, or was tampered with. */
  unseal: <T>(sealed: string, aad?: string) => T | null;
};

/** A sealer whose key is HKDF(SESSION_SECRET, salt "uauth", info `label`): a new label is a new key. */
export function sealerFor(label: string): Sealer {
  let key: Buffer | undefined;
  const keyOf = (): Buffer => {
    key ??= Buffer.from(hkdfSync('sha256', getEnv().SESSION_SECRET, 'uauth', label, 32));
    return key;
  };
  return {
    seal(value, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyOf(), iv);
      if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    unseal<T>(sealed: string, aad?: string): T | null {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || !body) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyOf(), Buffer.from(iv, 'base64url'));
        if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const json = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
        return JSON.parse(json) as T;
      } catch {
        return null;
      }
    },
  };
}

const outbox = sealerFor('outbox-seal-v1');

/** The outbox's messages (lib/mail). */
export function seal(value: unknown): string {
  return outbox.seal(value);
}

/** Returns null when the value was sealed under another secret or was tampered with. */
export function unseal<T>(sealed: string): T | null {
  return outbox.unseal<T>(sealed);
}
