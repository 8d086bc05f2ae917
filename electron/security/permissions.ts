/** The session surface used (typed structurally so tests need no Electron). */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((wc: unknown, permission: string) => boolean) | null): void;
}

/** Permissions the console needs from Chromium. None today: the renderer is a data grid, not a web page. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

export const permissionRequestHandler = (
  _wc: unknown,
  permission: string,
  callback: (granted: boolean) => void,
): void => callback(ALLOWED_PERMISSIONS.has(permission));
export const permissionCheckHandler = (_wc: unknown, permission: string): boolean =>
  ALLOWED_PERMISSIONS.has(permission);

export function denyPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler(null);
  session.setPermissionRequestHandler(permissionRequestHandler);
  session.setPermissionCheckHandler(permissionCheckHandler);
}
