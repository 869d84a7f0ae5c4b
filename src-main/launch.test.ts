import { describe, expect, it } from 'vitest';
import { fileFromArgv, Outbox } from './launch.ts';

describe('files from the command line', () => {
  it('takes the first file argument, resolved against the working folder', () => {
    expect(
      fileFromArgv(['/opt/Weightcraft/weightcraft', 'net.wcmodel'], {
        defaultApp: false,
        cwd: '/home/ada',
      }),
    ).toBe('/home/ada/net.wcmodel');
    expect(
      fileFromArgv(['weightcraft', '/m/a.wcmodel', '/m/b.wcmodel'], {
        defaultApp: false,
        cwd: '/',
      }),
    ).toBe('/m/a.wcmodel');
  });

  it('skips the app path in development and every switch', () => {
    expect(
      fileFromArgv(['electron', '.', '--inspect=5858', 'm.json'], { defaultApp: true, cwd: '/w' }),
    ).toBe('/w/m.json');
    expect(
      fileFromArgv(['Weightcraft', '-psn_0_12345', '--allow-file-access-from-files'], {
        defaultApp: false,
        cwd: '/',
      }),
    ).toBeNull();
    expect(fileFromArgv(['electron', '.'], { defaultApp: true, cwd: '/' })).toBeNull();
  });
});

describe('outbox', () => {
  it('keeps messages until the page listens, then delivers in order', () => {
    const outbox = new Outbox<string>();
    const got: string[] = [];
    outbox.push('a');
    outbox.push('b');
    outbox.listen((m) => got.push(m));
    outbox.push('c');
    expect(got).toEqual(['a', 'b', 'c']);
    outbox.stopListening(); // the page reloads
    outbox.push('d');
    expect(outbox.pending).toEqual(['d']);
    outbox.listen((m) => got.push(`again ${m}`));
    expect(got.at(-1)).toBe('again d');
  });
});
