/** `auto`: only while the page is hidden or unfocused. */
export type DesktopMode = 'off' | 'auto' | 'always';

export type DesktopPermission = NotificationPermission | 'unsupported';

export interface DesktopNotificationInput {
  title: string;
  body: string;
  /** A notification with the same tag replaces the previous one. */
  tag?: string;
  mode: DesktopMode;
  /** Called after the notification was clicked and the window focused. */
  onClick?: () => void;
}

/** OS notifications through the Notification API. */
export interface DesktopNotifier {
  /** Whether the browser has the Notification API. */
  readonly supported: boolean;
  readonly permission: DesktopPermission;
  /** Asks for permission; browsers only ask during a user gesture. Never rejects. */
  request(): Promise<DesktopPermission>;
  /** Shows a notification if permission and `mode` allow it; returns whether one was shown. */
  show(input: DesktopNotificationInput): boolean;
}

export interface DesktopOptions {
  win?: Window;
  doc?: Pick<Document, 'visibilityState' | 'hasFocus'>;
}

export function createDesktopNotifier({ win = window, doc = win.document }: DesktopOptions = {}): DesktopNotifier {
  const N = (win as typeof window).Notification as typeof Notification | undefined;
  return {
    supported: !!N,
    get permission() {
      return N ? N.permission : 'unsupported';
    },
    async request() {
      try {
        return N ? await N.requestPermission() : 'unsupported';
      } catch {
        return N!.permission; // only a Notification API can have thrown
      }
    },
    show({ title, body, tag, mode, onClick }) {
      if (
        N?.permission !== 'granted' ||
        !(mode === 'always' || (mode === 'auto' && (doc.visibilityState === 'hidden' || !doc.hasFocus())))
      ) {
        return false;
      }
      try {
        const n = new N(title, { body, tag });
        n.onclick = () => {
          win.focus();
          n.close();
          onClick?.();
        };
        return true;
      } catch {
        // e.g. Chrome on Android only shows notifications through a service worker
        return false;
      }
    },
  };
}
