/** The inbox view (tab and filters) a task page returns to, so Esc and "back" land where the person was. */
let inboxTarget = '/inbox';

/** Remembers the inbox view just shown. */
export function rememberInbox(target: string): void {
  inboxTarget = target;
}

/** The inbox view to return to. */
export function inboxToReturnTo(): string {
  return inboxTarget;
}
