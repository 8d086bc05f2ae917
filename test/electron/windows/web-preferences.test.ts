import { describe, expect, it } from 'vitest';
import { WEB_PREFERENCES } from '../../../electron/windows/web-preferences';

describe('WEB_PREFERENCES', () => {
  it('is exactly the hardened set (changing it must be a deliberate, reviewed edit)', () => {
    expect(WEB_PREFERENCES).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    });
  });

  it('never sets blink features or disables security through other keys', () => {
    const keys = Object.keys(WEB_PREFERENCES);
    expect(keys).not.toContain('enableBlinkFeatures');
    expect(keys).not.toContain('preload');
  });
});
