/**
 * How an ExCom decision ends (DESIGN.md §2, terms of reference: "les décisions du réseau seront
 * prises par consensus du comité exécutif après des consultations approfondies avec tous les
 * membres"). Pure functions over the voices that count and a clock reading.
 */
import type { Voice } from '../agency-voices/voice-rules';

export const POSITIONS = ['agree', 'agreeWithReservations', 'standAside', 'object'] as const;
export type Position = (typeof POSITIONS)[number];

/** An objection needs its reason; a reservation its text. */
export const COMMENT_REQUIRED_FOR: ReadonlySet<Position> = new Set<Position>(['agreeWithReservations', 'object']);

/**
 * consensus: adopted once every ExCom agency has answered and none objects; at the deadline,
 *   anything short of that is "no consensus".
 * silenceProcedure: adopted at the deadline unless an ExCom agency objects — silence counts as
 *   no objection (the usual UN practice for routine matters); adopted early if every agency
 *   has already answered without objecting.
 */
export type DecisionMode = 'consensus' | 'silenceProcedure';

export type Outcome =
  | { readonly state: 'open' }
  | { readonly state: 'adopted'; readonly reservations: readonly string[]; readonly standingAside: readonly string[] }
  | { readonly state: 'noConsensus'; readonly objecting: readonly string[]; readonly silent: readonly string[] };

export interface DecisionFacts {
  readonly mode: DecisionMode;
  readonly excomAgencies: ReadonlySet<string>;
  /** The voice that counts for each ExCom agency that answered (currentVoices). */
  readonly current: ReadonlyMap<string, Voice<Position>>;
  /** ISO 8601 deadline of the ExCom phase. */
  readonly deadline: string;
}

export function outcome(decision: DecisionFacts, now: Date): Outcome {
  const current = decision.current;
  const agenciesWith = (position: Position) =>
    [...current.values()].filter((voice) => voice.position === position).map((voice) => voice.agencyCode).sort();
  const objecting = agenciesWith('object');
  const silent = [...decision.excomAgencies].filter((agency) => !current.has(agency)).sort();
  const adopted: Outcome = {
    state: 'adopted',
    reservations: agenciesWith('agreeWithReservations'),
    standingAside: agenciesWith('standAside'),
  };
  const everyoneAnswered = silent.length === 0;
  const deadlinePassed = now.getTime() >= Date.parse(decision.deadline);

  // An agency may withdraw an objection before the deadline, so an objection alone never
  // closes a decision early; everyone agreeing does.
  if (everyoneAnswered && objecting.length === 0) return adopted;
  if (!deadlinePassed) return { state: 'open' };
  if (objecting.length > 0) return { state: 'noConsensus', objecting, silent };
  return decision.mode === 'silenceProcedure' ? adopted : { state: 'noConsensus', objecting, silent };
}
