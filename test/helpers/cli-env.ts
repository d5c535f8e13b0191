// For tests that run the CLI in-process against the local AWS endpoint: fake static credentials, no way to reach a
// real profile or instance metadata, and stdout/stderr captured (read `io.stdout` / `io.stderr`; reset per test).
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY } from '../fixtures/fake-credentials.js';

export interface CapturedIo {
  stdout: string;
  stderr: string;
}

export function useFakeAwsEnvironment(): CapturedIo {
  const io: CapturedIo = { stdout: '', stderr: '' };
  beforeAll(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', FAKE_ACCESS_KEY_ID);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', FAKE_SECRET_ACCESS_KEY);
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((io.stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((io.stderr += String(chunk)), true));
  });
  afterEach(() => {
    io.stdout = '';
    io.stderr = '';
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });
  return io;
}
