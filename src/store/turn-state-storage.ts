/**
 * botbuilder `Storage` over the document store, so teams-ai's conversation and user state lives
 * in the same SQLite file or Cosmos container as everything else (never MemoryStorage, which
 * forgets on restart and is not shared between instances).
 */
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type { DocumentStore, StoredDocument } from './document-store';
import { StoreConflictError, StoreNotFoundError } from './errors';

export const TURN_STATE_TYPE = 'turnState';

/** One storage key's item; `state` is the item without its eTag (the store keeps that). */
export interface TurnStateDocument extends StoredDocument {
  readonly type: typeof TURN_STATE_TYPE;
  readonly state: Record<string, unknown>;
}

export class TurnStateStorage implements Storage {
  /** Turn state belongs to the network this deployment serves, like every other document. */
  constructor(
    private readonly store: DocumentStore,
    private readonly networkId: string,
  ) {}

  /** Items found, each with the `eTag` to write it back conditionally; missing keys are absent. */
  async read(keys: string[]): Promise<StoreItems> {
    const found = await Promise.all(keys.map((key) => this.store.get<TurnStateDocument>(this.networkId, key)));
    const items: StoreItems = {};
    found.forEach((versioned, index) => {
      const key = keys[index];
      if (versioned && key !== undefined) items[key] = { ...versioned.document.state, eTag: versioned.etag };
    });
    return items;
  }

  /**
   * An item without an eTag, or with `*`, overwrites whatever is stored; an item with an eTag
   * is written only if nobody else wrote that key since it was read (botbuilder's contract).
   */
  async write(changes: StoreItems): Promise<void> {
    await Promise.all(Object.entries(changes).map(([key, item]) => this.writeOne(key, item as StoreItem)));
  }

  /** Deleting a key that is not there is not an error (state may never have been saved). */
  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map(async (key) => {
        try {
          await this.store.delete(this.networkId, key);
        } catch (error) {
          if (!(error instanceof StoreNotFoundError)) throw error;
        }
      }),
    );
  }

  private async writeOne(key: string, item: StoreItem): Promise<void> {
    const { eTag, ...state } = item;
    const document: TurnStateDocument = { id: key, networkId: this.networkId, type: TURN_STATE_TYPE, state };
    if (eTag === undefined || eTag === '*') {
      await this.store.upsert(document);
      return;
    }
    try {
      await this.store.replace(document, String(eTag));
    } catch (error) {
      // Gone since it was read is the same story as changed since it was read: another turn won.
      if (error instanceof StoreNotFoundError) {
        throw new StoreConflictError('etag_mismatch', `Turn state "${key}" was deleted by another turn since it was read.`, {
          cause: error,
        });
      }
      if (error instanceof StoreConflictError) {
        throw new StoreConflictError('etag_mismatch', `Turn state "${key}" was changed by another turn since it was read.`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}
