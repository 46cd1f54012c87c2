/**
 * The background refresh of a subject's cards after voices (run by the subject's CardRefresher,
 * src/cards/card-refresher.ts, and by its scheduler after a crash), the same for decisions and
 * statements: copies are only right if the version they show is still the latest once written
 * — a refresh on another instance, a co-chair's change or a voice may have written another one
 * meanwhile. So the stale mark is cleared only by a write conditional on the version rendered
 * (with the summary healed from the records), and a version no longer current renders again.
 * Once the copies are synced, `afterSync` runs on that version (the round's long records archived).
 */
import type { StoredDocument, Versioned } from '../store/document-store';
import { StoreConflictError } from '../store/errors';

export interface VoiceCardSync<S extends StoredDocument> {
  read(): Promise<Versioned<S> | undefined>;
  /** The subject has copies behind it (its stale mark, or what else the subject says). */
  marked(subject: S): boolean;
  /**
   * Brings every copy of the cards to `read`, and returns the version to write with the mark
   * cleared and the ETag it must still have (a step may have written the subject itself).
   */
  render(read: Versioned<S>): Promise<{ readonly fresh: S; readonly etag: string }>;
  replace(subject: S, etag: string): Promise<unknown>;
  /** Still changing after every attempt: left marked for the next change or the scheduler. */
  leaveMarked(): Promise<unknown>;
  /**
   * Once the copies show the latest version, with that version: what else the voices leave to
   * the background (the round's long records archived, `AgencyVoices.archive`).
   */
  afterSync?(subject: S): Promise<unknown>;
}

// A refresh renders again while the subject keeps changing under it; past this many tries it
// leaves it marked stale for the next change or the scheduler.
const CARD_SYNC_ATTEMPTS = 20;
const CARD_SYNC_PAUSE_MS = 25;

export async function syncVoiceCards<S extends StoredDocument>(sync: VoiceCardSync<S>): Promise<void> {
  for (let attempt = 1; attempt <= CARD_SYNC_ATTEMPTS; attempt += 1) {
    const read = await sync.read();
    if (!read) return;
    const marked = sync.marked(read.document);
    // Nothing to do, unless an earlier attempt wrote a version that is no longer the latest.
    if (!marked && attempt === 1) return;
    const { fresh, etag } = await sync.render(read);
    let synced = false;
    try {
      if (marked) {
        await sync.replace(fresh, etag);
        synced = true;
      } else synced = (await sync.read())?.etag === etag;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
    }
    if (synced) {
      await sync.afterSync?.(fresh);
      return;
    }
    // Changed while the copies were written: a short pause lets a burst of voices land.
    await new Promise((resolve) => setTimeout(resolve, CARD_SYNC_PAUSE_MS));
  }
  await sync.leaveMarked();
}
