// The result of a Check now request, read from the document's row once a check pass that
// started after the request has ended.

import type { DocumentSummary } from "./bindings/DocumentSummary";

/** A Check now request: the document, when it was asked for, and its version count then. */
export interface PendingCheck {
  platform: string;
  document: string;
  /** UTC time of the request to the second, as the store writes times ("…T14:43:07Z"). */
  requestedAt: string;
  versionsBefore: number;
}

/** Returns the request for `doc` made at `now`. */
export function pendingCheck(doc: DocumentSummary, now: Date): PendingCheck {
  return {
    platform: doc.platform,
    document: doc.document,
    requestedAt: `${now.toISOString().slice(0, 19)}Z`,
    versionsBefore: doc.versions,
  };
}

/**
 * Returns the message for `pending` when a pass that started at `passStarted` has ended, read
 * from `doc`, the document's row after that pass. Returns null for a pass that started before
 * the request, since it cannot hold it. Both times are UTC to the second, so they compare as
 * text.
 */
export function checkResult(
  pending: PendingCheck,
  passStarted: string,
  doc: DocumentSummary | undefined,
): { text: string; failed: boolean } | null {
  if (passStarted < pending.requestedAt || doc === undefined) {
    return null;
  }
  const name = `${pending.platform} ${pending.document}`;
  const error = doc.watch?.last_error ?? null;
  if (error !== null) {
    return { text: `The check of ${name} failed: ${error}`, failed: true };
  }
  if (doc.versions > pending.versionsBefore) {
    return { text: `${name} changed: a new version was recorded. The dashboard lists its changes.`, failed: false };
  }
  return { text: `${name} was checked: no change since the last version.`, failed: false };
}
