// The local AWS endpoint for the benchmark, in a process of its own so that building the generated account and
// answering ~20k entities' worth of XML does not count against the audit's CPU time and memory.
//
// Started by bench.ts with fork(); argv[2] is an EndpointConfig as JSON. Listens on 127.0.0.1 only, reports
// { type: 'ready', url } over IPC, then answers 'reset' / 'calls' / 'close' requests. It exits when told to close,
// when the driver goes away (IPC disconnect), or after a hard time limit, so it can never outlive the benchmark.
import { generateAccount, startAwsEndpoint } from '../test/aws-endpoint/index.js';
import type { CallCounts, EndpointConfig, EndpointReady, EndpointReply, EndpointRequest } from './protocol.js';

const HARD_LIMIT_MS = 30 * 60_000;

function send(message: EndpointReady | EndpointReply): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('endpoint-process must be started by bench.ts (fork with an IPC channel)');
  const config = JSON.parse(process.argv[2] ?? '') as EndpointConfig;
  setTimeout(() => {
    process.stderr.write(`endpoint-process: hard limit of ${HARD_LIMIT_MS / 60_000} min reached, exiting\n`);
    process.exit(2);
  }, HARD_LIMIT_MS).unref();
  process.on('disconnect', () => process.exit(0));

  const t0 = performance.now();
  const account = generateAccount({ users: config.users, roles: config.roles, policies: config.policies, seed: config.seed });
  const model = account.resolve(); // resolve now (it is cached) rather than on the first measured request
  const generateMs = performance.now() - t0;
  const endpoint = await startAwsEndpoint(account, { latencyMs: config.latencyMs });

  const counts = (): CallCounts => {
    const byAction: Record<string, number> = {};
    let errors = 0;
    for (const r of endpoint.log) {
      const key = `${r.service}:${r.action}`;
      byAction[key] = (byAction[key] ?? 0) + 1;
      if (r.error) errors++;
    }
    return { byAction, total: endpoint.log.length, errors, refused: endpoint.refused.length };
  };

  process.on('message', (raw) => {
    const m = raw as EndpointRequest;
    try {
      switch (m.type) {
        case 'reset':
          // Every measured audit starts from the same state: no calls counted, no credential report yet.
          endpoint.resetCalls();
          endpoint.credentialReport.reset('absent');
          send({ type: 'reply', id: m.id, ok: true });
          break;
        case 'calls':
          send({ type: 'reply', id: m.id, ok: true, calls: counts() });
          break;
        case 'close':
          endpoint.close().then(
            () => {
              send({ type: 'reply', id: m.id, ok: true });
              process.disconnect();
            },
            (e: unknown) => send({ type: 'reply', id: m.id, ok: false, error: String(e) }),
          );
          break;
      }
    } catch (e) {
      send({ type: 'reply', id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });

  send({
    type: 'ready',
    url: endpoint.url,
    now: account.now,
    generateMs,
    entities: {
      users: model.users.length,
      groups: model.groups.length,
      roles: model.roles.length,
      customerPolicies: model.policies.filter((p) => !p.awsManaged).length,
    },
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`endpoint-process: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
