import { describe, expect, it } from 'vitest';
import { normalizePolicyDocument, PolicyParseError } from '../../src/policy/normalize.js';

describe('policy normalization', () => {
  it('decodes URL-encoded documents as IAM returns them', () => {
    const raw = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } }));
    expect(normalizePolicyDocument(raw)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::b/*'] }],
    });
  });

  it('keeps NotAction, NotResource and NotPrincipal distinct and turns Principal "*" into {AWS: ["*"]}', () => {
    const doc = normalizePolicyDocument({
      Statement: [
        { Effect: 'Allow', NotAction: 'iam:*', NotResource: ['arn:aws:s3:::x'], Principal: '*' },
        { Effect: 'Deny', Action: '*', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } },
      ],
    });
    expect(doc.Statement[0]).toEqual({ Effect: 'Allow', NotAction: ['iam:*'], NotResource: ['arn:aws:s3:::x'], Principal: { AWS: ['*'] } });
    expect(doc.Statement[1].NotPrincipal).toEqual({ AWS: ['arn:aws:iam::111122223333:root'] });
  });

  it('stringifies condition values', () => {
    const doc = normalizePolicyDocument({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': true }, NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } } }] });
    expect(doc.Statement[0].Condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': ['true'] }, NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600'] } });
  });

  it('names what is wrong', () => {
    expect(() => normalizePolicyDocument('{"Statement": [')).toThrow(PolicyParseError);
    expect(() => normalizePolicyDocument({ Version: '2012-10-17' })).toThrow(/no Statement/);
    expect(() => normalizePolicyDocument({ Statement: [{ Effect: 'allow' }] })).toThrow(/Statement\[0\]\.Effect/);
    expect(() => normalizePolicyDocument({ Statement: [{ Effect: 'Allow', Action: [{}] }] })).toThrow(/Statement\[0\]\.Action/);
  });
});
