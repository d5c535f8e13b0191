// CIS 1.19 (v7.0.0: 2.17) / Security Hub IAM.26: no expired SSL/TLS server certificate is kept in IAM. An expired
// certificate still deployed on a load balancer or CloudFront distribution breaks TLS or hides a forgotten endpoint.
import type { Check } from '../types.js';
import { requireServerCertificates } from '../util/account-reads.js';
import { populationOf } from '../util/populations.js';
import { draft, sh } from '../util/shell.js';
import { daysBetween } from '../util/time.js';

export const serverCertificateExpired: Check = {
  id: 'iam.server-certificate.expired',
  title: 'No expired SSL/TLS server certificate is stored in IAM',
  severity: 'medium',
  needs: ['serverCertificates'],
  population: populationOf('IAM server certificates', (snap) => requireServerCertificates(snap).map((c) => c.arn)),
  remediation: 'Delete expired server certificates (aws iam delete-server-certificate) after checking that nothing still uses them.',
  run: (snap, ctx) =>
    requireServerCertificates(snap).map((c) => {
      const evidence = { name: c.name, id: c.id, path: c.path, uploadDate: c.uploadDate ?? null, expiration: c.expiration ?? null };
      if (!c.expiration) {
        return { resourceArn: c.arn, status: 'NOT_ASSESSED', message: `IAM gave no expiration date for the server certificate ${c.name}.`, evidence };
      }
      const days = daysBetween(c.expiration, ctx.now);
      if (Date.parse(c.expiration) > Date.parse(ctx.now)) {
        return { resourceArn: c.arn, status: 'PASS', message: `The server certificate ${c.name} is valid until ${c.expiration}.`, evidence };
      }
      return {
        resourceArn: c.arn,
        status: 'FAIL',
        message: `The server certificate ${c.name} expired on ${c.expiration}${days > 0 ? ` (${days} day${days === 1 ? '' : 's'} ago)` : ''} and is still stored in IAM.`,
        evidence: { ...evidence, daysExpired: days },
        remediation: draft(
          '# Check first that no load balancer or CloudFront distribution still uses it (it would stop serving TLS):',
          `aws elbv2 describe-listener-certificates --listener-arn <listener-arn>  # look for ${c.arn}`,
          `aws iam delete-server-certificate --server-certificate-name ${sh(c.name)}`,
        ),
      };
    }),
};
