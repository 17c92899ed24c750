/** The English sentences of the undo of an import or a feed (`sesame.undo`); the same keys as fr-undo.ts. */
export const enUndo = {
  button: { import: 'Undo the import', feed: 'Undo the feed' },
  operation: { import: 'the import', feed: 'the feed' },
  title: { import: 'Undo the import', feed: 'Undo the feed' },
  loading: 'Working out what the undo would do…',
  intro:
    'The undo removes the accounts %{operation} created and restores those it changed as they were before. The activation codes it issued will stop working. It can be done once only.',
  remove: '%{count} account created will be removed. |||| %{count} accounts created will be removed.',
  restore: '%{count} account changed will be restored as it was. |||| %{count} accounts changed will be restored as they were.',
  classes: 'The classes %{operation} created (%{smart_count}) will be removed when no account is left in them.',
  blockedIntro:
    '%{smart_count} account changed since %{operation}: it blocks the undo, and will be left as it is if you undo the rest. |||| %{smart_count} accounts changed since %{operation}: they block the undo, and will be left as they are if you undo the rest.',
  blockedMore: 'Only the first %{shown} are named below.',
  blockersLabel: 'Accounts that block the undo',
  blocker: '%{name} (%{username}): %{reasons} since %{operation}.',
  reasons: { activated: 'the account was activated', distributed: 'its letter was distributed', edited: 'the account was edited' },
  and: ' and ',
  confirm: { import: 'Undo the import', feed: 'Undo the feed' },
  confirmRest: 'Undo the rest',
  close: 'Close',
  doneImport: 'The import is undone. Accounts removed: %{removed}; accounts restored: %{restored}; classes removed: %{classes}.',
  doneFeed: 'The feed is undone. Accounts removed: %{removed}; accounts restored: %{restored}; classes removed: %{classes}.',
  donePartial: 'The account that blocked it was left as it is. |||| The %{smart_count} accounts that blocked it were left as they are.',
  alreadyUndone: 'This operation was undone on %{date}.',
  alreadyUndonePartial: 'This operation was undone on %{date}, except for the accounts that had changed since.',
};
