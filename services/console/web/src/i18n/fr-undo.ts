/**
 * The French sentences of the undo of an import or a feed (`sesame.undo`, a part of fr.ts kept
 * apart). `%{operation}` is « l’import » or « l’alimentation ». Messages are complete sentences;
 * labels (buttons) are short names.
 */
export const frUndo = {
  button: { import: 'Annuler l’import', feed: 'Annuler l’alimentation' },
  operation: { import: 'l’import', feed: 'l’alimentation' },
  title: { import: 'Annuler l’import', feed: 'Annuler l’alimentation' },
  loading: 'Calcul de ce que l’annulation ferait…',
  intro:
    'L’annulation supprime les comptes créés par %{operation} et rétablit, tels qu’ils étaient avant, les comptes que cette opération a modifiés. Les codes d’activation donnés par cette opération ne fonctionneront plus. L’annulation ne peut se faire qu’une fois.',
  remove: '%{count} compte créé sera supprimé. |||| %{count} comptes créés seront supprimés.',
  restore: '%{count} compte modifié sera rétabli comme avant. |||| %{count} comptes modifiés seront rétablis comme avant.',
  classes: 'Les classes créées par %{operation} (%{smart_count}) seront supprimées si plus aucun compte n’y figure.',
  blockedIntro:
    '%{smart_count} compte a changé depuis %{operation} : il bloque l’annulation et sera laissé tel quel si vous annulez le reste. |||| %{smart_count} comptes ont changé depuis %{operation} : ils bloquent l’annulation et seront laissés tels quels si vous annulez le reste.',
  blockedMore: 'Seuls les %{shown} premiers sont nommés ci-dessous.',
  blockersLabel: 'Comptes qui bloquent l’annulation',
  blocker: '%{name} (%{username}) : %{reasons} depuis %{operation}.',
  reasons: { activated: 'son compte a été activé', distributed: 'son courrier a été distribué', edited: 'son compte a été modifié' },
  and: ' et ',
  confirm: { import: 'Annuler l’import', feed: 'Annuler l’alimentation' },
  confirmRest: 'Annuler le reste',
  close: 'Fermer',
  doneImport: 'L’import est annulé. Comptes supprimés : %{removed} ; comptes rétablis : %{restored} ; classes supprimées : %{classes}.',
  doneFeed: 'L’alimentation est annulée. Comptes supprimés : %{removed} ; comptes rétablis : %{restored} ; classes supprimées : %{classes}.',
  donePartial: 'Le compte qui bloquait a été laissé tel quel. |||| Les %{smart_count} comptes qui bloquaient ont été laissés tels quels.',
  alreadyUndone: 'Cette opération a été annulée le %{date}.',
  alreadyUndonePartial: 'Cette opération a été annulée le %{date}, sauf les comptes qui avaient changé depuis.',
};
