/** Typed store errors: services catch these by class, the HTTP edge maps them by `code`. */
export class StoreError extends Error {
  constructor(
    readonly code: 'etag_mismatch' | 'already_exists' | 'not_found' | 'unavailable' | 'too_large',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Someone else wrote first: re-read and try again (see `withConcurrencyRetry`). */
export class StoreConflictError extends StoreError {
  constructor(code: 'etag_mismatch' | 'already_exists', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

export class StoreNotFoundError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('not_found', message, options);
  }
}

// Node's codes for a peer that cannot be reached or did not answer in time.
const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);
// SQLite's codes for a file that is busy, locked, full or gone: the store, not the request, is at fault.
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|READONLY|PROTOCOL)/;

/**
 * Whether `error` says the store cannot be reached right now (connection refused, a timeout, a
 * busy or vanished file, Cosmos DB answering 408, 429, 449 or 5xx) rather than that the request
 * or the code is wrong. An outage deserves "try again in a moment" and a pause of background
 * work; anything else is a bug to report with a reference. Follows `cause` a few levels.
 */
export function isStoreUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    if (current instanceof StoreError) return current.code === 'unavailable';
    const { code, statusCode, name } = current as { code?: unknown; statusCode?: unknown; name?: unknown };
    const status = typeof statusCode === 'number' ? statusCode : typeof code === 'number' ? code : undefined;
    if (status !== undefined && (status === 408 || status === 429 || status === 449 || status >= 500)) return true;
    if (typeof code === 'string' && (NETWORK_ERROR_CODES.has(code) || SQLITE_UNAVAILABLE.test(code))) return true;
    if (name === 'TimeoutError') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
