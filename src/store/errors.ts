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
