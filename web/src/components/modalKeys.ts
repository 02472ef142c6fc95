// Escape in nested dialogs: PatternFly's Modal listens for Escape on the document, so with a dialog opened
// from another (the SSH setup dialog over the create-session wizard) both would close. The outer one
// passes its onClose through here as onEscapePress: it closes only when no other modal dialog is open.
export function escapeUnlessNested(onClose: () => void): (e: KeyboardEvent) => void {
  return () => {
    if (document.querySelectorAll('[role="dialog"][aria-modal="true"]').length > 1) return;
    onClose();
  };
}
