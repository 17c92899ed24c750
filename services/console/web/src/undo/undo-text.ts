import type { UndoBlocker } from './undo-api';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A blocker in a sentence: its name, its login, and what happened to it since the operation. */
export function blockerSentence(blocker: UndoBlocker, operation: string, translate: Translate): string {
  const clauses = blocker.reasons.map((reason) => translate(`sesame.undo.reasons.${reason}`));
  const reasons = clauses.length > 1 ? `${clauses.slice(0, -1).join(', ')}${translate('sesame.undo.and')}${clauses.at(-1)}` : clauses[0];
  const name = [blocker.firstName, blocker.lastName].filter(Boolean).join(' ') || blocker.username;
  return translate('sesame.undo.blocker', { name, username: blocker.username, reasons, operation });
}
