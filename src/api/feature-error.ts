/**
 * The one shape of a feature's coded refusal. A slice declares its codes, the HTTP status of
 * each and where its messages are in the catalogue (`<catalogue>.<code>`); the reader's message,
 * the tab API's error and the card's refusal are built here, the same way for every slice, so
 * the HTTP edge (src/api/http.ts) and the card edge (src/bot/card-actions.ts) map them alike.
 */
import { translate, type Language, type MessageKey } from '../i18n';
import type { ApiMappableError } from './http';

/** The statuses a refusal may have: bad input, not allowed, not found, not in this state. */
export type RefusalStatus = 400 | 403 | 404 | 409;

/** What a slice declares about its errors. */
export interface FeatureErrorKind<Code extends string> {
  /** The catalogue prefix of the slice's messages, e.g. `statements.error`. */
  readonly catalogue: string;
  /** The HTTP status of each code (and of the invoke answer of a refused card action). */
  readonly statuses: Readonly<Record<Code, RefusalStatus>>;
}

/** A refusal as the reader gets it: status, code, message in their language. */
export interface FeatureRefusal {
  readonly status: RefusalStatus;
  readonly code: string;
  readonly message: string;
}

export abstract class FeatureError<Code extends string> extends Error implements ApiMappableError {
  protected constructor(
    private readonly kind: FeatureErrorKind<Code>,
    readonly code: Code,
    /** For the logs; also the message's `details` unless the slice says otherwise. */
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  get status(): RefusalStatus {
    return this.kind.statuses[this.code];
  }

  /** The values the code's message names; a slice overrides this for its own (the default: `details`, the log message). */
  protected messageValues(_language: Language): Record<string, string> {
    return { details: this.message };
  }

  /** The reader's message: the code's sentence in their language. */
  userMessage(language: Language): string {
    return translate(language, `${this.kind.catalogue}.${this.code}` as MessageKey, this.messageValues(language));
  }

  apiError(language: Language): FeatureRefusal {
    return { status: this.status, code: this.code, message: this.userMessage(language) };
  }
}

/** The refusal `error` stands for when it is one of `classes`, else undefined (to be rethrown). */
export function refusalOfAny(classes: readonly (abstract new (...args: never[]) => FeatureError<string>)[]): (error: unknown, language: Language) => FeatureRefusal | undefined {
  return (error, language) => (classes.some((errorClass) => error instanceof errorClass) ? (error as FeatureError<string>).apiError(language) : undefined);
}
