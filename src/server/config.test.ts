import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.UPLOAD_DIR).toBe('data/uploads');
    expect(config.IMPORT_MAX_MB).toBe(1024);
  });

  it('keeps uploads under DATA_DIR unless UPLOAD_DIR says otherwise', () => {
    expect(loadConfig({ DATA_DIR: '/var/tandem' }).UPLOAD_DIR).toBe('/var/tandem/uploads');
    expect(loadConfig({ UPLOAD_DIR: '/srv/uploads' }).UPLOAD_DIR).toBe('/srv/uploads');
    expect(() => loadConfig({ IMPORT_BATCH_ROWS: '0' })).toThrow(/IMPORT_BATCH_ROWS/);
  });

  it('treats an empty variable as not set', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).DATABASE_URL).toBeUndefined();
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ PORT: '99999' })).toThrow(ConfigError);
  });

  it('requires the first admin e-mail and password together', () => {
    expect(() => loadConfig({ TANDEM_ADMIN_EMAIL: 'a@b.co' })).toThrow(/TANDEM_ADMIN_PASSWORD/);
  });
});
