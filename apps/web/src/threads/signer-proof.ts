import { type IdentityKeys, signConnectionProof } from '@liaison/e2ee';
import { realtime, request } from '../app/realtime';

/** The connection this browser has proven its signing key on (a reconnection is a new one). */
let provenFor: string | undefined;

/**
 * Shows the server, once per connection, that this browser holds the user's signing key (a
 * signature over the connection's id), so the server no longer checks each message's signature
 * itself. Until then, or if it fails, the server checks every message: nothing is lost.
 */
export async function proveSigner(identity: IdentityKeys): Promise<void> {
  const socket = realtime();
  const id = socket.id;
  if (!socket.connected || !id || provenFor === id) return;
  try {
    await request('signer.prove', { signature: signConnectionProof(identity, id) });
    provenFor = id;
  } catch {
    // Every message of this connection is checked instead.
  }
}
