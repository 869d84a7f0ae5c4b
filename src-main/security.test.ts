import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  guardContents,
  isAppUrl,
  secureWebPreferences,
} from './security.ts';

describe('window security', () => {
  it('isolates and sandboxes the renderer, with no Node integration', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('allows scripts only from the app itself', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('blocks navigation away from the app and every new window', () => {
    let navigate: ((event: { preventDefault(): void }, url: string) => void) | undefined;
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
    guardContents(
      {
        on: (_event, listener) => (navigate = listener),
        setWindowOpenHandler: (h) => (openHandler = h),
      },
      undefined,
    );
    const attempt = (url: string) => {
      let prevented = false;
      navigate!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(attempt('https://example.com/')).toBe(true);
    expect(attempt('file:///app/out/renderer/index.html')).toBe(false);
    expect(openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('trusts the dev server only by exact origin', () => {
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('not a url', undefined)).toBe(false);
  });
});
