/** Why something was refused: shown to the user as a specific, visible reason. */
export type E2eeFailure =
  | 'malformed'
  | 'bad_self_signature'
  | 'unknown_epoch'
  | 'stale_epoch'
  | 'sender_not_member'
  | 'bad_signature'
  | 'decrypt_failed'
  | 'replayed_message'
  | 'wrong_thread'
  | 'roster_bad_signature'
  | 'roster_not_admin'
  | 'roster_broken_chain'
  | 'roster_bad_seq'
  | 'roster_invalid_event'
  | 'roster_unknown_key'
  | 'distribution_bad_signature'
  | 'distribution_not_admin'
  | 'distribution_members_mismatch'
  | 'distribution_wrong_head'
  | 'distribution_not_for_me'
  | 'distribution_unwrap_failed'
  | 'backup_wrong_key'
  | 'backup_malformed'
  | 'recovery_words_invalid'
  | 'attachment_corrupted'
  // Protocol v2 (MLS).
  | 'bad_succession'
  | 'bad_device_certificate'
  | 'log_bad_head_signature'
  | 'log_key_changed'
  | 'log_fork'
  | 'log_not_included'
  | 'identity_changed'
  | 'unknown_device'
  | 'device_key_mismatch'
  | 'device_revoked'
  | 'credential_malformed'
  | 'epoch_rollback'
  | 'wrong_group'
  | 'not_a_member'
  | 'mls_rejected'
  | 'sender_removed'
  | 'proposal_refused'
  | 'commit_fork'
  | 'log_stale_head'
  | 'commit_undeclared';

export class E2eeError extends Error {
  constructor(
    readonly reason: E2eeFailure,
    message?: string,
  ) {
    super(message ?? reason);
    this.name = 'E2eeError';
  }
}

export function fail(reason: E2eeFailure, message?: string): never {
  throw new E2eeError(reason, message);
}
