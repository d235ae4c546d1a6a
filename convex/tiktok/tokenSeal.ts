/**
 * How a connection's tokens are sealed (lib/secrets/keyring.ts, AES-256-GCM): the additional data is the
 * connection's random `binding` plus which token it is, so a ciphertext moved to another connection, or the access
 * and refresh ciphertexts swapped within one, will not decrypt.
 *
 * Tokens sealed before the field was part of the additional data (binding alone) still open, reported as
 * `legacy`, and the token sweep re-seals them the next time it holds the plaintext, as it does after a key rotation.
 */
import { seal, unseal, type Keyring, type SealedSecret } from "../../lib/secrets/keyring";

export type TokenField = "access" | "refresh";

function additionalData(binding: string, field: TokenField): string {
  return `${binding}/${field}`;
}

export function sealToken(keyring: Keyring, token: string, binding: string, field: TokenField): Promise<SealedSecret> {
  return seal(keyring, token, additionalData(binding, field));
}

export async function openToken(
  keyring: Keyring,
  sealed: SealedSecret,
  binding: string,
  field: TokenField,
): Promise<{ token: string; legacy: boolean }> {
  try {
    return { token: await unseal(keyring, sealed, additionalData(binding, field)), legacy: false };
  } catch (error) {
    try {
      return { token: await unseal(keyring, sealed, binding), legacy: true };
    } catch {
      throw error;
    }
  }
}
